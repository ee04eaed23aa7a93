"""What to write back to one message, inside its unit of work: a patron's answer from the Assistant, the
registration note for an unknown sender, a staff command's outcome (contracts §5: the event is applied only for a
staff address that proves the request's secret; the confirmation carries the Ref line again), or the too-large
note."""
from __future__ import annotations

import datetime as dt
import re

from core.dialogue.assistant import Assistant, Sender
from core.library import Library
from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email
from core.staff.desk import StaffDesk, request_kind
from core.staff.forward import forward_to_staff
from core.staff.replying import run_command
from core.storage.models import InboundMessage
from core.understanding.intent import find_request
from core.understanding.staff_commands import command_line, read_staff_command
from mail.addresses import OwnAddress, one_line, token_for, tokens_in_body, tokens_in_headers

_RE = re.compile(r"^\s*re\s*:", re.IGNORECASE)


class Answerer:
    def __init__(self, library: Library, own: OwnAddress, desk: StaffDesk | None = None):
        self.library = library
        self.policy = library.policy
        self.own = own
        self.assistant = Assistant(library)
        self.desk = desk or StaffDesk(library)   # `loanbot serve` gives the one that offers holding libraries

    async def answer(self, session, row: InboundMessage, prepared, now: dt.datetime) -> tuple[str, str | None]:
        """Queue the reply (and any staff copy) in `session`; returns the inbound row's (status, note)."""
        if prepared.skip:
            return "ignored", prepared.skip
        mail, understanding = prepared.mail, prepared.understanding
        sender = mail.sender_address
        patron = await self.library.registry.patron_by_email(sender)
        language = self.assistant.reply_language(understanding.written_in, patron.language if patron else None)
        tr = Translator(language, self.library.calendar.zone)
        if prepared.too_large:
            self._reply(session, row, mail, tr.gettext("Your message to the library"),
                        self._too_large(tr, prepared.size), language, now)
            return "done", f"too large ({prepared.size} bytes): answered from its headers"
        is_staff = self.desk.is_staff(sender)
        # A reply to a staff notification brings the token in its To (the Reply-To); only a staff sender's quoted
        # text is searched for one (a patron never received one, and the body scan costs on every message).
        has_token = bool(tokens_in_headers(prepared.msg, self.own)) or (is_staff and bool(tokens_in_body(prepared.msg)))
        if is_staff or has_token:
            reference = self._reference(mail, prepared.msg, understanding)
            command = read_staff_command(mail.body_text, request_kind(reference) or "ill")
            if has_token or command is not None or understanding.intent in ("approve", "reject"):
                return "done", await self._staff_command(session, row, mail, prepared.msg, reference, command, now)
        if is_staff and patron is None:
            self._reply(session, row, mail, tr.gettext("Your message to loanbot"), self._staff_hint(tr), language, now)
            return "done", "staff message without a decision"
        who = Sender(patron.code if patron else None, language, sender, mail.sender_name or None)
        reply = await self.assistant.answer(who, understanding, now, channel="email", text=mail.body_text)
        self._reply(session, row, mail, reply.subject, reply.text, reply.language, now)
        if reply.to_staff and patron is not None:
            self._copy_to_staff(session, row, mail, patron, now, reply.staff_reason)
        return "done", None if patron else "unknown sender: told how to register"

    # --- staff commands ---------------------------------------------------------------------------------------
    def _reference(self, mail, msg, understanding) -> str | None:
        """The request a staff reply is about: the one its first line names, else the only one its tokens name."""
        line, _ = command_line(mail.body_text)
        named = find_request(line, "") if line else None
        lend = re.search(r"(?i)\blend[ \-_#:.]{0,3}(\d{1,9})\b", line or "")
        if lend:
            return f"LEND-{int(lend[1])}"
        if named:
            return named
        token = token_for(None, msg, self.own)
        return token.reference if token else understanding.request

    async def _staff_command(self, session, row, mail, msg, reference, command, now) -> str:
        """A reply that moves a request: only from a staff address *and* with the request's own secret."""
        staff_tr = Translator(self.policy.library.staff_lang, self.library.calendar.zone)
        tr = Translator(command.language, self.library.calendar.zone) if command and command.language else staff_tr
        if reference is None:
            text = self._lines(tr, [tr.gettext(
                "We could not tell which request you meant: please reply to the request's own message (its "
                "notification, the digest or a confirmation), keeping its \"Ref:\" line, or name the request "
                "first, for example \"ILL-7 send\".")])
            self._reply(session, row, mail, tr.gettext("Your decision"), text, tr.language, now)
            return "staff reply without a reference"
        token = token_for(reference, msg, self.own)
        if not (self.desk.is_staff(mail.sender_address) and token
                and await self.desk.secret_matches(reference, token.secret)):
            line = tr.gettext("{reference}: we could not verify that this decision comes from the library staff; "
                              "nothing changed. Please reply to the request's own notification, keeping its "
                              "\"Ref:\" line.", reference=reference)
            self._reply(session, row, mail, tr.gettext("Your decision on {reference}", reference=reference),
                        self._lines(tr, [line]), tr.language, now)
            return f"{reference}: not verified (sender or Ref line): nothing changed"
        staff = self.desk.staff(mail.sender_address, "email")
        handled = await run_command(self.desk, reference, command, staff, now, tr)
        self._reply(session, row, mail, tr.gettext("Your decision on {reference}", reference=reference),
                    self._lines(tr, handled.lines), tr.language, now,
                    reply_token=handled.view.token if handled.view else None)
        return handled.note

    # --- texts ------------------------------------------------------------------------------------------------
    def _lines(self, tr: Translator, lines: list[str]) -> str:
        return "\n".join([tr.gettext("Hello,"), ""] + lines + ["", self._signature(tr)]) + "\n"

    def _signature(self, tr: Translator) -> str:
        return tr.gettext("{library} (loanbot, an automatic assistant)", library=self.policy.library.name)

    def _too_large(self, tr: Translator, size: int) -> str:
        return self._lines(tr, [tr.gettext(
            "Your message was too large for us to read ({megabytes} MB; the limit is 10 MB).",
            megabytes=tr.number(round(size / 1024 / 1024, 1))), tr.gettext(
            "Please write again without attachments: the author, title, year and ISBN or DOI are enough.")])

    def _staff_hint(self, tr: Translator) -> str:
        return self._lines(tr, [tr.gettext(
            "To move a request on, reply to a message about it (its notification, the digest, a confirmation) "
            "with the event and its data as the first words, for example \"send\", \"arrive 2027-01-15\" or "
            "\"reject: reason\", keeping its \"Ref:\" line. loanbot ill show REF lists what can be done.")])

    # --- queueing ---------------------------------------------------------------------------------------------
    def _reply(self, session, row: InboundMessage, mail, fallback_subject: str, body: str, language: str,
               now: dt.datetime, reply_token: str | None = None) -> None:
        """A threaded reply to the sender, written in the unit of work (sent after it commits)."""
        subject = one_line(mail.subject)
        subject = (subject if _RE.match(subject) else f"Re: {subject}") if subject else fallback_subject
        references = [r for r in mail.references if r != mail.message_id][-20:]
        if mail.message_id:
            references.append(mail.message_id)
        queue_email(session, mail.sender_address, subject[:250], body, now,
                    in_reply_to=mail.message_id or None, references=references, auto_reply=True,
                    language=language, dedupe_key=f"reply:inbound:{row.id}", reply_token=reply_token)

    def _copy_to_staff(self, session, row, mail, patron, now: dt.datetime, why: str) -> None:
        """A message the assistant did not understand, or a loss, goes to the staff too; their reply goes to the
        patron."""
        forward_to_staff(session, self.policy, self.library.calendar.zone, patron, mail.body_text, now,
                         subject=one_line(mail.subject), key=f"inbound:{row.id}", reply_to=mail.sender_address,
                         why=why)
