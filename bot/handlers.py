"""What loanbot does with each Telegram update: the frame around every update (the claim, the dialogue kept in
`conversations`, the replies written to the outbox in the same unit of work as the change they report), the
commands anyone may use, linking, and the dispatch of plain messages and button presses to the patron's handlers
(`bot.patron_handlers`) and the staff's (`bot.staff_handlers`). A button press is always re-checked against the
presser's own account.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable

from sqlalchemy import select
from telegram import Update
from telegram.ext import (Application, ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, ContextTypes,
                          MessageHandler, TypeHandler, filters)

from bot import conversations as states
from bot.conversations import load_dialogue, save_dialogue
from bot.patron_handlers import PatronHandlers
from bot.staff_handlers import StaffHandlers
from bot.throttle import ReplyThrottle
from bot.turns import Turn, claim_update
from core.dialogue import linking
from core.dialogue.assistant import Assistant
from core.library import Library
from core.plumbing.i18n import LANGUAGES, Translator, pick_language
from core.plumbing.outbox import Outbox, Outgoing, queue_telegram
from core.staff.desk import StaffDesk
from core.storage.models import Patron

log = logging.getLogger("loanbot.telegram")

LANGUAGE_NAMES = {"tr": "Türkçe", "hr": "Hrvatski", "lt": "Lietuvių", "en": "English"}
CODE = re.compile(r"^\s*(\d{3})\s?(\d{3})\s*$")


class ChatHandlers(PatronHandlers, StaffHandlers):
    def __init__(self, library: Library, clock: Callable[[], dt.datetime], bot_id: int = 0,
                 throttle: ReplyThrottle | None = None, desk: StaffDesk | None = None):
        self.library = library
        self.policy = library.policy
        self.clock = clock
        self.bot_id = bot_id
        self.assistant = Assistant(library)
        self.desk = desk or StaffDesk(library)   # `loanbot serve` gives the one that offers holding libraries
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
                    "skip": self.cmd_skip, "pending": self.cmd_pending, "ill": self.cmd_ill, "lend": self.cmd_ill,
                    "unlink": self.cmd_unlink,
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
                lines += ["/pending — " + tr.gettext("requests waiting for staff"),
                          "/ill ILL-7 — " + tr.gettext("one request and what can be done with it")]
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
            elif state == states.STAFF_DATA:
                await self._staff_data(t, text)
            elif state == states.REJECT_REASON:   # a dialogue saved before STAFF_DATA existed
                t.dialogue.to(states.STAFF_DATA, kind="ill", reference=t.dialogue.data.get("reference", ""),
                              event="reject", seen="")
                await self._staff_data(t, text)
            else:
                await self._free_text(t, text)

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
            elif kind == "offer":
                await self._offer_pressed(t, argument)
            elif kind in ("ill", "lend"):
                await self._staff_pressed(t, data)
            elif kind == "staffdata":
                await self._staff_data_pressed(t, argument)
            elif kind in ("approve", "reject"):
                await self._legacy_decision_pressed(t, argument)
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
