"""What a patron asks of a request or an item: cancel an interlibrary loan request of theirs that is not yet
approved ("cancel ILL-7", "ILL-7 talebimi iptal edin", "otkažite ILL-7", "atšaukite ILL-7"), reserve an item that
is out (by barcode, or by a title that names one item: several, and the patron is asked which), and keep an ILL
item longer (told whether the lending library can still be asked; staff get the task). Each handler has the
assistant's signature `(tr, sender, understanding, now, actor, text) -> Reply` and sits in its dispatch table.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from core.domain.ill import ON_LOAN_STATES, fold
from core.domain.ill_extensions import ExtensionAnswer, Standing
from core.plumbing import wording
from core.storage.models import Hold, Item, Loan, Patron

CANCELLABLE = ("requested", "located", "sent")   # not yet approved by the lender (contracts §5)
MAX_LISTED = 8


@dataclass(frozen=True)
class NamedItem:
    item: Item
    on_loan: bool
    ready_for: str | None = None          # on the hold shelf: the patron it waits for
    pickup_by: dt.date | None = None      # … until this day


class PatronRequests:
    def __init__(self, assistant):
        self.assistant = assistant
        self.library = assistant.library
        self.policy = assistant.policy

    def _reply(self, tr, subject: str, lines: list[str], intent: str):
        from core.dialogue.assistant import Reply
        return Reply(tr.language, subject, [tr.gettext("Hello,"), ""] + lines + ["", self.assistant._signature(tr)],
                     intent)

    # --- cancel ---------------------------------------------------------------------------------------------------
    async def cancel(self, tr, sender, understanding, now, actor, text):
        subject = tr.gettext("Your interlibrary loan request")
        reference = understanding.request
        if reference is None:
            return await self._which_to_cancel(tr, sender, subject)
        view = await self.library.ill.view(reference, sender.patron_code)
        if view is None:
            return self._reply(tr, subject, [tr.gettext("We could not find your request {reference}.",
                                                        reference=reference)], "cancel")
        if view.state not in CANCELLABLE:
            return self._reply(tr, subject, [self._too_late_to_cancel(tr, view.label, view.state)], "cancel")
        # the patron's own words go with the cancellation (why: found elsewhere, no longer needed …) to staff
        words = (text or "").strip()[:1000] or None
        result = await self.library.ill.event(view.reference, "cancel", now, actor, reason=words)
        if not result.ok:   # approved meanwhile
            return self._reply(tr, subject, [self._too_late_to_cancel(tr, view.label, result.state or view.state)],
                               "cancel")
        from core.staff.notify import tell_staff_patron_cancelled
        await tell_staff_patron_cancelled(self.library, view.reference, view.state, now, words)
        return self._reply(tr, subject, [tr.gettext("{what} is cancelled, as you asked.", what=view.label)], "cancel")

    @staticmethod
    def _too_late_to_cancel(tr, what: str, state: str) -> str:
        return tr.gettext("{what} can no longer be cancelled here: it is {state}. If you no longer need it, please "
                          "tell the library desk.", what=what, state=wording.ill_state(tr, state))

    async def _which_to_cancel(self, tr, sender, subject):
        views = [v for v in await self.library.ill.requests_of(sender.patron_code) if v.state in CANCELLABLE]
        if not views:
            lines = [tr.gettext("You have no interlibrary loan request that can still be cancelled.")]
        else:
            lines = [tr.gettext("Which request shall we cancel? Please write, for example, \"cancel {reference}\". "
                                "These can still be cancelled:", reference=views[0].reference)]
            lines += [f"• {v.label}" for v in views[:MAX_LISTED]]
        return self._reply(tr, subject, lines, "cancel")

    # --- holds ------------------------------------------------------------------------------------------------------
    async def hold(self, tr, sender, understanding, now, actor, text):
        subject = tr.gettext("Your reservation")
        named = await self.items_named(text)
        if not named:
            return self._reply(tr, subject, [tr.gettext(
                "Which item would you like to reserve? Please write its barcode or its title as in the catalogue.")],
                "hold")
        if len(named) > 1:
            lines = [tr.gettext("Several items match; which one would you like to reserve? Please write its "
                                "barcode, for example \"reserve {barcode}\":", barcode=named[0].item.barcode)]
            lines += [f"• «{n.item.title}» ({n.item.barcode})" for n in named[:MAX_LISTED]]
            return self._reply(tr, subject, lines, "hold")
        found = named[0]
        item = found.item
        if found.ready_for == sender.patron_code:
            return self._reply(tr, subject, [tr.gettext(
                "«{title}» ({barcode}) is waiting for you at the library desk: you can collect it until {date}.",
                title=item.title, barcode=item.barcode, date=tr.date(found.pickup_by))], "hold")
        if not found.on_loan and found.ready_for is None:
            return self._reply(tr, subject, [tr.gettext(
                "«{title}» ({barcode}) is not on loan: you can borrow it at the library desk.", title=item.title,
                barcode=item.barcode)], "hold")
        result = await self.library.circulation.place_hold(sender.patron_code, item.barcode, now, actor)
        if not result.ok:
            return self._reply(tr, subject, [tr.gettext("«{title}» ({barcode}) was not reserved: {reason}.",
                                                        title=item.title, barcode=item.barcode,
                                                        reason=wording.refusal(tr, result.error))], "hold")
        pickup_days = self.policy.library.hold_pickup_days
        if (result.place or 1) > (1 if found.on_loan else 2):   # others ahead (besides the one it waits for)
            return self._reply(tr, subject, [wording.hold_queue(tr, item.title, item.barcode, result.place,
                                                                pickup_days)], "hold")
        if not found.on_loan:   # on the hold shelf for someone else: the patron queues behind them
            return self._reply(tr, subject, [tr.ngettext(
                "«{title}» ({barcode}) is set aside for another reader who reserved it. It is now reserved for you "
                "too: when it is your turn we will write to you, and it will wait for you at the library desk "
                "for {n} day.",
                "«{title}» ({barcode}) is set aside for another reader who reserved it. It is now reserved for you "
                "too: when it is your turn we will write to you, and it will wait for you at the library desk "
                "for {n} days.", pickup_days, title=item.title, barcode=item.barcode)], "hold")
        return self._reply(tr, subject, [tr.ngettext(
            "«{title}» ({barcode}) is reserved for you. When it comes back we will write to you; it will then wait "
            "for you at the library desk for {n} day.",
            "«{title}» ({barcode}) is reserved for you. When it comes back we will write to you; it will then wait "
            "for you at the library desk for {n} days.", pickup_days, title=item.title, barcode=item.barcode)],
            "hold")

    async def items_named(self, text: str) -> list[NamedItem]:
        """The items `text` names: by barcode, else those whose whole title it contains (a quoted part of a title
        counts too). Each with whether it is on loan now, and for whom it waits on the hold shelf."""
        tokens = set(re.findall(r"[\w-]{3,}", text or ""))
        folded = f" {fold(text)} "
        quoted = [fold(q) for q in re.findall(r"[\"“„«']([^\"“”„«»']{3,200})[\"”“»']", text or "")]
        words = quoted + sorted({w for w in folded.split() if len(w) >= 4}, key=len, reverse=True)[:8]
        async with self.library.ctx.transaction() as session:
            found = list((await session.execute(select(Item).where(Item.barcode.in_(tokens)))).scalars()) \
                if tokens else []
            if not found and words:
                candidates = (await session.execute(select(Item).where(or_(*[
                    or_(Item.title_key.contains(w), func.lower(Item.title).contains(w)) for w in words]))
                    .limit(500))).scalars()
                scored = [(title_match(i.title, folded, quoted), i) for i in candidates]
                best = max((score for score, _ in scored), default=0)
                found = [i for score, i in scored if score and score == best]
            out = []
            for item in found[:20]:
                on_loan = await session.scalar(select(Loan.id).where(Loan.item_id == item.id,
                                                                     Loan.returned_at.is_(None)))
                shelf = (await session.execute(
                    select(Patron.code, Hold.pickup_by).join(Patron, Patron.id == Hold.patron_id).where(
                        Hold.item_id == item.id, Hold.status == "active", Hold.ready_at.is_not(None))
                    .limit(1))).first()
                out.append(NamedItem(item, on_loan is not None, shelf[0] if shelf else None,
                                     shelf[1] if shelf else None))
            return out

    # --- renewals of ILL loans --------------------------------------------------------------------------------------
    async def renew(self, tr, sender, understanding, now, actor, text):
        """A renewal: of an ILL item when the message names one of theirs on loan, or when ILL items are all the
        patron has; else of their own loans, as before."""
        ill_loans = [v for v in await self.library.ill.requests_of(sender.patron_code) if v.state in ON_LOAN_STATES]
        named = [v for v in ill_loans if understanding.request and v.reference == understanding.request]
        if understanding.request and not named:   # a request not theirs, or not on loan to them: say so
            view = await self.library.ill.view(understanding.request, sender.patron_code)
            line = tr.gettext("We could not find your request {reference}.", reference=understanding.request) \
                if view is None else tr.gettext("{what} is not on loan to you: it is {state}.", what=view.label,
                                                state=wording.ill_state(tr, view.state))
            return self._reply(tr, tr.gettext("Renewal of your loans"), [line], "renew")
        if named or (ill_loans and not await self.library.circulation.loans_of(sender.patron_code, now)):
            return await self.extend_ill(tr, sender, named or ill_loans, now, actor)
        return await self.assistant._renew(tr, sender, understanding, now, actor, text)

    async def extend_ill(self, tr, sender, views, now, actor):
        """Tell the patron whether the lender can still be asked; a new wish gives staff the task, once."""
        from core.staff.notify import tell_staff_extension_wanted

        lines = []
        for view in views:
            answer = await self.library.ill_extensions.ask(view.reference, sender.patron_code, now, actor)
            if answer.standing is Standing.NEW:
                await tell_staff_extension_wanted(self.library, view.reference, answer.deadline, answer.wish_id, now)
            lines.append("• " + extension_line(tr, view.label, answer, now))
        return self._reply(tr, tr.gettext("Renewal of your loans"), lines, "renew")


def title_match(title: str, folded_text: str, quoted: list[str]) -> int:
    """How well a message names a title, both folded (no diacritics, ı→i: "Osmanli Imparatorlugu Klasik Cag"
    names "Osmanlı İmparatorluğu Klasik Çağ (1300-1600)"): 4 the whole title, 3 its main title (before a
    subtitle, dates in brackets or a statement of responsibility), 2 a quoted part of it, 1 its first three
    words (12 letters or more), 0 not at all."""
    whole = fold(title)
    if len(whole) >= 4 and f" {whole} " in folded_text:
        return 4
    main = fold(re.split(r"\s*[:(\[/;=]|\s[-–—]\s", title or "", maxsplit=1)[0])
    if len(main) >= 4 and main != whole and f" {main} " in folded_text:
        return 3
    if any(len(q) >= 4 and q in whole for q in quoted):
        return 2
    lead = " ".join(whole.split()[:3])
    if len(whole.split()) > 3 and len(lead) >= 12 and f" {lead} " in folded_text:
        return 1
    return 0


def extension_line(tr, what: str, answer: ExtensionAnswer, now) -> str:
    """Where a patron's wish to keep an ILL item longer stands, in one sentence or two."""
    due = answer.due
    until = tr.moment(due) if due else "-"
    if answer.standing is Standing.NEW:
        return tr.gettext("{what}: an extension can only be granted by the lending library. We will ask it (this "
                          "must be done by {date}) and write to you with its answer; until then it is due {due}.",
                          what=what, date=tr.date(answer.deadline), due=until)
    if answer.standing is Standing.ASKED:
        return tr.gettext("{what}: you already asked for an extension on {date}; the library staff will ask the "
                          "lending library and write to you with its answer. Until then it is due {due}.",
                          what=what, date=tr.date(answer.since), due=until)
    if answer.standing is Standing.REQUESTED:
        return tr.gettext("{what}: we have already asked the lending library for an extension; we will write to "
                          "you with its answer.", what=what)
    if answer.standing is Standing.REFUSED:
        return tr.gettext("{what}: the lending library refused to extend it on {date}.", what=what,
                          date=tr.date(answer.since)) + " " + wording.return_by(tr, due, now)
    return tr.gettext("{what}: it is too late to ask the lending library for an extension (that had to be done by "
                      "{date}).", what=what, date=tr.date(answer.deadline) if answer.deadline else "-") + \
        " " + wording.return_by(tr, due, now)
