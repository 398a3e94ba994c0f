"""The outbox for the programme manager; "Emails sent to you" and email settings for everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from portal.forms import posted

from . import outbox, queries
from .forms import PreferenceForm
from .models import Message, Preference
from .rules import mine

managers_only = permission_required("mail.view_outbox", raise_exception=True)
PAGE_SIZE = 50


@require_safe
@login_required
@managers_only
def outbox_list(request):
    found, filters = queries.outbox_for(request.GET)
    page = Paginator(found.defer("body", "html_body"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mail/outbox.html",
        {
            "page": page,
            "filters": filters,
            "kinds": Message.Kind.choices,
            "statuses": Message.Status.choices,
            "oldest_queued": outbox.oldest_queued_age(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@managers_only
def outbox_message(request, pk):
    message = get_object_or_404(Message.objects.select_related("to_user"), pk=pk)
    if request.method == "POST":
        if outbox.retry(message):
            messages.success(request, f"The email to {message.to_email} will be sent again now")
        else:
            messages.error(request, "Only a failed email can be sent again")
        return redirect("mail:outbox-message", pk=pk)
    return render(
        request,
        "mail/message.html",
        {"message": message, "attachments": message.attachments.defer("content"), "manage": True},
    )


@require_safe
@login_required
def my_emails(request):
    page = Paginator(mine(request.user).defer("body", "html_body"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "mail/mine.html", {"page": page})


@require_safe
@login_required
def my_email(request, pk):
    message = get_object_or_404(mine(request.user), pk=pk)
    return render(
        request,
        "mail/message.html",
        {"message": message, "attachments": message.attachments.defer("content"), "manage": False},
    )


@require_safe
@login_required
def my_attachment(request, pk, attachment):
    message = get_object_or_404(mine(request.user), pk=pk)
    item = get_object_or_404(message.attachments, pk=attachment)
    response = HttpResponse(item.read(), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request):
    chosen = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(posted(request), instance=chosen)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email settings have been saved")
        return redirect("mail:settings")
    return render(request, "mail/settings.html", {"form": form})
