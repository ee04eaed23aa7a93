"""Patrons and items: added from a TOML file (`loanbot load`, scenarios) or by staff; adding the same record
twice changes nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from core.domain.ill import fold
from core.plumbing.context import Actor, Context, audit
from core.storage.models import Item, Patron


@dataclass(frozen=True)
class PatronRecord:
    code: str
    category: str
    language: str = "en"
    email: str | None = None
    name: str = ""


@dataclass(frozen=True)
class ItemRecord:
    barcode: str
    item_type: str
    title: str = ""


class Registry:
    def __init__(self, context: Context):
        self.ctx = context

    async def upsert_patrons(self, records: list[PatronRecord], now: dt.datetime, actor: Actor) -> int:
        """Add new patrons and bring changed ones up to date; returns how many rows changed."""
        changed = 0
        async with self.ctx.transaction() as session:
            existing = {p.code: p for p in (await session.execute(
                select(Patron).where(Patron.code.in_([r.code for r in records])))).scalars()}
            for record in records:
                email = record.email.strip().lower() if record.email else None
                patron = existing.get(record.code)
                values = dict(category=record.category, language=record.language, email=email,
                              name=record.name or (patron.name if patron else ""))
                if patron is None:
                    session.add(Patron(code=record.code, created_at=now, restricted=False, **values))
                    audit(session, actor, now, "patron_added", f"patron:{record.code}", category=record.category)
                    changed += 1
                elif any(getattr(patron, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(patron, key, value)
                    audit(session, actor, now, "patron_changed", f"patron:{record.code}")
                    changed += 1
        return changed

    async def upsert_items(self, records: list[ItemRecord], now: dt.datetime, actor: Actor) -> int:
        changed = 0
        async with self.ctx.transaction() as session:
            existing = {i.barcode: i for i in (await session.execute(
                select(Item).where(Item.barcode.in_([r.barcode for r in records])))).scalars()}
            for record in records:
                item = existing.get(record.barcode)
                if item is None:
                    session.add(Item(barcode=record.barcode, item_type=record.item_type, title=record.title,
                                     title_key=fold(record.title), created_at=now))
                    changed += 1
                elif (item.item_type, item.title) != (record.item_type, record.title):
                    item.item_type, item.title, item.title_key = record.item_type, record.title, fold(record.title)
                    changed += 1
        return changed

    async def patron_by_email(self, address: str) -> Patron | None:
        async with self.ctx.transaction() as session:
            return (await session.execute(select(Patron).where(
                func.lower(Patron.email) == address.strip().lower()))).scalar_one_or_none()

    async def patron_by_code(self, code: str) -> Patron | None:
        async with self.ctx.transaction() as session:
            return (await session.execute(select(Patron).where(Patron.code == code))).scalar_one_or_none()
