"""The coordinator's template editor: sections, preview, publishing and version history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import errors, ordering
from portal.forms import posted

from .. import forms, services
from ..models import Template

coordinators_only = permission_required("casestudies.edit_templates", raise_exception=True)


@require_safe
@login_required
@coordinators_only
def template_list(request):
    """Every template with the number of its latest published version, read in one query."""
    templates = Template.objects.annotate(
        published_number=Max("versions__number", filter=Q(versions__status="published"))
    )
    return render(request, "casestudies/template_list.html", {"templates": templates})


@require_safe
@login_required
@coordinators_only
def template_edit(request, slug):
    """The draft version's sections, with buttons that work without JavaScript."""
    template = get_object_or_404(Template, slug=slug)
    draft = services.draft_for(template)
    sections = list(draft.sections.all())
    ordering.mark_focus(request.GET.get("moved", ""), sections)
    published = template.latest_published()
    return render(
        request,
        "casestudies/template_edit.html",
        {
            "template": template,
            "draft": draft,
            "sections": sections,
            "published": published,
            "changes": services.changes_between(published, draft) if sections else [],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@coordinators_only
def section_edit(request, slug, position=None):
    template = get_object_or_404(Template, slug=slug)
    draft = services.draft_for(template)
    section = get_object_or_404(draft.sections, position=position) if position else None
    form = forms.SectionForm(posted(request), instance=section)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            if section:
                services.update_section(section, form.section_fields(), opened_as=form.opened())
            else:
                section = services.add_section(draft, form.section_fields())
            messages.success(request, f"“{section.heading}” has been saved")
            return redirect(reverse("casestudies:template", args=[slug]) + f"#section-{section.pk}")
    return render(
        request,
        "casestudies/section_form.html",
        {"template": template, "form": form, "section": section},
    )


@require_POST
@login_required
@coordinators_only
def section_action(request, slug, position):
    """Move a section up or down (focus stays on it after the page reloads), or remove it."""
    template = get_object_or_404(Template, slug=slug)
    draft = services.draft_for(template)
    section = get_object_or_404(draft.sections, position=position)
    action = request.POST.get("action")
    url = reverse("casestudies:template", args=[slug])
    with errors.as_message(request):
        if action in {"up", "down"}:
            services.move_section(section, action)
            # No #fragment: browsers skip autofocus when the address points into the page.
            return redirect(f"{url}?moved={section.pk}-{action}")
        if action == "remove":
            if request.POST.get("confirm") != "yes":
                # Removing takes the section's heading, guidance and limits with it: ask first.
                return render(
                    request,
                    "casestudies/section_remove.html",
                    {"template": template, "draft": draft, "section": section},
                )
            services.remove_section(section)
            messages.success(request, f"“{section.heading}” has been removed")
    return redirect(url)


@require_POST
@login_required
@coordinators_only
def template_easy_read(request, slug):
    """Ask (or stop asking) for an Easy Read version in the draft."""
    template = get_object_or_404(Template, slug=slug)
    draft = services.draft_for(template)
    asks = request.POST.get("asks_for_easy_read") == "yes"
    with errors.as_message(request):
        services.ask_for_easy_read(draft, asks)
        messages.success(
            request,
            f"Version {draft.number} "
            + (
                "asks for an Easy Read version" if asks else "does not ask for an Easy Read version"
            ),
        )
    return redirect(reverse("casestudies:template", args=[slug]) + "#easy-read")


@require_safe
@login_required
@coordinators_only
def template_preview(request, slug):
    """The draft exactly as an author will see it."""
    template = get_object_or_404(Template, slug=slug)
    draft = services.draft_for(template)
    return render(
        request,
        "casestudies/template_preview.html",
        {"template": template, "version": draft, "sections": draft.sections.all()},
    )


@require_POST
@login_required
@coordinators_only
def template_publish(request, slug):
    template = get_object_or_404(Template, slug=slug)
    draft = services.draft_for(template)
    with errors.as_message(request):
        services.publish(draft, by=request.user)
        messages.success(
            request,
            f"Version {draft.number} is published. New case studies will use it; existing ones "
            "stay on the version they started with.",
        )
        return redirect("casestudies:versions", slug=slug)
    return redirect("casestudies:template", slug=slug)


@require_safe
@login_required
@coordinators_only
def template_versions(request, slug):
    template = get_object_or_404(Template, slug=slug)
    published = list(
        template.versions.filter(status="published").order_by("number").prefetch_related("sections")
    )
    history = []
    previous = None
    for version in published:
        history.append((version, services.changes_between(previous, version)))
        previous = version
    history.reverse()
    return render(
        request, "casestudies/template_versions.html", {"template": template, "history": history}
    )
