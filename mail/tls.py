"""TLS for the mail servers: verified certificates, except on loopback, where a local server (a test server, a
relay on the same machine) usually has a self-signed certificate and there is no network to protect."""
from __future__ import annotations

import ipaddress
import ssl

LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def verifies(host: str | None, tls_verify: bool) -> bool:
    return tls_verify and not is_loopback(host)


def client_context(host: str | None, tls_verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not verifies(host, tls_verify):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
