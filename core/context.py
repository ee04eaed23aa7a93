"""What every use case needs: the database, the policy and its calendar, and who is acting through which channel."""
from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from core.calendar import LibraryCalendar
from core.policy import Policy
from core.storage.database import Database
from core.storage.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    kind: str      # patron | staff | lender | system
    name: str      # patron code, staff address, lender name, "loanbot"
    channel: str   # email | telegram | cli | simulate | scheduler

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"


SYSTEM = Actor("system", "loanbot", "scheduler")


@dataclass
class Context:
    db: Database
    policy: Policy
    calendar: LibraryCalendar = field(init=False)

    def __post_init__(self) -> None:
        self.calendar = LibraryCalendar.of(self.policy)

    def aware(self, moment: dt.datetime) -> dt.datetime:
        """A moment without a zone means the library's local time."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.calendar.zone)
        return moment

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One use case, one transaction: committed when the block ends, rolled back on any exception."""
        async with self.db.session() as session:
            async with session.begin():
                yield session


def audit(session: AsyncSession, actor: Actor, at: dt.datetime, action: str, subject: str, **detail) -> None:
    session.add(AuditEntry(at=at, actor_kind=actor.kind, actor=actor.name, channel=actor.channel,
                           action=action, subject=subject, detail=_jsonable(detail)))


def _jsonable(detail: dict) -> dict:
    out = {}
    for key, value in detail.items():
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        out[key] = value
    return out
