"""The staff digest as data: what the ILL desk has to act on today (seeds/000–001 steps 2–12)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from core.domain.holdshelf import WaitingHold
from core.plumbing.i18n import Translator
from core.scheduling.digest_holds import uncollected_holds_section
from core.domain.ill import ON_LOAN_STATES
from core.library import Library
from core.storage.models import IllRequest, OutboxMessage, Patron

RENEWAL_LOOKAHEAD_DAYS = 7  # lender renewals whose deadline falls within this many days are listed


@dataclass(frozen=True)
class DigestLine:
    reference: str
    title: str
    patron: str
    since: dt.datetime
    detail: str = ""          # lender, deadline, due date…
    reply_token: str = ""     # for pending requests: lets staff approve or reject by replying


@dataclass
class Digest:
    day: dt.date
    to_decide: list[DigestLine] = field(default_factory=list)       # new requests (requested)
    to_send: list[DigestLine] = field(default_factory=list)         # a lender is known (located)
    awaiting_lender: list[DigestLine] = field(default_factory=list)  # sent, no answer yet
    not_collected: list[DigestLine] = field(default_factory=list)   # arrived, patron has not picked it up
    to_ship_back: list[DigestLine] = field(default_factory=list)    # returned by the patron
    renewals_to_ask: list[DigestLine] = field(default_factory=list)  # renewal_requested: ask the lender in time
    overdue: list[DigestLine] = field(default_factory=list)         # on loan to a patron past the due date
    failed_deliveries: list[tuple[str, str, str]] = field(default_factory=list)  # (recipient, subject, error)
    holds_not_collected: list[WaitingHold] = field(default_factory=list)  # past their last day on the hold shelf

    @property
    def empty(self) -> bool:
        return not any((self.to_decide, self.to_send, self.awaiting_lender, self.not_collected, self.to_ship_back,
                        self.renewals_to_ask, self.overdue, self.failed_deliveries, self.holds_not_collected))


async def build_digest(library: Library, now: dt.datetime) -> Digest:
    calendar = library.calendar
    today = calendar.local_date(now)
    digest = Digest(today)
    async with library.ctx.transaction() as session:
        rows = (await session.execute(
            select(IllRequest, Patron.code).join(Patron, Patron.id == IllRequest.patron_id)
            .where(IllRequest.state.in_(("requested", "located", "sent", "arrived", "returned", *ON_LOAN_STATES)))
            .order_by(IllRequest.id))).all()
        for request, patron in rows:
            line = DigestLine(request.reference, request.title, patron, request.updated_at)
            if request.state == "requested":
                digest.to_decide.append(DigestLine(request.reference, request.title, patron, request.created_at,
                                                   reply_token=f"{request.reference}-{request.approval_secret}"))
            elif request.state == "located":
                digest.to_send.append(_with(line, request.lender or ""))
            elif request.state == "sent":
                digest.awaiting_lender.append(_with(line, request.lender or ""))
            elif request.state == "arrived":
                digest.not_collected.append(line)
            elif request.state == "returned":
                digest.to_ship_back.append(_with(line, request.lender or ""))
            if request.state in ON_LOAN_STATES and request.lender_due is not None:
                deadline = library.ill.renewal_deadline(request.lender_due)
                if request.state == "renewal_requested" and deadline >= today:
                    digest.renewals_to_ask.append(_with(line, deadline.isoformat()))
                elif request.state == "checked_out" and today <= deadline <= today + dt.timedelta(
                        days=RENEWAL_LOOKAHEAD_DAYS):
                    digest.renewals_to_ask.append(_with(line, deadline.isoformat()))
                if request.due_at is not None and request.due_at < now:
                    digest.overdue.append(_with(line, calendar.local_date(request.due_at).isoformat()))
        failures = (await session.execute(
            select(OutboxMessage).where(OutboxMessage.failed_at.is_not(None),
                                        OutboxMessage.failed_at >= now - dt.timedelta(days=7))
            .order_by(OutboxMessage.failed_at))).scalars()
        digest.failed_deliveries = [(m.recipient, m.subject or m.body[:60], m.last_error or "") for m in failures]
    digest.holds_not_collected = await library.hold_shelf.waiting(now, overdue_only=True)
    return digest


def _with(line: DigestLine, detail: str) -> DigestLine:
    return DigestLine(line.reference, line.title, line.patron, line.since, detail, line.reply_token)


def render_digest(tr: Translator, digest: Digest, library_name: str) -> tuple[str, list[str]]:
    """(subject, lines) of the e-mail that staff receive; each pending request says how to decide by reply."""
    subject = tr.gettext("Interlibrary loan digest for {date}", date=tr.date(digest.day))
    lines = [tr.gettext("Good morning,"), ""]
    if digest.empty:
        lines.append(tr.gettext("Nothing needs your attention today."))
    sections = [
        (digest.to_decide, tr.gettext("New requests to approve or reject")),
        (digest.to_send, tr.gettext("Requests to send to the lending library")),
        (digest.awaiting_lender, tr.gettext("Waiting for the lending library's answer")),
        (digest.not_collected, tr.gettext("Arrived, not yet collected by the patron")),
        (digest.to_ship_back, tr.gettext("Returned by the patron: ship back to the lender")),
        (digest.renewals_to_ask, tr.gettext("Renewals to request from lenders before their deadline")),
        (digest.overdue, tr.gettext("Overdue interlibrary loan items")),
    ]
    for entries, heading in sections:
        if not entries:
            continue
        lines += [f"{heading} ({len(entries)}):"]
        for entry in entries:
            title = f"«{entry.title}»" if entry.title else tr.gettext("title not given")
            text = f"• {entry.reference} {title} — {entry.patron}"
            if entry.detail:
                text += f" — {entry.detail}"
            lines.append(text)
            if entry.reply_token:
                lines.append("  " + tr.gettext("Reply with \"APPROVE {reference}\" or \"REJECT {reference}: reason\", "
                                               "keeping this line: Ref: {token}", reference=entry.reference,
                                               token=entry.reply_token))
        lines.append("")
    lines += uncollected_holds_section(tr, digest.holds_not_collected)
    if digest.failed_deliveries:
        lines.append(tr.gettext("Messages that could not be delivered ({count}):",
                                count=len(digest.failed_deliveries)))
        lines += [f"• {to}: {subject_} — {error}" for to, subject_, error in digest.failed_deliveries]
        lines.append("")
    lines.append(tr.gettext("{library} (loanbot)", library=library_name))
    return subject, lines
