"""What loanbot does with each Telegram update: commands, the dialogue steps kept in `conversations`, and button
presses. Every reply is written to the outbox in the same unit of work as the change it reports (the sender in
`bot.frontend` delivers it); a button press is always re-checked against the presser's own account.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator, Callable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from telegram import Update
from telegram.ext import (Application, ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, ContextTypes,
                          MessageHandler, TypeHandler, filters)

from bot import conversations as states
from bot.conversations import DialogueState, load_dialogue, save_dialogue
from bot.throttle import ReplyThrottle
from core.dialogue import linking
from core.plumbing import wording
from core.dialogue.assistant import Assistant, Sender, describe_work
from core.domain.codes import Refusal
from core.plumbing.context import Actor
from core.plumbing.i18n import LANGUAGES, Translator, pick_language
from core.domain.ill import WorkRequest
from core.library import Library
from core.plumbing.outbox import Outbox, Outgoing, queue_email, queue_telegram
from core.dialogue.preferences import set_reminder_channel
from core.staff.desk import StaffDesk
from core.storage.models import InboundMessage, Patron
from core.understanding import Understanding, understand_text
from core.understanding.citations import find_works
from core.understanding.identifiers import normalize_doi, normalize_isbn

log = logging.getLogger("loanbot.telegram")

LANGUAGE_NAMES = {"tr": "Türkçe", "hr": "Hrvatski", "lt": "Lietuvių", "en": "English"}
CODE = re.compile(r"^\s*(\d{3})\s?(\d{3})\s*$")
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


async def claim_update(session, bot_id: int, marker: str, user_id: int, now) -> bool:
    """Record that this process answers the update; False when it was recorded before (handled already, or another
    process is answering it right now). One INSERT … ON CONFLICT DO NOTHING: losing the race raises nothing, so the
    unit of work stays usable (PostgreSQL aborts a transaction on error), and it costs one round trip instead of a
    lookup plus a savepoint around an insert."""
    insert = postgresql_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = (insert(InboundMessage)
                 .values(source="telegram", mailbox="updates", uidvalidity=bot_id, uid=marker, sender=str(user_id),
                         received_at=now, processed_at=now, status="done")
                 .on_conflict_do_nothing(index_elements=["source", "mailbox", "uidvalidity", "uid"])
                 .returning(InboundMessage.id))
    # On the session's connection, as Core: the ORM's bulk-insert path added nothing here but CPU.
    return (await (await session.connection()).execute(statement)).first() is not None


@dataclass
class Turn:
    """One update being answered: who, where the dialogue stands, and the replies to queue."""
    update_id: int
    user_id: int
    chat_id: int
    patron: Patron | None
    dialogue: DialogueState
    tr: Translator
    session: object = None            # the unit of work the turn runs in
    replies: list[tuple[str, list[list[dict]] | None]] = field(default_factory=list)
    callback_answer: str | None = None

    @property
    def linked(self) -> bool:
        return self.patron is not None

    def say(self, text: str, buttons: list[list[dict]] | None = None) -> None:
        self.replies.append((text, buttons))


class ChatHandlers:
    def __init__(self, library: Library, clock: Callable[[], dt.datetime], bot_id: int = 0,
                 throttle: ReplyThrottle | None = None):
        self.library = library
        self.policy = library.policy
        self.clock = clock
        self.bot_id = bot_id
        self.assistant = Assistant(library)
        self.desk = StaffDesk(library)
        self.throttle = throttle or ReplyThrottle()
        # Set by the front end: replies are then leased to its outbox sender as they are queued, and after the
        # unit of work commits `on_committed(update, rows, callback_answer)` sends them and answers the button
        # press. Without it, the outbox's claim pass sends them and the press is answered here.
        self.outbox: Outbox | None = None
        self.on_committed: Callable[[Update, list[Outgoing], str | None], None] | None = None

    def install(self, application: Application) -> None:
        application.add_handler(TypeHandler(Update, self.guard), group=-1)
        commands = {"start": self.cmd_start, "help": self.cmd_help, "cancel": self.cmd_cancel,
                    "language": self.cmd_language, "loans": self.cmd_loans, "renew": self.cmd_renew,
                    "fines": self.cmd_fines, "requests": self.cmd_requests, "request": self.cmd_request,
                    "skip": self.cmd_skip, "pending": self.cmd_pending, "unlink": self.cmd_unlink,
                    "reminders": self.cmd_reminders}
        for name, callback in commands.items():
            application.add_handler(CommandHandler(name, callback))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        application.add_handler(MessageHandler(filters.COMMAND, self.cmd_unknown))
        application.add_error_handler(self.on_error)

    # --- the frame around every update ------------------------------------------------------------------------
    async def guard(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Private chats only, and the per-user cap: over it, one "slow down", then silence for the minute."""
        user = update.effective_user
        if user is None or update.effective_chat is None or update.effective_chat.type != "private":
            raise ApplicationHandlerStop
        verdict = self.throttle.check(user.id)
        if verdict == "ok":
            return
        tr = Translator(pick_language(user.language_code, default=self.policy.library.default_language))
        text = tr.gettext("You are sending messages faster than we can answer. Please wait a minute and try "
                          "again.")
        if verdict == "warn":
            async with self.library.ctx.unit_of_work() as session:
                queue_telegram(session, update.effective_chat.id, text, self.clock(),
                               dedupe_key=f"tg:{self.bot_id}:{update.update_id}:slow")
        if update.callback_query:
            await self._after_commit(update, [], tr.gettext("Please wait a minute."))
        raise ApplicationHandlerStop

    @asynccontextmanager
    async def turn(self, update: Update) -> AsyncIterator[Turn | None]:
        """Load the sender and the dialogue, then save the dialogue and queue the replies in the same unit of work.
        An update already handled (a restart between commit and confirmation) yields None and changes nothing."""
        now = self.clock()
        user = update.effective_user
        leased = []
        async with self.library.ctx.unit_of_work() as session:
            if not await claim_update(session, self.bot_id, str(update.update_id), user.id, now):
                yield None  # handled before, or another `serve` process is answering it right now
                return
            patron = (await session.execute(select(Patron).where(
                Patron.telegram_user_id == user.id))).scalar_one_or_none()
            dialogue = await load_dialogue(session, user.id)
            language = pick_language(dialogue.language, user.language_code, patron.language if patron else None,
                                     default=self.policy.library.default_language)
            turn = Turn(update.update_id, user.id, update.effective_chat.id, patron, dialogue,
                        Translator(language, self.library.calendar.zone), session)
            yield turn
            await save_dialogue(session, user.id, turn.dialogue, now)
            for n, (text, buttons) in enumerate(turn.replies):
                dedupe_key = f"tg:{self.bot_id}:{update.update_id}:{n}"
                if self.outbox is not None:   # sent by this process right after the commit
                    leased.append(await self.outbox.queue_telegram_leased(
                        session, turn.chat_id, text, now, buttons=buttons, dedupe_key=dedupe_key))
                else:                         # sent by whichever sender claims it
                    queue_telegram(session, turn.chat_id, text, now, buttons=buttons, dedupe_key=dedupe_key)
        await self._after_commit(update, leased, turn.callback_answer)

    async def _after_commit(self, update: Update, rows: list[Outgoing], callback_answer: str | None) -> None:
        if self.on_committed is not None:
            self.on_committed(update, rows, callback_answer)
        elif update.callback_query:
            await self._answer_callback(update, callback_answer)

    async def _answer_callback(self, update: Update, text: str | None) -> None:
        try:
            await update.callback_query.answer(text=text)
        except Exception as exc:  # an expired query cannot be answered; the reply still goes out
            log.info("callback query %s not answered: %s", update.callback_query.id, exc)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.exception("update %s failed", getattr(update, "update_id", "?"), exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat and update.effective_user:
            tr = Translator(pick_language(update.effective_user.language_code,
                                          default=self.policy.library.default_language))
            async with self.library.ctx.unit_of_work() as session:
                queue_telegram(session, update.effective_chat.id,
                               tr.gettext("Sorry, something went wrong on our side. Please try again later."),
                               self.clock(), dedupe_key=f"tg:{self.bot_id}:{update.update_id}:error")
            if update.callback_query:
                await self._after_commit(update, [], None)

    # --- commands anyone may use ------------------------------------------------------------------------------
    async def cmd_start(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None:
                return
            if t.linked:
                t.dialogue.reset()
                t.say(t.tr.gettext("Your Telegram account is connected to your library account {code}.",
                                   code=t.patron.code) + "\n\n" + self.commands_text(t))
                return
            t.dialogue.to(states.LINK_ADDRESS)
            t.say(t.tr.gettext("Welcome to the {library} assistant.", library=self.policy.library.name) + "\n\n" +
                  t.tr.gettext("To connect your library account, send the e-mail address registered with the "
                               "library (or your reader card number). We will e-mail you a code to send here."))

    async def cmd_help(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None:
                return
            if t.linked:
                t.say("\n".join(self.assistant.help_lines(t.tr)[2:-2]) + "\n\n" + self.commands_text(t))
            else:
                t.say(t.tr.gettext("This is the assistant of {library}. Connect your library account first with "
                                   "/start; then you can see and renew your loans, see your fines and ask for "
                                   "interlibrary loans here.", library=self.policy.library.name) + "\n\n" +
                      self.commands_text(t))

    def commands_text(self, t: Turn) -> str:
        tr = t.tr
        lines = [tr.gettext("Commands:")]
        if t.linked:
            lines += ["/loans — " + tr.gettext("what you have on loan"),
                      "/renew — " + tr.gettext("renew your loans"),
                      "/fines — " + tr.gettext("what you owe"),
                      "/requests — " + tr.gettext("your interlibrary loan requests"),
                      "/request — " + tr.gettext("ask for a work from another library"),
                      "/reminders — " + tr.gettext("choose how reminders reach you")]
            if self._is_staff(t):
                lines.append("/pending — " + tr.gettext("requests waiting for a staff decision"))
        else:
            lines.append("/start — " + tr.gettext("connect your library account"))
        lines += ["/language — " + tr.gettext("choose the language"),
                  "/cancel — " + tr.gettext("stop what you are doing"),
                  "/help — " + tr.gettext("this help")]
        return "\n".join(lines)

    async def cmd_cancel(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None:
                return
            was = t.dialogue.state
            t.dialogue.reset()
            t.say(t.tr.gettext("Cancelled.") if was != states.IDLE
                  else t.tr.gettext("There was nothing to cancel."))

    async def cmd_language(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None:
                return
            t.say(t.tr.gettext("Choose your language:"),
                  [[{"text": LANGUAGE_NAMES[code], "data": f"lang:{code}"} for code in LANGUAGES]])

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

    async def cmd_unknown(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is not None:
                t.say(t.tr.gettext("I do not know that command.") + "\n\n" + self.commands_text(t))

    async def cmd_unlink(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None:
                return
            t.dialogue.reset()
            if await linking.unlink(self.library, t.user_id, self.clock()):
                t.say(t.tr.gettext("Your Telegram account is no longer connected to your library account."))
            else:
                t.say(t.tr.gettext("Your Telegram account is not connected to a library account."))

    # --- commands for linked patrons --------------------------------------------------------------------------
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

    async def cmd_pending(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None or self._needs_link(t):
                return
            if not self._is_staff(t):
                t.say(t.tr.gettext("This command is for library staff."))
                return
            pending = await self.desk.pending()
            if not pending:
                t.say(t.tr.gettext("No requests are waiting for a decision."))
                return
            for request in pending[:20]:
                t.say(f"{request.reference} «{request.title}»: {wording.ill_state(t.tr, request.state)}",
                      self._decision_buttons(t.tr, request.reference))

    def _decision_buttons(self, tr: Translator, reference: str) -> list[list[dict]]:
        return [[{"text": tr.gettext("Approve"), "data": f"approve:{reference}"},
                 {"text": tr.gettext("Reject"), "data": f"reject:{reference}"}]]

    def _is_staff(self, t: Turn) -> bool:
        return t.linked and bool(t.patron.email) and self.desk.is_staff(t.patron.email)

    # --- plain messages ---------------------------------------------------------------------------------------
    async def on_text(self, update: Update, context) -> None:
        text = update.effective_message.text or ""
        async with self.turn(update) as t:
            if t is None:
                return
            state = t.dialogue.state
            if state == states.LINK_ADDRESS or (state == states.LINK_CODE and not CODE.match(text)):
                await self._link_address(t, text)
            elif state == states.LINK_CODE:
                await self._link_code(t, text)
            elif not t.linked:
                t.dialogue.reset()
                t.say(t.tr.gettext("Please connect your library account first: send /start.") + "\n\n" +
                      self.commands_text(t))
            elif state in (states.ILL_TITLE, states.ILL_AUTHOR, states.ILL_YEAR, states.ILL_IDENTIFIER):
                await self._ill_step(t, text)
            elif state == states.ILL_CONFIRM:
                t.say(t.tr.gettext("Please use the buttons above to send the request, or send /cancel."))
            elif state == states.REJECT_REASON:
                await self._reject_with_reason(t, t.dialogue.data.get("reference", ""), text)
            else:
                await self._free_text(t, text)

    async def _free_text(self, t: Turn, text: str) -> None:
        """The same engine as e-mail: understand the words, then let the assistant act and answer."""
        understanding = understand_text(text, language_hint=t.tr.language)
        if understanding.intent in ("approve", "reject"):
            understanding = Understanding(understanding.language, "unknown")
        language = t.dialogue.language or self.assistant.reply_language(understanding.language, t.tr.language)
        if language != t.tr.language:
            t.tr = Translator(language, self.library.calendar.zone)
        reply = await self._assistant_reply(t, understanding, text)
        if reply.to_staff:
            self._show_staff(t, text)

    async def _assistant_reply(self, t: Turn, understanding: Understanding, text: str):
        sender = Sender(t.patron.code, t.tr.language, t.patron.email, t.patron.name or None)
        reply = await self.assistant.answer(sender, understanding, self.clock(), channel="telegram", text=text)
        # In a chat the e-mail greeting and signature are noise: keep the substance.
        lines = [line for line in reply.lines if line not in (t.tr.gettext("Hello,"), self.assistant._signature(t.tr))]
        t.say("\n".join(lines).strip())
        return reply

    def _show_staff(self, t: Turn, text: str) -> None:
        tr = Translator(self.policy.library.staff_lang, self.library.calendar.zone)
        subject = tr.gettext("Telegram message from {name} ({code})", name=t.patron.name or t.patron.code,
                             code=t.patron.code)
        body = tr.gettext("loanbot did not understand this message; please answer the patron.") + "\n\n" + text
        for address in self.policy.library.staff_emails:
            queue_email(t.session, address, subject, body + "\n", self.clock(), auto_reply=False,
                        language=tr.language, dedupe_key=f"tg:{self.bot_id}:{t.update_id}:staff:{address}")

    # --- linking ----------------------------------------------------------------------------------------------
    async def _link_address(self, t: Turn, text: str) -> None:
        wanted = text.strip()
        if not wanted or len(wanted) > 320 or " " in wanted:
            t.say(t.tr.gettext("Please send only your library e-mail address or reader card number, or send /cancel."))
            return
        await linking.start_link(self.library, t.user_id, wanted, self.clock())
        t.dialogue.to(states.LINK_CODE)
        t.say(t.tr.gettext("If this address or card is registered with the library, we have just e-mailed a "
                           "6-digit code to the registered address. Please send that code here.") + "\n" +
              t.tr.gettext("The code is valid for thirty minutes. To use another address, just send it; to stop, "
                           "send /cancel."))

    async def _link_code(self, t: Turn, text: str) -> None:
        match = CODE.match(text)
        result = await linking.confirm_link(self.library, t.user_id, match.group(1) + match.group(2), self.clock())
        if result.ok:
            t.dialogue.reset()
            t.patron = await self._patron(result.patron_code)
            t.say(t.tr.gettext("Done: your Telegram account is now connected to your library account {code}.",
                               code=result.patron_code) + "\n\n" + self.commands_text(t))
        elif result.error == "wrong_code":
            t.say(t.tr.ngettext("That code is wrong. You have {n} attempt left.",
                                "That code is wrong. You have {n} attempts left.", result.attempts_left))
        else:
            t.dialogue.to(states.LINK_ADDRESS)
            t.say({"expired": t.tr.gettext("That code has expired."),
                   "too_many_attempts": t.tr.gettext("Too many wrong codes."),
                   }.get(result.error, t.tr.gettext("There is no code waiting for this account.")) + " " +
                  t.tr.gettext("Send your library e-mail address or card number again for a new code."))

    async def _patron(self, code: str) -> Patron | None:
        async with self.library.ctx.transaction() as session:
            return (await session.execute(select(Patron).where(Patron.code == code))).scalar_one_or_none()

    # --- the guided interlibrary loan request -----------------------------------------------------------------
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
                                  "arrives.", days="14–30"))
        t.callback_answer = t.tr.gettext("Registered as {reference}.", reference=result.request)
        t.say("\n".join(lines))

    # --- buttons ----------------------------------------------------------------------------------------------
    async def on_button(self, update: Update, context) -> None:
        """Callback data only names what was pressed; who may do it is decided from the presser's own account."""
        data = update.callback_query.data or ""
        kind, _, argument = data.partition(":")
        async with self.turn(update) as t:
            if t is None:
                return
            if kind == "lang" and argument in LANGUAGES:
                await self._choose_language(t, argument)
                return
            if not t.linked:
                t.callback_answer = t.tr.gettext("Please connect your library account first: send /start.")
                return
            if kind == "renew":
                await self._renew_pressed(t, argument)
            elif kind == "ill" and argument == "send":
                await self._send_ill_request(t)
            elif kind == "ill" and argument == "cancel":
                if t.dialogue.state == states.ILL_CONFIRM:
                    t.dialogue.reset()
                    t.say(t.tr.gettext("Cancelled."))
            elif kind in ("approve", "reject"):
                await self._decision_pressed(t, kind, argument)
            elif kind == "remind":
                await self._reminders_pressed(t, argument)
            else:
                t.callback_answer = t.tr.gettext("This button is no longer valid.")

    async def _choose_language(self, t: Turn, language: str) -> None:
        t.dialogue.language = language
        t.tr = Translator(language, self.library.calendar.zone)
        if t.patron is not None:
            t.patron.language = language  # loaded in the turn's session: saved with it
        t.callback_answer = LANGUAGE_NAMES[language]
        # Translators: name your own language here ("in Turkish", …), not English.
        t.say(t.tr.gettext("From now on I will write to you in English."))

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

    async def _decision_pressed(self, t: Turn, decision: str, reference: str) -> None:
        if not self._is_staff(t):
            log.warning("telegram user %s (not staff) pressed %s %r", t.user_id, decision, reference)
            t.callback_answer = t.tr.gettext("This is for library staff only.")
            return
        if decision == "reject":
            t.dialogue.to(states.REJECT_REASON, reference=reference)
            t.say(t.tr.gettext("Why are you rejecting {reference}? Send the reason (the patron will read it), or "
                               "send /cancel.", reference=reference))
            return
        result = await self.desk.decide(reference, "approve", self._staff_actor(t), self.clock(),
                                        require_secret=False)
        if result.ok:
            t.say(t.tr.gettext("{reference} approved: {state}. The patron has been told.", reference=reference,
                               state=wording.ill_state(t.tr, result.state)))
        else:
            t.say(t.tr.gettext("{reference} not approved: {reason}.", reference=reference,
                               reason=wording.refusal(t.tr, result.error)))

    async def _reject_with_reason(self, t: Turn, reference: str, reason: str) -> None:
        if not self._is_staff(t):
            t.dialogue.reset()
            return
        t.dialogue.reset()
        result = await self.desk.decide(reference, "reject", self._staff_actor(t), self.clock(),
                                        reason=reason.strip()[:1000], require_secret=False)
        if result.ok:
            t.say(t.tr.gettext("{reference} rejected. The patron will be told the reason.", reference=reference))
        else:
            t.say(t.tr.gettext("{reference} not rejected: {reason}.", reference=reference,
                               reason=wording.refusal(t.tr, result.error)))

    @staticmethod
    def _staff_actor(t: Turn) -> Actor:
        return Actor("staff", t.patron.email, "telegram")


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
