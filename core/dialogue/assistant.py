"""The dialogue engine: an understood message from a patron becomes use-case calls and a reply in their language.

E-mail, Telegram and `loanbot chat` all call `Assistant.answer`; only the way the reply is delivered differs.
Call it inside `Context.unit_of_work()` so the reply, the staff announcement and the change they report are one
transaction.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Awaitable, Callable

from core.dialogue.holdings_offer import HoldingOffers
from core.dialogue.requests import PatronRequests
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.domain.ill import FULFILMENT_DAYS, WorkRequest, fold
from core.library import Library
from core.plumbing import wording
from core.dialogue.uncertainty import patron_check_lines
from core.understanding.language import detect_language
from core.understanding.offer_replies import insists, offer_reply

# Intents answered beside the answer to a "we have it" offer (the others are the offer's own words).
ALSO_WITH_AN_OFFER = ("renew", "loans", "fines", "status")
# What a bare "another library" without an open offer is read as (it names no work, so it is no request)
BARE_ANOTHER_LIBRARY = {"unknown", "empty", "ill_request"}


@dataclass
class Reply:
    language: str
    subject: str
    lines: list[str]
    intent: str
    to_staff: bool = False            # an unknown message is also shown to staff
    buttons: list[list[dict]] | None = None   # Telegram: choices under the reply (an owned work's hold offer)
    intents: list[str] = field(default_factory=list)   # a reply to several requests: each, in the order asked

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"

    @property
    def staff_reason(self) -> str:
        """Why staff get a copy: "lost" (a loss understood, a librarian settles it) or "unknown" (not understood)."""
        return "lost" if "lost" in (self.intents or [self.intent]) else "unknown"


@dataclass(frozen=True)
class Sender:
    """Who wrote: the patron when known, else what we know of the sender."""
    patron_code: str | None
    language: str
    address: str | None = None
    name: str | None = None


# What answers one intent: (translator, sender, understanding, now, actor, the message's text) -> Reply
IntentHandler = Callable[[Translator, Sender, Any, dt.datetime, Actor, str], Awaitable[Reply]]


class Assistant:
    def __init__(self, library: Library):
        self.library = library
        self.policy = library.policy
        self.offers = HoldingOffers(library)   # our own holdings first (core/dialogue/holdings_offer.py)
        self.requests = PatronRequests(self)   # cancel, hold, ILL extension (core/dialogue/requests.py)
        # The dispatch table: one handler per intent; `register` adds or replaces one (new patron intents plug
        # in here without touching `answer`).
        self.handlers: dict[str, IntentHandler] = {
            "ill_request": self._ill_request, "renew": self.requests.renew, "loans": self._loans,
            "fines": self._fines, "status": self._status, "help": self._help, "cancel": self.requests.cancel,
            "hold": self.requests.hold, "lost": self._lost, "thanks": self._thanks, "empty": self._empty,
        }

    def register(self, intent: str, handler: IntentHandler) -> None:
        self.handlers[intent] = handler

    def translator(self, language: str) -> Translator:
        return Translator(language, self.library.calendar.zone)

    def reply_language(self, written_in: str | None, patron_language: str | None) -> str:
        """Reply in the language the patron wrote in; else their recorded one; else the library's first."""
        for candidate in (written_in, patron_language):
            if candidate in ("tr", "hr", "lt", "en"):
                return candidate
        return self.policy.library.default_language

    async def answer(self, sender: Sender, understanding, now: dt.datetime, channel: str, text: str = "") -> Reply:
        """`text` is the message's own words, where a renewal may name the items (barcodes) to renew. A message
        that asks several things gets one reply with a section for each, in the order asked."""
        if sender.patron_code is None:
            return self._unregistered(self.translator(sender.language), understanding.intent)
        intents = [i for i in getattr(understanding, "all_intents", [understanding.intent]) if i in self.handlers]
        sender = await self._in_own_language(sender, intents, text)
        tr = self.translator(sender.language)
        actor = Actor("patron", sender.patron_code, channel)
        if not (understanding.items and "ill_request" in intents + [understanding.intent]):
            # The message carries no new work: it may answer a "we have it" offer ("yes", "another library").
            named = {n.item.barcode for n in await self.requests.items_named(text)} if "hold" in intents else set()
            answered = await self.offers.answer(tr, sender.patron_code, text, now, actor,
                                                self.registrar(tr, sender, now, actor), named)
            if answered is not None:
                return await self._offer_answered(tr, sender, understanding, now, actor, text, answered, intents)
            if offer_reply(text) == "insist" and set(intents or [understanding.intent]) <= BARE_ANOTHER_LIBRARY:
                return self._offer_answered_plain(tr, await self.offers.none_open(tr, sender.patron_code, now))
        if len(intents) <= 1:
            handler = self.handlers[intents[0]] if intents else self.handlers.get(understanding.intent,
                                                                                self._unknown)
            return await handler(tr, sender, understanding, now, actor, text)
        replies = [await self.handlers[intent](tr, sender, understanding, now, actor, text) for intent in intents]
        return self._together(tr, replies)

    async def _in_own_language(self, sender: Sender, intents: list[str], text: str) -> Sender:
        """A message that names items by title ("rezervirajte mi Lietuvių kalbos gramatika") is judged by the
        patron's own words: a title in another language must not switch the reply into it."""
        if "hold" not in intents:
            return sender
        titles = [named.item.title for named in await self.requests.items_named(text)]
        if not titles:
            return sender
        own = fold(text)
        for title in titles:
            own = own.replace(fold(title), " ")
        patron = await self.library.registry.patron_by_code(sender.patron_code)
        hint = patron.language if patron else sender.language
        language = detect_language(own, hint) if re.search(r"[^\W\d_]{2}", own) else hint
        return replace(sender, language=self.reply_language(language, hint))

    def _together(self, tr: Translator, replies: list[Reply]) -> Reply:
        """One reply of several answers: one greeting, each answer under its own heading, one signature."""
        greeting, signature = tr.gettext("Hello,"), self._signature(tr)
        lines = [greeting]
        for reply in replies:
            body = list(reply.lines)
            if body[:1] == [greeting]:
                body = body[1:]
            if body[-1:] == [signature]:
                body = body[:-1]
            while body and not body[0].strip():
                body.pop(0)
            while body and not body[-1].strip():
                body.pop()
            lines += ["", f"{reply.subject}:", *body]
        lines += ["", signature]
        first = replies[0]
        buttons = [row for reply in replies for row in (reply.buttons or [])]
        return Reply(first.language, first.subject, lines, first.intent, any(r.to_staff for r in replies),
                     intents=[r.intent for r in replies], buttons=buttons or None)

    # --- intents ----------------------------------------------------------------------------------------------
    def _unregistered(self, tr: Translator, intent: str) -> Reply:
        lines = [tr.gettext("Hello,"), "",
                 tr.gettext("We could not find a library account with this address, so we cannot act on your "
                            "message or tell you anything about loans."),
                 tr.gettext("Please write from the e-mail address registered with the library, or ask at the "
                            "library desk to register it with your reader card."),
                 "", self._signature(tr)]
        return Reply(tr.language, tr.gettext("Your message to the library"), lines, intent)

    async def _ill_request(self, tr, sender, understanding, now, actor, text) -> Reply:
        subject = tr.gettext("Your interlibrary loan request")
        works = list(understanding.items or [])
        if not works:
            lines = [tr.gettext("Hello,"), "",
                     tr.gettext("We understood that you would like us to obtain a work from another library, but "
                                "we could not find its details in your message."),
                     tr.gettext("Please send the author, title, year and, if you have them, the ISBN or DOI "
                                "(for an article: the journal, volume, issue and pages)."),
                     "", self._signature(tr)]
            return Reply(tr.language, subject, lines, "ill_request")
        lines = [tr.gettext("Hello,"), "", tr.ngettext("This is what we understood ({n} work):",
                                                       "This is what we understood ({n} works):", len(works)), ""]
        insisting = insists(text)   # "I know you have it, but I need it from another library anyway"
        new, buttons = [], []
        for work in works:
            request = WorkRequest.of(work)
            lines.append(f"• {describe_work(request)}")
            lines += patron_check_lines(tr, work)
            offered = None if insisting else await self.offers.offer(tr, sender.patron_code, request, now,
                                                                     actor.channel)
            if offered is not None:
                lines += offered.lines
                buttons.append(offered.buttons)
                continue
            reference = await self._register(tr, sender, request, now, actor, lines)
            if reference:
                new.append(reference)
        lines += self._what_happens_next(tr, new)
        lines += ["", self._signature(tr)]
        return Reply(tr.language, subject, lines, "ill_request", buttons=buttons or None)

    async def _register(self, tr, sender, request: WorkRequest, now, actor, lines: list[str]) -> str | None:
        """Register one work as an ILL request, tell staff, and say so in `lines`; the reference, or None."""
        result = await self.library.ill.request(sender.patron_code, request, now, actor)
        if not result.ok:
            lines.append("  " + tr.gettext("Not registered: {reason}.", reason=wording.refusal(tr, result.error)))
            return None
        lines.append("  " + tr.gettext("Registered as {reference}.", reference=result.request))
        if result.repeat_of:
            lines.append("  " + tr.gettext(
                "You asked for this title before ({reference}); ordering it again may cost you the "
                "postage and the lender's fee.", reference=result.repeat_of))
        await self.announce_to_staff(result.request, now)
        return result.request

    def _what_happens_next(self, tr, new: list[str]) -> list[str]:
        if not new:
            return []
        lines = ["", tr.gettext("What happens next: the library staff will look for a library that holds "
                                "the work and order it. It usually takes {days} days. We will write to you "
                                "when it arrives.", days=FULFILMENT_DAYS)]
        if not self.policy.ill.home_loan:
            lines.append(tr.gettext("Items received through interlibrary loan can be read in the reading "
                                    "room only."))
        if self.policy.ill.foreign_fee > 0:
            lines.append(tr.gettext("A document from a library abroad costs {amount}, payable before use.",
                                    amount=tr.money(self.policy.ill.foreign_fee, self.policy.library.currency)))
        lines.append(tr.gettext("You can ask about a request at any time by its reference, e.g. {reference}.",
                                reference=new[0]))
        return lines

    def registrar(self, tr, sender, now, actor):
        """For a patron who insists on an ILL request for a work the library owns: register it as usual."""
        async def register(works: list[WorkRequest]) -> tuple[list[str], list[str | None]]:
            lines, references = [], []
            for work in works:
                lines.append(f"• {describe_work(work)}")
                references.append(await self._register(tr, sender, work, now, actor, lines))
            return lines + self._what_happens_next(tr, [r for r in references if r]), references
        return register

    async def _offer_answered(self, tr, sender, understanding, now, actor, text, answered: list[str],
                              intents: list[str]) -> Reply:
        """The answer to an open offer; what else the message asks ("yes, and renew my loans") is answered after
        it. The offer's own words ("reserve it", "another library") are not asked again as a hold or a request."""
        reply = self._offer_answered_plain(tr, answered)
        others = [i for i in intents if i in ALSO_WITH_AN_OFFER or (i == "cancel" and understanding.request)]
        if not others:
            return reply
        return self._together(tr, [reply] + [await self.handlers[i](tr, sender, understanding, now, actor, text)
                                             for i in others])

    def _offer_answered_plain(self, tr, answered: list[str]) -> Reply:
        lines = [tr.gettext("Hello,"), ""] + answered + ["", self._signature(tr)]
        return Reply(tr.language, tr.gettext("Your interlibrary loan request"), lines, "ill_request")

    async def _renew(self, tr, sender, understanding, now, actor, text) -> Reply:
        subject = tr.gettext("Renewal of your loans")
        loans = await self.library.circulation.loans_of(sender.patron_code, now) or []
        named = self._named_barcodes(text, loans)
        if named:
            results = [await self.library.circulation.renew(sender.patron_code, b, now, actor) for b in named]
        else:
            results = await self.library.circulation.renew_all(sender.patron_code, now, actor)
        lines = [tr.gettext("Hello,"), ""]
        if not results:
            lines.append(tr.gettext("You have no loans to renew at the moment."))
        lines += ["• " + wording.renewal_line(tr, result, self.policy.library.currency) for result in results]
        lines += ["", self._signature(tr)]
        return Reply(tr.language, subject, lines, "renew")

    def _named_barcodes(self, text: str, loans) -> list[str]:
        """The loans a renewal message names, by barcode or by title; none named means all of them."""
        tokens = set(re.findall(r"[\w-]+", text))
        folded = f" {fold(text)} "
        return [loan.barcode for loan in loans
                if loan.barcode in tokens or (len(fold(loan.title)) >= 4 and f" {fold(loan.title)} " in folded)]

    async def _loans(self, tr, sender, understanding, now, actor, text) -> Reply:
        loans = await self.library.circulation.loans_of(sender.patron_code, now) or []
        lines = [tr.gettext("Hello,"), ""]
        if not loans:
            lines.append(tr.gettext("You have no loans at the moment."))
        else:
            lines.append(tr.ngettext("You have {n} loan:", "You have {n} loans:", len(loans)))
            for loan in loans:
                state = tr.gettext("overdue") if loan.overdue else tr.gettext("due {due}", due=tr.moment(loan.due))
                lines.append(f"• {loan.title} ({loan.barcode}): {state}")
        requests = await self.library.ill.requests_of(sender.patron_code)
        if requests:
            lines += ["", tr.ngettext("You also have {n} interlibrary loan request:",
                                      "You also have {n} interlibrary loan requests:", len(requests))]
            lines += [f"• {r.label}: {wording.ill_state(tr, r.state)}" for r in requests]
        lines += ["", self._signature(tr)]
        return Reply(tr.language, tr.gettext("Your loans"), lines, "loans")

    async def _fines(self, tr, sender, understanding, now, actor, text) -> Reply:
        account = await self.library.accounts.account(sender.patron_code, now)
        currency = self.policy.library.currency
        lines = [tr.gettext("Hello,"), ""]
        if account is None or account.balance == 0:
            lines.append(tr.gettext("You owe nothing to the library."))
        else:
            lines.append(tr.gettext("You owe {amount} in all:", amount=tr.money(account.balance, currency)))
            for line in account.lines:
                what = wording.charge_kind(tr, line.kind) if line.kind != "accruing" else (
                    tr.gettext("overdue fine, at its maximum (the item is still out)") if line.at_cap
                    else tr.gettext("overdue fine so far (still growing)"))
                lines.append(f"• {what}: {wording.charge_detail(tr, line)} — {tr.money(line.amount, currency)}")
            lines.append(tr.gettext("You can pay at the library desk."))
        lines += ["", self._signature(tr)]
        return Reply(tr.language, tr.gettext("Your fines"), lines, "fines")

    async def _status(self, tr, sender, understanding, now, actor, text) -> Reply:
        lines = [tr.gettext("Hello,"), ""]
        views = []
        if understanding.request:
            view = await self.library.ill.view(understanding.request, sender.patron_code)
            if view is None:
                lines.append(tr.gettext("We could not find your request {reference}.",
                                        reference=understanding.request))
            views = [view] if view else []
        else:
            views = await self.library.ill.requests_of(sender.patron_code)
            if not views:
                lines.append(tr.gettext("You have no open interlibrary loan requests."))
        for view in views:
            lines.append(tr.gettext("{request}: {state} (since {date}).", request=view.label,
                                    state=wording.ill_state(tr, view.state), date=tr.date(view.since)))
            if view.state == "rejected" and view.reason:
                lines += wording.library_writes(tr, view.reason, indent="  ")
            if view.state == "cancelled" and view.reason and not view.cancelled_by_patron:
                lines += wording.library_writes(tr, view.reason, indent="  ")
            if view.due is not None and view.state in ("checked_out", "renewal_requested"):
                lines.append("  " + wording.return_by(tr, view.due, now))
            lines.append("  " + tr.gettext("Requested on {date}.", date=tr.date(view.created_at)))
        lines += ["", self._signature(tr)]
        return Reply(tr.language, tr.gettext("Your interlibrary loan requests"), lines, "status")

    async def _lost(self, tr, sender, understanding, now, actor, text) -> Reply:
        """An item lost or damaged: what is owed depends on the item (for an interlibrary loan, on what the
        lending library charges), so a librarian answers; every front end forwards the message to staff."""
        staff = bool(self.policy.library.staff_emails)
        lines = [tr.gettext("Hello,"), "",
                 tr.gettext("We are sorry to hear that. A librarian will read your message and write to you about "
                            "what to do next; for an interlibrary loan item, the lending library decides what "
                            "it charges.") if staff else tr.gettext(
                     "We are sorry to hear that. Please come to the library desk: a librarian will tell you what "
                     "to do next."),
                 "", self._signature(tr)]
        return Reply(tr.language, tr.gettext("Your message to the library"), lines, "lost", to_staff=staff)

    async def _thanks(self, tr, sender, understanding, now, actor, text) -> Reply:
        lines = [tr.gettext("Hello,"), "", tr.gettext("You are welcome! Write to us whenever you need anything."),
                 "", self._signature(tr)]
        return Reply(tr.language, tr.gettext("Your message to the library"), lines, "thanks")

    async def _empty(self, tr, sender, understanding, now, actor, text) -> Reply:
        lines = [tr.gettext("Hello,"), "", tr.gettext("Your message reached us empty."), ""] + self.help_lines(tr)[2:]
        return Reply(tr.language, tr.gettext("Your message to the library"), lines, "empty")

    async def _help(self, tr, sender, understanding, now, actor, text) -> Reply:
        return Reply(tr.language, tr.gettext("What loanbot can do for you"), self.help_lines(tr), "help")

    def help_lines(self, tr: Translator) -> list[str]:
        return [tr.gettext("Hello,"), "",
                tr.gettext("You can write to us in Turkish, Croatian, Lithuanian or English, for example:"),
                "• " + tr.gettext("ask for a book or an article from another library: send its author, title, "
                                  "year and ISBN or DOI;"),
                "• " + tr.gettext("\"renew my loans\";"),
                "• " + tr.gettext("\"what do I have on loan?\";"),
                "• " + tr.gettext("\"how much do I owe?\";"),
                "• " + tr.gettext("\"where is my request ILL-7?\"."),
                "", self._signature(tr)]

    async def _unknown(self, tr, sender, understanding, now, actor, text) -> Reply:
        """Every front end forwards such a message to the staff addresses; with none, nobody would read it, and
        the reply does not pretend otherwise."""
        staff = bool(self.policy.library.staff_emails)
        opening = tr.gettext("We are not sure what you would like us to do, so a librarian will read your message "
                             "and answer you.") if staff else tr.gettext(
            "We are not sure what you would like us to do. Please ask at the library desk.")
        lines = [tr.gettext("Hello,"), "", opening, ""] + self.help_lines(tr)[2:]
        return Reply(tr.language, tr.gettext("Your message to the library"), lines, "unknown", to_staff=staff)

    def _signature(self, tr: Translator) -> str:
        return tr.gettext("{library} (loanbot, an automatic assistant)", library=self.policy.library.name)

    # --- staff ----------------------------------------------------------------------------------------------
    async def announce_to_staff(self, reference: str, now: dt.datetime) -> None:
        """A new request goes to every staff address (and linked staff Telegram account), with its Ref line and
        the events staff can reply; written in the current unit of work."""
        from core.staff.notify import announce_new_request
        await announce_new_request(self.library, reference, now)


def describe_work(work: WorkRequest, untitled: str | None = None) -> str:
    """One line a librarian recognises: authors, title, container, year, identifiers. A work given without a
    title (an ISBN or DOI alone) shows `untitled` in its place, or nothing."""
    parts = []
    if work.authors:
        parts.append("; ".join(work.authors[:3]) + (" et al." if len(work.authors) > 3 else ""))
    if work.title:
        parts.append(f"«{work.title}»")
    elif untitled:
        parts.append(untitled)
    if work.container:
        where = work.container
        if work.volume:
            where += f" {work.volume}"
        if work.issue:
            where += f"({work.issue})"
        if work.pages:
            where += f": {work.pages}"
        parts.append(where)
    if work.publisher:
        parts.append(work.publisher)
    if work.year:
        parts.append(str(work.year))
    # an ISBN with a wrong check digit still names the work as the patron wrote it (the check lines say it is wrong)
    isbn = work.isbn or getattr(work, "isbn_as_written", None)
    for label, value in (("ISBN", isbn), ("ISSN", work.issn), ("DOI", work.doi)):
        if value:
            parts.append(f"{label} {value}")
    return ", ".join(parts)
