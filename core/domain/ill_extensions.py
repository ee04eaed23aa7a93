"""A patron's wish to keep an interlibrary loan longer, and where the last one stands.

Only the lending library extends an ILL loan: the patron asks, staff ask the lender (`request_renewal`) before the
renewal deadline, the lender grants or refuses. The patron's wish is a fact about the request: it is written into
the request's history as an `extension_asked` entry (who, when, through which channel) that does not move the
request. One loan period — from the checkout, or from the last extension the lender granted — takes one wish:
a patron who asks again is told where things stand (asked already, waiting for the lender, refused, too late),
and staff get one task per wish, keyed by the wish's own history entry, never by what it is about.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import select

from core.domain.ill import ON_LOAN_STATES, InterlibraryLoans, parse_reference
from core.plumbing.context import Actor, audit
from core.storage.models import IllEvent, IllRequest, Patron

EXTENSION_ASKED = "extension_asked"          # a history entry beyond the transition table: the request stays put
PERIOD_STARTS = ("checkout", "renewal_granted")
PERIOD_EVENTS = (*PERIOD_STARTS, EXTENSION_ASKED, "request_renewal", "renewal_refused")


class Standing(str, Enum):
    NEW = "new"                 # recorded now: staff get the task
    ASKED = "asked"             # the patron asked before in this loan period; staff have the task
    REQUESTED = "requested"     # staff asked the lender; its answer is awaited
    REFUSED = "refused"         # the lender refused an extension in this loan period
    TOO_LATE = "too_late"       # past the day by which the lender must be asked
    NOT_ON_LOAN = "not_on_loan"


@dataclass(frozen=True)
class ExtensionAnswer:
    standing: Standing
    reference: str
    deadline: dt.date | None = None     # the last day to ask the lender
    due: dt.datetime | None = None      # the patron's due moment as it stands
    since: dt.datetime | None = None    # when the patron asked, staff asked the lender, or the lender refused
    wish_id: int | None = None          # the history entry recorded now (NEW)


async def period_outcomes(session, request_ids) -> dict[int, tuple[str, dt.datetime]]:
    """For each request, the last extension step of its current loan period: (`extension_asked`,
    `request_renewal` or `renewal_refused`, when). Requests with none since their checkout or last grant are absent."""
    ids = list(request_ids)
    if not ids:
        return {}
    rows = (await session.execute(
        select(IllEvent.request_id, IllEvent.event, IllEvent.at).where(
            IllEvent.request_id.in_(ids), IllEvent.event.in_(PERIOD_EVENTS))
        .order_by(IllEvent.request_id, IllEvent.at, IllEvent.id))).all()
    latest: dict[int, tuple[str, dt.datetime]] = {}
    for request_id, event, at in rows:
        if event in PERIOD_STARTS:
            latest.pop(request_id, None)
        else:
            latest[request_id] = (event, at)
    return latest


async def refused_this_period(session, request_ids) -> set[int]:
    """The requests whose lender refused an extension since their loan period began: nothing more to ask."""
    return {request_id for request_id, (event, _) in (await period_outcomes(session, request_ids)).items()
            if event == "renewal_refused"}


class IllExtensions:
    def __init__(self, ill: InterlibraryLoans):
        self.ill = ill
        self.ctx = ill.ctx
        self.calendar = ill.calendar

    async def ask(self, reference: str, patron_code: str, now: dt.datetime, actor: Actor) -> ExtensionAnswer:
        """The patron `patron_code` asks to keep `reference` longer: record the wish when it is a new one and
        there is still time to ask the lender; otherwise say where things stand. Nothing else changes."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            request = (await session.execute(
                select(IllRequest).join(Patron, Patron.id == IllRequest.patron_id)
                .where(IllRequest.id == parse_reference(reference), Patron.code == patron_code)
                .with_for_update(of=IllRequest).execution_options(populate_existing=True))).scalar_one_or_none()
            if request is None or request.state not in ON_LOAN_STATES:
                return ExtensionAnswer(Standing.NOT_ON_LOAN, reference)
            deadline = self.ill.renewal_deadline(request.lender_due) if request.lender_due else None
            answer = dict(reference=request.reference, deadline=deadline, due=request.due_at)
            last = (await period_outcomes(session, [request.id])).get(request.id)
            if request.state == "renewal_requested":
                return ExtensionAnswer(Standing.REQUESTED, since=last[1] if last else None, **answer)
            if last is not None and last[0] == "renewal_refused":
                return ExtensionAnswer(Standing.REFUSED, since=last[1], **answer)
            if deadline is None or self.calendar.local_date(now) > deadline:
                return ExtensionAnswer(Standing.TOO_LATE, **answer)
            if last is not None and last[0] == EXTENSION_ASKED:
                return ExtensionAnswer(Standing.ASKED, since=last[1], **answer)
            wish = IllEvent(request_id=request.id, at=now, event=EXTENSION_ASKED, from_state=request.state,
                            to_state=request.state, actor_kind=actor.kind, actor=actor.name, channel=actor.channel,
                            detail={"deadline": deadline.isoformat(), "lender_due": request.lender_due.isoformat()})
            session.add(wish)
            await session.flush()
            audit(session, actor, now, "ill_extension_asked", request.reference, deadline=deadline)
            return ExtensionAnswer(Standing.NEW, since=now, wish_id=wish.id, **answer)
