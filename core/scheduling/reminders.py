"""The scheduler's work: reminders to patrons and the daily staff digest, each handed to the outbox exactly once.

A notice is marked dispatched in the same transaction as the outbox row that carries it, so a crash either leaves
both undone (the next pass does them) or both done (never a second copy).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from core.scheduling.digest import build_digest, render_digest
from core.plumbing.i18n import Translator
from core.library import Library
from core.plumbing.outbox import queue_email, queue_telegram
from core.staff.desk import queue_to_patron
from core.storage.models import IllRequest, Item, Loan, Notice, Patron, ServiceState
from core.plumbing import wording

BATCH = 500


REMINDER_RANK = {"due_soon": 0, "overdue_1": 1, "overdue_2": 2, "overdue_3": 3}


def superseded_reminders(notices: list[Notice]) -> set[int]:
    """After downtime several reminders of one loan may be due at once; a patron should get only the latest
    (an overdue notice makes the "due soon" one pointless)."""
    latest: dict[tuple, Notice] = {}
    for notice in notices:
        if notice.kind not in REMINDER_RANK:
            continue
        key = (notice.subject_kind, notice.subject_id, notice.due_date)
        if key not in latest or REMINDER_RANK[notice.kind] > REMINDER_RANK[latest[key].kind]:
            latest[key] = notice
    keep = {n.id for n in latest.values()}
    return {n.id for n in notices if n.kind in REMINDER_RANK and n.id not in keep}


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
        await self.library.notices.generate(now)
        if self.in_quiet_hours(now):
            return 0
        delivered = 0
        while True:
            taken, sent = await self._deliver_batch(now)
            delivered += sent
            if taken < BATCH:
                return delivered

    async def _deliver_batch(self, now: dt.datetime) -> tuple[int, int]:
        """(notices taken, notices handed to a channel): superseded ones are taken but not sent."""
        async with self.library.ctx.unit_of_work() as session:
            # Ordered so that the reminders of one loan sit together: only the most advanced one is sent.
            query = (select(Notice).where(Notice.dispatched_at.is_(None), Notice.due_at <= now)
                     .order_by(Notice.subject_kind, Notice.subject_id, Notice.due_date, Notice.id).limit(BATCH))
            if session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)  # several `serve` processes share the work
            notices = list((await session.execute(query)).scalars())
            described = {n.id: n for n in await self.library.notices.describe(session, [n.id for n in notices])}
            superseded = superseded_reminders(notices)
            for notice in notices:
                if notice.id in superseded:
                    await session.execute(update(Notice).where(Notice.id == notice.id)
                                          .values(dispatched_at=now, channel="superseded"))
                    continue
                patron = await session.get(Patron, notice.patron_id)
                subject, lines = await self._compose(session, notice, patron, described.get(notice.id), now)
                channel = queue_to_patron(session, patron, subject, lines, now, dedupe_key=f"notice:{notice.id}")
                await session.execute(update(Notice).where(Notice.id == notice.id)
                                      .values(dispatched_at=now, channel=channel or "none"))
            return len(notices), len(notices) - len(superseded)

    async def _compose(self, session, notice: Notice, patron: Patron, due_notice, now) -> tuple[str, list[str]]:
        tr = Translator(patron.language, self.calendar.zone)
        subject = wording.notice_subject(tr, notice.kind)
        lines = [tr.gettext("Hello,"), ""]
        if notice.subject_kind == "loan":
            loan = await session.get(Loan, notice.subject_id)
            item = await session.get(Item, loan.item_id)
            what, due = f"«{item.title}» ({item.barcode})", loan.due_at
        else:
            request = await session.get(IllRequest, notice.subject_id)
            what, due = f"{request.reference} «{request.title}»", request.due_at
        if notice.kind == "due_soon":
            lines.append(tr.gettext("{what} is due on {due}. You can renew it by replying \"renew\".",
                                    what=what, due=tr.moment(due)))
        elif notice.kind.startswith("overdue"):
            lines.append(tr.gettext("{what} was due on {due}. Please return it as soon as possible; overdue "
                                    "fines apply.", what=what, due=tr.moment(due)))
        elif notice.kind == "ill_arrived":
            lines.append(tr.gettext("{what} has arrived from the lending library. Please pick it up at the "
                                    "interlibrary loan desk.", what=what))
            if not self.policy.ill.home_loan:
                lines.append(tr.gettext("Items received through interlibrary loan can be read in the reading "
                                        "room only."))
        elif notice.kind == "ill_rejected":
            lines.append(tr.gettext("{what} could not be obtained.", what=what))
            if request.reason:
                lines.append(tr.gettext("Reason: {reason}", reason=request.reason))
        if due_notice is not None and self.calendar.local_date(now) > due_notice.nominal:
            lines += ["", tr.gettext("(This reminder was due on {date}; we are sorry it comes late.)",
                                     date=tr.date(due_notice.nominal))]
        lines += ["", tr.gettext("{library} (loanbot, an automatic assistant)", library=self.policy.library.name)]
        return subject, lines

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
