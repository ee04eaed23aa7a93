"""A staff member's command about one request (an e-mail reply's first line, a Telegram prompt's answer), checked
and run through the desk: what it asks for must be readable and complete before anything changes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.staff import replies
from core.staff.desk import DeskOutcome, StaffDesk, refusal_code
from core.staff.views import RequestView, request_view
from core.understanding.staff_commands import StaffCommand


@dataclass(frozen=True)
class Handled:
    lines: list[str]
    view: RequestView | None          # the request as it is now (None: no such request)
    outcome: DeskOutcome | None = None
    note: str = "nothing changed"     # one line for the inbound message's log


async def run_command(desk: StaffDesk, reference: str, command: StaffCommand | None, staff: Actor,
                      now: dt.datetime, tr: Translator, *, expected_state: str | None = None) -> Handled:
    library = desk.library
    view = await request_view(library, reference, history=False)
    if view is None:
        return Handled([tr.gettext("{reference}: nothing changed: {reason}.", reference=reference,
                                   reason=tr.gettext("we could not find that request"))], None)
    if command is None:
        return Handled(replies.not_understood_lines(tr, view), view)
    if command.unreadable_date:
        return Handled(replies.unreadable_date_lines(tr, view, command.unreadable_date), view)
    keys = await _keys(desk, view, command)
    if isinstance(keys, str):
        return Handled(replies.missing_data_lines(tr, view, command.event, keys), view)
    missing = desk.missing_data(view.kind, command.event, keys, view.lend_kind)
    if missing is None and command.event == "locate" and not keys.get("lender"):
        missing = "lender"
    if missing:
        return Handled(replies.missing_data_lines(tr, view, command.event, missing), view)
    past = desk.past_due_date(view.kind, command.event, keys, now)
    if past is not None:
        today = library.calendar.local_date(library.ctx.aware(now))
        return Handled(replies.past_date_lines(tr, view, past, today), view,
                       note=f"{reference} {command.event}: refused, {past.isoformat()} is before today")
    outcome = await desk.act(view.kind, keys, now, staff, expected_state=expected_state)
    after = await request_view(library, reference, history=True)
    note = f"{reference} {command.event}: " + ("ok" if outcome.ok else refusal_code(outcome))
    # a typed reply (not a button, which carries the state it was pressed in) may have been misread
    lines = replies.outcome_lines(tr, library, outcome, after, read_from_words=expected_state is None)
    if outcome.ok:
        lines += replies.short_loan_lines(tr, library, after, command.event, now)
    return Handled(lines, after, outcome, note)


async def _keys(desk: StaffDesk, view: RequestView, command: StaffCommand) -> dict | str:
    """The action's keys, or the name of the data that is missing (a candidate number with no such candidate)."""
    keys: dict = {"request": view.reference, "event": command.event}
    if view.kind == "ill":
        lender, foreign = command.lender, command.foreign
        if command.choice is not None:
            candidates = await desk.lender_candidates(view.reference)
            if not 1 <= command.choice <= len(candidates):
                return "lender"
            chosen = candidates[command.choice - 1]
            # "locate foreign 2": what staff say of the library wins over what the catalogue said
            lender, foreign = chosen.name, chosen.foreign if command.foreign is None else command.foreign
        if command.event == "locate" and lender:
            keys.update(lender=lender, foreign=bool(foreign))
        if command.date is not None:
            keys["lender_due"] = command.date
    elif command.date is not None:
        keys["due"] = command.date
    if command.reason:
        keys["reason"] = command.reason[:1000]
    return keys
