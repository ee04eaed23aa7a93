"""Rule-by-rule tests of the circulation and ILL core (contracts §1–2).

Small helpers shared by these tests live here: library-time moments, actors, and direct looks at the tables.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from core.plumbing.context import Actor
from core.library import Library
from core.domain.policy import parse_policy
from core.domain.registry import ItemRecord, PatronRecord
from core.storage.database import Database, sqlite_url
from core.storage.models import Charge, Patron
from tests.conftest import STAFF, policy_data

VILNIUS = ZoneInfo("Europe/Vilnius")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in library time (the test policy's zone)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VILNIUS)


def end_of(year: int, month: int, day: int) -> dt.datetime:
    return at(year, month, day, 23, 59)


def patron(code: str = "p1", channel: str = "email") -> Actor:
    return Actor("patron", code, channel)


async def add_charge(library: Library, code: str, amount: str, when: dt.datetime, kind: str = "fee") -> None:
    """An unpaid charge on a patron's account, as a fee or an earlier fine would leave it."""
    async with library.ctx.transaction() as session:
        patron_id = await session.scalar(select(Patron.id).where(Patron.code == code))
        session.add(Charge(patron_id=patron_id, kind=kind, amount=Decimal(amount), paid=Decimal("0.00"),
                           created_at=when, note=f"test {kind}"))


async def count_rows(library: Library, *models) -> dict[str, int]:
    async with library.ctx.transaction() as session:
        return {m.__name__: await session.scalar(select(func.count()).select_from(m)) for m in models}


async def rows(library: Library, model, *order_by):
    async with library.ctx.transaction() as session:
        return list((await session.execute(select(model).order_by(*(order_by or (model.id,))))).scalars())


@asynccontextmanager
async def fresh_sqlite_library(template: Path, policy: str = "lending.toml", patrons=(), items=(), **overrides):
    """A library on its own copy of the migrated SQLite template: for hypothesis examples, one database each."""
    with tempfile.TemporaryDirectory(prefix="loanbot-test-") as tmp:
        path = Path(tmp) / "loanbot.db"
        shutil.copy(template, path)
        db = Database(sqlite_url(path))
        try:
            library = Library(db, parse_policy(policy_data(policy, **overrides), policy))
            start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
            if patrons:
                await library.registry.upsert_patrons([PatronRecord(*p) for p in patrons], start, STAFF)
            if items:
                await library.registry.upsert_items([ItemRecord(*i) for i in items], start, STAFF)
            yield library
        finally:
            await db.dispose()
