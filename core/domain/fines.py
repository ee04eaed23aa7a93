"""Overdue fines, exactly as contracts §1 defines them."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from core.domain.calendar import LibraryCalendar
from core.domain.policy import Rule

ZERO = Decimal("0.00")


def days_late(calendar: LibraryCalendar, due: dt.datetime, returned: dt.datetime) -> int:
    """Local date of return minus the local due date, in calendar days; 0 if not after."""
    return max(0, (calendar.local_date(returned) - calendar.local_date(due)).days)


def chargeable_days(calendar: LibraryCalendar, due: dt.datetime, returned: dt.datetime,
                    count_closed_days: bool) -> int:
    late = days_late(calendar, due, returned)
    if late == 0 or count_closed_days:
        return late
    due_day = calendar.local_date(due)
    return late - calendar.closed_days_between(due_day, due_day + dt.timedelta(days=late))


def fine_for(rule: Rule, chargeable: int) -> Decimal:
    if chargeable <= rule.grace_days:
        return ZERO
    amount = rule.fine * math.ceil(chargeable / rule.fine_interval_days)
    if rule.fine_cap > 0:
        amount = min(amount, rule.fine_cap)
    return amount.quantize(ZERO)


def overdue_fine(calendar: LibraryCalendar, rule: Rule, due: dt.datetime, returned: dt.datetime,
                 count_closed_days: bool) -> tuple[int, Decimal]:
    """(days late, fine) for a loan due at `due` and returned (or valued) at `returned`."""
    late = days_late(calendar, due, returned)
    return late, fine_for(rule, chargeable_days(calendar, due, returned, count_closed_days))
