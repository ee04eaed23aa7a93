"""What a linked patron does in the chat: loans, renewals, fines, requests (the guided interlibrary loan request,
and free text understood like an e-mail), and the choice of how reminders reach them. A mixin of
`bot.handlers.ChatHandlers`, which gives the frame (`turn`, the library, the assistant)."""
from __future__ import annotations

import logging
import re

from telegram import Update

from bot import conversations as states
from bot.turns import Turn
from core.dialogue.assistant import Sender, describe_work
from core.dialogue.preferences import set_reminder_channel
from core.domain.codes import Refusal
from core.domain.ill import FULFILMENT_DAYS, WorkRequest
from core.plumbing import wording
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email
from core.understanding import Understanding, understand_text
from core.understanding.citations import find_works
from core.understanding.identifiers import normalize_doi, normalize_isbn

log = logging.getLogger("loanbot.telegram")
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


class PatronHandlers:
    async def cmd_reminders(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None or self._needs_link(t):
                return
            current = {"email": t.tr.gettext("by e-mail")}.get(t.patron.preferred_channel,
                                                                t.tr.gettext("here on Telegram"))
            t.say(t.tr.gettext("Reminders of due dates and arrivals now reach you {channel}. How would you like "
                               "to get them?", channel=current),
                  [[{"text": "Telegram", "data": "remind:telegram"},
                    {"text": t.tr.gettext("E-mail"), "data": "remind:email"}]])

    async def _reminders_pressed(self, t: Turn, channel: str) -> None:
        actor = Actor("patron", t.patron.code, "telegram")
        chosen = await set_reminder_channel(self.library, t.patron.code, channel, self.clock(), actor)
        if chosen == "email":
            t.say(t.tr.gettext("Reminders will reach you by e-mail."))
        elif chosen == "telegram":
            t.say(t.tr.gettext("Reminders will reach you here on Telegram."))
        else:
            t.say(t.tr.gettext("That choice is not possible for your account."))
        t.callback_answer = ""

    def _needs_link(self, t: Turn) -> bool:
        if t.linked:
            return False
        t.say(t.tr.gettext("Please connect your library account first: send /start."))
        return True

    async def _answer_intent(self, update: Update, intent: str) -> None:
        async with self.turn(update) as t:
            if t is None or self._needs_link(t):
                return
            t.dialogue.reset()
            await self._assistant_reply(t, Understanding(language=t.tr.language, intent=intent), "")

    async def cmd_loans(self, update: Update, context) -> None:
        await self._answer_intent(update, "loans")

    async def cmd_fines(self, update: Update, context) -> None:
        await self._answer_intent(update, "fines")

    async def cmd_requests(self, update: Update, context) -> None:
        await self._answer_intent(update, "status")

    async def cmd_renew(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None or self._needs_link(t):
                return
            t.dialogue.reset()
            loans = await self.library.circulation.loans_of(t.patron.code, self.clock()) or []
            if not loans:
                t.say(t.tr.gettext("You have no loans to renew at the moment."))
                return
            lines = [t.tr.ngettext("You have {n} loan. Which would you like to renew?",
                                   "You have {n} loans. Which would you like to renew?", len(loans))]
            buttons = []
            for loan in loans:
                lines.append(f"• {loan.title} ({loan.barcode}): " +
                             t.tr.gettext("due {due}", due=t.tr.moment(loan.due)))
                data = f"renew:{loan.barcode}"
                if len(data.encode()) <= 64:  # Telegram's limit for callback data
                    buttons.append([{"text": _short(f"{loan.title} ({loan.barcode})"), "data": data}])
            buttons.append([{"text": t.tr.gettext("Renew all"), "data": "renew:*"}])
            t.say("\n".join(lines), buttons)

    async def cmd_request(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None or self._needs_link(t):
                return
            t.dialogue.to(states.ILL_TITLE)
            t.say(t.tr.gettext("Which work do you need from another library? Paste its citation (for example from "
                               "a reference list), or send just its title and I will ask for the rest.") + "\n" +
                  t.tr.gettext("Send /cancel to stop."))

    async def cmd_skip(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None:
                return
            if t.dialogue.state in (states.ILL_AUTHOR, states.ILL_YEAR, states.ILL_IDENTIFIER) and t.linked:
                await self._ill_step(t, None)
            else:
                t.say(t.tr.gettext("There is nothing to skip."))

    async def _free_text(self, t: Turn, text: str) -> None:
        """The same engine as e-mail: understand the words, then let the assistant act and answer."""
        understanding = understand_text(text, language_hint=t.tr.language)
        if understanding.intent in ("approve", "reject"):
            understanding = Understanding(understanding.language, "unknown")
        language = t.dialogue.language or self.assistant.reply_language(understanding.written_in, t.tr.language)
        if language != t.tr.language:
            t.tr = Translator(language, self.library.calendar.zone)
        reply = await self._assistant_reply(t, understanding, text)
        if reply.to_staff:
            self._show_staff(t, text, reply.staff_reason)

    async def _assistant_reply(self, t: Turn, understanding: Understanding, text: str):
        sender = Sender(t.patron.code, t.tr.language, t.patron.email, t.patron.name or None)
        reply = await self.assistant.answer(sender, understanding, self.clock(), channel="telegram", text=text)
        # In a chat the e-mail greeting and signature are noise: keep the substance.
        lines = [line for line in reply.lines if line not in (t.tr.gettext("Hello,"), self.assistant._signature(t.tr))]
        t.say("\n".join(lines).strip(), reply.buttons)
        return reply

    def _show_staff(self, t: Turn, text: str, why: str = "unknown") -> None:
        tr = Translator(self.policy.library.staff_lang, self.library.calendar.zone)
        subject = tr.gettext("Telegram message from {name} ({code})", name=t.patron.name or t.patron.code,
                             code=t.patron.code)
        opening = tr.gettext("The patron reports a lost or damaged item; loanbot told them that a librarian will "
                             "write to them about what to do next. Please answer the patron.") if why == "lost" \
            else tr.gettext("loanbot did not understand this message; please answer the patron.")
        body = opening + "\n\n" + text
        for address in self.policy.library.staff_emails:
            queue_email(t.session, address, subject, body + "\n", self.clock(), auto_reply=False,
                        language=tr.language, dedupe_key=f"tg:{self.bot_id}:{t.update_id}:staff:{address}")

    async def _ill_step(self, t: Turn, text: str | None) -> None:
        """Each step stores what it learnt in the dialogue data and asks the next question (None = /skip)."""
        tr, work, state = t.tr, dict(t.dialogue.data.get("work") or {}), t.dialogue.state
        text = (text or "").strip() or None
        if state == states.ILL_TITLE:
            if text is None:
                t.say(tr.gettext("Please send the title or the citation of the work."))
                return
            found = [w for w in find_works(text).works if w.title]
            if found and (found[0].authors or found[0].year or found[0].isbn or found[0].doi):
                t.dialogue.to(states.ILL_CONFIRM, work=_work_dict(found[0]))
                self._ask_confirm(t)
                return
            t.dialogue.to(states.ILL_AUTHOR, work={"title": text[:500]})
            t.say(tr.gettext("Who is the author? (send /skip if you do not know)"))
        elif state == states.ILL_AUTHOR:
            if text:
                work["authors"] = [a.strip() for a in text.split(";") if a.strip()][:10]
            t.dialogue.to(states.ILL_YEAR, work=work)
            t.say(tr.gettext("Which year was it published? (send /skip if you do not know)"))
        elif state == states.ILL_YEAR:
            if text:
                year = YEAR.search(text)
                if not year:
                    t.say(tr.gettext("Please send the year as four digits, e.g. 2019, or send /skip."))
                    return
                work["year"] = int(year.group(1))
            t.dialogue.to(states.ILL_IDENTIFIER, work=work)
            t.say(tr.gettext("Do you have its ISBN or DOI? Send it, or send /skip."))
        elif state == states.ILL_IDENTIFIER:
            if text:
                isbn, doi = normalize_isbn(text, labelled=True), normalize_doi(text)
                if not (isbn or doi):
                    t.say(tr.gettext("That does not look like an ISBN or a DOI. Please send it again, or send /skip."))
                    return
                work.update({k: v for k, v in (("isbn", isbn), ("doi", doi)) if v})
                if doi and not isbn:
                    work.setdefault("type", "article")
            t.dialogue.to(states.ILL_CONFIRM, work=work)
            self._ask_confirm(t)

    def _ask_confirm(self, t: Turn) -> None:
        work = _work_request(t.dialogue.data["work"])
        t.say(t.tr.gettext("This is what I understood:") + f"\n{describe_work(work)}\n\n" +
              t.tr.gettext("Shall I send this interlibrary loan request?"),
              [[{"text": t.tr.gettext("Send the request"), "data": "ill:send"},
                {"text": t.tr.gettext("Cancel"), "data": "ill:cancel"}]])

    async def _send_ill_request(self, t: Turn) -> None:
        if t.dialogue.state != states.ILL_CONFIRM or "work" not in t.dialogue.data:
            t.callback_answer = t.tr.gettext("This request was already sent or cancelled.")
            return
        work = _work_request(t.dialogue.data["work"])
        t.dialogue.reset()
        now = self.clock()
        offered = await self.assistant.offers.offer(t.tr, t.patron.code, work, now, "telegram")
        if offered is not None:   # the library owns it: where it is, or a hold, unless the patron insists
            t.say("\n".join([describe_work(work)] + [line.strip() for line in offered.lines]), [offered.buttons])
            return
        result = await self.library.ill.request(t.patron.code, work, now, Actor("patron", t.patron.code, "telegram"))
        if not result.ok:
            t.say(t.tr.gettext("The request was not registered: {reason}.",
                               reason=wording.refusal(t.tr, result.error)))
            return
        await self.assistant.announce_to_staff(result.request, now)
        lines = [t.tr.gettext("Registered as {reference}.", reference=result.request)]
        if result.repeat_of:
            lines.append(t.tr.gettext("You asked for this title before ({reference}); ordering it again may cost "
                                      "you the postage and the lender's fee.", reference=result.repeat_of))
        lines.append(t.tr.gettext("What happens next: the library staff will look for a library that holds the "
                                  "work and order it. It usually takes {days} days. We will write to you when it "
                                  "arrives.", days=FULFILMENT_DAYS))
        t.callback_answer = t.tr.gettext("Registered as {reference}.", reference=result.request)
        t.say("\n".join(lines))

    async def _offer_pressed(self, t: Turn, argument: str) -> None:
        """"Place a hold" or "From another library" under a "we have it" answer (core.dialogue.holdings_offer)."""
        offer_id, _, choice = argument.partition(":")
        if not offer_id.isdigit() or choice not in ("hold", "insist"):
            t.callback_answer = t.tr.gettext("This button is no longer valid.")
            return
        now, actor = self.clock(), Actor("patron", t.patron.code, "telegram")
        sender = Sender(t.patron.code, t.tr.language, t.patron.email, t.patron.name or None)
        lines = await self.assistant.offers.choose(t.tr, t.patron.code, int(offer_id), choice, now, actor,
                                                   self.assistant.registrar(t.tr, sender, now, actor))
        t.say("\n".join(lines).strip())

    async def _renew_pressed(self, t: Turn, barcode: str) -> None:
        now = self.clock()
        actor = Actor("patron", t.patron.code, "telegram")
        if barcode == "*":
            results = await self.library.circulation.renew_all(t.patron.code, now, actor)
        else:
            # `renew` itself refuses (and writes nothing) unless this patron has the item on loan: that is the
            # check of the presser's own account, without listing their loans first.
            result = await self.library.circulation.renew(t.patron.code, barcode, now, actor)
            if not result.ok and result.error == Refusal.NOT_ON_LOAN:
                log.warning("telegram user %s pressed renew for %r, not on loan to them", t.user_id, barcode)
                t.callback_answer = wording.refusal(t.tr, Refusal.NOT_ON_LOAN)
                t.say(t.tr.gettext("Not renewed: {reason}.", reason=wording.refusal(t.tr, Refusal.NOT_ON_LOAN)))
                return
            results = [result]
        if not results:
            t.say(t.tr.gettext("You have no loans to renew at the moment."))
            return
        currency = self.library.policy.library.currency
        t.say("\n".join("• " + wording.renewal_line(t.tr, result, currency) for result in results))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


_WORK_KEYS = ("type", "title", "authors", "year", "publisher", "isbn", "issn", "doi", "container", "volume",
              "issue", "pages", "edition")


def _work_dict(work) -> dict:
    return {key: getattr(work, key) for key in _WORK_KEYS if getattr(work, key, None)}


def _work_request(data: dict) -> WorkRequest:
    values = {key: data.get(key) for key in _WORK_KEYS}
    values["authors"] = list(values["authors"] or [])
    values["title"] = values["title"] or ""
    values["type"] = values["type"] if values["type"] in ("book", "article", "chapter", "thesis", "other") else \
        ("article" if values.get("container") else "book")
    return WorkRequest(**values)
