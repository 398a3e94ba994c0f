"""The "service is busy" page (status 503, ``Retry-After``): what a person sees while something
the portal needs for a moment cannot be reached (the database restarting, the file storage not
answering), instead of a stack trace or a broken download."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)


def service_busy(request, *, context=None, reason=""):
    """The busy page. ``context`` replaces the request context when the database itself is
    what cannot be reached (nothing may query it while rendering)."""
    if reason:
        logger.warning("Service busy: %s", reason)
    template = loader.get_template("errors/503.html")
    body = template.render(context, None) if context is not None else template.render({}, request)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    return response
