"""The scheduler's work: patrons' letters and the daily staff digest, each handed to the outbox exactly once.

Everything due for one patron in one pass is one letter (`letters.py`). A notice is marked dispatched in the same
transaction as the outbox row that carries it, so a crash either leaves both undone (the next pass does them) or
both done (never a second copy).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from core.library import Library
from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email, queue_telegram
from core.scheduling.digest import build_digest, render_digest
from core.scheduling.letter_parts import read_parts
from core.scheduling.letters import LetterWriter, add_to_reply
from core.plumbing.outbox import queue_to_patron
from core.storage.models import Notice, OutboxMessage, Patron, ServiceState

BATCH = 500                                 # patrons' notices per transaction (never split a patron's)
REPLY_MERGE_WINDOW = dt.timedelta(minutes=10)   # a reply queued this recently, not yet sent, takes the letter
SERVING_SINCE = "letters:since"   # service_state key: the day of the first pass that wrote patrons' letters


@dataclass(frozen=True)
class PassReport:
    notices: int
    digest_sent: bool


class Reminders:
    def __init__(self, library: Library):
        self.library = library
        self.policy = library.policy
        self.calendar = library.calendar

    def in_quiet_hours(self, now: dt.datetime) -> bool:
        quiet = self.policy.notices.quiet_hours
        if quiet is None:
            return False
        start, end = quiet
        local = self.calendar.local(now).time()
        return start <= local < end if start <= end else (local >= start or local < end)

    async def run_once(self, now: dt.datetime) -> PassReport:
        sent = await self.deliver_notices(now)
        return PassReport(sent, await self.send_digest_if_due(now))

    # --- notices ----------------------------------------------------------------------------------------------
    async def deliver_notices(self, now: dt.datetime) -> int:
        """Every notice due, as one letter per patron (or added to the reply to their own message that this pass
        has just queued); returns how many notices reached a letter."""
        await self.library.notices.generate(now)
        since = await self._serving_since(now)
        if self.in_quiet_hours(now):
            return 0
        delivered = 0
        while True:
            taken, sent = await self._deliver_batch(now, since)
            delivered += sent
            if taken == 0:
                return delivered

    async def _serving_since(self, now: dt.datetime) -> dt.date:
        """The day of the first pass that wrote letters (recorded then): before it loanbot was not serving."""
        async with self.library.ctx.transaction() as session:
            known = await session.get(ServiceState, SERVING_SINCE)
            if known is not None:
                return dt.date.fromisoformat(known.value)
        today = self.calendar.local_date(now)
        try:
            async with self.library.ctx.transaction() as session:
                session.add(ServiceState(key=SERVING_SINCE, value=today.isoformat(), updated_at=now))
        except IntegrityError:   # another process recorded it first
            async with self.library.ctx.transaction() as session:
                return dt.date.fromisoformat((await session.get(ServiceState, SERVING_SINCE)).value)
        return today

    async def _deliver_batch(self, now: dt.datetime, since: dt.date | None = None) -> tuple[int, int]:
        """(notices taken, notices said in a letter): superseded and stale ones are taken but not said."""
        async with self.library.ctx.unit_of_work() as session:
            notices = await self._take_batch(session, now)
            if not notices:
                return 0, 0
            batch = await read_parts(self.library, session, notices, now, since)
            by_patron: dict[int, list[Notice]] = defaultdict(list)
            for notice in notices:
                by_patron[notice.patron_id].append(notice)
            replies = await self._pending_replies(session, now)
            patrons = {p.id: p for p in (await session.execute(
                select(Patron).where(Patron.id.in_(list(by_patron))))).scalars()}
            said = 0
            marks: dict[str, list[int]] = defaultdict(list)     # channel (or why not sent) -> notice ids
            for patron_id, own in by_patron.items():
                parts = [batch.parts[n.id] for n in own if n.id in batch.parts]
                channel = None
                if parts:
                    channel = self._deliver(session, patrons[patron_id], parts, own, replies, now)
                    said += len(parts)
                for notice in own:
                    marks[batch.dropped.get(notice.id) or channel or "none"].append(notice.id)
            for channel, ids in marks.items():   # the notice objects of this batch are not used after this
                await session.execute(update(Notice).where(Notice.id.in_(ids)).values(
                    dispatched_at=now, channel=channel).execution_options(synchronize_session=False))
            return len(notices), said

    async def _take_batch(self, session, now: dt.datetime) -> list[Notice]:
        """The due notices of up to BATCH patrons, all of each one's, so that a patron's notices of one pass make
        one letter. The patrons come from the first due notices on ix_notices_pending, in the index's order; an
        index in patron order would cost `generate` a third more at a backlog of a million notices
        (bench/bench_notices.py), and sorting the backlog for each batch far more."""
        postgres = session.bind.dialect.name == "postgresql"
        first = (select(Notice.patron_id).where(Notice.dispatched_at.is_(None), Notice.due_at <= now)
                 .limit(BATCH))
        if postgres:
            first = first.with_for_update(skip_locked=True)  # several `serve` processes share the work
        patrons = sorted(set((await session.execute(first)).scalars()))
        if not patrons:
            return []
        # SQLite would walk the whole backlog on ix_notices_pending here rather than look the patrons up
        theirs = (select(Notice).with_hint(Notice, "INDEXED BY ix_notices_patron_id", "sqlite")
                  .where(Notice.patron_id.in_(patrons), Notice.dispatched_at.is_(None), Notice.due_at <= now)
                  .order_by(Notice.patron_id, Notice.id))
        if postgres:
            theirs = theirs.with_for_update(skip_locked=True)
        return list((await session.execute(theirs)).scalars())

    def _deliver(self, session, patron: Patron, parts, notices, replies: dict, now: dt.datetime) -> str | None:
        reply = replies.get((patron.email or "").lower())
        if reply is not None:
            tr = Translator((reply.headers or {}).get("language") or patron.language, self.calendar.zone)
            add_to_reply(reply, LetterWriter(self.policy, tr), parts)
            return "email"
        tr = Translator(patron.language, self.calendar.zone)
        letter = LetterWriter(self.policy, tr).letter(parts)
        return queue_to_patron(session, patron, letter.subject, letter.lines, now,
                               dedupe_key=f"letter:{min(n.id for n in notices)}")

    async def _pending_replies(self, session, now: dt.datetime) -> dict[str, OutboxMessage]:
        """Replies to patrons' own e-mails queued in this pass and not yet taken by a sender, by address: the
        letter goes into the reply rather than being a second e-mail."""
        query = select(OutboxMessage).where(
            OutboxMessage.channel == "email", OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
            OutboxMessage.claimed_until.is_(None), OutboxMessage.created_at >= now - REPLY_MERGE_WINDOW,
            OutboxMessage.dedupe_key.startswith("reply:"))
        if session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # a sender claiming it meanwhile keeps it as it is
        replies = {}
        for row in (await session.execute(query)).scalars():
            if (row.headers or {}).get("auto_submitted") == "auto-replied":
                replies.setdefault(row.recipient.lower(), row)
        return replies

    # --- digest -----------------------------------------------------------------------------------------------
    async def send_digest_if_due(self, now: dt.datetime) -> bool:
        """Once a day, at or after `digest_time` local (late after downtime, never twice for one day)."""
        local = self.calendar.local(now)
        if local.time() < self.policy.notices.digest_time:
            return False
        key = f"digest:{local.date().isoformat()}"
        digest = await build_digest(self.library, now)
        tr = Translator(self.policy.library.staff_lang, self.calendar.zone)
        subject, lines = render_digest(tr, digest, self.policy.library.name)
        try:
            return await self._queue_digest(key, subject, lines, tr, now)
        except IntegrityError:  # another process claimed today's digest first
            return False

    async def _queue_digest(self, key: str, subject: str, lines: list[str], tr: Translator,
                            now: dt.datetime) -> bool:
        async with self.library.ctx.unit_of_work() as session:
            claimed = await session.get(ServiceState, key, with_for_update=True)
            if claimed is not None:
                return False
            session.add(ServiceState(key=key, value=now.isoformat(), updated_at=now))
            await session.flush()  # a second process inserting the same key fails here, before any mail
            body = "\n".join(lines) + "\n"
            for address in self.policy.library.staff_emails:
                queue_email(session, address, subject, body, now, auto_reply=False, language=tr.language,
                            dedupe_key=f"{key}:{address}")
            staff_chats = (await session.execute(select(Patron.telegram_user_id).where(
                Patron.email.in_(self.policy.library.staff_emails),
                Patron.telegram_user_id.is_not(None)))).scalars()
            for chat_id in staff_chats:
                queue_telegram(session, chat_id, f"{subject}\n\n{body}", now, dedupe_key=f"{key}:tg{chat_id}")
        return True
