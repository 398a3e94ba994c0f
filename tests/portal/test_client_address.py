"""The client's address, from the connection or the trusted proxies' X-Forwarded-For."""

import pytest
from django.test import RequestFactory

from portal.client_address import client_ip


def request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "198.51.100.9", "10.0.0.2"),  # no proxy: the header is the client's own words
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # what the client prepended is ignored
        (2, "6.6.6.6, 198.51.100.9, 172.16.0.1", "198.51.100.9"),
        (1, "", "10.0.0.2"),  # not through the proxy after all
        (2, "198.51.100.9", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "198.51.100.9<script>", "10.0.0.2"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_trusted_proxies_wrote(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    assert client_ip(request(forwarded=forwarded)) == expected


def test_a_malformed_connection_address_is_no_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(remote="junk")) is None
    assert client_ip(None) is None


def test_throttling_counts_an_ipv6_client_by_its_64(settings):
    from portal.client_address import for_throttling

    settings.TRUSTED_PROXY_COUNT = 0
    one = for_throttling(request(remote="2001:db8:1:2:aaaa::1"))
    other = for_throttling(request(remote="2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::"
    assert for_throttling(request(remote="2001:db8:1:3::1")) != one
    assert for_throttling(request(remote="198.51.100.9")) == "198.51.100.9"
