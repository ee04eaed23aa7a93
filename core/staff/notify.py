"""Messages to staff about one request: a new borrowing or lending request (and, when catalogues are configured,
the libraries that hold the work, once the look-up is done), a patron who cancelled one, a patron who asks for a
longer ILL loan. Each goes to every address in `staff_emails` with the request's `Ref:` line (the
mail sender adds it from the reply token, with the matching Reply-To) and to every linked staff Telegram account
with one button per event allowed now. Written in the caller's unit of work, in the staff language.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.catalogue.lookups import schedule_lookup, work_of
from core.catalogue.report import holdings_lines, provenance_lines, silent_lines
from core.catalogue.search import SearchResult
from core.dialogue.uncertainty import staff_check_lines
from core.domain.ill import WorkRequest
from core.library import Library
from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email, queue_telegram
from core.staff import words
from core.staff.views import RequestView, request_view
from core.storage.models import CatalogueLookup, IllRequest, Patron


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
    """The new-request notification; for a borrowing request the catalogue look-up is queued with it (its result
    follows in a message of its own: `tell_staff_lookup_done`)."""
    view = await request_view(library, reference, history=False)
    if view is None:
        return
    tr = staff_translator(library)
    if view.kind == "ill":
        looking_up = await schedule_lookup(library, reference, now)
        subject = tr.gettext("[{reference}] New interlibrary loan request: {title}", reference=reference,
                             title=(view.title or tr.gettext("title not given"))[:80])
        lines = await ill_request_lines(library, tr, reference, looking_up)
    else:
        subject = tr.gettext("[{reference}] New lending request from {library}: {title}", reference=reference,
                             library=(view.lender or "")[:60], title=view.title[:80])
        lines = lend_request_lines(library, tr, view)
    await tell_staff(library, view, subject, lines, now, f"staff-new:{reference}")


async def ill_request_lines(library: Library, tr: Translator, reference: str, looking_up: bool = False) -> list[str]:
    """Who asks for what, the library's own copies, and the libraries that hold it (when already looked up)."""
    from core.dialogue.assistant import describe_work

    async with library.ctx.transaction() as session:
        request = await session.get(IllRequest, int(reference.split("-")[1]))
        patron = await session.get(Patron, request.patron_id)
        looked_up = await session.scalar(select(CatalogueLookup.state).where(
            CatalogueLookup.request_id == request.id))
    work = work_of(request)
    lines = [tr.gettext("[{reference}] New interlibrary loan request", reference=reference),
             tr.gettext("Patron: {name} ({code}, {category})", name=patron.name or patron.email or patron.code,
                        code=patron.code, category=library.policy.category_label(patron.category, tr.language)),
             tr.gettext("Work: {work}", work=describe_work(work, untitled=tr.gettext("title not given")))]
    lines += staff_check_lines(tr, request.uncertain_fields, request.isbn_as_written)
    if request.repeat_of_id:
        lines.append(tr.gettext("Note: the patron ordered this title before (ILL-{id}).", id=request.repeat_of_id))
    lines += await own_copies_lines(library, tr, work)
    if looked_up == "done":
        lines += [""] + holdings_lines(tr, request.holdings or [])
    elif looking_up:
        lines += ["", tr.gettext("The catalogues are being searched for libraries that hold it: they follow in a "
                                 "message of their own.")]
    return lines


async def own_copies_lines(library: Library, tr: Translator, work: WorkRequest) -> list[str]:
    """The library's own copies, when it owns the work after all (the patron insisted, or staff registered it)."""
    owned = await library.holdings.owned(work)
    if owned is None:
        return []
    lines = [tr.gettext("The library itself has this work:")]
    for copy in owned.copies[:5]:
        state = tr.gettext("on the shelf") if copy.on_shelf else tr.gettext("on loan until {due}",
                                                                           due=tr.moment(copy.due))
        where = ", ".join(x for x in (copy.location, copy.call_number) if x)
        lines.append(f"  • {copy.barcode} «{copy.title}»" + (f" ({where})" if where else "") + f": {state}")
    return lines


async def tell_staff_lookup_done(library: Library, request: IllRequest, work: WorkRequest, result: SearchResult,
                                 now: dt.datetime) -> None:
    """The look-up's result, after the new-request notification: the numbered holding libraries (one reply or one
    button locates the request at one of them), the completed fields, the catalogues that did not answer, and the
    library's own copies when the completed reference (an ISBN found) shows it owns the work."""
    from core.dialogue.assistant import describe_work

    view = await request_view(library, request.reference, history=False)
    if view is None:
        return
    tr = staff_translator(library)
    lines = [tr.gettext("[{reference}] Catalogue look-up", reference=request.reference),
             tr.gettext("Work: {work}", work=describe_work(work, untitled=tr.gettext("title not given"))), ""]
    if request.provenance:
        lines += [tr.gettext("Completed from the catalogues:")] + provenance_lines(tr, request.provenance) + [""]
    lines += holdings_lines(tr, request.holdings or [])
    silent = silent_lines(tr, result)
    if silent:
        lines += [""] + silent
    owned = await own_copies_lines(library, tr, work) if work.isbn else []
    if owned:
        lines += [""] + owned
    subject = tr.gettext("[{reference}] Catalogue look-up: {title}", reference=request.reference,
                         title=(request.title or tr.gettext("title not given"))[:80])
    await tell_staff(library, view, subject, lines, now, f"staff-lookup:{request.reference}")


def lend_request_lines(library: Library, tr: Translator, view: RequestView) -> list[str]:
    kind = tr.gettext("a loan") if view.lend_kind == "loan" else tr.gettext("an article copy")
    where = tr.gettext("abroad") if view.foreign else tr.gettext("in the country")
    return [tr.gettext("[{reference}] {library} ({where}) asks us for {kind}: «{title}»", reference=view.reference,
                       library=view.lender or "", where=where, kind=kind, title=view.title),
            tr.gettext("Their charge: {amount}", amount=tr.money(view.charge or 0, library.policy.library.currency))]


async def tell_staff_patron_cancelled(library: Library, reference: str, before: str, now: dt.datetime) -> None:
    view = await request_view(library, reference, history=False)
    if view is None:
        return
    tr = staff_translator(library)
    subject = tr.gettext("[{reference}] Cancelled by the patron: {title}", reference=reference, title=view.title[:80])
    lines = [tr.gettext("The patron {code} cancelled {reference} «{title}».", code=view.patron or "",
                        reference=reference, title=view.title)]
    if before == "sent":
        lines.append(tr.gettext("It had been sent to {lender}: please tell the lender that it is no longer needed.",
                                lender=view.lender or "—"))
    await tell_staff(library, view, subject, lines, now, f"staff-cancelled:{reference}")


async def tell_staff_extension_wanted(library: Library, reference: str, deadline: dt.date, now: dt.datetime) -> None:
    """A patron asks to keep an ILL item longer: staff ask the lender (`request_renewal`) by the deadline."""
    view = await request_view(library, reference, history=False)
    if view is None:
        return
    tr = staff_translator(library)
    subject = tr.gettext("[{reference}] The patron asks for an extension: {title}", reference=reference,
                         title=view.title[:80])
    lines = [tr.gettext("The patron {code} would like to keep {reference} «{title}» longer.", code=view.patron or "",
                        reference=reference, title=view.title),
             tr.gettext("Ask {lender} for an extension by {date} at the latest, then reply \"request_renewal\".",
                        lender=view.lender or "—", date=tr.date(deadline))]
    await tell_staff(library, view, subject, lines, now, f"staff-extend:{reference}:{deadline.isoformat()}")
