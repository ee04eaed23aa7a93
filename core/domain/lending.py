"""Interlibrary loan, lending side: other libraries ask this one for items and article copies (seeds/004).

Foreign borrowers pay in IFLA vouchers (one per loan, half per copy), domestic ones a copy price; every voucher
received goes into the voucher ledger."""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from core.domain.codes import Refusal
from core.plumbing.context import Actor, Context, audit
from core.domain.fines import ZERO
from core.domain.ill import parse_reference
from core.storage.models import LendEvent, LendRequest, VoucherMovement

# event -> (states allowed in, resulting state); `close` from `shipped` only for copies (they do not come back).
LEND_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": (("received",), "approved"),
    "reject": (("received",), "rejected"),
    "ship": (("approved",), "shipped"),
    "request_renewal": (("shipped",), "shipped"),
    "return": (("shipped",), "returned"),
    "close": (("returned", "shipped"), "closed"),
}


def lend_events_allowed(state: str, kind: str) -> list[str]:
    """The events allowed on a lending request in `state` (loans and copies differ), in the table's order."""
    return [event for event in LEND_TRANSITIONS if lend_allowed(event, state, kind)]


def lend_allowed(event: str, state: str, kind: str) -> bool:
    if event not in LEND_TRANSITIONS or state not in LEND_TRANSITIONS[event][0]:
        return False
    if event == "return" and kind != "loan":
        return False
    if event == "close" and state == "shipped" and kind != "copy":
        return False
    if event == "request_renewal" and kind != "loan":
        return False
    return True


@dataclass(frozen=True)
class LendResult:
    ok: bool
    error: Refusal | None = None
    request: str | None = None
    state: str | None = None
    charge: Decimal | None = None
    due: dt.date | None = None


class Lending:
    def __init__(self, context: Context):
        self.ctx = context
        self.policy = context.policy
        self.calendar = context.calendar

    def charge_for(self, foreign: bool, kind: str) -> tuple[Decimal, Decimal]:
        """(charge in money, vouchers) the borrowing library owes."""
        ill = self.policy.ill
        if foreign:
            vouchers = ill.lend_loan_vouchers if kind == "loan" else ill.lend_copy_vouchers
            return (vouchers * ill.ifla_voucher).quantize(ZERO), vouchers
        return (ZERO if kind == "loan" else ill.domestic_copy_price), ZERO

    async def receive(self, library: str, foreign: bool, kind: str, title: str, now: dt.datetime,
                      actor: Actor) -> LendResult:
        now = self.ctx.aware(now)
        if kind not in ("loan", "copy") or not (library or "").strip() or not (title or "").strip():
            return LendResult(False, Refusal.INVALID_REQUEST)
        charge, vouchers = self.charge_for(foreign, kind)
        async with self.ctx.transaction() as session:
            request = LendRequest(library=library.strip(), foreign=bool(foreign), kind=kind, title=title.strip(),
                                  state="received", charge=charge, vouchers=vouchers, created_at=now,
                                  updated_at=now, reply_secret=secrets.token_hex(8))
            session.add(request)
            await session.flush()
            session.add(LendEvent(request_id=request.id, at=now, event="receive", from_state="", to_state="received",
                                  actor=actor.name, channel=actor.channel, detail={"library": library}))
            audit(session, actor, now, "lend_request", request.reference, library=library, kind=kind)
            return LendResult(True, None, request.reference, "received", charge)

    async def event(self, reference: str, event: str, now: dt.datetime, actor: Actor, *,
                    due: dt.date | None = None, reason: str | None = None) -> LendResult:
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            request_id = parse_reference(reference, "LEND")
            request = None if request_id is None else (await session.execute(
                select(LendRequest).where(LendRequest.id == request_id).with_for_update()
                .execution_options(populate_existing=True))).scalar_one_or_none()
            if request is None:
                return LendResult(False, Refusal.UNKNOWN_REQUEST, reference)
            if not lend_allowed(event, request.state, request.kind):
                return LendResult(False, Refusal.INVALID_TRANSITION, request.reference, request.state)
            outcome: dict = {}
            if event == "request_renewal":
                deadline = self.calendar.open_days_before(request.due_date,
                                                          self.policy.ill.renewal_notice_working_days) \
                    if request.due_date else None
                if deadline is not None and self.calendar.local_date(now) > deadline:
                    return LendResult(False, Refusal.TOO_LATE, request.reference, request.state,
                                      due=request.due_date)
                if due is not None:
                    request.due_date = due
                outcome["due"] = request.due_date
            elif event == "ship":
                if request.kind == "loan" and due is not None:
                    request.due_date = due
                outcome.update(charge=request.charge, due=request.due_date)
                if request.vouchers > 0:  # the invoice travels with the item; vouchers come back to us
                    session.add(VoucherMovement(at=now, kind="received", quantity=request.vouchers,
                                                reference=request.reference, note=request.library))
            elif event == "reject":
                request.reason = reason
            before, request.state = request.state, LEND_TRANSITIONS[event][1]
            request.updated_at = now
            session.add(LendEvent(request_id=request.id, at=now, event=event, from_state=before,
                                  to_state=request.state, actor=actor.name, channel=actor.channel,
                                  detail={"due": due.isoformat() if due else None, "reason": reason}))
            audit(session, actor, now, f"lend_{event}", request.reference, from_state=before,
                  to_state=request.state, reason=reason)
            return LendResult(True, None, request.reference, request.state, **outcome)
