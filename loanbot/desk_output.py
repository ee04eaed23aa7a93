"""What `loanbot desk|ill|lend` prints: the contract's JSON, or a short answer in the staff language, and the rich
tables of `list` and `show`."""
from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal

from rich.console import Console
from rich.table import Table

from core.catalogue.report import holdings_lines
from core.plumbing import wording
from core.plumbing.i18n import Translator
from core.staff import words
from core.staff.desk import DeskOutcome
from core.staff.replies import lender_line
from core.staff.views import RequestView


def staff_translator(library) -> Translator:
    return Translator(library.policy.library.staff_lang, library.calendar.zone)


def say_outcome(library, outcome: DeskOutcome, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(outcome.result, ensure_ascii=False) + "\n")
        return
    tr = staff_translator(library)
    Console(highlight=False).print(answer(library, tr, outcome), markup=False)


def answer(library, tr: Translator, outcome: DeskOutcome) -> str:
    """The human answer to one desk action: what happened, or the refusal in words with its code."""
    r, currency = outcome.result, library.policy.library.currency
    if not outcome.ok:
        text = tr.gettext("Refused: {reason} ({code}).", reason=words.refusal(tr, outcome.error),
                          code=outcome.error)
        if outcome.action in ("ill", "lend") and r.get("state"):
            kind = outcome.action
            text += "\n" + tr.gettext("{reference} stays {state}.", reference=outcome.reference,
                                      state=words.state_words(tr, kind, r["state"]))
        return text
    money = (lambda value: tr.money(Decimal(value), currency))
    moment = (lambda value: tr.moment(library.ctx.aware(dt.datetime.fromisoformat(value))))
    action, lines = outcome.action, []
    if action == "checkout":
        lines.append(tr.gettext("Lent; due {due}.", due=moment(r["due"])))
    elif action == "renew":
        lines.append(tr.gettext("Renewed; now due {due} (renewals left: {left}).", due=moment(r["due"]),
                                left=r.get("renewals_left")))
        if r.get("fine") not in (None, "0.00"):
            lines.append(tr.gettext("The fine so far, {amount}, is now charged.", amount=money(r["fine"])))
    elif action == "checkin":
        lines.append(tr.gettext("Checked in."))
        if r.get("days_late"):
            lines.append(tr.ngettext("{n} day late; fine {amount}.", "{n} days late; fine {amount}.",
                                     r["days_late"], amount=money(r["fine"])))
        if outcome.extra.get("hold_for"):
            lines.append(tr.gettext("Reserved for {patron}: put it aside for them.", patron=outcome.extra["hold_for"]))
    elif action in ("hold", "cancel_hold", "restrict", "unrestrict"):
        lines.append(tr.gettext("Done."))
    elif action in ("pay", "balance"):
        lines.append(tr.gettext("Balance now: {amount}.", amount=money(r["balance"])))
    elif action == "waive":
        lines.append(tr.gettext("Waived: {amount}. Balance now: {balance}.", amount=money(r["waived"]),
                                balance=money(r["balance"])))
    else:
        kind = "ill" if action.startswith("ill") else "lend"
        lines.append(tr.gettext("{reference}: {state}.", reference=outcome.reference,
                                state=words.state_words(tr, kind, r.get("state"))))
        if outcome.extra.get("event") == "locate" and outcome.extra.get("lender"):
            lines.append(lender_line(tr, outcome.extra["lender"], outcome.extra.get("foreign", False)))
        if r.get("due") and kind == "ill":
            lines.append(tr.gettext("The patron's due date: {due}.", due=moment(r["due"])))
        if r.get("due") and kind == "lend":
            lines.append(tr.gettext("Due back: {date}.", date=tr.date(dt.date.fromisoformat(r["due"]))))
        if r.get("fee") not in (None, "0.00"):
            lines.append(tr.gettext("Charged to the patron: {amount}.", amount=money(r["fee"])))
        if r.get("charge") not in (None, "0.00"):
            lines.append(tr.gettext("The borrowing library's charge: {amount}.", amount=money(r["charge"])))
        if r.get("days_late"):
            lines.append(tr.ngettext("{n} day late; fine {amount}.", "{n} days late; fine {amount}.",
                                     r["days_late"], amount=money(r["fine"])))
        lend_kind = outcome.extra.get("lend_kind")
        events = outcome.extra.get("events")
        if events is not None:
            lines.append(tr.gettext("Next: {events}", events=words.events_line(tr, kind, events, lend_kind)))
    return "\n".join(lines)


def print_charges(library, charges, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps([{"charge": c.number, "kind": c.kind, "what": c.description,
                                      "days_late": c.days_late,
                                      "amount": f"{c.amount:.2f}", "owed": f"{c.owed:.2f}",
                                      "at": _local(library, c.at)} for c in charges], ensure_ascii=False) + "\n")
        return
    tr = staff_translator(library)
    currency = library.policy.library.currency
    if not charges:
        Console(highlight=False).print(tr.gettext("No unpaid charges."), markup=False)
        return
    table = Table(title=tr.gettext("Unpaid charges"))
    for column in (tr.gettext("Number"), tr.gettext("Date"), tr.gettext("Kind"), tr.gettext("For"),
                   tr.gettext("Charged"), tr.gettext("Owed")):
        table.add_column(column)
    for c in charges:
        table.add_row(str(c.number), tr.date(c.at), wording.charge_kind(tr, c.kind), wording.charge_detail(tr, c),
                      tr.money(c.amount, currency), tr.money(c.owed, currency))
    Console().print(table)


# --- list and show -------------------------------------------------------------------------------------------------
def _local(library, value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return library.calendar.local(value).strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def print_list(library, views: list[RequestView], kind: str, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps([_summary(library, v) for v in views], ensure_ascii=False) + "\n")
        return
    tr = staff_translator(library)
    title = tr.gettext("Borrowing requests") if kind == "ill" else tr.gettext("Lending requests")
    table = Table(title=f"{title} ({len(views)})")
    columns = [tr.gettext("Request"), tr.gettext("State"), tr.gettext("Patron"), tr.gettext("Title"),
               tr.gettext("Lender"), tr.gettext("Lender's due date"), tr.gettext("Patron's due date"),
               tr.gettext("Updated")] if kind == "ill" else \
        [tr.gettext("Request"), tr.gettext("State"), tr.gettext("Library"), tr.gettext("Kind"), tr.gettext("Title"),
         tr.gettext("Due back"), tr.gettext("Charge"), tr.gettext("Updated")]
    for column in columns:
        table.add_column(column)
    for v in views:
        state = words.state_words(tr, kind, v.state)
        title = words.words_title(tr, v)
        if kind == "ill":
            table.add_row(v.reference, state, v.patron or "", title, _lender(tr, v), _day(tr, v.lender_due),
                          _day(tr, v.due), tr.date(v.updated_at))
        else:
            table.add_row(v.reference, state, _lender(tr, v), lend_kind_words(tr, v.lend_kind), title,
                          _day(tr, v.due), _money(library, tr, v.charge), tr.date(v.updated_at))
    Console().print(table)


def _day(tr: Translator, value) -> str:
    """A date or a due moment for a person to read (Babel, the staff language); the JSON keeps ISO forms."""
    if value is None:
        return ""
    return tr.moment(value) if isinstance(value, dt.datetime) and value.tzinfo else tr.date(value)


def _money(library, tr: Translator, amount) -> str:
    return "" if amount is None else tr.money(amount, library.policy.library.currency)


def lend_kind_words(tr: Translator, kind: str | None) -> str:
    return {"loan": tr.gettext("a loan"), "copy": tr.gettext("an article copy")}.get(kind or "", kind or "")


def _lender(tr: Translator, view: RequestView) -> str:
    if not view.lender:
        return ""
    return f"{view.lender} ({tr.gettext('abroad')})" if view.foreign else view.lender


def _summary(library, view: RequestView) -> dict:
    out = {"request": view.reference, "state": view.state, "title": view.title}
    if view.kind == "ill":
        out.update(patron=view.patron, lender=view.lender, foreign=view.foreign,
                   lender_due=_local(library, view.lender_due) or None, due=_local(library, view.due) or None)
    else:
        out.update(library=view.lender, foreign=view.foreign, kind=view.lend_kind,
                   due=_local(library, view.due) or None, charge=f"{view.charge:.2f}")
    return out


def show_json(library, view: RequestView) -> dict:
    """contracts §5: `ill show --json` (and `lend show`, with library, kind and due)."""
    out = _summary(library, view)
    out.pop("title")
    out["title"] = view.title
    out["history"] = [{"event": h.event, "from": h.from_state or None, "to": h.to_state, "who": h.who,
                       "when": _local(library, h.when), "channel": h.channel, "reason": h.reason}
                      for h in view.history]
    out["events"] = view.events
    if view.kind == "ill":   # the libraries that hold it, best first (`locate 2` picks the second)
        out["holdings"] = view.holdings
    return out


def lookup_lines(tr: Translator, view: RequestView) -> list[str]:
    """What the catalogues said of a borrowing request: the holding libraries, numbered as `locate N` counts them."""
    if view.kind != "ill" or view.lookup is None:
        return []
    if view.lookup.state == "pending":
        return [tr.gettext("Libraries that hold it: still being looked up in the catalogues.")]
    if view.lookup.state == "failed":
        return [tr.gettext("Libraries that hold it: the catalogue look-up failed.")]
    lines = holdings_lines(tr, view.holdings)
    if view.lookup.silent:
        lines.append(tr.gettext("Did not answer: {targets}", targets="; ".join(view.lookup.silent)))
    return lines


def print_show(library, view: RequestView) -> None:
    tr = staff_translator(library)
    console = Console(highlight=False)
    console.print(f"{view.reference} {words.words_title(tr, view, quoted=True)}", markup=False)
    details = [(tr.gettext("State"), words.state_words(tr, view.kind, view.state))]
    if view.kind == "ill":
        details += [(tr.gettext("Patron"), f"{view.patron_name} ({view.patron})" if view.patron_name else view.patron),
                    (tr.gettext("Lender"), _lender(tr, view)),
                    (tr.gettext("Lender's due date"), _day(tr, view.lender_due)),
                    (tr.gettext("Patron's due date"), _day(tr, view.due))]
    else:
        details += [(tr.gettext("Library"), _lender(tr, view)), (tr.gettext("Kind"), lend_kind_words(tr, view.lend_kind)),
                    (tr.gettext("Due back"), _day(tr, view.due)),
                    (tr.gettext("Charge"), _money(library, tr, view.charge))]
    if view.reason:
        details.append((tr.gettext("Reason"), view.reason))
    for label, value in details:
        if value:
            console.print(f"{label}: {value}", markup=False)
    console.print(tr.gettext("Next: {events}", events=words.events_line(tr, view.kind, view.events,
                                                                        view.lend_kind)), markup=False)
    for line in lookup_lines(tr, view):
        console.print(line, markup=False)
    table = Table(title=tr.gettext("History"))
    for column in (tr.gettext("Event"), tr.gettext("From → to"), tr.gettext("Who"), tr.gettext("When"),
                   tr.gettext("Channel"), tr.gettext("Reason")):
        table.add_column(column)
    for h in view.history:
        when = library.calendar.local(h.when)
        table.add_row(h.event, f"{h.from_state or '—'} → {h.to_state}", h.who, f"{tr.date(when)} {tr.time(when)}",
                      h.channel, h.reason or "")
    console.print(table)
