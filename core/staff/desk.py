"""The staff desk: every staff action of contracts §5 — the circulation desk, each event of a borrowing (ILL) and a
lending request — as one set of use cases that the command line, e-mail replies and Telegram buttons all call.

Each action is the scenario action of the same name (contracts §2), run as the staff member who acts, so its
result is exactly what `simulate` gives for the same step; the actor and channel go into the audit trail and the
request's history. Only an identity the library knows as staff acts (an address in `staff_emails`, or a Telegram
account linked to one); by e-mail the request's secret is checked as well (`secret_matches`). The patron hears
only what the domain queues (the rejection and arrival notices, and the others contracts §5 lists); the desk adds
nothing of its own. The events offered in a state come from the same transition tables the domain enforces.
"""
from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select

from core.domain.codes import Refusal
from core.domain.ill import EVENTS, events_allowed, parse_reference
from core.domain.lending import lend_events_allowed
from core.library import Library
from core.plumbing.context import Actor
from core.plumbing.outbox import queue_to_patron  # noqa: F401 - its home until core.scheduling imports it from there
from core.scenario import ScenarioRunner
from core.staff.views import request_view
from core.storage.models import Hold, IllRequest, Item, LendRequest, Patron

DESK_ACTIONS = ("checkout", "renew", "checkin", "hold", "cancel_hold", "pay", "balance", "restrict", "unrestrict",
                "ill_request", "ill", "lend_request", "lend")
# `lost` (a lost or damaged item, charged to the patron) is in the domain's table but is a decision for the desk
# in person: the command line records it; e-mail and Telegram do not offer it.
OFFERED_ILL_EVENTS = tuple(event for event in EVENTS if event != "lost")
# The data each event asks for (what a Telegram prompt collects and an e-mail reply must carry).
ILL_EVENT_DATA: dict[str, tuple[str, ...]] = {
    "locate": ("lender", "foreign"), "reject": ("reason",), "arrive": ("lender_due",),
    "renewal_granted": ("lender_due",), "correct_due": ("lender_due",)}
LEND_EVENT_DATA: dict[str, tuple[str, ...]] = {"ship": ("due",), "request_renewal": ("due",), "reject": ("reason",)}
# Data without which the event means nothing: the lender's due date of an arrival, a loan's due date when shipped.
REQUIRED_DATA: dict[tuple[str, str], str] = {("ill", "arrive"): "lender_due", ("ill", "renewal_granted"): "lender_due",
                                             ("ill", "correct_due"): "lender_due", ("lend", "ship"): "due"}
# The due dates staff give, by the side and event: one before today is a slip (last year's date, a typo).
DUE_DATA: dict[tuple[str, str], str] = {("ill", "arrive"): "lender_due", ("ill", "renewal_granted"): "lender_due",
                                        ("ill", "correct_due"): "lender_due", ("lend", "ship"): "due",
                                        ("lend", "request_renewal"): "due"}
STATE_CHANGED = "state_changed"   # not a contract code: the request moved on since the staff member last saw it


class NotStaff(PermissionError):
    """The address is not one of the policy's `staff_emails`."""


@dataclass(frozen=True)
class Lender:
    name: str
    foreign: bool


class LenderCandidates(Protocol):
    """Libraries that hold a request's work, offered as choices for `locate` (a catalogue search plugs in here)."""

    async def for_request(self, reference: str) -> list[Lender]: ...


class NoLenderCandidates:
    async def for_request(self, reference: str) -> list[Lender]:
        return []


@dataclass(frozen=True)
class DeskOutcome:
    """One staff action's result: `result` holds exactly the contract's result keys of the action."""
    action: str
    result: dict
    reference: str | None = None     # the request an ILL or lending action concerns
    before: str | None = None        # its state before the action (None: unknown request, or not a request)
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.result.get("ok", "error" not in self.result))

    @property
    def error(self) -> str | None:
        return self.result.get("error")

    @property
    def state(self) -> str | None:
        return self.result.get("state")


def request_kind(reference: str | None) -> str | None:
    """"ill" for ILL-7, "lend" for LEND-3, None for anything else."""
    if parse_reference(reference or "", "ILL") is not None:
        return "ill"
    if parse_reference(reference or "", "LEND") is not None:
        return "lend"
    return None


def canonical_reference(reference: str) -> str:
    kind = request_kind(reference)
    if kind == "ill":
        return f"ILL-{parse_reference(reference, 'ILL')}"
    if kind == "lend":
        return f"LEND-{parse_reference(reference, 'LEND')}"
    return reference.strip()


class StaffDesk:
    def __init__(self, library: Library, lenders: LenderCandidates | None = None):
        self.library = library
        self.policy = library.policy
        self.lenders = lenders or NoLenderCandidates()

    # --- who may act ------------------------------------------------------------------------------------------
    def is_staff(self, address: str | None) -> bool:
        return bool(address) and self.policy.is_staff(address)

    def staff(self, address: str | None, channel: str) -> Actor:
        """The acting staff member; `address` None means the first of `staff_emails` (the command line's default)."""
        if address is None:
            if not self.policy.library.staff_emails:
                raise NotStaff("the policy names no staff_emails")
            address = self.policy.library.staff_emails[0]
        if not self.is_staff(address):
            raise NotStaff(address)
        return Actor("staff", address.strip().lower(), channel)

    async def secret_matches(self, reference: str, secret: str | None) -> bool:
        """Whether `secret` is the one the request's staff notifications carry (compared in constant time)."""
        if not secret:
            return False
        kind, number = request_kind(reference), None
        async with self.library.ctx.transaction() as session:
            if kind == "ill":
                number = parse_reference(reference, "ILL")
                stored = await session.scalar(select(IllRequest.approval_secret).where(IllRequest.id == number))
            elif kind == "lend":
                number = parse_reference(reference, "LEND")
                stored = await session.scalar(select(LendRequest.reply_secret).where(LendRequest.id == number))
            else:
                return False
        return bool(stored) and hmac.compare_digest(secret.lower(), stored.lower())

    # --- acting -----------------------------------------------------------------------------------------------
    async def act(self, action: str, keys: dict, now: dt.datetime, staff: Actor, *,
                  expected_state: str | None = None) -> DeskOutcome:
        """Run one §2 action as `staff`. `expected_state`: for an ILL or lending event, the state the staff member
        saw when choosing it; if the request has moved on since, nothing changes (error `state_changed`)."""
        if action not in DESK_ACTIONS:
            raise ValueError(f"not a desk action: {action!r}")
        if not (staff.is_staff and self.is_staff(staff.name)):
            raise NotStaff(staff.name)
        keys = dict(keys)
        if action in ("checkout", "renew"):
            keys["via"] = "staff"
        runner = ScenarioRunner(self.library, staff)
        if action not in ("ill", "lend"):
            async with self.library.ctx.unit_of_work():   # a new request's announcement goes with it
                result = await runner.action(action, keys, now)
                outcome = DeskOutcome(action, result, result.get("request"))
                if outcome.ok and action in ("ill_request", "lend_request"):
                    from core.staff.notify import announce_new_request
                    await announce_new_request(self.library, outcome.reference, now)
                if outcome.ok and action == "ill_request":   # taken at the desk: the patron hears it was registered
                    await self.library.ill.tell_patron_registered(outcome.reference, now)
                if outcome.ok and action == "checkin":
                    outcome.extra["hold_for"] = await self._first_hold(keys["item"])
            return outcome
        reference = canonical_reference(keys["request"])
        keys["request"] = reference
        # One unit of work: the request is locked, its state compared with what the staff member saw, and the
        # event applied under that lock (two staff members pressing at once: the second sees the first's change).
        async with self.library.ctx.unit_of_work() as session:
            before = await self._lock_state(session, action, reference)
            if before is not None and expected_state is not None and before != expected_state:
                return DeskOutcome(action, {"ok": False, "state": before, "error": STATE_CHANGED}, reference, before)
            result = await runner.action(action, keys, now)
        view = await request_view(self.library, reference, history=False)
        extra = {"events": view.events, "lend_kind": view.lend_kind, "event": keys.get("event"),
                 "lender": view.lender, "foreign": view.foreign} if view is not None else {}
        return DeskOutcome(action, result, reference, before, extra)

    async def waive(self, patron: str, charge: int, amount: str | None, reason: str, now: dt.datetime,
                    staff: Actor) -> DeskOutcome:
        """Let go of one unpaid charge of `patron` (or `amount` of it), recorded with who and why. Not a §2
        action: its result is {ok, error, waived, balance}."""
        if not (staff.is_staff and self.is_staff(staff.name)):
            raise NotStaff(staff.name)
        r = await self.library.accounts.waive(patron, charge, amount, reason, now, staff)
        money = (lambda value: None if value is None else f"{value:.2f}")
        return DeskOutcome("waive", {"ok": r.ok, "error": r.error, "waived": money(r.waived),
                                     "balance": money(r.balance)})

    async def _first_hold(self, barcode: str) -> str | None:
        """The patron whose reservation a returned item now fills, if any."""
        async with self.library.ctx.transaction() as session:
            return await session.scalar(
                select(Patron.code).join(Hold, Hold.patron_id == Patron.id).join(Item, Item.id == Hold.item_id)
                .where(Item.barcode == barcode, Hold.status == "active").order_by(Hold.placed_at, Hold.id).limit(1))

    async def _lock_state(self, session, action: str, reference: str) -> str | None:
        model, prefix = (IllRequest, "ILL") if action == "ill" else (LendRequest, "LEND")
        number = parse_reference(reference, prefix)
        if number is None:
            return None
        return await session.scalar(select(model.state).where(model.id == number).with_for_update()
                                    .execution_options(populate_existing=True))

    # --- what may happen next ---------------------------------------------------------------------------------
    @staticmethod
    def ill_events(state: str) -> list[str]:
        return [event for event in events_allowed(state) if event in OFFERED_ILL_EVENTS]

    @staticmethod
    def lend_events(state: str, kind: str) -> list[str]:
        return lend_events_allowed(state, kind)

    def events_for(self, kind: str, state: str | None, lend_kind: str | None = None) -> list[str]:
        if state is None:
            return []
        return self.ill_events(state) if kind == "ill" else self.lend_events(state, lend_kind or "loan")

    @staticmethod
    def data_needed(kind: str, event: str, lend_kind: str | None = None) -> tuple[str, ...]:
        if kind == "ill":
            return ILL_EVENT_DATA.get(event, ())
        if event == "ship" and lend_kind == "copy":
            return ()
        return LEND_EVENT_DATA.get(event, ())

    @staticmethod
    def missing_data(kind: str, event: str, keys: dict, lend_kind: str | None = None) -> str | None:
        """The name of data the event cannot go without, when `keys` lacks it (a copy ships without a due date)."""
        needed = REQUIRED_DATA.get((kind, event))
        if needed is None or keys.get(needed) is not None:
            return None
        if kind == "lend" and event == "ship" and lend_kind == "copy":
            return None
        return needed

    def past_due_date(self, kind: str, event: str, keys: dict, now: dt.datetime) -> dt.date | None:
        """The due date `keys` give this event when it is before today, else None. E-mail and Telegram refuse
        it (nothing changes; staff are told the date); the command line, which must give exactly `simulate`'s
        result for the same step, records it with a warning."""
        name = DUE_DATA.get((kind, event))
        day = keys.get(name) if name else None
        today = self.library.calendar.local_date(self.library.ctx.aware(now))
        return day if isinstance(day, dt.date) and day < today else None

    async def lender_candidates(self, reference: str) -> list[Lender]:
        return await self.lenders.for_request(reference)


def refusal_code(outcome: DeskOutcome) -> str | None:
    error = outcome.error
    return None if error is None else (error.value if isinstance(error, Refusal) else str(error))
