"""The hold shelf: a returned item that fills a hold waits at the desk for its patron until a day; staff see the
ones not collected in time (the digest) and either give the patron more days or end the hold, which passes the
item to the next patron in line.

Contracts §2 makes a `hold_ready` notice at the check-in that fills a hold; ending an uncollected hold makes one for
the next patron in line the same way, as a check-in would (the item never left the desk).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update

from core.domain.codes import Refusal
from core.domain.event_notices import add_event_notice
from core.plumbing.context import Actor, Context, audit
from core.storage.models import Hold, Item, Loan, Patron


@dataclass(frozen=True)
class ShelfResult:
    ok: bool
    error: Refusal | None = None
    pickup_by: dt.date | None = None
    next_patron: str | None = None    # expire: the patron whose hold the item now fills


@dataclass(frozen=True)
class WaitingHold:
    patron: str
    patron_name: str
    barcode: str
    title: str
    ready_at: dt.datetime
    pickup_by: dt.date


class HoldShelf:
    def __init__(self, context: Context):
        self.ctx = context
        self.policy = context.policy
        self.calendar = context.calendar

    def pickup_day(self, now: dt.datetime, days: int | None = None) -> dt.date:
        """The last day to collect: `hold_pickup_days` (or `days`) after today, moved to an open day."""
        days = self.policy.library.hold_pickup_days if days is None else days
        return self.calendar.next_open_day(self.calendar.local_date(now) + dt.timedelta(days=days))

    async def fill_first(self, session, item_id: int, now: dt.datetime) -> str | None:
        """The item is back at the desk: the first active hold in line becomes ready, with its `hold_ready`
        notice; returns that patron's code (None when nobody holds the item)."""
        first = (await session.execute(
            select(Hold.id, Hold.patron_id, Patron.code).join(Patron, Patron.id == Hold.patron_id)
            .where(Hold.item_id == item_id, Hold.status == "active")
            .order_by(Hold.placed_at, Hold.id).limit(1))).first()
        if first is None:
            return None
        hold_id, patron_id, code = first
        pickup_by = self.pickup_day(now)
        await session.execute(update(Hold).where(Hold.id == hold_id).values(ready_at=now, pickup_by=pickup_by))
        await add_event_notice(session, "hold", hold_id, "hold_ready", pickup_by, patron_id, now)
        return code

    async def extend(self, patron_code: str, barcode: str, days: int, now: dt.datetime,
                     actor: Actor) -> ShelfResult:
        """Give the patron `days` more (counted from today, or from the old last day if that is later)."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            hold, refusal = await self._ready_hold(session, patron_code, barcode)
            if hold is None:
                return ShelfResult(False, refusal)
            start = max(self.calendar.local_date(now), hold.pickup_by or self.calendar.local_date(now))
            hold.pickup_by = self.calendar.next_open_day(start + dt.timedelta(days=days))
            audit(session, actor, now, "extend_hold", f"hold:{hold.id}", patron=patron_code, item=barcode,
                  pickup_by=hold.pickup_by)
            return ShelfResult(True, pickup_by=hold.pickup_by)

    async def expire(self, patron_code: str, barcode: str, now: dt.datetime, actor: Actor) -> ShelfResult:
        """End an uncollected hold; the item goes to the next patron in line (who is told), if any."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            hold, refusal = await self._ready_hold(session, patron_code, barcode)
            if hold is None:
                return ShelfResult(False, refusal)
            hold.status, hold.ended_at = "expired", now
            await session.flush()
            on_loan = await session.scalar(select(Loan.id).where(Loan.item_id == hold.item_id,
                                                                 Loan.returned_at.is_(None)))
            following = None if on_loan else await self.fill_first(session, hold.item_id, now)
            audit(session, actor, now, "expire_hold", f"hold:{hold.id}", patron=patron_code, item=barcode,
                  next_patron=following)
            return ShelfResult(True, next_patron=following)

    async def _ready_hold(self, session, patron_code: str, barcode: str) -> tuple[Hold | None, Refusal | None]:
        patron_id = await session.scalar(select(Patron.id).where(Patron.code == patron_code))
        if patron_id is None:
            return None, Refusal.UNKNOWN_PATRON
        item_id = await session.scalar(select(Item.id).where(Item.barcode == barcode))
        if item_id is None:
            return None, Refusal.UNKNOWN_ITEM
        hold = (await session.execute(select(Hold).where(
            Hold.patron_id == patron_id, Hold.item_id == item_id, Hold.status == "active",
            Hold.ready_at.is_not(None)).with_for_update())).scalar_one_or_none()
        return hold, (None if hold is not None else Refusal.NO_HOLD)

    async def waiting(self, now: dt.datetime, overdue_only: bool = False) -> list[WaitingHold]:
        """Items waiting at the desk for their patrons; `overdue_only`: those whose last day has passed."""
        now = self.ctx.aware(now)
        query = (select(Patron.code, Patron.name, Item.barcode, Item.title, Hold.ready_at, Hold.pickup_by)
                 .join(Patron, Patron.id == Hold.patron_id).join(Item, Item.id == Hold.item_id)
                 .where(Hold.status == "active", Hold.ready_at.is_not(None))
                 .order_by(Hold.pickup_by, Item.barcode))
        if overdue_only:
            query = query.where(Hold.pickup_by < self.calendar.local_date(now))
        async with self.ctx.transaction() as session:
            return [WaitingHold(*row) for row in (await session.execute(query)).all()]
