"""The address a request really came from, for sign-in throttling, rate limits and the audit
log alike.

Behind proxies every request arrives from the nearest proxy, and the client's address is in
``X-Forwarded-For``. Only the entries the trusted proxies appended can be believed: the client
writes whatever it likes at the left of the header. With ``TRUSTED_PROXY_COUNT`` proxies in
front of the portal (each appending the address it saw), the client is the entry that many
places from the right. With none (the default), ``REMOTE_ADDR`` is the client. Anything that is
not a valid IP address is never returned.
"""

import ipaddress

from django.conf import settings


def valid(address):
    """The address in its canonical form, or None if it is not an IP address."""
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def client_ip(request):
    if request is None:
        return None
    meta = getattr(request, "META", {}) or {}
    remote = valid(meta.get("REMOTE_ADDR"))
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    entries = [item.strip() for item in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [item for item in entries if item]
    if len(entries) < hops:
        return remote  # the request did not come through every trusted proxy
    return valid(entries[-hops]) or remote


def for_rate_limits(request):
    """The client's address for django-ratelimit (``RATELIMIT_IP_META_KEY``), which needs one."""
    return client_ip(request) or "0.0.0.0"  # noqa: S104 - a bucket name, not a bind address


def for_throttling(request):
    """The client's address as sign-in throttling counts it (``AXES_CLIENT_IP_CALLABLE``): an
    IPv6 address stands for its whole /64, since one household or server is usually given a
    /64 and can pick any address in it."""
    address = client_ip(request)
    if address and ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address
