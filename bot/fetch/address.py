"""Which addresses the fetcher may connect to, and a transport that connects only to those.

Checking a host name before the request is not enough: the name can resolve to another address
when the connection is made (DNS rebinding), and a redirect can point anywhere. The transport
below therefore resolves the name itself, checks the address, and connects to *that address*,
keeping the name in the Host header and in TLS (SNI and certificate checks, through httpcore's
``sni_hostname`` request extension). Every hop of a redirect goes through it again.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
"""``(host, port) -> addresses`` as strings; :func:`resolve` by default, a fake in tests."""


class AddressRefused(httpx.TransportError):
    """The host resolves to an address the fetcher must not reach (or does not resolve)."""


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order of preference."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused(f"{host} does not resolve ({exc})") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: IPAddress) -> bool:
    """True for a globally routable unicast address (not loopback, private, link-local, …).

    IPv6 forms that embed an IPv4 address (mapped, 6to4, Teredo) are judged by that address,
    so ``::ffff:127.0.0.1`` is as private as ``127.0.0.1``.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
    )


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Public addresses only, unless the operator allows private ones (tests, intranets)."""

    allow_private: bool = False

    def allows(self, address: IPAddress) -> bool:
        return self.allow_private or is_public(address)

    def pick(self, host: str, addresses: Sequence[str]) -> IPAddress:
        """The first allowed address of ``host``; refused if there is none."""
        parsed = [ipaddress.ip_address(a.split("%", 1)[0]) for a in addresses]
        for address in parsed:
            if self.allows(address):
                return address
        if not parsed:
            raise AddressRefused(f"{host} has no address")
        raise AddressRefused(
            f"{host} resolves to {parsed[0]}, a private or reserved address "
            "(set TRADEBOT_FETCH_ALLOW_PRIVATE=1 to allow)"
        )


class PinnedTransport(httpx.BaseTransport):
    """An HTTP transport that connects only to addresses the policy allows.

    The name is resolved once per request; the request is sent to the chosen address with the
    original Host header, and HTTPS verifies the certificate against the original name. Each
    host name has its own connection pool: pools are keyed by address, and a connection
    verified for one name must not carry requests for another name on the same address.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        resolver: Resolver = resolve,
        inner: httpx.BaseTransport | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """``inner``, when given, sends every request (tests: a mock server below the checks);
        ``tls`` replaces the default certificate checks (tests: a private authority)."""
        self.policy = policy
        self.resolver = resolver
        self._inner = inner
        self._verify: ssl.SSLContext | bool = tls if tls is not None else True
        self._pools: dict[tuple[str, str, int], httpx.BaseTransport] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        host = url.raw_host.decode("ascii")  # IDNA-encoded, as DNS and TLS want it
        port = url.port or (443 if url.scheme == "https" else 80)
        address = self.policy.pick(host, self.resolver(host, port))
        request.url = url.copy_with(host=str(address))
        if url.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": host}
        return self._pool(url.scheme, host, port).handle_request(request)

    def _pool(self, scheme: str, host: str, port: int) -> httpx.BaseTransport:
        if self._inner is not None:
            return self._inner
        key = (scheme, host, port)
        if key not in self._pools:
            self._pools[key] = httpx.HTTPTransport(verify=self._verify, retries=0)
        return self._pools[key]

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        if self._inner is not None:
            self._inner.close()
