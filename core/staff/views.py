"""Borrowing and lending requests as staff see them: one request with its whole history (`ill show`), lists by
state (`ill list`), and what waits for staff (`/pending`, the digest). Reading only."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from core.domain.ill import ON_LOAN_STATES, OPEN_STATES, events_allowed, parse_reference
from core.domain.ill_extensions import refused_this_period
from core.domain.lending import lend_events_allowed
from core.library import Library
from core.storage.models import (CatalogueLookup, IllEvent, IllRequest, LendEvent, LendRequest, Patron,
                                 request_label)

LEND_OPEN_STATES = ("received", "approved", "shipped", "returned")


@dataclass(frozen=True)
class HistoryEntry:
    event: str
    from_state: str
    to_state: str
    who: str
    when: dt.datetime
    channel: str
    reason: str | None = None


@dataclass(frozen=True)
class LookupStatus:
    """A borrowing request's catalogue look-up: pending, done or failed, and the catalogues that did not answer."""
    state: str
    silent: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RequestView:
    """A borrowing (`kind` "ill") or lending ("lend") request, with what staff need to act on it."""
    kind: str
    reference: str
    state: str
    title: str
    secret: str
    created_at: dt.datetime
    updated_at: dt.datetime
    patron: str | None = None          # borrowing: the patron's card number
    patron_name: str = ""
    patron_category: str = ""
    lender: str | None = None          # borrowing: the lending library; lending: the borrowing library
    foreign: bool = False
    lender_due: dt.date | None = None  # borrowing: the lender's due date
    due: dt.datetime | dt.date | None = None   # borrowing: the patron's due moment; lending: the due date
    lend_kind: str | None = None       # lending: loan | copy
    charge: Decimal | None = None
    reason: str | None = None
    history: list[HistoryEntry] = field(default_factory=list)
    label: str = ""                    # ILL-3 «Title», ILL-3 (ISBN …) without a title, LEND-2 «Title»
    holdings: list[dict] = field(default_factory=list)   # borrowing: the libraries that hold it, best first
    lookup: LookupStatus | None = None   # borrowing, with the history: its catalogue look-up (None: none queued)

    @property
    def token(self) -> str:
        """What a staff e-mail reply must carry: the request's `Ref:` value."""
        return f"{self.reference}-{self.secret}"

    @property
    def events(self) -> list[str]:
        from core.staff.desk import StaffDesk
        return StaffDesk.ill_events(self.state) if self.kind == "ill" else lend_events_allowed(
            self.state, self.lend_kind or "loan")

    @property
    def open(self) -> bool:
        return self.state in (OPEN_STATES if self.kind == "ill" else LEND_OPEN_STATES)


async def request_view(library: Library, reference: str, *, history: bool = True) -> RequestView | None:
    """ILL-n or LEND-n, or None when there is no such request."""
    async with library.ctx.transaction() as session:
        number = parse_reference(reference, "ILL")
        if number is not None:
            row = (await session.execute(select(IllRequest, Patron).join(Patron, Patron.id == IllRequest.patron_id)
                                         .where(IllRequest.id == number))).first()
            return None if row is None else await _ill_view(session, *row, history=history)
        number = parse_reference(reference, "LEND")
        if number is not None:
            request = await session.get(LendRequest, number)
            return None if request is None else await _lend_view(session, request, history=history)
    return None


async def ill_views(library: Library, states: tuple[str, ...] | None = None) -> list[RequestView]:
    async with library.ctx.transaction() as session:
        query = select(IllRequest, Patron).join(Patron, Patron.id == IllRequest.patron_id).order_by(IllRequest.id)
        if states is not None:
            query = query.where(IllRequest.state.in_(states))
        return [await _ill_view(session, request, patron, history=False)
                for request, patron in (await session.execute(query)).all()]


async def lend_views(library: Library, states: tuple[str, ...] | None = None) -> list[RequestView]:
    async with library.ctx.transaction() as session:
        query = select(LendRequest).order_by(LendRequest.id)
        if states is not None:
            query = query.where(LendRequest.state.in_(states))
        return [await _lend_view(session, request, history=False)
                for request in (await session.execute(query)).scalars()]


async def waiting_for_staff(library: Library, now: dt.datetime) -> list[RequestView]:
    """Requests on which staff have something to do: every open borrowing request except those simply on loan to
    a patron (unless overdue or near the lender's renewal deadline), and every open lending request except loans
    out with the borrowing library before their due date."""
    today = library.calendar.local_date(now)
    out = []
    views = await ill_views(library, OPEN_STATES)
    async with library.ctx.transaction() as session:
        refused = await refused_this_period(session, [parse_reference(v.reference) for v in views
                                                      if v.state == "checked_out"])
    for view in views:
        if view.state == "checked_out":
            deadline = library.ill.renewal_deadline(view.lender_due) if view.lender_due else None
            overdue = view.due is not None and view.due < now
            near = parse_reference(view.reference) not in refused and deadline is not None and \
                today <= deadline <= library.calendar.open_days_after(
                today, library.policy.ill.renewal_notice_working_days)
            if not (overdue or near):
                continue
        out.append(view)
    for view in await lend_views(library, LEND_OPEN_STATES):
        if view.state == "shipped" and view.lend_kind == "loan" and (view.due is None or view.due >= today):
            continue
        out.append(view)
    return out


async def _ill_view(session, request: IllRequest, patron: Patron, *, history: bool) -> RequestView:
    entries, lookup = [], None
    if history:
        events = (await session.execute(select(IllEvent).where(IllEvent.request_id == request.id)
                                        .order_by(IllEvent.at, IllEvent.id))).scalars()
        entries = [HistoryEntry(e.event, e.from_state, e.to_state, e.actor, e.at, e.channel, e.reason)
                   for e in events]
        lookup = await _lookup_status(session, request.id)
    return RequestView(
        "ill", request.reference, request.state, request.title, request.approval_secret, request.created_at,
        request.updated_at, patron.code, patron.name or "", patron.category, request.lender, bool(request.foreign),
        request.lender_due, request.due_at, None, None, request.reason, entries, request.label,
        holdings=list(request.holdings or []), lookup=lookup)


async def _lookup_status(session, request_id: int) -> LookupStatus | None:
    row = (await session.execute(select(CatalogueLookup.state, CatalogueLookup.targets)
                                 .where(CatalogueLookup.request_id == request_id))).first()
    if row is None:
        return None
    return LookupStatus(row.state, [t["name"] for t in row.targets or [] if not t.get("ok", True)])


async def _lend_view(session, request: LendRequest, *, history: bool) -> RequestView:
    entries = []
    if history:
        events = (await session.execute(select(LendEvent).where(LendEvent.request_id == request.id)
                                        .order_by(LendEvent.at, LendEvent.id))).scalars()
        entries = [HistoryEntry(e.event, e.from_state, e.to_state, e.actor, e.at, e.channel,
                                (e.detail or {}).get("reason")) for e in events]
    return RequestView(
        "lend", request.reference, request.state, request.title, request.reply_secret, request.created_at,
        request.updated_at, None, "", "", request.library, bool(request.foreign), None, request.due_date,
        request.kind, request.charge, request.reason, entries, request_label(request.reference, request.title))


def on_loan(view: RequestView) -> bool:
    return view.kind == "ill" and view.state in ON_LOAN_STATES


def events_of(kind: str, state: str, lend_kind: str | None = None) -> list[str]:
    return events_allowed(state) if kind == "ill" else lend_events_allowed(state, lend_kind or "loan")
