"""A real SMTP server (aiosmtpd) on loopback that records what it accepts.

Runs in aiosmtpd's own thread/event loop, so it works from sync and async tests alike.
"""
from __future__ import annotations

import email
import email.policy
import ssl as _ssl
import threading
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from .common import free_port, make_self_signed_cert

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage = field(repr=False, compare=False)
    auth_user: str | None = None
    tls: bool = False


@dataclass
class _Failure:
    code: int
    text: str
    stage: str  # "mail" | "rcpt" | "data"


class _Handler:
    def __init__(self, server: "SmtpServer") -> None:
        self.server = server

    def _failure(self, stage: str) -> str | None:
        with self.server._lock:
            q = self.server._failures
            if q and q[0].stage == stage:
                f = q.popleft()
                return f"{f.code} {f.text}"
        return None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        fail = self._failure("mail")
        if fail:
            return fail
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        fail = self._failure("rcpt")
        if fail:
            return fail
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        fail = self._failure("data")
        if fail:
            with self.server._lock:
                self.server.rejected += 1
            return fail
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        login = session.auth_data if session.authenticated else None
        auth_user = None
        if isinstance(login, LoginPassword):
            auth_user = login.login.decode("utf-8", "replace")
        rec = ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), raw, msg,
                              auth_user, session.ssl is not None)
        with self.server._cond:
            self.server.messages.append(rec)
            self.server._cond.notify_all()
        return "250 2.0.0 Message accepted for delivery"


class _Controller(Controller):
    def factory(self):
        # Plain AUTH without TLS is exactly what the plain variant is for.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
            return super().factory()


class SmtpServer:
    """aiosmtpd on 127.0.0.1 with AUTH PLAIN/LOGIN, optionally STARTTLS.

    Attributes: ``host``, ``port``, ``users`` (dict login -> password, mutable),
    ``messages`` (list[ReceivedMessage], every accepted message), ``starttls`` (bool),
    ``ca_file`` (cert to trust when starttls), ``auth_required``.
    """

    def __init__(self, *, starttls: bool = False, users: dict[str, str] | None = None,
                 auth_required: bool = True, port: int | None = None) -> None:
        self.host = HOST
        self.port = port or free_port(HOST)
        self.starttls = starttls
        self.users = dict(users) if users is not None else {"library": "library-secret"}
        self.auth_required = auth_required
        self.messages: list[ReceivedMessage] = []
        self.rejected = 0
        self.auth_failures = 0
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._failures: deque[_Failure] = deque()
        self._controller: Controller | None = None
        self.ca_file: str | None = None
        self._tls_context: _ssl.SSLContext | None = None
        if starttls:
            cert, key = make_self_signed_cert()
            ctx = _ssl.create_default_context(_ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(cert, key)
            self._tls_context = ctx
            self.ca_file = cert

    # -- auth ------------------------------------------------------------------------------
    def _authenticator(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode("utf-8", "replace")
            password = auth_data.password.decode("utf-8", "replace")
            if self.users.get(login) == password:
                return AuthResult(success=True, auth_data=auth_data)
        with self._lock:
            self.auth_failures += 1
        return AuthResult(success=False, handled=False)

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> "SmtpServer":
        """Start listening (again) on the same port. No-op if running."""
        if self._controller is not None:
            return self
        kwargs = dict(
            hostname=self.host,
            port=self.port,
            authenticator=self._authenticator,
            auth_required=self.auth_required,
            auth_require_tls=self.starttls,
            ready_timeout=10,
        )
        if self.starttls:
            kwargs.update(tls_context=self._tls_context, require_starttls=True)
        controller = _Controller(_Handler(self), **kwargs)
        deadline = time.monotonic() + 5
        while True:
            try:
                controller.start()
                break
            except Exception:  # port still in TIME_WAIT/being released after stop()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._controller = controller
        return self

    def stop(self) -> None:
        """Close the port ("server down"): clients get connection refused until start()."""
        if self._controller is not None:
            controller, self._controller = self._controller, None
            controller.stop()

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- failure injection -----------------------------------------------------------------
    def fail_next(self, count: int = 1, code: int = 451, text: str | None = None,
                  stage: str = "data") -> None:
        """Answer the next ``count`` transactions with ``code`` at ``stage``
        ("mail", "rcpt" or "data"); 4xx is temporary, 5xx permanent."""
        if stage not in {"mail", "rcpt", "data"}:
            raise ValueError("stage must be 'mail', 'rcpt' or 'data'")
        if text is None:
            text = ("4.3.0 Temporary failure, try again later" if 400 <= code < 500
                    else "5.7.1 Message rejected")
        with self._lock:
            for _ in range(count):
                self._failures.append(_Failure(code, text, stage))

    def temp_fail_next(self, count: int = 1) -> None:
        self.fail_next(count, 451)

    def perm_fail_next(self, count: int = 1) -> None:
        self.fail_next(count, 550)

    def clear_failures(self) -> None:
        with self._lock:
            self._failures.clear()

    # -- inspection ------------------------------------------------------------------------
    def wait_for_messages(self, n: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        """Block until at least ``n`` messages were accepted; returns them all."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.messages) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"expected {n} SMTP messages, got {len(self.messages)}")
                self._cond.wait(left)
            return list(self.messages)

    async def wait_for_messages_async(self, n: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        import asyncio
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if len(self.messages) >= n:
                    return list(self.messages)
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {n} SMTP messages, got {len(self.messages)}")
            await asyncio.sleep(0.02)

    def client_ssl_context(self) -> _ssl.SSLContext:
        """Client context trusting this server's certificate (for STARTTLS)."""
        return _ssl.create_default_context(cafile=self.ca_file)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self._failures.clear()
            self.rejected = self.auth_failures = 0
