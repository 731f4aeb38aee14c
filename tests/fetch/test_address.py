"""Which addresses may be fetched, and the transport connecting to the address it checked."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from bot.fetch.address import AddressPolicy, AddressRefused, PinnedTransport, is_public

PUBLIC = "93.184.216.34"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata (link-local)
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "2002:7f00:1::",  # 6to4 around 127.0.0.1
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(AddressRefused, match="private or reserved"):
        AddressPolicy().pick("host.test", [address])


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))
    assert str(AddressPolicy().pick("host.test", [address])) == address


def test_the_first_allowed_address_is_chosen_and_the_operator_may_allow_private() -> None:
    assert str(AddressPolicy().pick("mixed.test", ["10.0.0.1", PUBLIC])) == PUBLIC
    assert str(AddressPolicy(allow_private=True).pick("lan.test", ["10.0.0.1"])) == "10.0.0.1"
    with pytest.raises(AddressRefused, match="no address"):
        AddressPolicy().pick("empty.test", [])


def test_the_request_goes_to_the_checked_address_with_the_name_kept() -> None:
    sent: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, text="ok")

    transport = PinnedTransport(
        AddressPolicy(), lambda host, port: [PUBLIC], httpx.MockTransport(server)
    )
    with httpx.Client(transport=transport) as client:
        client.get("https://news.test/story?id=1")
    (request,) = sent
    assert request.url.host == PUBLIC and request.url.path == "/story"
    assert request.headers["host"] == "news.test"
    assert request.extensions["sni_hostname"] == "news.test"  # TLS checks the name, not the IP


def test_a_name_that_resolves_elsewhere_later_is_refused_without_connecting() -> None:
    answers = iter([[PUBLIC], ["127.0.0.1"]])  # DNS rebinding between two requests
    sent: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url.host))
        return httpx.Response(200, text="ok")

    transport = PinnedTransport(
        AddressPolicy(), lambda host, port: next(answers), httpx.MockTransport(server)
    )
    with httpx.Client(transport=transport) as client:
        assert client.get("http://rebind.test/").status_code == 200
        with pytest.raises(AddressRefused, match=r"rebind\.test resolves to 127\.0\.0\.1"):
            client.get("http://rebind.test/")
    assert sent == [PUBLIC]
