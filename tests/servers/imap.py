"""Dovecot IMAP: a handle on the throwaway server started by scripts/servers/dovecot.sh."""
from __future__ import annotations

import email
import email.policy
import re
import ssl as _ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Iterable

from imapclient import IMAPClient

from .common import parse_key_values, run_script


@dataclass(frozen=True)
class FetchedMessage:
    uid: int
    flags: frozenset[str]
    raw: bytes
    message: EmailMessage = field(repr=False, compare=False)

    @property
    def subject(self) -> str | None:
        return self.message["Subject"]


def _flag_str(flag: bytes | str) -> str:
    return flag.decode() if isinstance(flag, bytes) else flag


@dataclass
class DovecotServer:
    host: str
    port: int
    users: dict[str, str]
    imaps_port: int | None = None
    ca_cert: str | None = None
    directory: str | None = None
    log_path: str | None = None
    timeout: float = 10.0

    # -- connections -------------------------------------------------------------------
    def ssl_context(self) -> _ssl.SSLContext:
        """A client context that trusts the server's self-signed certificate."""
        return _ssl.create_default_context(cafile=self.ca_cert)

    def connect(self, user: str, password: str | None = None, *, use_ssl: bool = False) -> IMAPClient:
        """A logged-in IMAPClient for ``user`` (plain port, or IMAPS with use_ssl=True).

        The caller owns it: use ``with server.connect(...) as c:`` or call ``logout()``.
        """
        if use_ssl:
            if not self.imaps_port:
                raise RuntimeError("this Dovecot instance has no IMAPS listener")
            client = IMAPClient(self.host, port=self.imaps_port, ssl=True,
                                ssl_context=self.ssl_context(), timeout=self.timeout)
        else:
            client = IMAPClient(self.host, port=self.port, ssl=False, timeout=self.timeout)
        client.login(user, self.users[user] if password is None else password)
        return client

    def add_user(self, user: str, password: str) -> None:
        """Create (or change the password of) a mail user; takes effect immediately."""
        run_script("dovecot.sh", "adduser", user, password)
        self.users[user] = password

    # -- mailbox helpers (each opens its own short connection) -------------------------
    def append(self, user: str, raw: bytes, folder: str = "INBOX",
               flags: Iterable[str] = (), msg_time=None) -> int | None:
        """APPEND ``raw`` to ``folder`` (created if missing); returns the new UID."""
        with self.connect(user) as c:
            if folder.upper() != "INBOX" and not c.folder_exists(folder):
                c.create_folder(folder)
            resp = c.append(folder, raw, flags=tuple(flags), msg_time=msg_time)
            m = re.search(rb"APPENDUID \d+ (\d+)", resp if isinstance(resp, bytes) else b"")
            return int(m.group(1)) if m else None

    def fetch_all(self, user: str, folder: str = "INBOX") -> list[FetchedMessage]:
        """All messages of ``folder`` in UID order, without setting \\Seen."""
        with self.connect(user) as c:
            c.select_folder(folder, readonly=True)
            uids = c.search("ALL")
            out: list[FetchedMessage] = []
            if uids:
                data = c.fetch(uids, ["FLAGS", "BODY.PEEK[]"])
                for uid in sorted(data):
                    raw = data[uid][b"BODY[]"]
                    msg = email.message_from_bytes(raw, policy=email.policy.default)
                    out.append(FetchedMessage(uid, frozenset(_flag_str(f) for f in data[uid][b"FLAGS"]),
                                              raw, msg))
            return out

    def flags_of(self, user: str, uid: int, folder: str = "INBOX") -> frozenset[str]:
        """Flags of one message, e.g. ``frozenset({"\\\\Seen", "loanbot-done"})``."""
        with self.connect(user) as c:
            c.select_folder(folder, readonly=True)
            data = c.get_flags([uid])
        if uid not in data:
            raise KeyError(f"no message with UID {uid} in {user}/{folder}")
        return frozenset(_flag_str(f) for f in data[uid])

    def folders(self, user: str) -> list[str]:
        with self.connect(user) as c:
            names = [name for _flags, _delim, name in c.list_folders()]
            return names

    def create_folder(self, user: str, folder: str) -> None:
        with self.connect(user) as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)

    def reset(self, user: str) -> None:
        """Empty INBOX and delete every other folder of ``user``."""
        with self.connect(user) as c:
            folders = [(name, {_flag_str(f).lower() for f in flags})
                       for flags, _delim, name in c.list_folders()]
            # deepest first so children go before parents
            for name, flags in sorted(folders, key=lambda f: f[0].count("/"), reverse=True):
                if name.upper() == "INBOX":
                    continue
                try:
                    c.unsubscribe_folder(name)
                except Exception:  # noqa: BLE001 - not subscribed
                    pass
                if "\\noselect" in flags or "\\nonexistent" in flags:
                    continue  # implicit parent of a deleted child: vanishes on its own
                try:
                    c.delete_folder(name)
                except Exception as exc:  # noqa: BLE001
                    if b"NONEXISTENT" not in str(exc).encode() and "NONEXISTENT" not in str(exc):
                        raise
            c.select_folder("INBOX")
            uids = c.search("ALL")
            if uids:
                c.delete_messages(uids)
                c.expunge()
            c.close_folder()

    def account(self, user: str) -> "ImapAccount":
        return ImapAccount(self, user)


@dataclass
class ImapAccount:
    """One user's mailbox on a DovecotServer, with the helpers bound to that user."""
    server: DovecotServer
    user: str

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def imaps_port(self) -> int | None:
        return self.server.imaps_port

    @property
    def ca_cert(self) -> str | None:
        return self.server.ca_cert

    @property
    def password(self) -> str:
        return self.server.users[self.user]

    def connect(self, *, use_ssl: bool = False) -> IMAPClient:
        return self.server.connect(self.user, use_ssl=use_ssl)

    def append(self, raw: bytes, folder: str = "INBOX", flags: Iterable[str] = (), msg_time=None) -> int | None:
        return self.server.append(self.user, raw, folder, flags, msg_time)

    def fetch_all(self, folder: str = "INBOX") -> list[FetchedMessage]:
        return self.server.fetch_all(self.user, folder)

    def flags_of(self, uid: int, folder: str = "INBOX") -> frozenset[str]:
        return self.server.flags_of(self.user, uid, folder)

    def folders(self) -> list[str]:
        return self.server.folders(self.user)

    def create_folder(self, folder: str) -> None:
        self.server.create_folder(self.user, folder)

    def reset(self) -> None:
        self.server.reset(self.user)


def start_dovecot() -> DovecotServer:
    """Run ``scripts/servers/dovecot.sh start`` and return a handle built from its info."""
    info = parse_key_values(run_script("dovecot.sh", "start"))
    users = {}
    for spec in filter(None, info.get("IMAP_USERS", "").split(",")):
        name, _, password = spec.partition(":")
        users[name] = password
    return DovecotServer(
        host=info["IMAP_HOST"],
        port=int(info["IMAP_PORT"]),
        users=users,
        imaps_port=int(info["IMAPS_PORT"]) if info.get("IMAPS_PORT") else None,
        ca_cert=info.get("IMAP_CA_CERT") or None,
        directory=info.get("IMAP_DIR"),
        log_path=info.get("IMAP_LOG"),
    )
