"""The outbox: every message loanbot sends is first a row written in the same transaction as the change it reports.

Senders (mail/, bot/) claim due rows, mark a row sent only after the server accepted it, and retry temporary
failures with exponential backoff; a permanent failure is recorded and shown to staff, never silently dropped.
"""
from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.storage.database import Database
from core.storage.models import OutboxMessage

MAX_ATTEMPTS = 8
LEASE = dt.timedelta(minutes=5)


_TELEGRAM_INSERT = insert(OutboxMessage).returning(OutboxMessage.id)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes, at most an hour."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def queue_email(session: AsyncSession, to: str, subject: str, body: str, now: dt.datetime, *,
                in_reply_to: str | None = None, references: list[str] | tuple = (), reply_token: str | None = None,
                auto_reply: bool = True, language: str | None = None, dedupe_key: str | None = None,
                not_before: dt.datetime | None = None) -> OutboxMessage:
    headers = {"in_reply_to": in_reply_to, "references": list(references), "reply_token": reply_token,
               "auto_submitted": "auto-replied" if auto_reply else "auto-generated", "language": language}
    row = OutboxMessage(channel="email", recipient=to, subject=subject, body=body,
                        headers={k: v for k, v in headers.items() if v}, dedupe_key=dedupe_key, created_at=now,
                        not_before=not_before or now, attempts=0)
    session.add(row)
    return row


def queue_telegram(session: AsyncSession, chat_id: int, text: str, now: dt.datetime, *,
                   buttons: list[list[dict]] | None = None, dedupe_key: str | None = None,
                   not_before: dt.datetime | None = None) -> OutboxMessage:
    """`buttons`: rows of {"text": …, "data": …} for an inline keyboard."""
    row = OutboxMessage(channel="telegram", recipient=str(chat_id), subject="", body=text,
                        headers={"buttons": buttons} if buttons else {}, dedupe_key=dedupe_key, created_at=now,
                        not_before=not_before or now, attempts=0)
    session.add(row)
    return row


def queue_to_patron(session: AsyncSession, patron, subject: str, lines: list[str], now: dt.datetime, *,
                    dedupe_key: str | None = None) -> str | None:
    """Send on the patron's channel: Telegram when linked (unless they chose e-mail), else e-mail.
    Returns the channel used, or None when the patron has no channel at all."""
    wants_email = patron.preferred_channel == "email"
    if patron.telegram_user_id and not wants_email:
        queue_telegram(session, patron.telegram_user_id, f"{subject}\n\n" + "\n".join(lines), now,
                       dedupe_key=f"{dedupe_key}:telegram" if dedupe_key else None)
        return "telegram"
    if patron.email:
        queue_email(session, patron.email, subject, "\n".join(lines) + "\n", now, auto_reply=False,
                    language=patron.language, dedupe_key=f"{dedupe_key}:email" if dedupe_key else None)
        return "email"
    return None


@dataclass(frozen=True)
class Outgoing:
    id: int
    recipient: str
    subject: str
    body: str
    headers: dict
    attempts: int


def worker_name(role: str) -> str:
    """A sender's name in the leases it takes: its role, host and process id, so that a restarted process can tell
    which leases were held by a process of this host that is gone (`release_orphans`)."""
    return f"{role}@{socket.gethostname()}:{os.getpid()}"


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:   # alive, another user's
        return False
    return False


class Outbox:
    def __init__(self, db: Database, worker: str = "loanbot"):
        self.db = db
        self.worker = worker
        self._started = False

    async def release_orphans_once(self, now: dt.datetime) -> int:
        """`release_orphans`, the first time a sender calls it (when it starts); 0 afterwards."""
        if self._started:
            return 0
        self._started = True
        return await self.release_orphans(now)

    async def release_orphans(self, now: dt.datetime) -> int:
        """Give back the leases still held by a process of this host and role that no longer runs (killed between
        queueing a reply and marking it sent), so that they go out now rather than when the lease runs out. A
        process id taken over by another program counts as alive: its rows then wait for the lease, as before.
        Returns how many rows were released."""
        name, _, pid = self.worker.rpartition(":")
        if "@" not in name or not pid.isdigit():
            return 0   # not a `worker_name` (e.g. "loanbot"): no way to tell whose lease it is
        prefix = name + ":"
        async with self.db.session() as session, session.begin():
            holders = (await session.execute(
                select(OutboxMessage.claimed_by).distinct().where(
                    OutboxMessage.claimed_by.startswith(prefix, autoescape=True),
                    OutboxMessage.claimed_until > now, OutboxMessage.sent_at.is_(None),
                    OutboxMessage.failed_at.is_(None)))).scalars().all()
            gone = [holder for holder in holders if holder != self.worker and holder[len(prefix):].isdigit()
                    and _process_gone(int(holder[len(prefix):]))]
            if not gone:
                return 0
            result = await session.execute(
                update(OutboxMessage).where(OutboxMessage.claimed_by.in_(gone), OutboxMessage.sent_at.is_(None),
                                            OutboxMessage.claimed_until > now).values(claimed_until=None))
            return result.rowcount

    async def claim(self, channel: str, now: dt.datetime, limit: int = 50) -> list[Outgoing]:
        """Take a lease on due rows, so that two senders (two processes) never send the same row."""
        async with self.db.session() as session, session.begin():
            query = (select(OutboxMessage).where(
                OutboxMessage.channel == channel, OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None), OutboxMessage.not_before <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
                .order_by(OutboxMessage.id).limit(limit))
            if session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = list((await session.execute(query)).scalars())
            for row in rows:
                row.claimed_by, row.claimed_until = self.worker, now + LEASE
            return [Outgoing(r.id, r.recipient, r.subject, r.body, dict(r.headers or {}), r.attempts) for r in rows]

    async def sent(self, message_id: int, now: dt.datetime) -> None:
        async with self.db.session() as session, session.begin():
            await session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(
                sent_at=now, claimed_until=None, attempts=OutboxMessage.attempts + 1, last_error=None))

    async def sent_many(self, message_ids, now: dt.datetime) -> None:
        """`sent` for several rows in one transaction (one statement): a sender that delivered a batch marks it at
        once instead of taking the write lock once per row."""
        ids = list(message_ids)
        if not ids:
            return
        async with self.db.session() as session, session.begin():
            await session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(
                sent_at=now, claimed_until=None, attempts=OutboxMessage.attempts + 1, last_error=None))

    async def queue_telegram_leased(self, session: AsyncSession, chat_id: int, text: str, now: dt.datetime, *,
                                    buttons: list[list[dict]] | None = None,
                                    dedupe_key: str | None = None) -> Outgoing:
        """A chat turn's reply, queued and leased to this sender in one plain INSERT … RETURNING id (a statement
        built once, no ORM object, no flush at commit). Written in the same transaction as the turn, so that this
        process sends it as soon as that transaction commits, without a claim pass, and no other sender takes it
        meanwhile. Should this process die first, the lease runs out and any sender sends it, as with `claim`."""
        headers = {"buttons": buttons} if buttons else {}
        connection = await session.connection()
        message_id = (await connection.execute(_TELEGRAM_INSERT, {
            "channel": "telegram", "recipient": str(chat_id), "subject": "", "body": text, "headers": headers,
            "dedupe_key": dedupe_key, "created_at": now, "not_before": now, "attempts": 0,
            "claimed_by": self.worker, "claimed_until": now + LEASE})).scalar_one()
        return Outgoing(message_id, str(chat_id), "", text, headers, 0)

    async def failed(self, message_id: int, now: dt.datetime, error: str, permanent: bool = False) -> None:
        """A temporary failure comes back after a backoff; a permanent one (or too many) is kept for staff."""
        async with self.db.session() as session, session.begin():
            row = await session.get(OutboxMessage, message_id)
            row.attempts += 1
            row.last_error = error[:2000]
            row.claimed_until = None
            if permanent or row.attempts >= MAX_ATTEMPTS:
                row.failed_at = now
            else:
                row.not_before = now + backoff(row.attempts)

    async def release(self, message_id: int) -> None:
        """Give a claimed row back untouched (e.g. quiet hours, shutting down)."""
        async with self.db.session() as session, session.begin():
            await session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                                  .values(claimed_until=None))

    async def counts(self) -> dict[str, int]:
        async with self.db.session() as session:
            pending = await session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)))
            failed = await session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.failed_at.is_not(None)))
            sent = await session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.sent_at.is_not(None)))
            return {"pending": pending, "failed": failed, "sent": sent}

    async def failures(self, limit: int = 50) -> list[OutboxMessage]:
        async with self.db.session() as session:
            return list((await session.execute(select(OutboxMessage).where(OutboxMessage.failed_at.is_not(None))
                                               .order_by(OutboxMessage.failed_at.desc()).limit(limit))).scalars())

    async def replies_to(self, recipient: str, since: dt.datetime) -> int:
        """How many automatic e-mails went (or will go) to `recipient` since a moment: the loop guard."""
        async with self.db.session() as session:
            return await session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.channel == "email", func.lower(OutboxMessage.recipient) == recipient.lower(),
                OutboxMessage.created_at >= since))
