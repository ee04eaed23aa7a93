"""Building the running parts from the configuration: database, policy, library (the composition root's helpers)."""
from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator

from sqlalchemy import select

from core.plumbing.context import Actor
from core.library import Library
from core.domain.policy import load_policy, read_toml
from core.domain.registry import PatronRecord
from core.scenario import ScenarioError, _moment, people_and_items
from core.storage.database import Database
from core.staff.desk import StaffDesk
from core.staff.lenders import HoldingLibraries
from core.storage.models import Item, Loan, Patron
from loanbot.config import Config

LOADER = Actor("staff", "loanbot-load", "cli")


@asynccontextmanager
async def open_library(config: Config) -> AsyncIterator[Library]:
    policy = load_policy(config.policy_path)
    db = Database(config.database_url)
    try:
        await db.migrate()
        yield Library(db, policy, catalogues=config.catalogues)
    finally:
        await db.dispose()


def staff_desk(library: Library) -> StaffDesk:
    """The staff desk as every interface gets it (command line, e-mail replies, Telegram): `locate` offers the
    libraries that the catalogue look-up found holding the work, best first ("locate 2", a button)."""
    return StaffDesk(library, lenders=HoldingLibraries(library))


async def load_library_file(library: Library, path: Path, now: dt.datetime) -> dict:
    """Add the [[patron]] and [[item]] tables of a TOML file and check out each [[loan]] as staff would at its
    moment; counts of what changed, and each refused loan with its reason. Loading the same file twice changes
    nothing."""
    data = read_toml(path, "library", ScenarioError)
    patrons, items = people_and_items(path, data, library.policy)
    counts = {"patrons": 0, "items": 0, "loans": 0, "loans_refused": 0, "refusals": []}
    if patrons:
        counts["patrons"] = await library.registry.upsert_patrons(
            [PatronRecord(p.id, p.category, p.language, p.email, p.name) for p in patrons], now, LOADER)
    if items:
        counts["items"] = await library.registry.upsert_items(
            [i.record() for i in items], now, LOADER)
    for index, loan in enumerate(data.get("loan", [])):
        try:
            patron, barcode, at = str(loan["patron"]), str(loan["item"]), library.ctx.aware(_moment(loan["at"]))
        except (KeyError, ValueError, TypeError) as exc:
            raise ScenarioError(f"{path}: loan[{index}]: needs patron, item and at: {exc}") from None
        if await _loan_exists(library, patron, barcode, at):
            continue
        result = await library.circulation.checkout(patron, barcode, at, LOADER, override=True)
        counts["loans" if result.ok else "loans_refused"] += 1
        if not result.ok:
            counts["refusals"].append(LoanRefused(index, patron, barcode, at, result.error))
    return counts


@dataclass(frozen=True)
class LoanRefused:
    """A [[loan]] of a library file that the checkout refused, and why (a refusal code of contracts §1)."""
    index: int
    patron: str
    item: str
    at: dt.datetime
    error: str


async def _loan_exists(library: Library, patron: str, barcode: str, at: dt.datetime) -> bool:
    async with library.ctx.transaction() as session:
        return await session.scalar(
            select(Loan.id).join(Patron, Patron.id == Loan.patron_id).join(Item, Item.id == Loan.item_id)
            .where(Patron.code == patron, Item.barcode == barcode, Loan.checked_out_at == at)) is not None
