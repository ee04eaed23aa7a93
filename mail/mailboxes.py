"""Where mail comes from: an IMAP folder, or a Maildir folder for the embedded (offline) default.

Both hand out (position, raw bytes) one message at a time and are told afterwards how it ended, so that a message
is flagged only after its effects are committed. Position = (source, mailbox, UIDVALIDITY, UID); a Maildir has no
UIDVALIDITY (0) and its unique file name is the UID.
"""
from __future__ import annotations

import asyncio
import logging
import mailbox
import os
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

from mail.tls import client_context, is_loopback

log = logging.getLogger("loanbot.mail")

MAX_MESSAGE = 10 * 1024 * 1024           # larger messages: only the header block is read
MAX_HEADER = 256 * 1024
TRUNCATED_HEADER = "X-Loanbot-Truncated"  # prepended to the stored header block of a message we did not read
DONE_KEYWORD = "$LoanbotDone"
SHUNTED_KEYWORD = "$LoanbotShunted"


@dataclass(frozen=True)
class Position:
    source: str
    mailbox: str
    uidvalidity: int
    uid: str


@dataclass(frozen=True)
class Fetched:
    position: Position
    raw: bytes
    size: int       # the whole message's size, even when only its headers were read


def truncated(raw_header: bytes, size: int) -> bytes:
    return f"{TRUNCATED_HEADER}: {size}\r\n".encode() + raw_header


class MaildirSource:
    """`new/` and `cur/` without flag S are waiting; a handled message moves to `cur/` with S (shunted: F and S,
    its bytes are in the database for a human to re-run)."""
    name = "maildir"

    def __init__(self, path: Path):
        self.path = Path(path)
        self._where: dict[str, Path] = {}

    async def open(self) -> None:
        # mailbox.Maildir creates new/ cur/ tmp/ only for a folder that does not exist yet; a folder someone made
        # with just new/ in it must work too.
        for sub in ("new", "cur", "tmp"):
            (self.path / sub).mkdir(parents=True, exist_ok=True)

    async def close(self) -> None:
        self._where.clear()

    def position(self, uid: str) -> Position:
        return Position("maildir", str(self.path)[-200:], 0, uid)

    async def pending(self) -> list[str]:
        return await asyncio.to_thread(self._scan)

    def _scan(self) -> list[str]:
        self._where.clear()
        found = []
        for sub in ("new", "cur"):
            with os.scandir(self.path / sub) as entries:
                for entry in entries:
                    if entry.name.startswith(".") or not entry.is_file():
                        continue
                    key, _, info = entry.name.partition(":")
                    if sub == "cur" and "S" in info.partition(",")[2]:
                        continue
                    self._where[key] = Path(entry.path)
                    found.append(key)
        return sorted(found)

    async def fetch(self, uid: str) -> Fetched | None:
        return await asyncio.to_thread(self._read, uid)

    def _read(self, uid: str) -> Fetched | None:
        path = self._where.get(uid)
        try:
            size = path.stat().st_size
            with open(path, "rb") as handle:
                if size <= MAX_MESSAGE:
                    return Fetched(self.position(uid), handle.read(), size)
                return Fetched(self.position(uid), truncated(_header_block(handle.read(MAX_HEADER)), size), size)
        except (OSError, AttributeError):
            return None      # gone (another process took it)

    async def mark(self, uid: str, status: str) -> None:
        await asyncio.to_thread(self._move, uid, "FS" if status == "shunted" else "S")

    def _move(self, uid: str, add: str) -> None:
        path = self._where.pop(uid, None)
        if path is None or not path.exists():
            return
        _, _, info = path.name.partition(":")
        flags = "".join(sorted(set(info.partition(",")[2]) | set(add)))
        os.rename(path, self.path / "cur" / f"{uid}:2,{flags}")

    async def wait(self, seconds: float, stop: asyncio.Event) -> None:
        try:
            await asyncio.wait_for(stop.wait(), seconds)
        except asyncio.TimeoutError:
            pass


def _header_block(head: bytes) -> bytes:
    for separator in (b"\r\n\r\n", b"\n\n"):
        end = head.find(separator)
        if end >= 0:
            return head[:end + len(separator)]
    return head + b"\r\n\r\n"


class ImapSource:
    """One IMAP connection, used from one thread of its own (imapclient is blocking and not thread-safe)."""
    name = "imap"

    def __init__(self, mail_config, idle_slice: float = 2.0):
        self.config = mail_config
        self.folder = mail_config.imap_folder
        self.client: IMAPClient | None = None
        self.uidvalidity = 0
        self.keywords = True
        self.idle_slice = idle_slice
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="loanbot-imap")

    async def _call(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    def position(self, uid: str) -> Position:
        return Position("imap", f"{self.config.imap_user or ''}@{self.config.imap_host}/{self.folder}"[-200:],
                        self.uidvalidity, str(uid))

    async def open(self) -> None:
        if self.client is None:
            await self._call(self._connect)

    def _tls(self) -> ssl.SSLContext:
        return client_context(self.config.imap_host, self.config.tls_verify)

    def _connect(self) -> None:
        c = self.config
        client = IMAPClient(c.imap_host, port=c.imap_port, ssl=c.imap_ssl, ssl_context=self._tls(), timeout=60)
        try:
            if not c.imap_ssl and b"STARTTLS" in client.capabilities() and not is_loopback(c.imap_host):
                client.starttls(self._tls())
            client.login(c.imap_user or "", c.imap_password or "")
            selected = client.select_folder(self.folder)
        except Exception:
            _quietly(client.logout)
            raise
        self.uidvalidity = int(selected.get(b"UIDVALIDITY", 0))
        permanent = selected.get(b"PERMANENTFLAGS", ())
        self.keywords = b"\\*" in permanent or DONE_KEYWORD.encode() in permanent
        self.client = client

    async def close(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            await self._call(_quietly, client.logout)

    async def pending(self) -> list[str]:
        def search():
            if self.keywords:
                criteria = ["NOT", "KEYWORD", DONE_KEYWORD, "NOT", "KEYWORD", SHUNTED_KEYWORD]
            else:
                criteria = ["UNSEEN"]
            return [str(uid) for uid in sorted(self.client.search(criteria))]
        return await self._call(search)

    async def fetch(self, uid: str) -> Fetched | None:
        def fetch_one():
            number = int(uid)
            sizes = self.client.fetch([number], ["RFC822.SIZE"])
            if number not in sizes:
                return None
            size = int(sizes[number].get(b"RFC822.SIZE", 0))
            if size > MAX_MESSAGE:
                data = self.client.fetch([number], ["BODY.PEEK[HEADER]"]).get(number, {})
                head = data.get(b"BODY[HEADER]") or b""
                return Fetched(self.position(uid), truncated(_header_block(head[:MAX_HEADER]), size), size)
            data = self.client.fetch([number], ["BODY.PEEK[]"]).get(number, {})
            raw = data.get(b"BODY[]")
            return None if raw is None else Fetched(self.position(uid), bytes(raw), size)
        return await self._call(fetch_one)

    async def mark(self, uid: str, status: str) -> None:
        if status == "shunted":
            flags = [b"\\Flagged"] + ([SHUNTED_KEYWORD.encode()] if self.keywords else [b"\\Seen"])
        else:
            flags = [b"\\Seen"] + ([DONE_KEYWORD.encode()] if self.keywords else [])

        def flag():
            self.client.add_flags([int(uid)], flags, silent=True)
            if self.config.imap_done_folder and status != "shunted":
                self._move_done(int(uid))
        await self._call(flag)

    def _move_done(self, uid: int) -> None:
        target = self.config.imap_done_folder
        if not self.client.folder_exists(target):
            self.client.create_folder(target)
        if self.client.has_capability("MOVE"):
            self.client.move([uid], target)
        else:
            self.client.copy([uid], target)
            self.client.delete_messages([uid])
            self.client.expunge([uid]) if self.client.has_capability("UIDPLUS") else self.client.expunge()

    async def wait(self, seconds: float, stop: asyncio.Event) -> None:
        """IMAP IDLE until the server reports a change, `stop` is set, or `seconds` pass."""
        if self.client is None or not self.client.has_capability("IDLE"):
            try:
                await asyncio.wait_for(stop.wait(), seconds)
            except asyncio.TimeoutError:
                pass
            return
        await self._call(self.client.idle)
        try:
            waited = 0.0
            while waited < seconds and not stop.is_set():
                responses = await self._call(self.client.idle_check, self.idle_slice)
                if any(r[1:2] in ((b"EXISTS",), (b"RECENT",)) for r in responses if isinstance(r, tuple)):
                    break
                waited += self.idle_slice
        finally:
            await self._call(self.client.idle_done)


def _quietly(fn, *args) -> None:
    try:
        fn(*args)
    except Exception as exc:  # noqa: BLE001 - closing a broken connection must not hide the first error
        log.debug("closing IMAP connection: %s", exc)
