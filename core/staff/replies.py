"""What staff are told after acting on a request, by e-mail or Telegram: the new state in words and by its code,
what the change set (due dates, fees), the events possible now; or why nothing changed. Lines in the reader's
language; the front ends add the greeting, the `Ref:` line (mail) or the buttons (Telegram)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.domain.codes import Refusal
from core.library import Library
from core.plumbing import wording
from core.plumbing.i18n import Translator
from core.staff import words
from core.staff.desk import STATE_CHANGED, DeskOutcome
from core.staff.views import RequestView

def possible_line(tr: Translator, view: RequestView) -> str:
    return tr.gettext("You can reply with: {events}",
                      events=words.events_line(tr, view.kind, view.events, view.lend_kind))


def outcome_lines(tr: Translator, library: Library, outcome: DeskOutcome, view: RequestView | None,
                  read_from_words: bool = False) -> list[str]:
    """After an event: done (new state, its consequences, what is possible now) or refused (why, state kept).
    A step refused in this state after reading it from the staff member's words says which step was read, so that
    a misreading shows ("I read your reply as "Shipped back" (ship_back)…") and the canonical form can be sent."""
    reference = outcome.reference or (view.reference if view else "")
    if view is None:
        return [tr.gettext("{reference}: nothing changed: {reason}.", reference=reference,
                           reason=words.refusal(tr, outcome.error))]
    state = words.state_words(tr, view.kind, view.state)
    if outcome.error == STATE_CHANGED:
        lines = [tr.gettext("{reference} has changed since you looked: it is now {state}. Nothing was done.",
                            reference=reference, state=state)]
        if view.history:
            last = view.history[-1]
            lines.append(tr.gettext("Last change: {event} by {who}, {when}.", event=last.event, who=last.who,
                                    when=_when(tr, library, last.when)))
        return lines + [possible_line(tr, view)]
    if not outcome.ok:
        where = tr.gettext("It is {state}.", state=state)
        event = outcome.extra.get("event")
        if read_from_words and event and outcome.error == Refusal.INVALID_TRANSITION:
            where = tr.gettext("I read your reply as \"{step}\" ({event}), which is not possible while it is "
                               "{state}.", step=words.event_label(tr, view.kind, event), event=event, state=state)
        return [tr.gettext("{reference}: nothing changed: {reason}.", reference=reference,
                           reason=words.refusal(tr, outcome.error)), where, possible_line(tr, view)]
    lines = [tr.gettext("{reference}: new state: {state}.", reference=reference, state=state)]
    located = outcome.extra.get("event") == "locate" or (view.kind == "ill" and view.state == "located")
    if located and view.lender:   # every locate repeats the lender, also one a number or button chose
        lines.append(lender_line(tr, view.lender, view.foreign))
    lines += consequence_lines(tr, library, outcome.result, view.kind)
    return lines + [possible_line(tr, view)]


def short_loan_lines(tr: Translator, library: Library, view: RequestView | None, event: str,
                     now: dt.datetime) -> list[str]:
    """After an arrival or a corrected due date: a warning when the lender's date leaves the patron a due date
    that has already passed (the return buffer of open days is longer than the time left)."""
    if view is None or view.kind != "ill" or event not in ("arrive", "correct_due") or not view.lender_due:
        return []
    patron_due = library.ill.patron_due_for(view.lender_due)
    if patron_due >= library.ctx.aware(now):
        return []
    days = library.policy.ill.return_buffer_working_days
    return [tr.ngettext("Careful: the lender's date {lender_due} leaves the patron a due date that has already "
                        "passed ({due}), since {n} open day is kept for the return. Ask the lender for more time, "
                        "or lend it for use in the library only.",
                        "Careful: the lender's date {lender_due} leaves the patron a due date that has already "
                        "passed ({due}), since {n} open days are kept for the return. Ask the lender for more "
                        "time, or lend it for use in the library only.", days, lender_due=tr.date(view.lender_due),
                        due=tr.date(library.calendar.local_date(patron_due)))]


def lender_line(tr: Translator, lender: str, foreign: bool) -> str:
    """The lender as recorded, and whether it is abroad: staff see at once what a `locate` understood."""
    where = tr.gettext("abroad") if foreign else tr.gettext("in the country")
    return tr.gettext("Lending library: {lender} ({where}).", lender=lender, where=where)


def consequence_lines(tr: Translator, library: Library, result: dict, kind: str) -> list[str]:
    currency, lines = library.policy.library.currency, []
    if result.get("due") and kind == "ill":
        due = library.ctx.aware(dt.datetime.fromisoformat(result["due"]))
        lines.append(tr.gettext("The patron's due date: {due}.", due=tr.moment(due)))
    if result.get("due") and kind == "lend":
        lines.append(tr.gettext("Due back: {date}.", date=tr.date(dt.date.fromisoformat(result["due"]))))
    if result.get("fee") not in (None, "0.00"):
        lines.append(tr.gettext("Charged to the patron: {amount}.", amount=tr.money(Decimal(result["fee"]), currency)))
    if result.get("days_late"):
        lines.append(tr.ngettext("{n} day late; fine {amount}.", "{n} days late; fine {amount}.", result["days_late"],
                                 amount=tr.money(Decimal(result["fine"]), currency)))
    if kind == "lend" and result.get("charge") not in (None, "0.00"):
        lines.append(tr.gettext("The borrowing library's charge: {amount}.",
                                amount=tr.money(Decimal(result["charge"]), currency)))
    return lines


def not_understood_lines(tr: Translator, view: RequestView) -> list[str]:
    return [tr.gettext("I did not understand; you can write: {events}",
                       events=words.events_line(tr, view.kind, view.events, view.lend_kind)),
            tr.gettext("{reference} is {state}; nothing changed.", reference=view.reference,
                       state=words.state_words(tr, view.kind, view.state))]


def unreadable_date_lines(tr: Translator, view: RequestView, written: str) -> list[str]:
    return [tr.gettext("I could not read the date \"{text}\"; nothing changed. Please write it like 2027-01-15, "
                       "15.01.2027 or 15 January 2027.", text=written[:60]), possible_line(tr, view)]


def past_date_lines(tr: Translator, view: RequestView, day: dt.date, today: dt.date) -> list[str]:
    return [tr.gettext("{reference}: nothing changed: the due date {date} is before today ({today}). Please check "
                       "it and write it again.", reference=view.reference, date=tr.date(day), today=tr.date(today)),
            possible_line(tr, view)]


def missing_data_lines(tr: Translator, view: RequestView, event: str, data: str) -> list[str]:
    example = {"lender": f"{event} Ankara Üniversitesi", "lender_due": f"{event} 2027-01-15",
               "due": f"{event} 2027-01-15", "reason": f"{event} …"}.get(data, event)
    return [tr.gettext("{event} needs {what}; nothing changed. For example: {example}", event=event,
                       what=data_words(tr, data), example=example), possible_line(tr, view)]


def data_words(tr: Translator, data: str) -> str:
    return {"lender": tr.gettext("the lending library's name"), "lender_due": tr.gettext("the lender's due date"),
            "due": tr.gettext("the due date"), "reason": tr.gettext("the reason")}.get(data, data)


def _when(tr: Translator, library: Library, moment: dt.datetime) -> str:
    local = library.calendar.local(moment)
    return f"{tr.date(local)} {tr.time(local)}"
