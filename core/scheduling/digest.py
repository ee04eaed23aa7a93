"""The staff digest as data: what the ILL desk has to act on today (seeds/000–001 steps 2–12, and the lending side),
grouped by what is to be done, each entry with its `Ref:` line and the events staff can reply."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from core.domain.holdshelf import WaitingHold
from core.domain.ill import OPEN_STATES, parse_reference
from core.domain.ill_extensions import refused_this_period
from core.library import Library
from core.plumbing.i18n import Translator
from core.scheduling.digest_holds import uncollected_holds_section
from core.staff import words
from core.staff.views import LEND_OPEN_STATES, RequestView, ill_views, lend_views
from core.storage.models import OutboxMessage

LENDER_ANSWER_OPEN_DAYS = 5   # a request sent this many open days ago without the lender's answer is listed


@dataclass(frozen=True)
class DigestLine:
    view: RequestView
    detail: str = ""                  # the lender
    ask_by: dt.date | None = None     # the last day to ask the lender for an extension
    late_since: dt.date | None = None # the patron's due date, passed


@dataclass
class Digest:
    day: dt.date
    new: list[DigestLine] = field(default_factory=list)               # requested: find a lender
    to_send: list[DigestLine] = field(default_factory=list)           # located: send it to the lender
    lender_silent: list[DigestLine] = field(default_factory=list)     # sent, no answer for N open days
    not_collected: list[DigestLine] = field(default_factory=list)     # arrived, the patron has not picked it up
    renewal_deadline: list[DigestLine] = field(default_factory=list)  # on loan: ask the lender for more time soon
    extension_asked: list[DigestLine] = field(default_factory=list)   # renewal_requested: the lender's answer due
    patron_late: list[DigestLine] = field(default_factory=list)       # our patron is late with an ILL item
    to_ship_back: list[DigestLine] = field(default_factory=list)      # returned by the patron
    to_close: list[DigestLine] = field(default_factory=list)          # shipped back: close when the lender confirms
    lending: list[DigestLine] = field(default_factory=list)           # lending requests to decide, send, close
    failed_deliveries: list[tuple[str, str, str]] = field(default_factory=list)  # (recipient, subject, error)
    holds_not_collected: list[WaitingHold] = field(default_factory=list)  # past their last day on the hold shelf

    def sections(self) -> list[list[DigestLine]]:
        return [self.new, self.to_send, self.lender_silent, self.not_collected, self.renewal_deadline,
                self.extension_asked, self.patron_late, self.to_ship_back, self.to_close, self.lending]

    @property
    def empty(self) -> bool:
        return not any(self.sections()) and not self.failed_deliveries and not self.holds_not_collected


async def build_digest(library: Library, now: dt.datetime) -> Digest:
    calendar = library.calendar
    today = calendar.local_date(now)
    digest = Digest(today)
    notice_days = library.policy.ill.renewal_notice_working_days
    silent_since = calendar.open_days_before(today, LENDER_ANSWER_OPEN_DAYS)
    views = await ill_views(library, OPEN_STATES)
    async with library.ctx.transaction() as session:   # a lender that refused an extension is not asked again
        refused = await refused_this_period(session, [parse_reference(v.reference) for v in views
                                                      if v.state == "checked_out"])
    for view in views:
        lender = view.lender or ""
        if view.state == "requested":
            digest.new.append(DigestLine(view))
        elif view.state == "located":
            digest.to_send.append(DigestLine(view, lender))
        elif view.state == "sent" and calendar.local_date(view.updated_at) <= silent_since:
            digest.lender_silent.append(DigestLine(view, lender))
        elif view.state == "arrived":
            digest.not_collected.append(DigestLine(view, lender))
        elif view.state == "returned":
            digest.to_ship_back.append(DigestLine(view, lender))
        elif view.state == "shipped_back":
            digest.to_close.append(DigestLine(view, lender))
        elif view.state == "renewal_requested":
            digest.extension_asked.append(DigestLine(view, lender))
        if view.state == "checked_out" and view.lender_due is not None and \
                parse_reference(view.reference) not in refused:
            deadline = library.ill.renewal_deadline(view.lender_due)
            if today <= deadline <= calendar.open_days_after(today, notice_days):
                digest.renewal_deadline.append(DigestLine(view, lender, ask_by=deadline))
        if view.state in ("checked_out", "renewal_requested") and view.due is not None and view.due < now:
            digest.patron_late.append(DigestLine(view, lender, late_since=calendar.local_date(view.due)))
    for view in await lend_views(library, LEND_OPEN_STATES):
        overdue = view.state == "shipped" and view.lend_kind == "loan" and view.due is not None and view.due < today
        if view.state in ("received", "approved", "returned") or overdue or (
                view.state == "shipped" and view.lend_kind == "copy"):
            digest.lending.append(DigestLine(view, view.lender or ""))
    async with library.ctx.transaction() as session:
        failures = (await session.execute(
            select(OutboxMessage).where(OutboxMessage.failed_at.is_not(None),
                                        OutboxMessage.failed_at >= now - dt.timedelta(days=7))
            .order_by(OutboxMessage.failed_at))).scalars()
        digest.failed_deliveries = [(m.recipient, m.subject or m.body[:60], m.last_error or "") for m in failures]
    digest.holds_not_collected = await library.hold_shelf.waiting(now, overdue_only=True)
    return digest


def render_digest(tr: Translator, digest: Digest, library_name: str) -> tuple[str, list[str]]:
    """(subject, lines) of the e-mail staff receive: each entry with its Ref line and the events it can take, so
    that replying "ILL-7 send" (keeping the lines) moves that request."""
    subject = tr.gettext("Interlibrary loan digest for {date}", date=tr.date(digest.day))
    lines = [tr.gettext("Good morning,"), ""]
    if digest.empty:
        lines.append(tr.gettext("Nothing needs your attention today."))
    headings = [
        tr.gettext("New requests: find a lending library"),
        tr.gettext("Lender found, request not yet sent"),
        tr.gettext("Sent, no answer from the lender for {days} open days or more", days=LENDER_ANSWER_OPEN_DAYS),
        tr.gettext("Arrived, not yet collected by the patron"),
        tr.gettext("Renewals to request from lenders before their deadline"),
        tr.gettext("Extension asked: waiting for the lender's answer"),
        tr.gettext("Overdue interlibrary loan items"),
        tr.gettext("Returned by the patron: ship back to the lender"),
        tr.gettext("Shipped back: close when the lender confirms"),
        tr.gettext("Lending requests from other libraries"),
    ]
    for entries, heading in zip(digest.sections(), headings):
        if not entries:
            continue
        lines += [f"{heading} ({len(entries)}):"]
        for entry in entries:
            lines += entry_lines(tr, entry)
        lines.append("")
    lines += uncollected_holds_section(tr, digest.holds_not_collected)
    if digest.failed_deliveries:
        lines.append(tr.gettext("Messages that could not be delivered ({count}):",
                                count=len(digest.failed_deliveries)))
        lines += [f"• {to}: {subject_} — {error}" for to, subject_, error in digest.failed_deliveries]
        lines.append("")
    if lines[-1]:
        lines.append("")
    lines.append(tr.gettext("{library} (loanbot)", library=library_name))
    return subject, lines


def entry_lines(tr: Translator, entry: DigestLine) -> list[str]:
    view = entry.view
    who = view.patron if view.kind == "ill" else ""
    title = words.words_title(tr, view, quoted=True)
    when = [tr.gettext("ask by {date}", date=tr.date(entry.ask_by))] if entry.ask_by else []
    when += [tr.gettext("due {date}", date=tr.date(entry.late_since))] if entry.late_since else []
    text = " — ".join([f"• {view.reference} {title}", *([who] if who else []), *([entry.detail] if entry.detail
                                                                                else []), *when,
                       words.state_words(tr, view.kind, view.state)])
    return [text, "  " + tr.gettext("Ref: {token} — reply \"{reference} …\" with: {events}", token=view.token,
                                    reference=view.reference,
                                    events=words.events_line(tr, view.kind, view.events, view.lend_kind))]
