"""The library's calendar: which days are open, and how loan periods become due moments.

All the date arithmetic of contracts §1 lives here, so that the three due-date modes, holidays and terms are
decided in one place.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from core.domain.policy import WEEKDAYS, Policy, Rule, Term

END_OF_DAY = dt.time(23, 59)


class NoTermForLoan(ValueError):
    """A term loan on a day after every term the policy defines."""


@dataclass(frozen=True)
class LibraryCalendar:
    zone: ZoneInfo
    closed_weekdays: frozenset[int]
    holidays: frozenset[dt.date]
    mode: str
    terms: tuple[Term, ...]

    @classmethod
    def of(cls, policy: Policy) -> "LibraryCalendar":
        lib = policy.library
        return cls(
            zone=lib.zone,
            closed_weekdays=frozenset(WEEKDAYS.index(d) for d in lib.closed_weekdays),
            holidays=frozenset(lib.holidays),
            mode=policy.rules.due_date_mode,
            terms=tuple(sorted(policy.term, key=lambda t: t.start)),
        )

    # --- days -------------------------------------------------------------------------------------------------
    def is_open(self, day: dt.date) -> bool:
        return day.weekday() not in self.closed_weekdays and day not in self.holidays

    def has_open_days(self) -> bool:
        return len(self.closed_weekdays) < 7

    def next_open_day(self, day: dt.date) -> dt.date:
        """`day` itself when open, else the first open day after it."""
        if not self.has_open_days():
            return day
        for _ in range(3660):  # a library closed for ten years is a policy error, not a loop forever
            if self.is_open(day):
                return day
            day += dt.timedelta(days=1)
        return day

    def open_days_after(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th open day after `day` (`calendar` mode)."""
        if not self.has_open_days():
            return day + dt.timedelta(days=count)
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_open(day):
                count -= 1
        return day

    def open_days_before(self, day: dt.date, count: int) -> dt.date:
        """Counts back over open days only: 7 open days before Fri 2026-12-18 (weekends, 24–26 Dec closed) is
        Wed 2026-12-09."""
        if not self.has_open_days():
            return day - dt.timedelta(days=count)
        while count > 0:
            day -= dt.timedelta(days=1)
            if self.is_open(day):
                count -= 1
        return day

    def closed_days_between(self, after: dt.date, through: dt.date) -> int:
        """Closed days d with after < d <= through."""
        days = (through - after).days
        return sum(1 for n in range(1, days + 1) if not self.is_open(after + dt.timedelta(days=n)))

    # --- moments ----------------------------------------------------------------------------------------------
    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)

    def local_date(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.zone).date()

    def at(self, day: dt.date, time: dt.time = END_OF_DAY) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def end_of(self, day: dt.date) -> dt.datetime:
        return self.at(day, END_OF_DAY)

    # --- due dates --------------------------------------------------------------------------------------------
    def days_later(self, start: dt.date, days: int) -> dt.date:
        """A loan period in days from `start`, by the policy's due-date mode."""
        if self.mode == "calendar":
            return self.open_days_after(start, days)
        day = start + dt.timedelta(days=days)
        return self.next_open_day(day) if self.mode == "push" else day

    def hours_later(self, start: dt.datetime, hours: int) -> dt.datetime:
        # Elapsed hours, counted in UTC: wall-clock arithmetic on a local moment is an hour off across DST.
        due = self.local(start.astimezone(dt.timezone.utc) + dt.timedelta(hours=hours))
        if self.mode in ("push", "calendar") and not self.is_open(due.date()):
            due = self.at(self.next_open_day(due.date()), due.timetz().replace(tzinfo=None))
        return due

    def term_index(self, day: dt.date) -> int:
        """The term containing `day`, or else the next one to start."""
        for index, term in enumerate(self.terms):
            if day <= term.end:
                return index
        raise NoTermForLoan(f"no term contains or follows {day.isoformat()}")

    def terms_later(self, day: dt.date, count: int) -> dt.datetime:
        """End of the term `count` terms on from the term containing `day` (count 0: that very term)."""
        index = min(self.term_index(day) + max(count, 0), len(self.terms) - 1)
        return self.end_of(self.terms[index].end)  # the date as written, never moved by the calendar

    def due_at_checkout(self, rule: Rule, moment: dt.datetime) -> dt.datetime:
        if rule.unit == "hours":
            return self.hours_later(moment, rule.loan_period)
        day = self.local_date(moment)
        if rule.unit == "term":
            return self.terms_later(day, rule.loan_period - 1)
        return self.end_of(self.days_later(day, rule.loan_period))

    def due_at_renewal(self, rule: Rule, base: dt.datetime) -> dt.datetime:
        """New due moment from the renewal base (old due moment or the renewal moment)."""
        period = rule.effective_renewal_period
        if rule.unit == "hours":
            return self.hours_later(base, period)
        day = self.local_date(base)
        if rule.unit == "term":
            return self.terms_later(day, period)
        return self.end_of(self.days_later(day, period))
