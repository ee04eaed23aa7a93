"""What the library itself owns of a work a patron names, and where each copy stands.

A patron often asks for a book through interlibrary loan that is on the library's own shelves; a hold, or a walk to
the shelf, is then the answer. A work is found by its ISBN, or by its title and authors compared word by word
(core.domain.titles: case, diacritics, Turkish i, inflection). Only whole works are looked for: an article or a
chapter is not a copy on a shelf.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from core.domain.titles import likeness, search_keys
from core.domain.works import Work, isbn13
from core.plumbing.context import Context
from core.storage.models import Hold, Item, ItemWord, Loan, Patron

OWNABLE_TYPES = ("book", "thesis", "other")
CANDIDATES = 100   # items sharing the most words with the request, compared in full


@dataclass(frozen=True)
class Copy:
    barcode: str
    title: str
    authors: list[str]
    year: int | None
    isbn: str | None
    item_type: str
    call_number: str | None
    location: str | None
    loanable: bool
    due: dt.datetime | None        # on loan until then; None: on the shelf
    on_loan_to_asker: bool
    holds: int                     # readers already waiting for it

    @property
    def on_shelf(self) -> bool:
        return self.due is None


@dataclass(frozen=True)
class Owned:
    """The library's copies of a work: those on the shelf first, then those back soonest."""
    copies: list[Copy]
    matched_by: str   # "isbn" | "title"

    @property
    def on_shelf(self) -> list[Copy]:
        return [c for c in self.copies if c.on_shelf]

    @property
    def first_back(self) -> Copy | None:
        out = [c for c in self.copies if not c.on_shelf and not c.on_loan_to_asker]
        return min(out, key=lambda c: (c.holds, c.due)) if out else None

    @property
    def barcodes(self) -> list[str]:
        return [c.barcode for c in self.copies]


class Holdings:
    def __init__(self, context: Context):
        self.ctx = context
        self.policy = context.policy

    async def owned(self, work: Work, patron_code: str | None = None) -> Owned | None:
        """The library's copies of `work`, or None when it owns none (or the work is an article or chapter)."""
        if work.type not in OWNABLE_TYPES or not (work.isbn or (work.title or "").strip()):
            return None
        async with self.ctx.transaction() as session:
            items, matched_by = await self._matching_items(session, work)
            if not items:
                return None
            patron_id = None
            if patron_code is not None:
                patron_id = await session.scalar(select(Patron.id).where(Patron.code == patron_code))
            copies = [await self._copy(session, item, patron_id) for item in items]
        copies.sort(key=lambda c: (not c.on_shelf, not c.loanable, c.due or dt.datetime.max.replace(
            tzinfo=dt.timezone.utc), c.barcode))
        return Owned(copies, matched_by)

    async def _matching_items(self, session, work: Work) -> tuple[list[Item], str]:
        isbn = isbn13(work.isbn) if work.isbn else None   # as items keep it (staff may type it with hyphens)
        if isbn:
            items = list((await session.execute(select(Item).where(Item.isbn == isbn)
                                                .order_by(Item.barcode))).scalars())
            if items:
                return items, "isbn"
        if not (work.title or "").strip():
            return [], ""
        keys = search_keys(work.title) | {k for name in work.authors for k in search_keys(name)}
        if not keys:
            return [], ""
        shared = func.count(ItemWord.word)
        ids = (await session.execute(select(ItemWord.item_id).where(ItemWord.word.in_(sorted(keys)))
                                     .group_by(ItemWord.item_id).order_by(shared.desc(), ItemWord.item_id)
                                     .limit(CANDIDATES))).scalars().all()
        if not ids:
            return [], ""
        candidates = (await session.execute(select(Item).where(Item.id.in_(ids)).order_by(Item.barcode))).scalars()
        same = [item for item in candidates
                if likeness(work.title, list(work.authors), item.title, list(item.authors or [])).same_work]
        return same, "title"

    async def _copy(self, session, item: Item, patron_id: int | None) -> Copy:
        loan = (await session.execute(select(Loan.due_at, Loan.patron_id).where(
            Loan.item_id == item.id, Loan.returned_at.is_(None)))).first()
        holds = await session.scalar(select(func.count()).select_from(Hold).where(
            Hold.item_id == item.id, Hold.status == "active"))
        item_type = self.policy.item_type_of(item.item_type)
        return Copy(item.barcode, item.title, list(item.authors or []), item.year, item.isbn, item.item_type,
                    item.call_number, item.location, bool(item_type and item_type.loanable),
                    loan.due_at if loan else None, bool(loan and patron_id is not None and loan.patron_id == patron_id),
                    holds or 0)
