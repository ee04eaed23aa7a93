"""Codes into words: refusal reasons and ILL states, in the reader's language.

Every sentence is a gettext message, so it exists in all four catalogs; the front ends only arrange them.
"""
from __future__ import annotations

from core.domain.codes import Refusal
from core.plumbing.i18n import Translator


def refusal(tr: Translator, code: Refusal | str | None) -> str:
    texts = {
        Refusal.UNKNOWN_PATRON: tr.gettext("we could not find your library account"),
        Refusal.UNKNOWN_ITEM: tr.gettext("we could not find that item"),
        Refusal.UNKNOWN_REQUEST: tr.gettext("we could not find that request"),
        Refusal.ALREADY_ON_LOAN: tr.gettext("the item is already on loan"),
        Refusal.RESTRICTED: tr.gettext("your account has a restriction; please contact the library"),
        Refusal.HOME_LOANS_NOT_ALLOWED: tr.gettext("your membership allows using items in the library only"),
        Refusal.NOT_FOR_LOAN: tr.gettext("the item is for use in the reading room only"),
        Refusal.FINE_LIMIT: tr.gettext("what you owe the library (fines and fees) is above the limit"),
        Refusal.MAX_LOANS_TOTAL: tr.gettext("you have reached the maximum number of loans"),
        Refusal.MAX_LOANS: tr.gettext("you have reached the maximum number of loans of this kind"),
        Refusal.ON_HOLD_FOR_OTHER: tr.gettext("the item is reserved for another reader"),
        Refusal.NOT_ON_LOAN: tr.gettext("the item is not on loan to you"),
        Refusal.NOT_RENEWABLE: tr.gettext("this kind of item cannot be renewed"),
        Refusal.NOT_SELF_RENEWABLE: tr.gettext("this loan can only be renewed at the library desk"),
        Refusal.TOO_MANY_RENEWALS: tr.gettext("the loan has already been renewed as many times as allowed"),
        Refusal.TOO_MANY_SELF_RENEWALS: tr.gettext(
            "you have already renewed this loan yourself as many times as allowed; the library desk may renew it"),
        Refusal.ON_HOLD: tr.gettext("another reader has reserved the item"),
        Refusal.RENEWAL_CUTOFF: tr.gettext("renewals cannot go past the end-of-year return date"),
        Refusal.OVERDUE: tr.gettext("the loan is overdue; please return it or contact the library"),
        Refusal.NO_TERM: tr.gettext("no term is defined for this loan yet"),
        Refusal.ALREADY_HELD: tr.gettext("you already have this item reserved or on loan"),
        Refusal.MAX_HOLDS: tr.gettext("you have reached the maximum number of reservations"),
        Refusal.NO_HOLD: tr.gettext("you have no reservation for this item"),
        Refusal.INVALID_AMOUNT: tr.gettext("the amount is not valid"),
        Refusal.OVERPAYMENT: tr.gettext("the amount is more than you owe"),
        Refusal.ILL_NOT_ALLOWED: tr.gettext("your membership does not include interlibrary loan"),
        Refusal.ILL_DEBTS: tr.gettext("interlibrary loan requires an account with no debts; please settle your balance first"),
        Refusal.ILL_LIMIT: tr.gettext("you already have the maximum number of open interlibrary loan requests"),
        Refusal.COPY_ONLY: tr.gettext("from periodicals and reference works we can only order copies of articles or chapters"),
        Refusal.INVALID_TRANSITION: tr.gettext("that step is not possible in the request's current state"),
        Refusal.TOO_LATE: tr.gettext("it is too late to ask the lending library for an extension"),
        Refusal.INVALID_REQUEST: tr.gettext("the request is missing a title"),
        Refusal.UNKNOWN_CHARGE: tr.gettext("there is no unpaid charge with that number"),
    }
    return texts.get(Refusal(code) if code in Refusal._value2member_map_ else code,
                     tr.gettext("the request could not be completed"))


def charge_kind(tr: Translator, kind: str) -> str:
    """What a charge is for, in a few words (a patron's account, the desk's list of charges)."""
    return {"fine": tr.gettext("overdue fine"), "ill_fee": tr.gettext("interlibrary loan fee"),
            "ill_lost": tr.gettext("lost or damaged interlibrary loan item"),
            "ill_repeat": tr.gettext("cost of ordering a title again")}.get(kind, kind)


def charge_detail(tr: Translator, line) -> str:
    """What a charge is for, and for a fine the days late it was charged for, in the reader's language."""
    if line.days_late is None:
        return line.description
    if line.renewed:
        late = tr.ngettext("{n} day late when renewed", "{n} days late when renewed", line.days_late)
    else:
        late = tr.ngettext("{n} day late", "{n} days late", line.days_late)
    return f"{line.description}, {late}"


def ill_state(tr: Translator, state: str) -> str:
    texts = {
        "requested": tr.gettext("received, waiting for the library staff"),
        "located": tr.gettext("a lending library has been found"),
        "sent": tr.gettext("sent to the lending library"),
        "approved": tr.gettext("approved by the lending library"),
        "rejected": tr.gettext("rejected"),
        "shipped": tr.gettext("on its way from the lending library"),
        "arrived": tr.gettext("arrived, ready to be picked up"),
        "checked_out": tr.gettext("on loan to you"),
        "renewal_requested": tr.gettext("extension requested from the lending library"),
        "returned": tr.gettext("returned, thank you"),
        "shipped_back": tr.gettext("sent back to the lending library"),
        "closed": tr.gettext("closed"),
        "cancelled": tr.gettext("cancelled"),
    }
    return texts.get(state, state)


def renewal_line(tr: Translator, result, currency: str) -> str:
    """One renewal's outcome for the patron: the new due date, and the fine charged when the loan was overdue
    (contracts §1: renewing an overdue loan turns the fine so far into a charge); or why not, and the due date
    that stands."""
    title = f"{result.title or ''} ({result.barcode})".strip()
    if not result.ok:
        return tr.gettext("{title}: not renewed: {reason}. It is still due {due}.", title=title,
                          reason=refusal(tr, result.error), due=tr.moment(result.due))
    line = tr.gettext("{title}: renewed, now due {due}.", title=title, due=tr.moment(result.due))
    if result.fine:
        line += " " + tr.gettext("It was overdue: the fine so far, {amount}, has been added to your account.",
                                 amount=tr.money(result.fine, currency))
    return line


def return_by(tr: Translator, due, now) -> str:
    """"Please return it by <due>", or, once that moment has passed, that it is overdue since then."""
    if due is None:
        return tr.gettext("Please return it as soon as you no longer need it.")
    if due < now:
        return tr.gettext("It has been overdue since {due}; please return it as soon as possible.",
                          due=tr.moment(due))
    return tr.gettext("Please return it by {due}.", due=tr.moment(due))


def hold_queue(tr: Translator, title: str, barcode: str, place: int, pickup_days: int) -> str:
    """A hold placed behind other readers': how many get the item first and the patron's place in the queue (not
    "reserved for you": the item goes to those ahead first), then what happens when it is their turn."""
    return tr.ngettext(
        "Your reservation of «{title}» ({barcode}) is placed, but {n} reader reserved it before you and gets it "
        "first: your place in the queue is {place}.",
        "Your reservation of «{title}» ({barcode}) is placed, but {n} readers reserved it before you and get it "
        "first: your place in the queue is {place}.", place - 1, title=title, barcode=barcode, place=place) + \
        " " + tr.ngettext("When it is your turn we will write to you; it will then wait for you at the library desk "
                          "for {n} day.",
                          "When it is your turn we will write to you; it will then wait for you at the library desk "
                          "for {n} days.", pickup_days)


def library_writes(tr: Translator, reason: str, indent: str = "") -> list[str]:
    """Staff's own words, whole, marked as theirs: they may be in another language than the letter's frame."""
    text_lines = [line.rstrip() for line in reason.strip().splitlines()]
    first, rest = text_lines[0], text_lines[1:]
    return [indent + tr.gettext("The library writes: {reason}", reason=first)] + \
        [indent + "  " + line if line else "" for line in rest]
