"""What every use case needs: the database, the policy and its calendar, and who is acting through which channel."""
from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import AsyncIterator

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.domain.calendar import LibraryCalendar
from core.domain.policy import Policy
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
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """A transaction that the use cases called inside it join (each as a savepoint), so that a front end can
        write its reply to the outbox in the same transaction as the change the reply reports."""
        async with self.transaction() as session:
            token = _ambient.set(session)
            try:
                yield session
            finally:
                _ambient.reset(token)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One use case, one transaction (a savepoint inside a unit of work): committed when the block ends,
        rolled back on an exception or by `discard`."""
        outer = _ambient.get()
        if outer is not None:
            async with _savepoint(outer):
                yield outer
            return
        async with self.db.session() as session:
            transaction = await session.begin()
            try:
                yield session
            except BaseException:
                if transaction.is_active:
                    await transaction.rollback()
                raise
            if transaction.is_active:
                await transaction.commit()

    @staticmethod
    async def discard(session: AsyncSession) -> None:
        """Undo what the current use case wrote (a refusal writes nothing), leaving any outer unit intact."""
        transaction = session.get_nested_transaction() or session.get_transaction()
        if transaction is not None and transaction.is_active:
            await transaction.rollback()


_ambient: ContextVar[AsyncSession | None] = ContextVar("loanbot_unit_of_work", default=None)


@asynccontextmanager
async def _savepoint(session: AsyncSession) -> AsyncIterator[None]:
    savepoint = await session.begin_nested()
    try:
        yield
    except BaseException:
        if savepoint.is_active:
            await savepoint.rollback()
        raise
    if savepoint.is_active:
        await savepoint.commit()


def audit(session: AsyncSession, actor: Actor, at: dt.datetime, action: str, subject: str, **detail) -> None:
    session.add(AuditEntry(at=at, actor_kind=actor.kind, actor=actor.name, channel=actor.channel,
                           action=action, subject=subject, detail=_jsonable(detail)))


async def record(session: AsyncSession, actor: Actor, at: dt.datetime, action: str, subject: str, **detail) -> None:
    """`audit`, written at once as a plain Core INSERT (a statement built once): no ORM object, no flush at commit.
    For the hot use cases; an INSERT leaves the session's identity map as it was."""
    await (await session.connection()).execute(_AUDIT_INSERT, {
        "at": at, "actor_kind": actor.kind, "actor": actor.name, "channel": actor.channel, "action": action,
        "subject": subject, "detail": _jsonable(detail)})


_AUDIT_INSERT = insert(AuditEntry)


def _jsonable(detail: dict) -> dict:
    out = {}
    for key, value in detail.items():
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        out[key] = value
    return out
