"""Words for staff: request states as the desk names them, the canonical form of each event with its data, and
the lines every staff confirmation carries (new state in words and by code, the events now possible).

Patron-facing words for the same states are in `core.plumbing.wording` ("on loan to you"); staff read the desk's
view ("lent to the patron"). The canonical event forms stay English in every language (they are what a reply may
always say); only their placeholders are translated.
"""
from __future__ import annotations

from core.domain.codes import Refusal
from core.plumbing import wording
from core.plumbing.i18n import Translator


def refusal(tr: Translator, code) -> str:
    """Why a staff action was refused, said of the patron (staff read it, not the patron: never "your debt");
    codes that name no patron keep the patrons' wording."""
    texts = {
        Refusal.UNKNOWN_PATRON: tr.gettext("there is no patron with that card number"),
        Refusal.RESTRICTED: tr.gettext("the patron's account has a restriction"),
        Refusal.HOME_LOANS_NOT_ALLOWED: tr.gettext("the patron's membership allows using items in the library only"),
        Refusal.FINE_LIMIT: tr.gettext("the patron owes more than the limit allows (fines and fees)"),
        Refusal.MAX_LOANS_TOTAL: tr.gettext("the patron has reached the maximum number of loans"),
        Refusal.MAX_LOANS: tr.gettext("the patron has reached the maximum number of loans of this kind"),
        Refusal.NOT_ON_LOAN: tr.gettext("the item is not on loan to that patron"),
        Refusal.TOO_MANY_SELF_RENEWALS: tr.gettext("the patron has renewed it as many times as they may"),
        Refusal.OVERDUE: tr.gettext("the loan is overdue"),
        Refusal.ALREADY_HELD: tr.gettext("the patron already has this item reserved or on loan"),
        Refusal.MAX_HOLDS: tr.gettext("the patron has reached the maximum number of reservations"),
        Refusal.NO_HOLD: tr.gettext("the patron has no reservation for this item"),
        Refusal.OVERPAYMENT: tr.gettext("the amount is more than the patron owes"),
        Refusal.ILL_NOT_ALLOWED: tr.gettext("the patron's membership does not include interlibrary loan"),
        Refusal.ILL_DEBTS: tr.gettext("the patron owes the library money; interlibrary loan needs an account with "
                                      "no debts"),
        Refusal.ILL_LIMIT: tr.gettext("the patron already has the maximum number of open interlibrary loan "
                                      "requests"),
        Refusal.UNKNOWN_CHARGE: tr.gettext("the patron has no unpaid charge with that number"),
    }
    known = Refusal(code) if code in Refusal._value2member_map_ else None
    return texts.get(known) or wording.refusal(tr, code)


def words_title(tr: Translator, view, quoted: bool = False) -> str:
    """A request's title for staff; without one, its identifier (ISBN …) or "title not given", never «»."""
    if view.title:
        return f"«{view.title}»" if quoted else view.title
    label = view.label
    return label[len(view.reference):].strip() or tr.gettext("title not given")


def ill_state(tr: Translator, state: str) -> str:
    return {
        "requested": tr.gettext("new, waiting for staff"),
        "located": tr.gettext("lender found"),
        "sent": tr.gettext("sent to the lender"),
        "approved": tr.gettext("approved by the lender"),
        "rejected": tr.gettext("rejected"),
        "shipped": tr.gettext("shipped by the lender"),
        "arrived": tr.gettext("arrived, waiting for the patron"),
        "checked_out": tr.gettext("lent to the patron"),
        "renewal_requested": tr.gettext("extension requested from the lender"),
        "returned": tr.gettext("returned by the patron"),
        "shipped_back": tr.gettext("shipped back to the lender"),
        "closed": tr.gettext("closed"),
        "cancelled": tr.gettext("cancelled"),
    }.get(state, state)


def lend_state(tr: Translator, state: str) -> str:
    return {
        "received": tr.gettext("received, waiting for our decision"),
        "approved": tr.gettext("we agreed to supply it"),
        "rejected": tr.gettext("we declined"),
        "shipped": tr.gettext("sent to the borrowing library"),
        "returned": tr.gettext("returned to us"),
        "closed": tr.gettext("closed"),
    }.get(state, state)


def state_words(tr: Translator, kind: str, state: str | None) -> str:
    """"bulundu (located)": the state in the reader's words and by its code."""
    if state is None:
        return "-"
    words = ill_state(tr, state) if kind == "ill" else lend_state(tr, state)
    return f"{words} ({state})"


def event_form(tr: Translator, kind: str, event: str, lend_kind: str | None = None) -> list[str]:
    """The canonical reply forms of one event, with translated placeholders: `locate <library>`, …"""
    library, reason = tr.gettext("<library>"), tr.gettext("<reason>")
    if kind == "ill":
        return {
            "locate": [f"locate {library}", f"locate foreign {library}"],
            "reject": [f"reject {reason}"],
            "arrive": ["arrive " + tr.gettext("<lender's due date>")],
            "renewal_granted": ["renewal_granted " + tr.gettext("<new due date>")],
            "correct_due": ["correct_due " + tr.gettext("<lender's due date>")],
        }.get(event, [event])
    if event == "ship" and lend_kind != "copy":
        return ["ship " + tr.gettext("<due date>")]
    if event == "request_renewal":
        return ["request_renewal " + tr.gettext("<new due date>")]
    if event == "reject":
        return [f"reject {reason}"]
    return [event]


def events_line(tr: Translator, kind: str, events: list[str], lend_kind: str | None = None) -> str:
    """"send | reject <reason> | cancel", or a note that nothing more can happen."""
    forms = [form for event in events for form in event_form(tr, kind, event, lend_kind)]
    return " | ".join(forms) if forms else tr.gettext("(none: the request is finished)")


def event_label(tr: Translator, kind: str, event: str) -> str:
    """A button's words for an event (Telegram)."""
    if kind == "lend":
        return {"approve": tr.gettext("Agree to supply"), "reject": tr.gettext("Decline"),
                "ship": tr.gettext("Sent to the borrower"), "request_renewal": tr.gettext("Extension asked"),
                "return": tr.gettext("Returned to us"), "close": tr.gettext("Close")}.get(event, event)
    return {"locate": tr.gettext("Lender found"), "send": tr.gettext("Sent to the lender"),
            "approve": tr.gettext("Lender approved"), "reject": tr.gettext("Reject"),
            "ship": tr.gettext("Lender shipped it"), "arrive": tr.gettext("Arrived"),
            "checkout": tr.gettext("Lent to the patron"), "request_renewal": tr.gettext("Extension asked"),
            "renewal_granted": tr.gettext("Extension granted"), "renewal_refused": tr.gettext("Extension refused"),
            "return": tr.gettext("Returned by the patron"), "ship_back": tr.gettext("Shipped back"),
            "close": tr.gettext("Close"), "cancel": tr.gettext("Cancel the request"),
            "correct_due": tr.gettext("Correct the lender's due date")}.get(event, event)


def button_data(kind: str, reference: str, event: str, state: str, choice: int | None = None) -> str:
    """Callback data of an event's button: `ill:ILL-7:locate:requested` — the canonical event name, and the state
    the staff member saw (so that a press after someone else's change is told so, not applied); a holding library's
    button adds its number among the request's candidate lenders (`ill:ILL-7:locate:requested:2`)."""
    return f"{kind}:{reference}:{event}:{state}" + (f":{choice}" if choice is not None else "")


def event_buttons(tr: Translator, kind: str, reference: str, state: str, events: list[str]) -> list[list[dict]]:
    """One button per event, two to a row."""
    buttons = [{"text": event_label(tr, kind, event), "data": button_data(kind, reference, event, state)}
               for event in events]
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def lender_buttons(tr: Translator, reference: str, state: str, lenders, limit: int) -> list[list[dict]]:
    """One button per holding library (the first `limit`, best first), each locating the request there at one
    press; the number is the library's in the list staff read."""
    return [[{"text": lender_label(tr, number, lender),
              "data": button_data("ill", reference, "locate", state, number)}]
            for number, lender in enumerate(lenders[:limit], start=1)]


def lender_label(tr: Translator, number: int, lender) -> str:
    """A holding library's button: "2. Ankara Üniversitesi", "3. British Library (abroad)"."""
    text = f"{number}. {lender.name}" + (f" ({tr.gettext('abroad')})" if lender.foreign else "")
    return text if len(text) <= 60 else text[:59] + "…"
