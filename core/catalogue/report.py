"""What staff are told when a request's catalogue look-up is done: the libraries that hold the work (best first,
with call numbers), the fields completed or corrected and where they came from, which catalogues did not answer,
and the library's own copies when the completed reference shows it owns the work. It follows the new-request
notification, by e-mail (with the request's Ref: line) and to linked staff Telegram accounts."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.catalogue.search import SearchResult
from core.domain.ill import WorkRequest
from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email, queue_telegram
from core.storage.models import IllRequest, Patron


def field_label(tr: Translator, name: str) -> str:
    return {"title": tr.gettext("title"), "authors": tr.gettext("authors"), "year": tr.gettext("year"),
            "publisher": tr.gettext("publisher"), "isbn": "ISBN", "issn": "ISSN", "container": tr.gettext("journal"),
            "volume": tr.gettext("volume"), "issue": tr.gettext("issue"), "pages": tr.gettext("pages")}.get(name, name)


def _shown(value) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def provenance_lines(tr: Translator, provenance: dict) -> list[str]:
    lines = []
    for name, origin in provenance.items():
        label = field_label(tr, name)
        if origin.get("source") == "patron":
            lines.append("  • " + tr.gettext("{field}: the patron wrote it so, {source} has «{value}»", field=label,
                                             source=origin.get("record_source", "?"), value=_shown(origin["record"])))
        elif "was" in origin:
            lines.append("  • " + tr.gettext("{field}: corrected from {source} (the patron wrote «{was}»)",
                                             field=label, source=origin["source"], was=_shown(origin["was"])))
        else:
            lines.append("  • " + tr.gettext("{field}: from {source}", field=label, source=origin["source"]))
    return lines


def holdings_lines(tr: Translator, holdings: list[dict]) -> list[str]:
    if not holdings:
        return [tr.gettext("No library in the catalogues was found to hold it.")]
    lines = [tr.gettext("Libraries that hold it, best first:")]
    for number, holding in enumerate(holdings, 1):
        where = holding["library"] + (f", {holding['call_number']}" if holding.get("call_number") else "")
        note = holding["target"] + (", " + tr.gettext("abroad") if holding.get("foreign") else "")
        if holding.get("matched_by") == "title":
            note += ", " + tr.gettext("found by title")
        lines.append(f"  {number}. {where} ({note})")
    return lines


def report_lines(tr: Translator, request: IllRequest, work: WorkRequest, result: SearchResult,
                 owned: list[str]) -> list[str]:
    from core.dialogue.assistant import describe_work   # the one description staff know (dialogue imports us)

    lines = [tr.gettext("[{reference}] Catalogue look-up", reference=request.reference),
             tr.gettext("Work: {work}", work=describe_work(work)), ""]
    if request.provenance:
        lines += [tr.gettext("Completed from the catalogues:")] + provenance_lines(tr, request.provenance) + [""]
    lines += holdings_lines(tr, request.holdings)
    silent = result.silent
    if silent:
        lines += ["", tr.gettext("Did not answer: {targets}", targets="; ".join(
            f"{o.name} ({o.error})" for o in silent))]
    if owned:
        lines += [""] + owned
    return lines


async def queue_holdings_message(library, session, request: IllRequest, work: WorkRequest, result: SearchResult,
                                 now: dt.datetime) -> None:
    from core.dialogue.holdings_offer import HoldingOffers   # (dialogue imports us)

    policy = library.policy
    tr = Translator(policy.library.staff_lang, library.calendar.zone)
    owned = await HoldingOffers(library).staff_lines(tr, request) if work.isbn else []
    subject = tr.gettext("[{reference}] Catalogue look-up: {title}", reference=request.reference,
                         title=(request.title or "")[:80])
    body = "\n".join(report_lines(tr, request, work, result, owned))
    token = f"{request.reference}-{request.approval_secret}"
    for address in policy.library.staff_emails:
        queue_email(session, address, subject, body + "\n", now, reply_token=token, auto_reply=False,
                    language=tr.language, dedupe_key=f"staff-lookup:{request.reference}:{address}")
    chats = (await session.execute(select(Patron.telegram_user_id).where(
        Patron.email.in_(policy.library.staff_emails), Patron.telegram_user_id.is_not(None)))).scalars()
    for chat_id in chats:
        queue_telegram(session, chat_id, body, now, dedupe_key=f"staff-lookup:{request.reference}:tg{chat_id}")
