"""One letter per patron per pass: everything due for them, grouped as library notice systems group it.

The parts of a letter are facts (what, due when, what fine, collect where and by when); this module only arranges
them into words, in sections ordered by urgency — overdue by stage, last reminder first; due soon; ready to
collect; interlibrary loan news — under a subject that names the most urgent part. The same lines serve e-mail
and Telegram, and can be appended to a reply to the patron's own message (`sections`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.domain.ill import FULFILMENT_DAYS
from core.domain.policy import Policy, text_in
from core.plumbing.i18n import Translator
from core.plumbing.wording import library_writes

OVERDUE_STAGES = ("overdue_3", "overdue_2", "overdue_1")
READY = ("hold_ready", "ill_arrived")
ILL_NEWS = ("ill_registered", "ill_rejected", "ill_renewal_refused", "ill_renewal_granted", "ill_cancelled",
            "ill_due_corrected")
# Sections in the order of the letter, most urgent first; the subject names the first one present.
SECTIONS = (*OVERDUE_STAGES, "due_soon", "ready", "ill_news")


@dataclass(frozen=True)
class LetterPart:
    """One notice's facts, read when the letter is written (a renewal since may have changed them)."""
    kind: str                           # the notice kind
    what: str                           # «Title» (barcode), or ILL-3 «Title»
    ill: bool = False                   # an interlibrary loan (it is renewed through the lender)
    extensible: bool = False            # … and the lender may still be asked (not refused, not too late)
    due: dt.datetime | None = None      # the loan's due moment (for an arrival: the patron's due date to come)
    fine: Decimal | None = None         # overdue fine so far
    fine_capped: bool = False           # … and it has reached the rule's cap: it will not grow
    pickup_by: dt.date | None = None    # a filled hold waits until this day
    fee: Decimal = Decimal("0.00")      # charged at an ILL arrival (foreign fee, repeat order)
    reason: str | None = None           # the library's own words (rejection, refusal, cancellation)
    self_renewable: bool = False        # the patron may renew it by replying
    nominal: dt.date | None = None      # the day the notice was meant for
    late: bool = False                  # delivered after that day (loanbot was not running)
    overdue_now: bool = False           # the loan is past its due date as the letter is written
    collected: bool = False             # an arrival already lent to the patron at the desk (its fee still to tell)

    @property
    def section(self) -> str:
        if self.kind == "due_soon" and self.overdue_now:
            return "overdue_1"   # a due-soon reminder that comes after the due date says the loan is late
        if self.kind in READY and not self.collected:
            return "ready"
        if self.kind == "ill_arrived":
            return "ill_news"
        if self.kind in ILL_NEWS:
            return "ill_news"
        return self.kind


@dataclass(frozen=True)
class Letter:
    subject: str
    lines: list[str]


class LetterWriter:
    """Arranges letter parts into a patron's letter in their language."""

    def __init__(self, policy: Policy, tr: Translator):
        self.policy = policy
        self.tr = tr
        self.currency = policy.library.currency

    # --- the whole letter -------------------------------------------------------------------------------------
    def letter(self, parts: list[LetterPart]) -> Letter:
        tr = self.tr
        lines = [tr.gettext("Hello,"), "", *self.sections(parts), *self.apology(parts), "", self.signature()]
        return Letter(self.subject(parts), lines)

    def apology(self, parts: list[LetterPart]) -> list[str]:
        late = sorted(p.nominal for p in parts if p.late and p.nominal is not None)
        if not late:
            return []
        return ["", self.tr.gettext("(This letter should have reached you on {date}; we are sorry it is late.)",
                                    date=self.tr.date(late[0]))]

    def signature(self) -> str:
        return self.tr.gettext("{library} (loanbot, an automatic assistant)", library=self.policy.library.name)

    def sections(self, parts: list[LetterPart]) -> list[str]:
        """The letter's body without greeting and signature: one block per section present, blank-line apart;
        the overdue stages share one closing request to return them."""
        blocks = []
        for section in SECTIONS:
            chosen = [p for p in parts if p.section == section]
            if chosen:
                blocks.append(self._section(section, chosen))
        overdue = [p for p in parts if p.section in OVERDUE_STAGES]
        if overdue:
            stages = len({p.section for p in overdue})
            blocks[stages - 1] = blocks[stages - 1] + [self.tr.ngettext(
                "Please return it as soon as possible.", "Please return them as soon as possible.", len(overdue))]
        lines: list[str] = []
        for block in blocks:
            lines += (["", *block] if lines else block)
        return lines

    # --- the subject ------------------------------------------------------------------------------------------
    def subject(self, parts: list[LetterPart]) -> str:
        tr = self.tr
        section = next(s for s in SECTIONS if any(p.section == s for p in parts))
        chosen = [p for p in parts if p.section == section]
        n = len(chosen)
        if section == "overdue_3":
            return tr.ngettext("Last reminder: your loan is overdue", "Last reminder: {n} of your loans are overdue", n)
        if section == "overdue_2":
            return tr.ngettext("Second reminder: your loan is overdue",
                               "Second reminder: {n} of your loans are overdue", n)
        if section == "overdue_1":
            return tr.ngettext("Your loan is overdue", "{n} of your loans are overdue", n)
        if section == "due_soon":
            return tr.ngettext("Your loan is due soon", "{n} of your loans are due soon", n)
        if section == "ready":
            if all(p.kind == "ill_arrived" for p in chosen):
                return tr.ngettext("Your interlibrary loan has arrived", "{n} interlibrary loans have arrived", n)
            return tr.ngettext("An item is ready for you to collect", "{n} items are ready for you to collect", n)
        kinds = {p.kind for p in chosen}
        if len(chosen) > 1:
            return tr.gettext("News about your interlibrary loan requests")
        return {"ill_rejected": tr.gettext("Your interlibrary loan request could not be filled"),
                "ill_renewal_refused": tr.gettext("The lending library did not extend your interlibrary loan"),
                "ill_renewal_granted": tr.gettext("Your interlibrary loan has been extended"),
                "ill_cancelled": tr.gettext("Your interlibrary loan request has been cancelled"),
                "ill_due_corrected": tr.gettext("The due date of your interlibrary loan has been corrected"),
                "ill_registered": tr.gettext("Your interlibrary loan request has been registered"),
                "ill_arrived": tr.gettext("A fee for your interlibrary loan"),
                }[kinds.pop()]

    # --- sections ---------------------------------------------------------------------------------------------
    def _section(self, section: str, parts: list[LetterPart]) -> list[str]:
        if section in OVERDUE_STAGES:
            return self._overdue(section, parts)
        if section == "due_soon":
            return self._due_soon(parts)
        if section == "ready":
            return self._ready(parts)
        return self._ill_news(parts)

    def _overdue(self, stage: str, parts: list[LetterPart]) -> list[str]:
        tr, n = self.tr, len(parts)
        heading = {
            "overdue_3": tr.ngettext("Last reminder: this loan is overdue:",
                                     "Last reminder: these {n} loans are overdue:", n),
            "overdue_2": tr.ngettext("Second reminder: this loan is overdue:",
                                     "Second reminder: these {n} loans are overdue:", n),
            "overdue_1": tr.ngettext("This loan is overdue:", "These {n} loans are overdue:", n),
        }[stage]
        lines = [heading]
        for part in parts:
            due = tr.moment(part.due)
            if part.fine and part.fine_capped:
                lines.append("• " + tr.gettext("{what}: was due on {due}; fine {amount}, its maximum.",
                                               what=part.what, due=due, amount=self._money(part.fine)))
            elif part.fine:
                lines.append("• " + tr.gettext("{what}: was due on {due}; fine so far {amount}.",
                                               what=part.what, due=due, amount=self._money(part.fine)))
            else:
                lines.append("• " + tr.gettext("{what}: was due on {due}.", what=part.what, due=due))
        return lines

    def _due_soon(self, parts: list[LetterPart]) -> list[str]:
        tr, n = self.tr, len(parts)
        lines = [tr.ngettext("This loan is due soon:", "These {n} loans are due soon:", n)]
        lines += ["• " + tr.gettext("{what}: due {due}.", what=p.what, due=tr.moment(p.due)) for p in parts]
        if any(p.self_renewable and not p.ill for p in parts):
            lines.append(tr.gettext("You can renew by replying \"renew\" to this message (name the items to "
                                    "renew only some of them)."))
        if any(p.ill and p.extensible for p in parts):
            # An ILL loan is extended by the lending library only: loanbot cannot renew it, staff ask the lender.
            lines.append(tr.gettext("An interlibrary loan can only be extended by the lending library: if you "
                                    "need it for longer, reply to this message and the library staff will ask "
                                    "the lending library."))
        return lines

    def _ready(self, parts: list[LetterPart]) -> list[str]:
        tr, n = self.tr, len(parts)
        lines = [tr.ngettext("Ready for you to collect:", "Ready for you to collect ({n}):", n)]
        for part in parts:
            if part.kind == "hold_ready":
                lines.append("• " + tr.gettext("{what}, which you reserved: collect it at {place} by {date}.",
                                               what=part.what, place=self.hold_place(),
                                               date=tr.date(part.pickup_by)))
            else:
                lines.append("• " + tr.gettext("{what} has arrived from the lending library: collect it at "
                                               "{place}.", what=part.what, place=self.ill_place()))
                if part.due is not None:
                    lines.append("  " + tr.gettext("You may keep it until {due} (the lending library's date, less "
                                                   "the time needed to send it back).", due=tr.moment(part.due)))
                if part.fee > 0:
                    lines.append("  " + tr.gettext("Fee: {amount}, payable before use; it is on your library "
                                                   "account.", amount=self._money(part.fee)))
                if not self.policy.ill.home_loan:
                    lines.append("  " + tr.gettext("Items received through interlibrary loan can be read in the "
                                                   "reading room only."))
        return lines

    def _ill_news(self, parts: list[LetterPart]) -> list[str]:
        tr = self.tr
        lines = [tr.gettext("Your interlibrary loan requests:")]
        for part in parts:
            if part.kind == "ill_registered":
                lines.append("• " + tr.gettext("{what} has been registered for you at the library: the staff will "
                                               "look for a library that holds it and order it. It usually takes "
                                               "{days} days; we will write to you when it arrives.",
                                               what=part.what, days=FULFILMENT_DAYS))
            elif part.kind == "ill_arrived":
                lines.append("• " + tr.gettext("{what}: its fee, {amount}, is on your library account. You may "
                                               "keep it until {due}.",
                                               what=part.what, amount=self._money(part.fee), due=tr.moment(part.due)))
            elif part.kind == "ill_rejected":
                lines.append("• " + tr.gettext("{what} could not be obtained.", what=part.what))
            elif part.kind == "ill_cancelled":
                lines.append("• " + tr.gettext("{what} has been cancelled.", what=part.what))
            elif part.kind == "ill_due_corrected":
                lines.append("• " + tr.gettext("The lending library's due date for {what} was recorded wrongly; "
                                               "we have corrected it. You may keep it until {due}.",
                                               what=part.what, due=tr.moment(part.due)))
            elif part.kind == "ill_renewal_granted":
                lines.append("• " + tr.gettext("The lending library extended {what}: it is now due on {due}.",
                                               what=part.what, due=tr.moment(part.due)))
            else:
                lines.append("• " + tr.gettext("The lending library did not extend {what}: it is still due on "
                                               "{due}.", what=part.what, due=tr.moment(part.due)))
            if part.reason:
                lines += library_writes(tr, part.reason, indent="  ")
        return lines

    # --- places and money -------------------------------------------------------------------------------------
    def hold_place(self) -> str:
        library = self.policy.library
        place = text_in(library.pickup_place, self.tr.language, library.default_language) \
            or self.tr.gettext("the library desk")
        return _with_hours(place, text_in(library.opening_hours, self.tr.language, library.default_language))

    def ill_place(self) -> str:
        library, ill = self.policy.library, self.policy.ill
        place = text_in(ill.pickup_place, self.tr.language, library.default_language) \
            or self.tr.gettext("the interlibrary loan desk")
        hours = text_in(ill.opening_hours, self.tr.language, library.default_language) \
            or text_in(library.opening_hours, self.tr.language, library.default_language)
        return _with_hours(place, hours)

    def _money(self, amount: Decimal) -> str:
        return self.tr.money(amount, self.currency)


def add_to_reply(reply, writer: LetterWriter, parts: list[LetterPart]) -> None:
    """Put the letter into a reply not yet sent (an outbox row), before its signature: the patron gets the answer
    to their own message and what was due for them as one e-mail."""
    extra = [writer.tr.gettext("Also from your library account:"), *writer.sections(parts), *writer.apology(parts)]
    body = reply.body.rstrip("\n")
    signature = writer.signature()
    head, found, tail = body.rpartition(signature)
    if found and not tail.strip():
        body = "\n".join([head.rstrip("\n"), "", *extra, "", signature])
    else:
        body = "\n".join([body, "", *extra])
    reply.body = body + "\n"


def _with_hours(place: str, hours: str | None) -> str:
    return f"{place} ({hours})" if hours else place
