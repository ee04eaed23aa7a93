"""Reminders (contracts §2): due soon, overdue 1–3; and the notices events make (hold ready, ILL arrived, …).

Time-based notices are produced in SQL sets — one INSERT … SELECT per kind, `ON CONFLICT DO NOTHING` on the
notice's unique key (subject, kind, due date) — so that a million open loans are never loaded into Python, and a
notice can never be produced twice, whether runs repeat, overlap or die half way.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Date, Integer, and_, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from core.plumbing.context import Context
from core.domain.ill import ON_LOAN_STATES
from core.storage.models import Hold, IllRequest, Item, Loan, Notice, Patron

OVERDUE_KINDS = ("overdue_1", "overdue_2", "overdue_3")


class days_between(FunctionElement):
    """Whole days from date `b` to date `a` (a − b), portable between SQLite and PostgreSQL."""
    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"CAST(julianday({compiler.process(a, **kw)}) - julianday({compiler.process(b, **kw)}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_pg(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"({compiler.process(a, **kw)} - {compiler.process(b, **kw)})"


@dataclass(frozen=True)
class DueNotice:
    id: int
    patron: str
    kind: str
    item: str | None      # barcode, for a loan
    request: str | None   # ILL-n, for an ILL request
    due_date: dt.date
    nominal: dt.date      # the day the notice was meant for (late when it is delivered after that day)


class Notices:
    def __init__(self, context: Context):
        self.ctx = context
        self.policy = context.policy
        self.calendar = context.calendar

    def offsets(self) -> dict[str, int]:
        """Notice kind -> days from the due date to the day the notice becomes due."""
        offsets = {"due_soon": -self.policy.notices.due_soon_days}
        for kind, days in zip(OVERDUE_KINDS, self.policy.notices.overdue_days):
            offsets[kind] = days
        return offsets

    def _insert(self, dialect: str):
        return (postgresql.insert(Notice) if dialect == "postgresql" else sqlite.insert(Notice))

    async def generate(self, now: dt.datetime) -> None:
        """Record every time-based notice due at or before `now` (idempotent)."""
        now = self.ctx.aware(now)
        today = self.calendar.local_date(now)
        quiet = [c.code for c in self.policy.patron_category if not c.overdue_notices]
        async with self.ctx.transaction() as session:
            dialect = session.bind.dialect.name
            for kind, offset in self.offsets().items():
                latest_due = today - dt.timedelta(days=offset)
                for subject in ("loan", "ill"):
                    source = self._candidates(subject, kind, offset, latest_due, now, quiet)
                    statement = self._insert(dialect).from_select(
                        ["subject_kind", "subject_id", "kind", "due_date", "patron_id", "due_at", "created_at"],
                        source).on_conflict_do_nothing()
                    await session.execute(statement)

    def _candidates(self, subject: str, kind: str, offset: int, latest_due: dt.date, now: dt.datetime,
                    quiet_categories: list[str]):
        table = Loan if subject == "loan" else IllRequest
        conditions = [table.due_date <= latest_due,
                      # never a notice whose day falls before the loan began (a due_soon on a one-day loan)
                      days_between(table.due_date, table.checkout_date) > -offset]
        conditions.append(Loan.returned_at.is_(None) if subject == "loan" else IllRequest.state.in_(ON_LOAN_STATES))
        query = select(literal(subject), table.id, literal(kind), table.due_date, table.patron_id,
                       literal(now, type_=Notice.due_at.type), literal(now, type_=Notice.created_at.type))
        if kind.startswith("overdue") and quiet_categories:
            query = query.join(Patron, Patron.id == table.patron_id)
            conditions.append(Patron.category.not_in(quiet_categories))
        # In subject order, so that the inserts and the ON CONFLICT look-ups walk uq_notices_key in key order instead
        # of at random (3-4x faster at a million open loans, bench/bench_notices.py). `+ 0` keeps SQLite from
        # meeting the order with a rowid scan of the whole table instead of the partial index ix_loans_open_due.
        return query.where(and_(*conditions)).order_by(table.id + 0)

    async def take_due(self, now: dt.datetime, limit: int | None = None) -> list[DueNotice]:
        """Notices due at or before `now` not yet taken, marked as taken in the same transaction."""
        now = self.ctx.aware(now)
        async with self.ctx.transaction() as session:
            query = (select(Notice.id).where(Notice.dispatched_at.is_(None), Notice.due_at <= now)
                     .order_by(Notice.id))
            if limit:
                query = query.limit(limit)
            if session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            ids = list((await session.execute(query)).scalars())
            if not ids:
                return []
            notices = await self.describe(session, ids)
            await session.execute(update(Notice).where(Notice.id.in_(ids)).values(dispatched_at=now))
            return notices

    async def describe(self, session, ids: list[int]) -> list[DueNotice]:
        offsets = self.offsets()
        loan_rows = (await session.execute(
            select(Notice, Patron.code, Item.barcode).join(Patron, Patron.id == Notice.patron_id)
            .join(Loan, and_(Notice.subject_kind == "loan", Loan.id == Notice.subject_id))
            .join(Item, Item.id == Loan.item_id).where(Notice.id.in_(ids)))).all()
        hold_rows = (await session.execute(
            select(Notice, Patron.code, Item.barcode).join(Patron, Patron.id == Notice.patron_id)
            .join(Hold, and_(Notice.subject_kind == "hold", Hold.id == Notice.subject_id))
            .join(Item, Item.id == Hold.item_id).where(Notice.id.in_(ids)))).all()
        ill_rows = (await session.execute(
            select(Notice, Patron.code).join(Patron, Patron.id == Notice.patron_id)
            .where(Notice.id.in_(ids), Notice.subject_kind == "ill"))).all()
        out = []
        for notice, code, barcode in [*loan_rows, *hold_rows]:
            out.append(DueNotice(notice.id, code, notice.kind, barcode, None, notice.due_date,
                                 self._nominal(notice, offsets)))
        for notice, code in ill_rows:
            out.append(DueNotice(notice.id, code, notice.kind, None, f"ILL-{notice.subject_id}", notice.due_date,
                                 self._nominal(notice, offsets)))
        return sorted(out, key=lambda n: (n.patron, n.kind, n.item or n.request or ""))

    def _nominal(self, notice: Notice, offsets: dict[str, int]) -> dt.date:
        """The day a notice was meant for: its day relative to the due date for a reminder, else the day of the
        event that made it (an arrival, a filled hold)."""
        if notice.kind in offsets:
            return notice.due_date + dt.timedelta(days=offsets[notice.kind])
        return self.calendar.local_date(notice.due_at)
