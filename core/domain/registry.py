"""Patrons and items: added from a TOML file (`loanbot load`, scenarios) or by staff; adding the same record
twice changes nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select

from core.domain.ill import fold
from core.domain.titles import search_keys
from core.plumbing.context import Actor, Context, audit
from core.storage.models import Item, ItemWord, Patron


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
    isbn: str | None = None          # 13 digits
    authors: tuple[str, ...] = ()    # "Family, Given"
    year: int | None = None
    call_number: str | None = None
    location: str | None = None

    def columns(self) -> dict:
        return {"item_type": self.item_type, "title": self.title, "title_key": fold(self.title), "isbn": self.isbn,
                "authors": list(self.authors), "year": self.year, "call_number": self.call_number,
                "location": self.location}


def item_words(title: str, authors: list[str]) -> set[str]:
    """The keys under which an item is found when a patron names a work (core.domain.titles)."""
    return search_keys(title) | {key for name in authors for key in search_keys(name)}


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
        """Add new items and bring changed ones up to date (their search words too); returns how many changed."""
        changed = 0
        async with self.ctx.transaction() as session:
            existing = {i.barcode: i for i in (await session.execute(
                select(Item).where(Item.barcode.in_([r.barcode for r in records])))).scalars()}
            reindex: list[Item] = []
            for record in records:
                item, values = existing.get(record.barcode), record.columns()
                if item is None:
                    item = Item(barcode=record.barcode, created_at=now, **values)
                    session.add(item)
                elif any(getattr(item, key) != value for key, value in values.items()):
                    words_before = (item.title, list(item.authors or []))
                    for key, value in values.items():
                        setattr(item, key, value)
                    if words_before == (item.title, item.authors):
                        changed += 1
                        continue
                else:
                    continue
                reindex.append(item)
                changed += 1
            if reindex:
                await session.flush()
                await self._index_words(session, reindex)
        return changed

    @staticmethod
    async def _index_words(session, items: list[Item], chunk: int = 1000) -> None:
        for start in range(0, len(items), chunk):   # bound the statement's parameters on big loads
            some = items[start:start + chunk]
            await session.execute(delete(ItemWord).where(ItemWord.item_id.in_([i.id for i in some])))
            rows = [{"item_id": i.id, "word": word} for i in some for word in sorted(item_words(i.title, i.authors))]
            if rows:
                await session.execute(insert(ItemWord), rows)

    async def patron_by_email(self, address: str) -> Patron | None:
        async with self.ctx.transaction() as session:
            return (await session.execute(select(Patron).where(
                func.lower(Patron.email) == address.strip().lower()))).scalar_one_or_none()

    async def patron_by_code(self, code: str) -> Patron | None:
        async with self.ctx.transaction() as session:
            return (await session.execute(select(Patron).where(Patron.code == code))).scalar_one_or_none()
