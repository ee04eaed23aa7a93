"""What linked staff do in the chat (contracts §5): `/pending` lists the requests waiting for staff and `/ill REF`
shows one, each with a button per event its state allows; an event that needs data (the lender and domestic or
foreign, a due date, a reason) asks for it, then is recorded through the staff desk and confirmed. Every press is
checked again: only a Telegram account linked to a `staff_emails` address acts, and a request that moved on since
its buttons were shown (another staff member pressed first) is not changed, and the presser is told.
A mixin of `bot.handlers.ChatHandlers`.
"""
from __future__ import annotations

import logging

from telegram import Update

from bot import conversations as states
from bot.turns import Turn
from core.catalogue.report import holdings_lines
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.staff import replies, words
from core.staff.desk import request_kind
from core.staff.replying import run_command
from core.staff.views import RequestView, request_view, waiting_for_staff
from core.understanding.staff_commands import StaffCommand, data_for

log = logging.getLogger("loanbot.telegram")
PENDING_SHOWN = 15   # /pending shows this many requests, each with its buttons; the rest by reference
PICKS_SHOWN = 8      # holding libraries offered as buttons when `locate` asks for the lender


class StaffHandlers:
    # --- who -------------------------------------------------------------------------------------------------
    def _is_staff(self, t: Turn) -> bool:
        return t.linked and bool(t.patron.email) and self.desk.is_staff(t.patron.email)

    @staticmethod
    def _staff_actor(t: Turn) -> Actor:
        return Actor("staff", t.patron.email.lower(), "telegram")

    def _staff_tr(self) -> Translator:
        return Translator(self.policy.library.staff_lang, self.library.calendar.zone)

    def _staff_only(self, t: Turn, pressed: bool = False) -> bool:
        """True (and the presser told) when this account may not act as staff."""
        if self._is_staff(t):
            return False
        log.warning("telegram user %s (not staff) tried a staff command or button", t.user_id)
        if pressed:
            t.callback_answer = t.tr.gettext("This is for library staff only.")
        else:
            t.say(t.tr.gettext("This command is for library staff."))
        return True

    # --- commands ----------------------------------------------------------------------------------------------
    async def cmd_pending(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None or self._needs_link(t) or self._staff_only(t):
                return
            t.dialogue.reset()
            tr = self._staff_tr()
            views = await waiting_for_staff(self.library, self.clock())
            if not views:
                t.say(tr.gettext("No requests are waiting for staff."))
                return
            for view in views[:PENDING_SHOWN]:
                self._show_request(t, tr, view)
            if len(views) > PENDING_SHOWN:
                rest = ", ".join(v.reference for v in views[PENDING_SHOWN:])
                t.say(tr.gettext("More waiting: {references}. Send /ill and a reference to see one.",
                                 references=rest))

    async def cmd_ill(self, update: Update, context) -> None:
        async with self.turn(update) as t:
            if t is None or self._needs_link(t) or self._staff_only(t):
                return
            tr = self._staff_tr()
            reference = " ".join(getattr(context, "args", None) or []).strip()
            view = await request_view(self.library, reference) if request_kind(reference) else None
            if view is None:
                t.say(tr.gettext("Send /ill and a request's reference, for example /ill ILL-7 or /ill LEND-2."))
                return
            t.dialogue.reset()
            self._show_request(t, tr, view)

    def _show_request(self, t: Turn, tr: Translator, view: RequestView) -> None:
        t.say("\n".join(request_card(tr, self.library, view)),
              words.event_buttons(tr, view.kind, view.reference, view.state, view.events) or None)

    # --- buttons -----------------------------------------------------------------------------------------------
    async def _staff_pressed(self, t: Turn, data: str) -> None:
        """`ill:ILL-7:locate:requested` (the state the buttons were shown in; older buttons may lack it)."""
        if self._staff_only(t, pressed=True):
            return
        tr = self._staff_tr()
        kind, reference, event, seen, choice = (data.split(":") + ["", "", "", "", ""])[:5]
        view = await request_view(self.library, reference, history=True)
        if view is None or view.kind != kind:
            t.callback_answer = tr.gettext("This button is no longer valid.")
            return
        if seen and seen != view.state or event not in view.events:
            outcome_lines = _changed_lines(tr, self.library, view) if seen and seen != view.state else \
                replies.not_understood_lines(tr, view)[1:] + [replies.possible_line(tr, view)]
            t.callback_answer = tr.gettext("Nothing was done.")
            t.say("\n".join(outcome_lines),
                  words.event_buttons(tr, view.kind, view.reference, view.state, view.events) or None)
            return
        if event == "locate" and choice.isdigit():   # a holding library's own button: located at one press
            await self._record(t, tr, reference, StaffCommand("locate", None, choice=int(choice)), view.state)
            return
        needed = self.desk.data_needed(kind, event, view.lend_kind)
        if needed:
            t.dialogue.to(states.STAFF_DATA, kind=kind, reference=reference, event=event, seen=view.state)
            t.callback_answer = ""
            await self._ask_for_data(t, tr, view, event, needed)
            return
        await self._record(t, tr, reference, StaffCommand(event, None), view.state)

    async def _ask_for_data(self, t: Turn, tr: Translator, view: RequestView, event: str, needed) -> None:
        reference = view.reference
        if "lender" in needed:
            candidates = await self.desk.lender_candidates(reference)
            if not candidates:
                t.say(tr.gettext("Which library will lend {reference}? Send its name (add \"foreign\" if it is "
                                 "abroad), or send /cancel.", reference=reference))
                return
            buttons = [[{"text": words.lender_label(tr, n, c), "data": f"staffdata:pick:{n}"}]
                       for n, c in enumerate(candidates[:PICKS_SHOWN], start=1)]
            buttons.append([{"text": tr.gettext("Another library"), "data": "staffdata:other"}])
            t.say(tr.gettext("Which library will lend {reference}? These hold it, best first; for another one, send "
                             "its name (add \"foreign\" if it is abroad), or send /cancel.", reference=reference),
                  buttons)
        elif "reason" in needed:
            t.say(tr.gettext("Why are you rejecting {reference}? Send the reason (the patron will read it), or "
                             "send /cancel.",
                             reference=reference))
        else:
            what = replies.data_words(tr, needed[0])
            t.say(tr.gettext("Please send {what} for {reference} (for example 15.01.2027), or send /cancel.",
                             what=what, reference=reference))

    async def _staff_data(self, t: Turn, text: str) -> None:
        """A prompt's answer: the lender's name, a date, a reason."""
        if not self._is_staff(t):
            t.dialogue.reset()
            return
        tr, data = self._staff_tr(), dict(t.dialogue.data)
        command = data_for(data["event"], text, data["kind"])
        if data["event"] == "locate" and command.lender and command.foreign is None:
            t.dialogue.to(states.STAFF_DATA, **data, lender=command.lender)
            t.say(tr.gettext("Is {lender} in the country or abroad?", lender=command.lender),
                  [[{"text": tr.gettext("In the country"), "data": "staffdata:domestic"},
                    {"text": tr.gettext("Abroad"), "data": "staffdata:foreign"}]])
            return
        await self._record(t, tr, data["reference"], command, data["seen"], keep_asking=True)

    async def _staff_data_pressed(self, t: Turn, choice: str) -> None:
        """staffdata:domestic / staffdata:foreign (after a lender's name), staffdata:pick:N (a candidate lender),
        staffdata:other (none of them: the name is typed)."""
        if self._staff_only(t, pressed=True):
            return
        tr, data = self._staff_tr(), dict(t.dialogue.data)
        if t.dialogue.state != states.STAFF_DATA or data.get("event") != "locate":
            t.callback_answer = tr.gettext("This button is no longer valid.")
            return
        if choice == "other":   # a library the catalogues did not name: its name is typed
            t.callback_answer = ""
            t.say(tr.gettext("Send the library's name (add \"foreign\" if it is abroad), or send /cancel."))
            return
        if choice.startswith("pick:") and choice[5:].isdigit():
            command = StaffCommand("locate", None, choice=int(choice[5:]))
        elif choice in ("domestic", "foreign") and data.get("lender"):
            command = StaffCommand("locate", None, lender=data["lender"], foreign=choice == "foreign")
        else:
            t.callback_answer = tr.gettext("This button is no longer valid.")
            return
        t.callback_answer = ""
        await self._record(t, tr, data["reference"], command, data["seen"])

    async def _record(self, t: Turn, tr: Translator, reference: str, command: StaffCommand, seen_state: str,
                      keep_asking: bool = False) -> None:
        """Run the event through the desk (checked against the state the staff member saw) and confirm it."""
        handled = await run_command(self.desk, reference, command, self._staff_actor(t), self.clock(), tr,
                                    expected_state=seen_state)
        if handled.outcome is None and keep_asking and handled.view is not None:
            t.say("\n".join(handled.lines[:1]) + "\n" + tr.gettext("Please send it again, or send /cancel."))
            return
        t.dialogue.reset()
        view = handled.view
        if handled.outcome is not None:
            t.callback_answer = tr.gettext("Done.") if handled.outcome.ok else tr.gettext("Nothing was done.")
        t.say("\n".join(handled.lines),
              words.event_buttons(tr, view.kind, view.reference, view.state, view.events) if view else None)

    async def _legacy_decision_pressed(self, t: Turn, reference: str) -> None:
        """approve:ILL-7 / reject:ILL-7 from a message sent before every event had its button: show it now."""
        if self._staff_only(t, pressed=True):
            return
        view = await request_view(self.library, reference)
        if view is None:
            t.callback_answer = t.tr.gettext("This button is no longer valid.")
            return
        self._show_request(t, self._staff_tr(), view)


def request_card(tr: Translator, library, view: RequestView) -> list[str]:
    """A request in a few lines: what, for whom, from where, the dates, the state."""
    lines = [f"{view.reference} {words.words_title(tr, view, quoted=True)}"]
    if view.kind == "ill":
        lines.append(tr.gettext("Patron: {name}", name=f"{view.patron_name} ({view.patron})" if view.patron_name
                                else view.patron))
    lender = view.lender and (f"{view.lender} ({tr.gettext('abroad')})" if view.foreign else view.lender)
    if lender:
        lines.append((tr.gettext("Lender") if view.kind == "ill" else tr.gettext("Library")) + f": {lender}")
    if view.lender_due:
        lines.append(tr.gettext("Lender's due date") + f": {tr.date(view.lender_due)}")
    if view.due:
        label = tr.gettext("Patron's due date") if view.kind == "ill" else tr.gettext("Due back")
        lines.append(f"{label}: {tr.moment(view.due) if view.kind == 'ill' else tr.date(view.due)}")
    lines.append(tr.gettext("State: {state}", state=words.state_words(tr, view.kind, view.state)))
    if view.kind == "ill" and "locate" in view.events:   # where it could come from
        if view.holdings:
            lines += holdings_lines(tr, view.holdings)
        elif view.lookup is not None and view.lookup.state == "pending":
            lines.append(tr.gettext("The catalogues are being searched for libraries that hold it: they follow in "
                                    "a message of their own."))
    return lines


def _changed_lines(tr: Translator, library, view: RequestView) -> list[str]:
    from core.staff.desk import STATE_CHANGED, DeskOutcome
    return replies.outcome_lines(tr, library, DeskOutcome(view.kind, {"ok": False, "state": view.state,
                                                                      "error": STATE_CHANGED}, view.reference),
                                 view)
