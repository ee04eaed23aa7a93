"""Notices that an event makes due at once (a filled hold, an ILL arrival, a staff decision on an ILL request),
written in the event's own transaction; the scheduler's next pass turns them into the patron's letter.

The key (subject, kind, due date) is unique, so the same event recorded twice (a retried transaction, two
identical decisions on one day) still gives the patron one letter.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.storage.models import Notice

# The kinds that contracts §2's `notices` action reports; the others are letters only (issue 11's staff events).
CONTRACT_KINDS = frozenset({"due_soon", "overdue_1", "overdue_2", "overdue_3", "ill_arrived", "ill_rejected",
                            "hold_ready"})


async def add_event_notice(session: AsyncSession, subject_kind: str, subject_id: int, kind: str, day: dt.date,
                           patron_id: int, now: dt.datetime) -> None:
    dialect = session.bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await (await session.connection()).execute(insert(Notice).values(
        subject_kind=subject_kind, subject_id=subject_id, kind=kind, due_date=day, patron_id=patron_id,
        due_at=now, created_at=now).on_conflict_do_nothing())
