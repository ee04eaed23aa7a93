"""Messages to staff about one request: a new borrowing or lending request, a patron who cancelled one, a patron
who asks for a longer ILL loan. Each goes to every address in `staff_emails` with the request's `Ref:` line (the
mail sender adds it from the reply token, with the matching Reply-To) and to every linked staff Telegram account
with one button per event allowed now. Written in the caller's unit of work, in the staff language.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.dialogue.uncertainty import staff_check_lines
from core.domain.ill import WorkRequest
from core.library import Library
from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email, queue_telegram
from core.staff import words
from core.staff.words import words_title
from core.staff.views import RequestView, request_view
from core.storage.models import IllRequest, Patron


def staff_translator(library: Library) -> Translator:
    return Translator(library.policy.library.staff_lang, library.calendar.zone)


def reply_lines(tr: Translator, view: RequestView) -> list[str]:
    """The state, by its words and code, and the events that can be replied now."""
    return [tr.gettext("State: {state}", state=words.state_words(tr, view.kind, view.state)),
            tr.gettext("You can reply with: {events}",
                       events=words.events_line(tr, view.kind, view.events, view.lend_kind))]


async def tell_staff(library: Library, view: RequestView, subject: str, lines: list[str], now: dt.datetime,
                     dedupe: str) -> None:
    """One message about `view` to every staff address and linked staff chat, with its Ref line and buttons."""
    tr = staff_translator(library)
    body = "\n".join(lines + [""] + reply_lines(tr, view))
    async with library.ctx.transaction() as session:
        for address in library.policy.library.staff_emails:
            queue_email(session, address, subject, body + "\n", now, reply_token=view.token, auto_reply=False,
                        language=tr.language, dedupe_key=f"{dedupe}:{address}")
        buttons = words.event_buttons(tr, view.kind, view.reference, view.state, view.events)
        for chat_id in await staff_chats(session, library):
            queue_telegram(session, chat_id, f"{subject}\n\n{body}", now, buttons=buttons or None,
                           dedupe_key=f"{dedupe}:tg{chat_id}")


async def staff_chats(session, library: Library) -> list[int]:
    return list((await session.execute(select(Patron.telegram_user_id).where(
        Patron.email.in_(library.policy.library.staff_emails), Patron.telegram_user_id.is_not(None))
        .order_by(Patron.id))).scalars())


async def announce_new_request(library: Library, reference: str, now: dt.datetime) -> None:
    view = await request_view(library, reference, history=False)
    if view is None:
        return
    tr = staff_translator(library)
    if view.kind == "ill":
        subject = tr.gettext("[{reference}] New interlibrary loan request: {title}", reference=reference,
                             title=words_title(tr, view)[:80])
        lines = await ill_request_lines(library, tr, reference)
    else:
        subject = tr.gettext("[{reference}] New lending request from {library}: {title}", reference=reference,
                             library=(view.lender or "")[:60], title=words_title(tr, view)[:80])
        lines = lend_request_lines(library, tr, view)
    await tell_staff(library, view, subject, lines, now, f"staff-new:{reference}")


async def ill_request_lines(library: Library, tr: Translator, reference: str) -> list[str]:
    """Who asks for what: the lines that open every staff message about a borrowing request."""
    from core.dialogue.assistant import describe_work

    async with library.ctx.transaction() as session:
        request = await session.get(IllRequest, int(reference.split("-")[1]))
        patron = await session.get(Patron, request.patron_id)
    work = WorkRequest(type=request.work_type, title=request.title, authors=list(request.authors or []),
                       year=request.year, publisher=request.publisher, isbn=request.isbn, issn=request.issn,
                       doi=request.doi, container=request.container, volume=request.volume,
                       issue=request.issue, pages=request.pages, edition=request.edition)
    lines = [tr.gettext("[{reference}] New interlibrary loan request", reference=reference),
             tr.gettext("Patron: {name} ({code}, {category})", name=patron.name or patron.email or patron.code,
                        code=patron.code, category=library.policy.category_label(patron.category, tr.language)),
             tr.gettext("Work: {work}", work=describe_work(work, untitled=tr.gettext("title not given")))]
    lines += staff_check_lines(tr, request.uncertain_fields, request.isbn_as_written)
    if request.repeat_of_id:
        lines.append(tr.gettext("Note: the patron ordered this title before (ILL-{id}).", id=request.repeat_of_id))
    return lines


def lend_request_lines(library: Library, tr: Translator, view: RequestView) -> list[str]:
    kind = tr.gettext("a loan") if view.lend_kind == "loan" else tr.gettext("an article copy")
    where = tr.gettext("abroad") if view.foreign else tr.gettext("in the country")
    return [tr.gettext("[{reference}] {library} ({where}) asks us for {kind}: {title}", reference=view.reference,
                       library=view.lender or "", where=where, kind=kind, title=words_title(tr, view, quoted=True)),
            tr.gettext("Their charge: {amount}", amount=tr.money(view.charge or 0, library.policy.library.currency))]


async def tell_staff_patron_cancelled(library: Library, reference: str, before: str, now: dt.datetime,
                                      words: str | None = None) -> None:
    """A patron cancelled a request of theirs: staff are told, with what the patron wrote (why, often)."""
    view = await request_view(library, reference, history=False)
    if view is None:
        return
    tr = staff_translator(library)
    subject = tr.gettext("[{reference}] Cancelled by the patron: {title}", reference=reference,
                         title=words_title(tr, view)[:80])
    lines = [tr.gettext("The patron {code} cancelled {what}.", code=view.patron or "", what=view.label)]
    if words:
        lines += [tr.gettext("The patron wrote:"), *(f"> {line}" for line in words.splitlines())]
    if before == "sent":
        lines.append(tr.gettext("It had been sent to {lender}: please tell the lender that it is no longer needed.",
                                lender=view.lender or "—"))
    await tell_staff(library, view, subject, lines, now, f"staff-cancelled:{reference}")


async def tell_staff_extension_wanted(library: Library, reference: str, deadline: dt.date, wish_id: int,
                                      now: dt.datetime) -> None:
    """A patron asks to keep an ILL item longer: staff ask the lender (`request_renewal`) by the deadline. One
    message per recorded wish (`wish_id`, its history entry): a patron who asks again is answered without it."""
    view = await request_view(library, reference, history=False)
    if view is None:
        return
    tr = staff_translator(library)
    subject = tr.gettext("[{reference}] The patron asks for an extension: {title}", reference=reference,
                         title=words_title(tr, view)[:80])
    lines = [tr.gettext("The patron {code} would like to keep {what} longer.", code=view.patron or "",
                        what=view.label),
             tr.gettext("Ask {lender} for an extension by {date} at the latest, then reply \"request_renewal\".",
                        lender=view.lender or "—", date=tr.date(deadline))]
    await tell_staff(library, view, subject, lines, now, f"staff-extend:{reference}:wish{wish_id}")
