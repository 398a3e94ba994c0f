"""Pages that belong to the whole service rather than to one part of it."""

import json
import logging
import sys
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from collection import editions
from mail.outbox import oldest_queued_age
from portal import dates
from portal.busy import service_busy

from . import home as home_page
from . import your_data
from .context_processors import service

logger = logging.getLogger(__name__)


@require_safe
def landing(request):
    """The front door for readers, applicants and the programme team alike: the current
    edition of the collection, once there is one, and how to take part."""
    edition = editions.current()
    return render(
        request,
        "pages/landing.html",
        {"edition": edition, "count": edition.case_studies.count() if edition else 0},
    )


@require_safe
@login_required
def home(request):
    """What to do next, for each role the person holds (each app adds its part)."""
    user = request.user
    return render(
        request,
        "pages/home.html",
        {
            "roles_held": user.role_names,
            "memberships": user.memberships.select_related("organisation"),
            "panels": [
                render_to_string(template, context, request=request)
                for template, context in home_page.panels(user)
            ],
        },
    )


@require_safe
@login_required
def personal_data(request):
    """Everything we hold about the signed-in person, as a JSON file."""
    body = json.dumps(your_data.collect(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data-dpulo-case-studies.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request):
    period = dates.days_in_words(settings.RETENTION_DAYS)
    return render(request, "pages/privacy.html", {"retention_period": period})


@require_safe
def cookies(request):
    return render(request, "pages/cookies.html")


@require_safe
def contact(request):
    return render(request, "pages/contact.html")


STORAGE_CHECK_KEY = "healthz:storage"
STORAGE_CHECK_SECONDS = 60  # a working storage is probed at most once a minute
STORAGE_RECHECK_SECONDS = 10  # a failing one sooner, so recovery shows quickly


def storage_status():
    """Write, read back and delete a tiny file: the storage is there and writable. The result
    is kept in the cache, so anonymous requests to /healthz cannot make the portal write a file
    each time."""
    status = cache.get(STORAGE_CHECK_KEY)
    if status is not None:
        return status
    try:
        name = default_storage.save(f"healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
        with default_storage.open(name) as probe:
            probe.read()
        default_storage.delete(name)
        status = "ok"
    except OSError:
        logger.exception("Health check could not reach the file storage")
        status = "unreachable"
    seconds = STORAGE_CHECK_SECONDS if status == "ok" else STORAGE_RECHECK_SECONDS
    cache.set(STORAGE_CHECK_KEY, status, seconds)
    return status


@never_cache
@require_safe
def healthz(request):
    """Tell a load balancer whether this process can reach its database (every time) and its
    file storage (checked at most once a minute)."""
    checks = {"database": "ok", "storage": storage_status()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check could not reach the database")
        checks["database"] = "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    if checks["database"] == "ok":
        # Reported, not judged: a mail server that is down is no reason to stop serving pages.
        body["oldest_queued_email_seconds"] = oldest_queued_age()
    return JsonResponse(body, status=200 if healthy else 503)


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def csrf_failure(request, reason=""):
    """A form sent after its page expired: explain, and keep the user's trust."""
    return render(request, "errors/403_csrf.html", status=403)


@requires_csrf_token
def server_error(request):
    """Render without the request context: the database may be the thing that failed. When
    it is unreachable (restarting, or failed over), the page says to try again in a minute,
    with status 503: nothing was half-saved, as every change is made in one transaction."""
    context = {
        **service(request),
        "minimal_chrome": True,
    }
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return service_busy(request, context=context)
    return HttpResponse(loader.get_template("errors/500.html").render(context), status=500)
