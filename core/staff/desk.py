"""Staff decisions on borrowing requests, by e-mail reply or Telegram button, and telling the patron.

A decision is only taken from a staff identity the library knows (an address in `staff_emails`, or a Telegram
account linked to one) *and*, by e-mail, with the request's secret that only the staff notification carried: a
forged `From:` alone never approves anything.
"""
from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from sqlalchemy import select

from core.domain.codes import Refusal
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.domain.ill import parse_reference
from core.library import Library
from core.plumbing.outbox import queue_email, queue_telegram
from core.storage.models import IllRequest, Patron
from core.plumbing import wording

# What "approve" means in each state: accepting a new request (staff will find a lender), or recording the
# lender's approval of a request already sent.
APPROVAL_EVENT = {"requested": "locate", "located": "send", "sent": "approve"}


class NotStaff(PermissionError):
    pass


@dataclass(frozen=True)
class Decision:
    ok: bool
    reference: str
    state: str | None = None
    error: Refusal | str | None = None


class StaffDesk:
    def __init__(self, library: Library):
        self.library = library
        self.policy = library.policy

    def is_staff(self, address: str | None) -> bool:
        return bool(address) and self.policy.is_staff(address)

    async def decide(self, reference: str, decision: str, staff: Actor, now: dt.datetime, *,
                     reason: str | None = None, secret: str | None = None, require_secret: bool = True) -> Decision:
        """Approve or reject `reference` for `staff`; call inside a unit of work (the patron's message goes with it)."""
        if not self.is_staff(staff.name):
            return Decision(False, reference, error="not_staff")
        request_id = parse_reference(reference)
        async with self.library.ctx.transaction() as session:
            request = await session.get(IllRequest, request_id) if request_id else None
            if request is None:
                return Decision(False, reference, error=Refusal.UNKNOWN_REQUEST)
            if require_secret and not (secret and hmac.compare_digest(secret, request.approval_secret)):
                return Decision(False, request.reference, request.state, error="bad_secret")
            state = request.state
        if decision == "reject":
            result = await self.library.ill.event(reference, "reject", now, staff,
                                                  reason=reason or None)
        else:
            event = APPROVAL_EVENT.get(state)
            if event is None:
                return Decision(False, reference, state, Refusal.INVALID_TRANSITION)
            result = await self.library.ill.event(reference, event, now, staff)
            if result.ok:
                await self._tell_patron_approved(reference, now)
        return Decision(result.ok, reference, result.state, result.error)

    async def _tell_patron_approved(self, reference: str, now: dt.datetime) -> None:
        async with self.library.ctx.transaction() as session:
            request = await session.get(IllRequest, parse_reference(reference))
            patron = await session.get(Patron, request.patron_id)
            tr = Translator(patron.language, self.library.calendar.zone)
            lines = [tr.gettext("Hello,"), "",
                     tr.gettext("your interlibrary loan request {reference} «{title}» has been approved by the "
                                "library staff: {state}.", reference=reference, title=request.title,
                                state=wording.ill_state(tr, request.state)),
                     tr.gettext("We will write to you when it arrives.")]
            queue_to_patron(session, patron, tr.gettext("Your interlibrary loan request {reference}",
                                                         reference=reference), lines, now,
                            dedupe_key=f"approved:{reference}:{request.state}")

    async def pending(self) -> list[IllRequest]:
        """Requests waiting for a staff decision (new, or sent and waiting for the lender)."""
        async with self.library.ctx.transaction() as session:
            return list((await session.execute(select(IllRequest).where(
                IllRequest.state.in_(("requested", "located", "sent"))).order_by(IllRequest.id))).scalars())


def queue_to_patron(session, patron: Patron, subject: str, lines: list[str], now: dt.datetime, *,
                    dedupe_key: str | None = None) -> str | None:
    """Send on the patron's channel: Telegram when linked (unless they chose e-mail), else e-mail.
    Returns the channel used, or None when the patron has no channel at all."""
    wants_email = patron.preferred_channel == "email"
    if patron.telegram_user_id and not wants_email:
        queue_telegram(session, patron.telegram_user_id, f"{subject}\n\n" + "\n".join(lines), now,
                       dedupe_key=f"{dedupe_key}:telegram" if dedupe_key else None)
        return "telegram"
    if patron.email:
        queue_email(session, patron.email, subject, "\n".join(lines) + "\n", now, auto_reply=False,
                    language=patron.language, dedupe_key=f"{dedupe_key}:email" if dedupe_key else None)
        return "email"
    return None
