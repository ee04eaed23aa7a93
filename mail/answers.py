"""What to write back to one message, inside its unit of work: a patron's answer from the Assistant, the
registration note for an unknown sender, a staff decision's outcome, or the too-large note."""
from __future__ import annotations

import datetime as dt
import re

from core.dialogue.assistant import Assistant, Sender
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.library import Library
from core.plumbing.outbox import queue_email
from core.staff.desk import StaffDesk
from core.staff.forward import forward_to_staff
from core.storage.models import InboundMessage
from core.plumbing import wording
from mail.addresses import OwnAddress, one_line, token_for

_RE = re.compile(r"^\s*re\s*:", re.IGNORECASE)


class Answerer:
    def __init__(self, library: Library, own: OwnAddress):
        self.library = library
        self.policy = library.policy
        self.own = own
        self.assistant = Assistant(library)
        self.desk = StaffDesk(library)

    async def answer(self, session, row: InboundMessage, prepared, now: dt.datetime) -> tuple[str, str | None]:
        """Queue the reply (and any staff copy) in `session`; returns the inbound row's (status, note)."""
        if prepared.skip:
            return "ignored", prepared.skip
        mail, understanding = prepared.mail, prepared.understanding
        sender = mail.sender_address
        patron = await self.library.registry.patron_by_email(sender)
        language = self.assistant.reply_language(understanding.language, patron.language if patron else None)
        tr = Translator(language, self.library.calendar.zone)
        if prepared.too_large:
            self._reply(session, row, mail, tr.gettext("Your message to the library"),
                        self._too_large(tr, prepared.size), language, now)
            return "done", f"too large ({prepared.size} bytes): answered from its headers"
        is_staff = self.desk.is_staff(sender)
        token = token_for(understanding.request, prepared.msg, self.own) \
            if understanding.intent in ("approve", "reject") else None
        if understanding.intent in ("approve", "reject") and (is_staff or token):
            outcome = await self._decide(session, row, mail, understanding, token, tr, now)
            return "done", outcome
        if is_staff and patron is None:
            self._reply(session, row, mail, tr.gettext("Your message to loanbot"), self._staff_hint(tr), language, now)
            return "done", "staff message without a decision"
        who = Sender(patron.code if patron else None, language, sender, mail.sender_name or None)
        reply = await self.assistant.answer(who, understanding, now, channel="email", text=mail.body_text)
        self._reply(session, row, mail, reply.subject, reply.text, reply.language, now)
        if reply.to_staff and patron is not None:
            self._copy_to_staff(session, row, mail, patron, now)
        return "done", None if patron else "unknown sender: told how to register"

    # --- staff decisions --------------------------------------------------------------------------------------
    async def _decide(self, session, row, mail, understanding, token, tr: Translator, now) -> str:
        reference = understanding.request or (token.reference if token else None)
        if reference is None:
            text = self._lines(tr, [tr.gettext(
                "We could not tell which request you meant: please reply to the request's own message, keeping "
                "its reference (ILL-…) in the subject.")])
            self._reply(session, row, mail, tr.gettext("Your decision"), text, tr.language, now)
            return "decision without a reference"
        secret = token.secret if token and token.reference.upper() == reference.upper() else None
        decision = await self.desk.decide(reference, understanding.intent, Actor("staff", mail.sender_address,
                                                                                 "email"),
                                          now, reason=understanding.reason, secret=secret, require_secret=True)
        if decision.ok and understanding.intent == "approve":
            line = tr.gettext("{reference} approved; the request's status: {state}. The patron has been told.",
                              reference=decision.reference, state=wording.ill_state(tr, decision.state))
        elif decision.ok:
            line = tr.gettext("{reference} rejected. The patron will be told, with the reason: {reason}",
                              reference=decision.reference,
                              reason=understanding.reason or tr.gettext("(no reason given)"))
        elif decision.error in ("not_staff", "bad_secret"):
            line = tr.gettext("{reference}: we could not verify that this decision comes from the library staff; "
                              "nothing changed. Please reply to the request's own notification, keeping its "
                              "\"Ref:\" line.", reference=reference)
        else:
            line = tr.gettext("{reference}: nothing changed: {reason}.", reference=reference,
                              reason=wording.refusal(tr, decision.error))
        self._reply(session, row, mail, tr.gettext("Your decision on {reference}", reference=reference),
                    self._lines(tr, [line]), tr.language, now)
        return f"{understanding.intent} {reference}: {'ok' if decision.ok else decision.error}"

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
            "To approve or reject an interlibrary loan request, reply to its notification with APPROVE, or "
            "REJECT: reason, keeping the \"Ref:\" line of the notification.")])

    # --- queueing ---------------------------------------------------------------------------------------------
    def _reply(self, session, row: InboundMessage, mail, fallback_subject: str, body: str, language: str,
               now: dt.datetime) -> None:
        """A threaded reply to the sender, written in the unit of work (sent after it commits)."""
        subject = one_line(mail.subject)
        subject = (subject if _RE.match(subject) else f"Re: {subject}") if subject else fallback_subject
        references = [r for r in mail.references if r != mail.message_id][-20:]
        if mail.message_id:
            references.append(mail.message_id)
        queue_email(session, mail.sender_address, subject[:250], body, now,
                    in_reply_to=mail.message_id or None, references=references, auto_reply=True,
                    language=language, dedupe_key=f"reply:inbound:{row.id}")

    def _copy_to_staff(self, session, row, mail, patron, now: dt.datetime) -> None:
        """A message the assistant did not understand goes to the staff too; their reply goes to the patron."""
        forward_to_staff(session, self.policy, self.library.calendar.zone, patron, mail.body_text, now,
                         subject=one_line(mail.subject), key=f"inbound:{row.id}", reply_to=mail.sender_address)
