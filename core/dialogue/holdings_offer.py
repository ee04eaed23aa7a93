"""Our own holdings first: a patron who asks for a work the library owns is told where it is, or offered a hold,
instead of getting an interlibrary loan number; they may still insist ("I need it from another library anyway").

The assistant calls `offer` for each work of an ILL request before registering it, and `answer` for each message of
a patron who has an open offer (the yes, the no, the insisting). The offer is stored (`holding_offers`), so the
answer may come by e-mail days later or from a Telegram button.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Awaitable, Callable

from sqlalchemy import select

from core.domain.codes import Refusal
from core.domain.holdings import Copy, Owned
from core.domain.ill import WorkRequest
from core.library import Library
from core.plumbing import wording
from core.plumbing.context import Actor
from core.plumbing.i18n import Translator
from core.storage.models import HoldingOffer, Patron
from core.understanding.offer_replies import offer_reply

OFFER_DAYS = 14   # an answer older than this is a new message, not an answer to the offer

# The assistant's own ILL registration, for a patron who insists: works -> (reply lines, for each work its new
# reference, or None when it was refused)
Register = Callable[[list[WorkRequest]], Awaitable[tuple[list[str], list[str | None]]]]


@dataclass(frozen=True)
class Offered:
    lines: list[str]
    buttons: list[dict]   # Telegram: the choices, one row per offer


class HoldingOffers:
    def __init__(self, library: Library):
        self.library = library
        self.policy = library.policy

    # --- telling the patron -----------------------------------------------------------------------------------
    async def offer(self, tr: Translator, patron_code: str, work: WorkRequest, now: dt.datetime,
                    channel: str) -> Offered | None:
        """When the library owns `work`: the lines that say where it is (or offer a hold), recorded as an open offer;
        None when it does not own it."""
        owned = await self.library.holdings.owned(work, patron_code)
        if owned is None:
            return None
        hold_offered = not owned.on_shelf and owned.first_back is not None
        offer_id = await self._record(patron_code, work, owned, hold_offered, now, channel)
        lines = ["  " + line for line in self.where_lines(tr, owned, now)]
        buttons = [{"text": tr.gettext("From another library"), "data": f"offer:{offer_id}:insist"}]
        if hold_offered:
            lines.append("  " + tr.gettext("Shall I place a hold? Reply “{yes}” and we will write to you when it is "
                                           "waiting for you at the desk.", yes=tr.gettext("yes")))
            buttons.insert(0, {"text": tr.gettext("Place a hold"), "data": f"offer:{offer_id}:hold"})
        lines.append("  " + tr.gettext("If you need it from another library anyway, reply “{another}” and we will "
                                       "register an interlibrary loan request.", another=tr.gettext("another library")))
        return Offered(lines, buttons)

    async def _record(self, patron_code: str, work: WorkRequest, owned: Owned, hold_offered: bool,
                      now: dt.datetime, channel: str) -> int:
        """The open offer for this work, refreshed when the patron asked for it again: one work has one offer,
        so one answer acts on it once (two offers for the same copies made one "another library" two requests)."""
        same = [o for o in await self._open_offers(patron_code, now) if set(o.barcodes) & set(owned.barcodes)]
        async with self.library.ctx.transaction() as session:
            row = await session.get(HoldingOffer, same[-1].id) if same else None
            if row is None:
                patron_id = await session.scalar(select(Patron.id).where(Patron.code == patron_code))
                row = HoldingOffer(patron_id=patron_id, state="open")
                session.add(row)
            row.work, row.barcodes, row.hold_offered = _work_dict(work), owned.barcodes, hold_offered
            row.channel, row.created_at, row.updated_at = channel, now, now
            await session.flush()
            return row.id

    def where_lines(self, tr: Translator, owned: Owned, now: dt.datetime) -> list[str]:
        mine = next((c for c in owned.copies if c.on_loan_to_asker), None)
        if owned.on_shelf:
            lines = [self._on_shelf(tr, owned.on_shelf[0])]
        elif owned.first_back is not None:
            copy = owned.first_back
            # an overdue copy has no date it will be back by: "on loan until" a past date would mislead
            lines = [tr.gettext("We have it, but the copy on loan has been overdue since {due}, so we cannot say "
                                "when it will be back.", due=tr.moment(copy.due)) if copy.due < now else
                     tr.gettext("We have it, but it is on loan until {due}.", due=tr.moment(copy.due))]
            if copy.holds:
                lines.append(tr.ngettext("{n} reader is already waiting for it.",
                                         "{n} readers are already waiting for it.", copy.holds))
        else:
            lines = []
        if mine is not None:
            lines.insert(0, tr.gettext("You have it on loan yourself ({barcode}), until {due}.", barcode=mine.barcode,
                                       due=tr.moment(mine.due)) if mine.due >= now else
                         tr.gettext("You have it on loan yourself ({barcode}).", barcode=mine.barcode) + " " +
                         wording.return_by(tr, mine.due, now))
        return lines

    def _on_shelf(self, tr: Translator, copy: Copy) -> str:
        place, number = copy.location, copy.call_number   # without a location: the library's own shelves
        if place and number:
            line = tr.gettext("We have it: on the shelf at {place}, call number {call_number}.", place=place,
                              call_number=number)
        elif place:
            line = tr.gettext("We have it: on the shelf at {place}.", place=place)
        elif number:
            line = tr.gettext("We have it on the shelf, call number {call_number}.", call_number=number)
        else:
            line = tr.gettext("We have it on the shelf.")
        if not copy.loanable:
            line += " " + tr.gettext("It can be used in the library only.")
        return line

    # --- the patron's answer ----------------------------------------------------------------------------------
    async def answer(self, tr: Translator, patron_code: str, text: str, now: dt.datetime, actor: Actor,
                     register: Register, named: set[str] = frozenset()) -> list[str] | None:
        """Act on a patron's answer to their open offers; None when the message is not such an answer. `named`:
        the barcodes of the items the message names; "reserve <another book>" is a hold of that book, not a yes."""
        choice = offer_reply(text)
        if choice is None:
            return None
        offers = await self._open_offers(patron_code, now)
        if choice == "hold" and named:
            offers = [o for o in offers if set(o.barcodes) & named]
        if not offers:
            return None
        return await self._act(tr, patron_code, offers, choice, now, actor, register)

    async def choose(self, tr: Translator, patron_code: str, offer_id: int, choice: str, now: dt.datetime,
                     actor: Actor, register: Register) -> list[str]:
        """A Telegram button: `choice` ("hold" or "insist") for one offer of this patron's."""
        offers = [o for o in await self._open_offers(patron_code, now) if o.id == offer_id]
        if not offers:
            return [tr.gettext("This question was already answered.")]
        return await self._act(tr, patron_code, offers, choice, now, actor, register)

    async def none_open(self, tr: Translator, patron_code: str, now: dt.datetime) -> list[str]:
        """For "another library" when no offer is open: that there is none (it expired, or was answered), and how
        to ask for a work instead."""
        async with self.library.ctx.transaction() as session:
            last = await session.scalar(
                select(HoldingOffer).join(Patron, Patron.id == HoldingOffer.patron_id)
                .where(Patron.code == patron_code).order_by(HoldingOffer.id.desc()).limit(1))
        ask = tr.gettext("To ask for a work from another library, write its author and title (and the year and "
                         "the ISBN or DOI, if you have them).")
        if last is None:
            return [tr.gettext("You have no open question from us to answer, so we do not know which work you "
                               "would like from another library."), ask]
        title = _offered(last)
        if last.state == "open":
            return [tr.ngettext(
                "Our question about «{title}» of {date} can no longer be answered: we keep such a question open "
                "for {n} day.",
                "Our question about «{title}» of {date} can no longer be answered: we keep such a question open "
                "for {n} days.", OFFER_DAYS, title=title, date=tr.date(last.created_at)), ask]
        if last.state == "ill" and last.outcome:
            answered = tr.gettext("You already answered our question about «{title}»: it was registered as "
                                  "{reference}.", title=title, reference=last.outcome)
        elif last.state == "hold" and last.outcome:
            answered = tr.gettext("You already answered our question about «{title}»: your hold on it ({barcode}) "
                                  "was placed.", title=title, barcode=last.outcome)
        else:
            answered = tr.gettext("You already answered our question about «{title}» on {date}.", title=title,
                                  date=tr.date(last.updated_at))
        return [answered, ask]

    async def _act(self, tr, patron_code, offers, choice, now, actor, register) -> list[str]:
        lines: list[str] = []
        if choice == "insist":
            works = _by_work(offers)   # offers made before they were kept one per work
            lines, references = await register([WorkRequest(**same[-1].work) for same in works])
            for same, reference in zip(works, references):
                if reference:   # a refused one (debts, the limit) stays open: the patron may settle and answer again
                    await self._close(same, "ill", now, outcome=reference)
            return lines
        for offer in offers:
            title = offer.work.get("title") or ""
            if choice == "decline" or not offer.hold_offered:
                lines.append(tr.gettext("All right: no hold and no interlibrary loan request for «{title}».",
                                        title=title))
                await self._close([offer], "declined", now)
                continue
            lines += await self._place_hold(tr, patron_code, offer, now, actor)
        return lines

    async def _place_hold(self, tr, patron_code, offer, now, actor) -> list[str]:
        work = WorkRequest(**offer.work)
        owned = await self.library.holdings.owned(work, patron_code)
        title = work.title or ""
        if owned is not None and owned.on_shelf:
            await self._close([offer], "declined", now)
            return [tr.gettext("Good news: «{title}» is back on the shelf, so no hold is needed.", title=title),
                    self._on_shelf(tr, owned.on_shelf[0])]
        copy = owned.first_back if owned is not None else None
        if copy is None:
            await self._close([offer], "declined", now)
            return [tr.gettext("We could not place the hold on «{title}»: {reason}.", title=title,
                               reason=wording.refusal(tr, Refusal.UNKNOWN_ITEM))]
        result = await self.library.circulation.place_hold(patron_code, copy.barcode, now, actor)
        if not result.ok:
            return [tr.gettext("We could not place the hold on «{title}»: {reason}.", title=title,
                               reason=wording.refusal(tr, result.error))]
        await self._close([offer], "hold", now, outcome=copy.barcode)
        if (result.place or 1) > 1:
            return [wording.hold_queue(tr, copy.title, copy.barcode, result.place,
                                       self.policy.library.hold_pickup_days)]
        return [tr.gettext("Your hold on «{title}» ({barcode}) is placed. We will write to you when it is waiting "
                           "for you at the desk.", title=copy.title, barcode=copy.barcode)]

    async def _open_offers(self, patron_code: str, now: dt.datetime) -> list[HoldingOffer]:
        since = now - dt.timedelta(days=OFFER_DAYS)
        async with self.library.ctx.transaction() as session:
            return list((await session.execute(
                select(HoldingOffer).join(Patron, Patron.id == HoldingOffer.patron_id)
                .where(Patron.code == patron_code, HoldingOffer.state == "open", HoldingOffer.created_at >= since)
                .order_by(HoldingOffer.id))).scalars())

    async def _close(self, offers: list[HoldingOffer], state: str, now: dt.datetime,
                     outcome: str | None = None) -> None:
        async with self.library.ctx.transaction() as session:
            for offer in offers:
                row = await session.get(HoldingOffer, offer.id)
                row.state, row.outcome, row.updated_at = state, outcome, now


def _by_work(offers: list[HoldingOffer]) -> list[list[HoldingOffer]]:
    """The offers grouped by the work they offer (they share a copy), oldest first within each group."""
    groups: list[list[HoldingOffer]] = []
    for offer in offers:
        group = next((g for g in groups if any(set(o.barcodes) & set(offer.barcodes) for o in g)), None)
        if group is None:
            groups.append([offer])
        else:
            group.append(offer)
    return groups


def _offered(offer: HoldingOffer) -> str:
    """The offered work in a sentence: its title as asked, else its ISBN."""
    return offer.work.get("title") or (f"ISBN {offer.work['isbn']}" if offer.work.get("isbn") else offer.barcodes[0])


def _work_dict(work: WorkRequest) -> dict:
    return {f.name: getattr(work, f.name) for f in dataclasses.fields(WorkRequest)}
