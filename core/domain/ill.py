"""Interlibrary loan, borrowing side: the request's life as an explicit state machine (ISO 18626 / ReShare style).

The transition table below is the single source of what may happen in which state; every transition is recorded
in `ill_events` with who, when, through which channel and why.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass, fields
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.accounts import ILL_LOAN_TYPE, Accounts, balance_of
from core.domain.charge_notes import late_note, lost_note, repeat_note
from core.domain.circulation import patron_by_code
from core.domain.codes import Refusal
from core.plumbing.context import Actor, Context, audit
from core.domain.fines import ZERO, overdue_fine
from core.domain.works import WORK_TYPES, Work
from core.domain.event_notices import add_event_notice
from core.storage.models import IllEvent, IllRequest, Patron, VoucherMovement

OPEN_STATES = ("requested", "located", "sent", "approved", "shipped", "arrived", "checked_out",
               "renewal_requested", "returned", "shipped_back")
FINAL_STATES = ("closed", "rejected", "cancelled")
ON_LOAN_STATES = ("checked_out", "renewal_requested")

# event -> (states it is allowed in, state it leads to; None: the request stays in its state)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "locate": (("requested", "located"), "located"),
    "send": (("located",), "sent"),
    "approve": (("sent",), "approved"),
    "reject": (("requested", "located", "sent"), "rejected"),
    "ship": (("approved",), "shipped"),
    "arrive": (("approved", "shipped"), "arrived"),
    "checkout": (("arrived",), "checked_out"),
    "request_renewal": (("checked_out",), "renewal_requested"),
    "renewal_granted": (("renewal_requested",), "checked_out"),
    "renewal_refused": (("renewal_requested",), "checked_out"),
    "return": (("checked_out", "renewal_requested"), "returned"),
    "ship_back": (("returned",), "shipped_back"),
    "close": (("shipped_back",), "closed"),
    "cancel": (("requested", "located", "sent"), "cancelled"),
    # Beyond the contract, from seeds/004: a lost or damaged item ends the loan; the lender's price is charged.
    "lost": (("checked_out", "renewal_requested", "returned"), "closed"),
    # Beyond the contract: the lender's due date recorded wrongly (a typo, last year's date) is put right; the
    # patron's due date follows and the patron is told. `renewal_granted` cannot do it outside an extension.
    "correct_due": (("arrived", "checked_out", "renewal_requested"), None),
}
EVENTS = tuple(TRANSITIONS)
COPY_TYPES = ("article", "chapter")
FULFILMENT_DAYS = "14–30"     # seeds/004: a request is filled in 14 to 30 calendar days (what patrons are told)


def allowed(event: str, state: str) -> bool:
    sources, _ = TRANSITIONS[event]
    return state in sources


def events_allowed(state: str) -> list[str]:
    """The events the transition table allows in `state`, in the table's order (what staff are offered)."""
    return [event for event, (sources, _) in TRANSITIONS.items() if state in sources]


@dataclass(frozen=True)
class WorkRequest(Work):
    """What a patron asks for: the work, and for copy_only checks the item type of the material it is in."""
    material: str | None = None

    @classmethod
    def of(cls, work: Work, material: str | None = None) -> "WorkRequest":
        return cls(**{f.name: getattr(work, f.name) for f in fields(Work)}, material=material)


@dataclass(frozen=True)
class IllResult:
    ok: bool
    error: Refusal | None = None
    request: str | None = None
    state: str | None = None
    due: dt.datetime | None = None
    fee: Decimal | None = None
    days_late: int | None = None
    fine: Decimal | None = None
    repeat_of: str | None = None


@dataclass(frozen=True)
class IllView:
    reference: str
    state: str
    title: str
    work_type: str
    created_at: dt.datetime
    updated_at: dt.datetime
    lender: str | None
    due: dt.datetime | None
    reason: str | None
    history: list[tuple[dt.datetime, str, str]]  # (when, event, to_state)
    label: str = ""                               # ILL-3 «Title», or ILL-3 (ISBN …) without a title
    since: dt.datetime | None = None              # when it came into its state (on loan: since the checkout)
    cancelled_by_patron: bool = False


def match_key(work: WorkRequest) -> str:
    """What makes two requests "the same title": ISBN, else DOI, else folded title and first author."""
    if work.isbn:
        return f"isbn:{work.isbn}"
    if work.doi:
        return f"doi:{work.doi.lower()}"
    family = work.authors[0].split(",")[0] if work.authors else ""
    return f"title:{fold(work.title)}|{fold(family)}"[:400]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").casefold().replace("ı", "i")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text).strip()


def parse_reference(reference: str, prefix: str = "ILL") -> int | None:
    match = re.fullmatch(rf"\s*{prefix}-?\s*(\d+)\s*", reference or "", re.IGNORECASE)
    return int(match[1]) if match else None


class InterlibraryLoans:
    def __init__(self, context: Context):
        self.ctx = context
        self.policy = context.policy
        self.calendar = context.calendar
        self.accounts = Accounts(context)

    # --- a new request ----------------------------------------------------------------------------------------
    async def request(self, patron_code: str, work: WorkRequest, now: dt.datetime, actor: Actor) -> IllResult:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            result = await self._request(session, patron_code, work, now, actor)
            if not result.ok:
                await self.ctx.discard(session)
            return result

    async def _request(self, session, patron_code, work, now, actor) -> IllResult:
        patron = await patron_by_code(session, patron_code, lock=True)
        if patron is None:
            return IllResult(False, Refusal.UNKNOWN_PATRON)
        # A title, or an identifier that names the work (a patron may send only an ISBN or a DOI)
        if work.type not in WORK_TYPES or not ((work.title or "").strip() or work.isbn or work.issn or work.doi):
            return IllResult(False, Refusal.INVALID_REQUEST)
        category = self.policy.category(patron.category)
        if category is None or not category.ill:
            return IllResult(False, Refusal.ILL_NOT_ALLOWED)
        if await balance_of(session, self.ctx, patron.id, now) > self.policy.ill.max_balance:
            return IllResult(False, Refusal.ILL_DEBTS)
        open_count = await session.scalar(select(func.count()).select_from(IllRequest).where(
            IllRequest.patron_id == patron.id, IllRequest.state.in_(OPEN_STATES)))
        if open_count >= self.policy.ill.max_open_requests:
            return IllResult(False, Refusal.ILL_LIMIT)
        material = self.policy.item_type_of(work.material) if work.material else None
        if material is not None and material.copy_only and work.type not in COPY_TYPES:
            return IllResult(False, Refusal.COPY_ONLY)
        key = match_key(work)
        # A repeat is the same title ordered again after an order that went ahead; a re-order after a rejected
        # or cancelled request is just another try and costs nothing extra.
        earlier = await session.scalar(select(IllRequest.id).where(
            IllRequest.patron_id == patron.id, IllRequest.match_key == key,
            IllRequest.state.not_in(("rejected", "cancelled"))).order_by(IllRequest.id).limit(1))
        request = IllRequest(
            patron_id=patron.id, state="requested", work_type=work.type, title=(work.title or "").strip(),
            authors=list(work.authors), year=work.year, publisher=work.publisher, isbn=work.isbn, issn=work.issn,
            isbn_as_written=work.isbn_as_written, uncertain_fields=work.uncertain_fields(),
            doi=work.doi.lower() if work.doi else None, container=work.container, volume=work.volume,
            issue=work.issue, pages=work.pages, edition=work.edition, material=work.material, match_key=key,
            repeat_of_id=earlier, alternatives=[], foreign=False, approval_secret=secrets.token_hex(8),
            channel=actor.channel, created_at=now, updated_at=now)
        session.add(request)
        await session.flush()
        session.add(IllEvent(request_id=request.id, at=now, event="request", from_state="", to_state="requested",
                             actor_kind=actor.kind, actor=actor.name, channel=actor.channel,
                             detail={"repeat_of": f"ILL-{earlier}" if earlier else None}))
        audit(session, actor, now, "ill_request", request.reference, title=request.title,
              repeat_of=f"ILL-{earlier}" if earlier else None)
        return IllResult(True, None, request.reference, "requested",
                         repeat_of=f"ILL-{earlier}" if earlier else None)

    async def tell_patron_registered(self, reference: str, now: dt.datetime) -> None:
        """A request staff registered for a patron (at the desk, by phone): the patron's next letter says so, as
        the reply to their own message would have."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            request = await session.get(IllRequest, parse_reference(reference))
            if request is not None:
                await self._notice(session, request, "ill_registered", now)

    # --- events -----------------------------------------------------------------------------------------------
    async def event(self, reference: str, event: str, now: dt.datetime, actor: Actor, *, lender: str | None = None,
                    foreign: bool | None = None, reason: str | None = None, lender_due: dt.date | None = None,
                    alternatives: list[str] | None = None, amount: Decimal | None = None) -> IllResult:
        """Apply one event of the transition table; anything not allowed leaves the request as it was."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            result = await self._event(session, reference, event, now, actor, lender=lender, foreign=foreign,
                                       reason=reason, lender_due=lender_due, alternatives=alternatives,
                                       amount=amount)
            if not result.ok:
                await self.ctx.discard(session)
            return result

    async def _event(self, session, reference, event, now, actor, **keys) -> IllResult:
        request_id = parse_reference(reference)
        request = None
        if request_id is not None:
            # populate_existing: a caller's unit of work may hold this row already; the locked read must see the
            # state as it is now (another staff member's event may have committed meanwhile), not as loaded.
            request = (await session.execute(select(IllRequest).where(IllRequest.id == request_id)
                                             .with_for_update().execution_options(populate_existing=True))
                       ).scalar_one_or_none()
        if request is None:
            return IllResult(False, Refusal.UNKNOWN_REQUEST, reference)
        if event not in TRANSITIONS or not allowed(event, request.state):
            return IllResult(False, Refusal.INVALID_TRANSITION, request.reference, request.state)
        patron = await session.get(Patron, request.patron_id)
        handler = getattr(self, f"_on_{event}", None)
        outcome: dict = {}
        if handler is not None:
            refused = await handler(session, request, patron, now, {**keys, "actor": actor}, outcome)
            if refused is not None:
                return IllResult(False, refused, request.reference, request.state, due=request.due_at)
        before, request.state = request.state, TRANSITIONS[event][1] or request.state
        request.updated_at = now
        session.add(IllEvent(request_id=request.id, at=now, event=event, from_state=before, to_state=request.state,
                             actor_kind=actor.kind, actor=actor.name, channel=actor.channel,
                             reason=keys.get("reason"), detail=_event_detail(keys, outcome)))
        audit(session, actor, now, f"ill_{event}", request.reference, from_state=before, to_state=request.state,
              reason=keys.get("reason"))
        return IllResult(True, None, request.reference, request.state, **outcome)

    async def _on_locate(self, session, request, patron, now, keys, outcome):
        if keys.get("lender"):
            if request.lender and request.lender != keys["lender"]:
                request.alternatives = [*request.alternatives, request.lender]
            request.lender = keys["lender"]
        if keys.get("alternatives"):
            request.alternatives = [*request.alternatives, *keys["alternatives"]]
        if keys.get("foreign") is not None:
            request.foreign = bool(keys["foreign"])

    async def _on_reject(self, session, request, patron, now, keys, outcome):
        request.reason = keys.get("reason")
        request.closed_at = now
        await self._notice(session, request, "ill_rejected", now)

    async def _on_cancel(self, session, request, patron, now, keys, outcome):
        request.reason = keys.get("reason")
        request.closed_at = now
        if keys["actor"].kind != "patron":  # a patron who cancels is answered in the reply to their own message
            await self._notice(session, request, "ill_cancelled", now)

    async def _on_arrive(self, session, request, patron, now, keys, outcome):
        if keys.get("lender_due") is not None:
            request.lender_due = keys["lender_due"]
        request.arrived_at = now
        fee = self.policy.ill.foreign_fee if request.foreign else ZERO
        await self.accounts.charge(session, patron.id, "ill_fee", fee, now,
                                   request.label, request.id)
        if request.repeat_of_id is not None:
            await self.accounts.charge(session, patron.id, "ill_repeat", self.policy.ill.repeat_order_fee, now,
                                       repeat_note(request.label), request.id)
        outcome["fee"] = fee
        if request.foreign:  # the lender is paid in IFLA vouchers: write them off the library's stock
            ill = self.policy.ill
            used = ill.lend_copy_vouchers if request.work_type in COPY_TYPES else ill.lend_loan_vouchers
            if used > 0:
                session.add(VoucherMovement(at=now, kind="used", quantity=used, reference=request.reference,
                                            note=request.lender or ""))
        await self._notice(session, request, "ill_arrived", now)

    async def _on_checkout(self, session, request, patron, now, keys, outcome):
        if request.lender_due is None:
            return Refusal.INVALID_REQUEST  # the lender's due date is recorded on arrival
        request.checkout_date = self.calendar.local_date(now)
        self._set_patron_due(request)
        outcome["due"] = request.due_at

    async def _on_request_renewal(self, session, request, patron, now, keys, outcome):
        if self._too_late_for_renewal(request.lender_due, now):
            return Refusal.TOO_LATE
        outcome["due"] = request.due_at

    async def _on_renewal_granted(self, session, request, patron, now, keys, outcome):
        if keys.get("lender_due") is not None:
            request.lender_due = keys["lender_due"]
        self._set_patron_due(request)
        outcome["due"] = request.due_at
        await self._notice(session, request, "ill_renewal_granted", now, request.due_date)

    async def _on_correct_due(self, session, request, patron, now, keys, outcome):
        if keys.get("lender_due") is None:
            return Refusal.INVALID_REQUEST
        request.lender_due = keys["lender_due"]
        if request.due_at is not None:   # lent already: the patron's due date moves with it
            self._set_patron_due(request)
        due = request.due_at or self.patron_due_for(request.lender_due)
        outcome["due"] = due
        await self._notice(session, request, "ill_due_corrected", now, self.calendar.local_date(due))

    async def _on_renewal_refused(self, session, request, patron, now, keys, outcome):
        outcome["due"] = request.due_at
        await self._notice(session, request, "ill_renewal_refused", now)

    async def _on_return(self, session, request, patron, now, keys, outcome):
        rule = self.policy.rule_for(patron.category, ILL_LOAN_TYPE)
        late, fine = (0, ZERO) if rule is None or request.due_at is None else overdue_fine(
            self.calendar, rule, request.due_at, now, self.policy.rules.count_closed_days_for_fines)
        await self.accounts.charge(session, patron.id, "fine", fine, now,
                                   late_note(request.label, late), request.id)
        request.returned_at = now
        outcome.update(days_late=late, fine=fine)

    async def _on_close(self, session, request, patron, now, keys, outcome):
        request.closed_at = now

    async def _on_lost(self, session, request, patron, now, keys, outcome):
        """The patron pays what the lending library charges (seeds/004)."""
        amount = keys.get("amount")
        amount = self.policy.ill.lost_item_fee if amount is None else amount
        await self.accounts.charge(session, patron.id, "ill_lost", amount, now,
                                   lost_note(request.label), request.id)
        request.closed_at = now
        outcome["fee"] = amount

    # --- rules ------------------------------------------------------------------------------------------------
    def patron_due_for(self, lender_due: dt.date) -> dt.datetime:
        """The patron's due date: `return_buffer_working_days` open days before the lender's, at 23:59."""
        day = self.calendar.open_days_before(lender_due, self.policy.ill.return_buffer_working_days)
        return self.calendar.end_of(day)

    def _set_patron_due(self, request: IllRequest) -> None:
        request.due_at = self.patron_due_for(request.lender_due)
        request.due_date = self.calendar.local_date(request.due_at)

    def renewal_deadline(self, lender_due: dt.date) -> dt.date:
        return self.calendar.open_days_before(lender_due, self.policy.ill.renewal_notice_working_days)

    def _too_late_for_renewal(self, lender_due: dt.date | None, now: dt.datetime) -> bool:
        return lender_due is not None and self.calendar.local_date(now) > self.renewal_deadline(lender_due)

    async def _notice(self, session: AsyncSession, request: IllRequest, kind: str, now: dt.datetime,
                      day: dt.date | None = None) -> None:
        """A letter to the patron about this event; `day` (default: the event's) keys it, so that two grants of
        different dates are two letters and the same event recorded twice is one."""
        await add_event_notice(session, "ill", request.id, kind, day or self.calendar.local_date(now),
                               request.patron_id, now)

    # --- reading ----------------------------------------------------------------------------------------------
    async def view(self, reference: str, patron_code: str | None = None) -> IllView | None:
        """A request with its history; when `patron_code` is given, only that patron's own request."""
        request_id = parse_reference(reference)
        if request_id is None:
            return None
        async with self.ctx.transaction() as session:
            request = await session.get(IllRequest, request_id)
            if request is None:
                return None
            if patron_code is not None:
                owner = await session.get(Patron, request.patron_id)
                if owner.code != patron_code:
                    return None
            return await self._view(session, request)

    async def requests_of(self, patron_code: str, include_closed: bool = False) -> list[IllView]:
        async with self.ctx.transaction() as session:
            query = (select(IllRequest).join(Patron, Patron.id == IllRequest.patron_id)
                     .where(Patron.code == patron_code).order_by(IllRequest.id))
            if not include_closed:
                query = query.where(or_(IllRequest.state.in_(OPEN_STATES)))
            return [await self._view(session, r) for r in (await session.execute(query)).scalars()]

    async def _view(self, session, request: IllRequest) -> IllView:
        events = list((await session.execute(select(IllEvent).where(IllEvent.request_id == request.id)
                                             .order_by(IllEvent.at, IllEvent.id))).scalars())
        return IllView(request.reference, request.state, request.title, request.work_type, request.created_at,
                       request.updated_at, request.lender, request.due_at, request.reason,
                       [(e.at, e.event, e.to_state) for e in events], request.label, _since(request, events),
                       any(e.event == "cancel" and e.actor_kind == "patron" for e in events))


def _since(request: IllRequest, events: list[IllEvent]) -> dt.datetime:
    """When the request came into its state: on loan, since the checkout (an extension asked or granted does
    not start the loan again); otherwise the last event that moved it into that state."""
    wanted = ("checkout",) if request.state == "checked_out" else None
    for event in reversed(events):
        if (event.event in wanted) if wanted else (event.to_state == request.state
                                                   and event.from_state != request.state):
            return event.at
    return request.updated_at


def _event_detail(keys: dict, outcome: dict) -> dict:
    detail = {}
    for key, value in {**keys, **outcome}.items():
        if value is None:
            continue
        detail[key] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else (
            str(value) if isinstance(value, Decimal) else value)
    return detail
