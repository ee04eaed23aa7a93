"""The facts of the notices going into one pass's letters, read in a few statements for a whole batch.

A notice records what became due; whether it still holds is read here, as the letter is written: a loan returned
or renewed since, a hold collected or cancelled, an ILL item already lent to the patron make a notice *stale*
(no letter says it), and of several reminders of one loan due at once only the most advanced is kept
(*superseded*).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from core.domain.accounts import ILL_LOAN_TYPE
from core.domain.fines import overdue_fine
from core.domain.ill import ON_LOAN_STATES
from core.domain.ill_extensions import refused_this_period
from core.library import Library
from core.scheduling.letters import LetterPart
from core.storage.models import Charge, Hold, IllEvent, IllRequest, Item, Loan, Notice, Patron

REMINDER_RANK = {"due_soon": 0, "overdue_1": 1, "overdue_2": 2, "overdue_3": 3}
OVERDUE_KINDS = ("overdue_1", "overdue_2", "overdue_3")
DELIVERED = ("email", "telegram")   # a notice's channel once it reached the patron
FEE_KINDS = ("ill_fee", "ill_repeat")
STILL_SOUGHT = ("requested", "located", "sent", "approved", "shipped")   # "registered, being looked for" holds


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


@dataclass
class BatchParts:
    parts: dict[int, LetterPart]     # notice id -> its part, for the notices a letter should say
    dropped: dict[int, str]          # notice id -> "superseded" | "stale"


async def read_parts(library: Library, session, notices: list[Notice], now: dt.datetime,
                     serving_since: dt.date | None = None) -> BatchParts:
    """`serving_since`: the day loanbot first wrote letters; a notice meant for a day before it (a loan loaded with
    its past) is not late — loanbot was not yet serving the library then, so it does not apologise."""
    reader = _PartReader(library, session, now, serving_since)
    dropped = {notice_id: "superseded" for notice_id in superseded_reminders(notices)}
    parts: dict[int, LetterPart] = {}
    categories = dict((await session.execute(
        select(Patron.id, Patron.category).where(Patron.id.in_({n.patron_id for n in notices})))).all())
    by_subject = defaultdict(list)
    for notice in notices:
        if notice.id not in dropped:
            by_subject[notice.subject_kind].append(notice)
    for subject, read in (("loan", reader.loans), ("hold", reader.holds), ("ill", reader.ill_requests)):
        if by_subject[subject]:
            found = await read(by_subject[subject], categories)
            for notice in by_subject[subject]:
                part = found.get(notice.id)
                if part is None:
                    dropped[notice.id] = "stale"
                else:
                    parts[notice.id] = part
    for notice in notices:
        if notice.id not in parts and notice.id not in dropped:
            dropped[notice.id] = "stale"   # a subject kind this version does not know
    await _number_reminders(session, notices, parts)
    return BatchParts(parts, dropped)


async def _number_reminders(session, notices: list[Notice], parts: dict[int, LetterPart]) -> None:
    """An overdue reminder says which one it is by the reminders the patron really got before for that due date:
    after downtime or a loan loaded with its past, the first one sent is not called the second."""
    overdue = [n for n in notices if n.id in parts and n.kind in OVERDUE_KINDS]
    sent: dict[tuple, int] = defaultdict(int)
    for subject in {n.subject_kind for n in overdue}:
        ids = {n.subject_id for n in overdue if n.subject_kind == subject}
        rows = (await session.execute(
            select(Notice.subject_id, Notice.due_date, func.count()).where(
                Notice.subject_kind == subject, Notice.subject_id.in_(ids), Notice.kind.in_(OVERDUE_KINDS),
                Notice.dispatched_at.is_not(None), Notice.channel.in_(DELIVERED))
            .group_by(Notice.subject_id, Notice.due_date))).all()
        for subject_id, due_date, count in rows:
            sent[(subject, subject_id, due_date)] = count
    for notice in overdue:
        before = sent[(notice.subject_kind, notice.subject_id, notice.due_date)]
        stage = min(OVERDUE_KINDS.index(notice.kind), before)
        if OVERDUE_KINDS[stage] != notice.kind:
            parts[notice.id] = replace(parts[notice.id], kind=OVERDUE_KINDS[stage])


class _PartReader:
    def __init__(self, library: Library, session, now: dt.datetime, serving_since: dt.date | None):
        self.library = library
        self.policy = library.policy
        self.calendar = library.calendar
        self.session = session
        self.now = now
        self.today = self.calendar.local_date(now)
        self.offsets = library.notices.offsets()
        self.serving_since = serving_since

    def _timing(self, notice: Notice) -> dict:
        nominal = (notice.due_date + dt.timedelta(days=self.offsets[notice.kind]) if notice.kind in self.offsets
                   else self.calendar.local_date(notice.due_at))
        late = self.today > nominal and (self.serving_since is None or nominal >= self.serving_since)
        return {"nominal": nominal, "late": late}

    def _fine(self, category: str, item_type: str, due_at: dt.datetime) -> tuple:
        rule = self.policy.rule_for(category, item_type)
        if rule is None or due_at >= self.now:
            return None, False
        fine = overdue_fine(self.calendar, rule, due_at, self.now, self.policy.rules.count_closed_days_for_fines)[1]
        return fine, bool(rule.fine_cap > 0 and fine >= rule.fine_cap)

    async def loans(self, notices: list[Notice], categories: dict) -> dict[int, LetterPart]:
        rows = (await self.session.execute(
            select(Notice.id, Loan, Item).join(Loan, Loan.id == Notice.subject_id)
            .join(Item, Item.id == Loan.item_id).where(Notice.id.in_([n.id for n in notices])))).all()
        notice_of = {n.id: n for n in notices}
        out = {}
        for notice_id, loan, item in rows:
            notice = notice_of[notice_id]
            if loan.returned_at is not None or loan.due_date != notice.due_date:
                continue   # returned, or renewed to another due date, since the notice was made
            fine, capped = self._fine(categories[notice.patron_id], item.item_type, loan.due_at)
            item_type = self.policy.item_type_of(item.item_type)
            out[notice_id] = LetterPart(
                notice.kind, f"«{item.title}» ({item.barcode})", due=loan.due_at, fine=fine, fine_capped=capped,
                self_renewable=bool(item_type and item_type.renewable and item_type.self_renewable),
                overdue_now=self.now > loan.due_at, **self._timing(notice))
        return out

    async def holds(self, notices: list[Notice], categories: dict) -> dict[int, LetterPart]:
        rows = (await self.session.execute(
            select(Notice.id, Hold, Item).join(Hold, Hold.id == Notice.subject_id)
            .join(Item, Item.id == Hold.item_id).where(Notice.id.in_([n.id for n in notices])))).all()
        notice_of = {n.id: n for n in notices}
        return {notice_id: LetterPart(notice_of[notice_id].kind, f"«{item.title}» ({item.barcode})",
                                      pickup_by=hold.pickup_by, **self._timing(notice_of[notice_id]))
                for notice_id, hold, item in rows if hold.status == "active"}   # else collected or cancelled

    async def ill_requests(self, notices: list[Notice], categories: dict) -> dict[int, LetterPart]:
        rows = (await self.session.execute(
            select(Notice.id, IllRequest).join(IllRequest, IllRequest.id == Notice.subject_id)
            .where(Notice.id.in_([n.id for n in notices])))).all()
        request_ids = {request.id for _, request in rows}
        fees = dict((await self.session.execute(
            select(Charge.ill_request_id, func.sum(Charge.amount)).where(
                Charge.ill_request_id.in_(request_ids), Charge.kind.in_(FEE_KINDS))
            .group_by(Charge.ill_request_id))).all())
        refusals = await self._refusal_reasons(request_ids)
        self.refused = await refused_this_period(self.session, request_ids)
        notice_of = {n.id: n for n in notices}
        # an arrival letter written now already gives the corrected date: no second sentence about it
        arriving = {n.subject_id for n in notices if n.kind == "ill_arrived"}
        # the lender's answers on extensions, of which only the latest still holds (granted, then refused …)
        answers = {n.subject_id: n.id for n in sorted(notices, key=lambda n: n.id)
                   if n.kind in ("ill_renewal_granted", "ill_renewal_refused")}
        out = {}
        for notice_id, request in rows:
            notice = notice_of[notice_id]
            if notice.kind == "ill_due_corrected" and request.id in arriving:
                continue
            if notice.kind in ("ill_renewal_granted", "ill_renewal_refused") and answers[request.id] != notice_id:
                continue
            part = self._ill_part(notice, request, categories[notice.patron_id], fees, refusals)
            if part is not None:
                out[notice_id] = part
        return out

    def _ill_part(self, notice, request, category, fees, refusals) -> LetterPart | None:
        what = request.label
        timing = self._timing(notice)
        if notice.kind in REMINDER_RANK:
            if request.state not in ON_LOAN_STATES or request.due_date != notice.due_date:
                return None
            fine, capped = self._fine(category, ILL_LOAN_TYPE, request.due_at)
            extensible = (request.state == "checked_out" and request.id not in self.refused
                          and request.lender_due is not None
                          and self.today <= self.library.ill.renewal_deadline(request.lender_due))
            return LetterPart(notice.kind, what, ill=True, extensible=extensible, due=request.due_at, fine=fine,
                              fine_capped=capped, overdue_now=self.now > request.due_at, **timing)
        if notice.kind == "ill_arrived":
            fee = fees.get(request.id) or 0
            if request.state in ON_LOAN_STATES and fee > 0 and request.due_at is not None:
                # lent at the desk before this letter: "collect it" would be wrong, but the fee must be told
                return LetterPart(notice.kind, what, ill=True, due=request.due_at, fee=fee, collected=True, **timing)
            if request.state != "arrived":
                return None   # already lent to the patron at the desk, nothing owed: nothing to say
            due = None if request.lender_due is None else self.library.ill.patron_due_for(request.lender_due)
            return LetterPart(notice.kind, what, ill=True, due=due, fee=fee, **timing)
        if notice.kind == "ill_registered" and request.state not in STILL_SOUGHT:
            return None   # it ended, or arrived already: what the same letter says of that is what counts
        if notice.kind == "ill_due_corrected":
            if request.state not in ("arrived", *ON_LOAN_STATES) or request.lender_due is None:
                return None
            due = request.due_at or self.library.ill.patron_due_for(request.lender_due)
            if self.calendar.local_date(due) != notice.due_date:
                return None   # corrected again since: the later notice says it
            return LetterPart(notice.kind, what, ill=True, due=due, **timing)
        reason = refusals.get(request.id) if notice.kind == "ill_renewal_refused" else request.reason
        return LetterPart(notice.kind, what, ill=True, due=request.due_at, reason=reason, **timing)

    async def _refusal_reasons(self, request_ids: set[int]) -> dict[int, str]:
        """The reason staff gave with each request's latest refused renewal, if any."""
        rows = (await self.session.execute(
            select(IllEvent.request_id, IllEvent.reason).where(
                IllEvent.request_id.in_(request_ids), IllEvent.event == "renewal_refused")
            .order_by(IllEvent.at, IllEvent.id))).all()
        return {request_id: reason for request_id, reason in rows if reason}
