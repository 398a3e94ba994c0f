"""The public pages, served from the cache to readers who are not signed in.

A commissioner's page is the same for every anonymous reader (no inline script, no per-reader
token), so it is rendered once and kept for ``PUBLIC_PAGE_CACHE_SECONDS``. Keys carry a
*generation*: a digest of what the public pages depend on (which editions are published, when,
and when their PDFs were rendered). Publishing or rendering an edition forgets the generation
in this process at once; other processes re-read it within ``GENERATION_SECONDS`` (at once
when the cache is shared, with ``REDIS_URL``). Pages are already sent with
``Cache-Control: public, max-age=300``, so nothing here is staler than what a browser or a
proxy may keep anyway.

Signed-in readers, readers with a message waiting, anything but a 200, and a page that set a
cookie or used a CSRF token (none of the public pages do) are never cached, and a signed-in
reader's page (which carries their name and a CSRF token) is sent ``Cache-Control: private`` so
no shared cache keeps it. The cache key holds only the query parameters the page reads, in a
fixed order, so ``?x=1``, ``?x=2``, … all share one entry instead of filling the cache.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.cache import patch_cache_control

from .models import Edition

GENERATION_KEY = "collection:generation"
GENERATION_SECONDS = 10


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        state = Edition.objects.filter(status=Edition.Status.PUBLISHED).aggregate(
            editions=Count("pk"), published=Max("published_at"), rendered=Max("pdf_rendered_at")
        )
        value = hashlib.sha256(repr(sorted(state.items())).encode()).hexdigest()[:16]
        cache.set(GENERATION_KEY, value, GENERATION_SECONDS)
    return value


def collection_changed():
    """Call when what the public pages show has changed (an edition published or rendered)."""
    cache.delete(GENERATION_KEY)


BROWSER_SECONDS = 300


def _key(request, params):
    read = [(name, request.GET.getlist(name)) for name in sorted(params) if name in request.GET]
    where = f"{request.scheme}://{request.get_host()}{request.path}?{read!r}"
    return f"collection:page:{generation()}:{hashlib.sha256(where.encode()).hexdigest()}"


def _headers(request, response):
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    return response


def public_page(params=()):
    """A page the same for every anonymous reader: cached here and by browsers and proxies.
    ``params`` names the query parameters the page reads; every other one is ignored."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            if (
                not seconds
                or request.method not in ("GET", "HEAD")
                or "messages" in request.COOKIES
                or request.user.is_authenticated
            ):
                return _headers(request, view(request, *args, **kwargs))
            key = _key(request, params)
            response = cache.get(key)
            if response is not None:
                return response
            response = _headers(request, view(request, *args, **kwargs))
            personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            if response.status_code == 200 and not response.streaming and not personal:
                cache.set(key, response, seconds)
            return response

        return wrapper

    return decorate
