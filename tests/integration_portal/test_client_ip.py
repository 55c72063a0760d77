import pytest
from django.test import RequestFactory

from integration_portal.net import client_ip


def request_from(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


def test_a_client_cannot_forge_its_address_through_the_header(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent "X-Forwarded-For: 192.0.2.99"; our proxy appended what it saw.
    assert client_ip(request_from("10.0.0.2", "192.0.2.99, 198.51.100.1")) == "198.51.100.1"


def test_behind_two_proxies_the_first_proxys_entry_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "192.0.2.99, 198.51.100.1, 10.0.0.2")
    assert client_ip(request) == "198.51.100.1"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", " , "])
def test_an_unusable_header_never_becomes_the_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded)) in {None, "10.0.0.2"}


def test_a_request_that_bypassed_the_proxies_counts_by_its_own_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("203.0.113.7", "192.0.2.99")) == "203.0.113.7"


def test_ipv6_addresses_are_normalised(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("::1", "[2001:DB8::1]")) == "2001:db8::1"
