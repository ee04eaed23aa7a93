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
from core.domain.ill import WorkRequest, parse_reference
from core.library import Library
from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email, queue_telegram
from core.staff import words
from core.staff.lenders import SHOWN_AS_BUTTONS, lenders_of
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
        buttons = locate_buttons(tr, view) + words.event_buttons(tr, view.kind, view.reference, view.state,
                                                                 view.events)
        for chat_id in await staff_chats(session, library):
            queue_telegram(session, chat_id, f"{subject}\n\n{body}", now, buttons=buttons or None,
                           dedupe_key=f"{dedupe}:tg{chat_id}")


def locate_buttons(tr: Translator, view: RequestView) -> list[list[dict]]:
    """While a lender may be chosen: a button for each of the first holding libraries (one press locates it)."""
    if view.kind != "ill" or "locate" not in view.events:
        return []
    return words.lender_buttons(tr, view.reference, view.state, lenders_of(view.holdings), SHOWN_AS_BUTTONS)


def locate_lines(tr: Translator, view: RequestView) -> list[str]:
    """The numbered holding libraries and, while a lender may be chosen, how to choose one by reply."""
    lines = holdings_lines(tr, view.holdings)
    if view.holdings and "locate" in view.events:
        lines.append(tr.gettext("To choose one of them as the lender, reply “locate” and its number, for example "
                                "“locate 1”; on Telegram, press its button."))
    return lines


async def staff_chats(session, library: Library) -> list[int]:
    return list((await session.execute(select(Patron.telegram_user_id).where(
        Patron.email.in_(library.policy.library.staff_emails), Patron.telegram_user_id.is_not(None))
        .order_by(Patron.id))).scalars())


async def announce_new_request(library: Library, reference: str, now: dt.datetime) -> None:
    """The new-request notification; for a borrowing request the catalogue look-up is queued with it (its result
    follows in a message of its own: `tell_staff_lookup_done`)."""
    kind = "ill" if parse_reference(reference, "ILL") is not None else "lend"
    if kind == "ill":
        await schedule_lookup(library, reference, now)
    view = await request_view(library, reference, history=kind == "ill")   # (with it, the look-up's state)
    if view is None:
        return
    tr = staff_translator(library)
    if view.kind == "ill":
        subject = tr.gettext("[{reference}] New interlibrary loan request: {title}", reference=reference,
                             title=words_title(tr, view)[:80])
        lines = await ill_request_lines(library, tr, view)
    else:
        subject = tr.gettext("[{reference}] New lending request from {library}: {title}", reference=reference,
                             library=(view.lender or "")[:60], title=words_title(tr, view)[:80])
        lines = lend_request_lines(library, tr, view)
    await tell_staff(library, view, subject, lines, now, f"staff-new:{reference}")


async def ill_request_lines(library: Library, tr: Translator, view: RequestView) -> list[str]:
    """Who asks for what, the library's own copies, and the libraries that hold it (or that they are being
    looked for)."""
    from core.dialogue.assistant import describe_work

    async with library.ctx.transaction() as session:
        request = await session.get(IllRequest, parse_reference(view.reference, "ILL"))
        patron = await session.get(Patron, request.patron_id)
    work = work_of(request)
    lines = [tr.gettext("[{reference}] New interlibrary loan request", reference=view.reference),
             tr.gettext("Patron: {name} ({code}, {category})", name=patron.name or patron.email or patron.code,
                        code=patron.code, category=library.policy.category_label(patron.category, tr.language)),
             tr.gettext("Work: {work}", work=describe_work(work, untitled=tr.gettext("title not given")))]
    lines += staff_check_lines(tr, request.uncertain_fields, request.isbn_as_written)
    if request.repeat_of_id:
        lines.append(tr.gettext("Note: the patron ordered this title before (ILL-{id}).", id=request.repeat_of_id))
    lines += await own_copies_lines(library, tr, work)
    if view.lookup is not None and view.lookup.state == "done":
        lines += [""] + locate_lines(tr, view)
    elif view.lookup is not None and view.lookup.state == "pending":
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
    lines += locate_lines(tr, view)
    silent = silent_lines(tr, result)
    if silent:
        lines += [""] + silent
    owned = await own_copies_lines(library, tr, work) if work.isbn else []
    if owned:
        lines += [""] + owned
    subject = tr.gettext("[{reference}] Catalogue look-up: {title}", reference=request.reference,
                         title=(request.title or tr.gettext("title not given"))[:80])
    await tell_staff(library, view, subject, lines, now, f"staff-lookup:{request.reference}")


async def tell_staff_lookup_failed(library: Library, request_id: int, now: dt.datetime) -> None:
    """The look-up gave up (a fault of ours, tried again and again): staff, who were told the holding libraries
    would follow, find a lender by hand."""
    view = await request_view(library, f"ILL-{request_id}", history=False)
    if view is None:
        return
    tr = staff_translator(library)
    lines = [tr.gettext("[{reference}] Catalogue look-up", reference=view.reference),
             f"{view.reference} «{view.title}»", "",
             tr.gettext("Libraries that hold it: the catalogue look-up failed.")]
    subject = tr.gettext("[{reference}] Catalogue look-up: {title}", reference=view.reference,
                         title=(view.title or tr.gettext("title not given"))[:80])
    await tell_staff(library, view, subject, lines, now, f"staff-lookup:{view.reference}")


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
