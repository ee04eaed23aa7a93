"""Taking mail in, the GNU Mailman way: every message is stored (raw bytes) before it is worked on, handled in a
unit of work of its own that marks it done and writes the reply in the same transaction, and only then flagged in
the mailbox. A failure shunts the message (kept, with the error, for a human to re-run), never loses it and never
stops the loop. A restart re-reads what is not flagged and skips what the database already knows as done.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import logging
import re
import traceback
from collections import Counter
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.utils import getaddresses

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from core.library import Library
from core.plumbing.outbox import Outbox
from core.storage.database import Database
from core.storage.models import InboundMessage
from core.understanding import NotAnEmail, read_email, understand_text
from mail.addresses import OwnAddress
from mail.answers import Answerer
from mail.automatic import why_not_answer
from mail.mailboxes import MAX_MESSAGE, TRUNCATED_HEADER, Fetched, Position

log = logging.getLogger("loanbot.mail")

FINISHED = ("done", "ignored", "shunted")
_HEADERS_ONLY = BytesHeaderParser(policy=email.policy.compat32)


@dataclass
class Prepared:
    """What was read from a stored message before its unit of work begins."""
    mail: object | None = None            # MailText
    msg: email.message.Message | None = None
    understanding: object | None = None
    size: int = 0
    too_large: bool = False
    skip: str | None = None              # a reason not to answer at all (status "ignored")


class Intake:
    def __init__(self, library: Library, config, clock, desk=None):
        self.library = library
        self.config = config
        self.clock = clock
        self.own = OwnAddress.parse(config.mail.from_address)
        self.outbox = Outbox(library.db, "loanbot-mail")
        self.answerer = Answerer(library, self.own, desk)
        self.limit = config.mail.max_replies_per_sender_per_hour

    # --- one pass over a mailbox ------------------------------------------------------------------------------
    async def take_in(self, source, stop: asyncio.Event | None = None, limit: int | None = None) -> Counter:
        """Every message of `source` not yet flagged, one at a time; then any stored message still waiting
        (re-queued by `requeue_shunted`, or interrupted before its unit of work)."""
        counts: Counter = Counter()
        await source.open()
        for uid in await source.pending():
            if stop is not None and stop.is_set() or limit is not None and counts["messages"] >= limit:
                break
            position = source.position(uid)
            row_id, status = await self._known(position)
            if row_id is None:
                fetched = await source.fetch(uid)
                if fetched is None:
                    continue
                row_id, status = await self.store(fetched)
                raw = fetched.raw
            else:
                counts["seen_before"] += 1
                raw = None
            if status == "new":
                status = await self.handle(row_id, raw)
            counts["messages"] += 1
            counts[status] += 1
            try:
                await source.mark(uid, status)
            except Exception as exc:  # noqa: BLE001 - committed already: the next pass flags it
                log.warning("could not flag message %s in %s: %s", uid, position.mailbox, exc)
                counts["unflagged"] += 1
                await source.close()
                return counts
        if stop is None or not stop.is_set():
            for status in await self.handle_waiting(stop):
                counts["requeued"] += 1
                counts[status] += 1
        return counts

    async def _known(self, position: Position) -> tuple[int | None, str | None]:
        async with self.library.db.session() as session:
            row = (await session.execute(select(InboundMessage.id, InboundMessage.status).where(
                InboundMessage.source == position.source, InboundMessage.mailbox == position.mailbox,
                InboundMessage.uidvalidity == position.uidvalidity, InboundMessage.uid == position.uid))).first()
        return (row[0], row[1]) if row else (None, None)

    # --- storing before working -------------------------------------------------------------------------------
    async def store(self, fetched: Fetched) -> tuple[int, str]:
        """Write the raw message durably (status "new"); a Message-ID already answered is stored as ignored."""
        message_id, sender = _identity(fetched.raw)
        p = fetched.position
        async with self.library.db.session() as session:
            try:
                async with session.begin():
                    duplicate = None
                    if message_id:
                        duplicate = await session.scalar(select(InboundMessage.id).where(
                            InboundMessage.message_id == message_id,
                            InboundMessage.status.in_(("done", "ignored", "new"))).limit(1))
                    row = InboundMessage(
                        source=p.source, mailbox=p.mailbox, uidvalidity=p.uidvalidity, uid=p.uid,
                        message_id=message_id, sender=sender, received_at=self.clock(), raw=fetched.raw,
                        status="ignored" if duplicate else "new",
                        error=f"duplicate of inbound message {duplicate} (same Message-ID)" if duplicate else None,
                        processed_at=self.clock() if duplicate else None)
                    session.add(row)
                    await session.flush()
                    return row.id, row.status
            except IntegrityError:   # another worker stored it first
                pass
        row_id, status = await self._known(p)
        return row_id, status

    # --- working ----------------------------------------------------------------------------------------------
    async def handle(self, row_id: int, raw: bytes | None = None) -> str:
        """Answer one stored message in its own unit of work; returns how it ended. `raw`: its stored bytes,
        when the caller has them at hand (else read back from the row)."""
        try:
            if raw is None:
                async with self.library.db.session() as session:
                    row = await session.get(InboundMessage, row_id)
                    raw, status = row.raw or b"", row.status
                if status != "new":
                    return status
            prepared = await self.prepare(raw)
            now = self.clock()
            async with self.library.ctx.unit_of_work() as session:
                query = select(InboundMessage).where(InboundMessage.id == row_id)
                if session.bind.dialect.name == "postgresql":
                    query = query.with_for_update()
                row = (await session.execute(query)).scalar_one()
                if row.status != "new":
                    return row.status
                status, note = await self.answerer.answer(session, row, prepared, now)
                row.status, row.error, row.processed_at = status, note, now
            return status
        except Exception as exc:  # noqa: BLE001 - shunted for a human, never lost, never a crash of the loop
            log.exception("message %s shunted", row_id)
            await self._shunt(row_id, exc)
            return "shunted"

    async def prepare(self, raw: bytes) -> Prepared:
        """Read and classify a message outside the transaction (parsing can take a while)."""
        try:
            mail = read_email(raw)
        except NotAnEmail as exc:
            return Prepared(skip=f"not an e-mail: {exc}")
        size, too_large = _size_of(raw)
        msg = email.message_from_bytes(raw[:MAX_MESSAGE], policy=email.policy.compat32)
        reason = why_not_answer(mail, msg)
        if reason is None and not mail.sender_address:
            reason = "no sender address"
        if reason is None and self.own.is_ours(mail.sender_address):
            reason = "sent by loanbot itself"
        if reason is None:
            since = self.clock() - dt.timedelta(hours=1)
            # Staff also receive every announcement: their cap is higher, but still a cap (a vacation robot).
            limit = self.limit * (10 if self.library.policy.is_staff(mail.sender_address) else 1)
            if await self.outbox.replies_to(mail.sender_address, since) >= limit:
                reason = f"reply limit: {limit} e-mails to {mail.sender_address} in the last hour"
        if reason:
            return Prepared(mail=mail, msg=msg, size=size, skip=reason)
        body = "" if too_large else mail.body_text
        understanding = understand_text(body, mail.subject)
        return Prepared(mail, msg, understanding, size, too_large)

    async def _shunt(self, row_id: int, exc: BaseException) -> None:
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        where = traceback.extract_tb(exc.__traceback__)[-3:]
        detail = error + "\n" + "".join(traceback.format_list(where))
        async with self.library.db.session() as session, session.begin():
            await session.execute(update(InboundMessage).where(InboundMessage.id == row_id).values(
                status="shunted", error=detail[:4000], processed_at=self.clock()))

    async def handle_waiting(self, stop: asyncio.Event | None = None) -> list[str]:
        """Stored messages still "new": re-queued by a human, or stored by a pass that stopped before answering."""
        async with self.library.db.session() as session:
            ids = list((await session.execute(select(InboundMessage.id).where(
                InboundMessage.status == "new", InboundMessage.source.in_(("imap", "maildir")))
                .order_by(InboundMessage.id))).scalars())
        results = []
        for row_id in ids:
            if stop is not None and stop.is_set():
                break
            results.append(await self.handle(row_id))
        return results


async def requeue_shunted(db: Database, ids: list[int] | None = None) -> int:
    """Put shunted messages back (all, or those `ids`): the next intake pass answers them from their stored bytes."""
    async with db.session() as session, session.begin():
        query = update(InboundMessage).where(InboundMessage.status == "shunted")
        if ids is not None:
            query = query.where(InboundMessage.id.in_(ids))
        result = await session.execute(query.values(status="new", error=None, processed_at=None))
        return result.rowcount or 0


def _identity(raw: bytes) -> tuple[str | None, str | None]:
    """Message-ID and sender address from the header block alone (cheap; the body is read later)."""
    try:
        headers = _HEADERS_ONLY.parsebytes(raw[:MAX_MESSAGE])
        ids = re.findall(r"<[^<>\s]+>", str(headers.get("Message-ID") or ""))
        pairs = getaddresses([str(headers.get("From") or "")])
    except Exception:  # noqa: BLE001 - a broken header block: stored anyway, understood later
        return None, None
    address = pairs[0][1].strip().lower() if pairs else ""
    return (ids[0][:998] if ids else None), (address[:320] or None)


def _size_of(raw: bytes) -> tuple[int, bool]:
    if raw.startswith(TRUNCATED_HEADER.encode() + b":"):
        try:
            size = int(raw.split(b"\n", 1)[0].split(b":", 1)[1].strip())
            return size, True
        except ValueError:
            pass
    return len(raw), len(raw) > MAX_MESSAGE
