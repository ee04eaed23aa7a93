"""Dates as staff write them in Turkish, Croatian, Lithuanian and English: ISO `2027-01-15`; day before month,
always (`15.01.2027`, `15. 1. 2027.`, `15/01/2027`); and month names (`15 Ocak 2027`, `15. siječnja 2027.`,
`2027 m. sausio 15 d.`, `15 January 2027`, `January 15, 2027`), with or without diacritics.

The month names are CLDR's, through Babel (the wide and abbreviated names, in the format and stand-alone
contexts, so both the Croatian and Lithuanian genitives and nominatives are there). Babel's own `parse_date` reads
numbers only, in the locale's order (English month first), and dateparser was tried and left out: it does not
read the usual Lithuanian form ("2027 m. sausio 15 d.") and, searching a sentence, it turns the "d." of such a
date into a relative date ("a day ago"): a wrong lender's due date, silently. Here only these shapes are read,
and a date that does not exist (31.02.2027) is no date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names

from .textfold import fold

LANGUAGES = ("tr", "hr", "lt", "en")


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    start: int
    end: int


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """Folded month name (and abbreviation, without its dot) -> month number, over the four languages."""
    names: dict[str, int] = {}
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, language).items():
                    key = fold(name).rstrip(".")
                    if len(key) >= 3 and names.setdefault(key, number) != number:
                        raise ValueError(f"month name {key!r} means two months")  # never with CLDR's data
    return names


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, tuple[str, str, str]]]:
    month = "(?P<month>" + "|".join(sorted(map(re.escape, _month_numbers()), key=len, reverse=True)) + r")\.?"
    day = r"(?P<day>\d{1,2})"
    year = r"(?P<year>\d{4})"
    edge, tail = r"(?<![\w.])", r"(?![\w])"
    shapes = [
        (rf"{edge}{year}-(?P<m>\d{{1,2}})-{day}{tail}", ("year", "m", "day")),
        (rf"{edge}{year}\.\s?(?P<m>\d{{1,2}})\.\s?{day}\.?{tail}", ("year", "m", "day")),
        (rf"{edge}{day}\s?[./-]\s?(?P<m>\d{{1,2}})\s?[./-]\s?(?P<year>\d{{4}}|\d{{2}})\.?{tail}", ("year", "m", "day")),
        (rf"{edge}{day}(?:st|nd|rd|th|\.)?\s*(?:of\s+)?{month},?\s*{year}\.?{tail}", ("year", "month", "day")),
        (rf"{edge}{month}\s+{day}(?:st|nd|rd|th)?,?\s+{year}{tail}", ("year", "month", "day")),
        (rf"{edge}{year}\s*(?:m\.)?\s*{month}\s+{day}\s*(?:d\.)?", ("year", "month", "day")),
    ]
    return [(re.compile(pattern), parts) for pattern, parts in shapes]


def find_date(text: str) -> FoundDate | None:
    """The first date in `text` (the earliest that starts; a real calendar date), or None."""
    folded = fold(text or "")
    found: list[FoundDate] = []
    for pattern, (year_part, month_part, day_part) in _patterns():
        for match in pattern.finditer(folded):
            value = _date(match, year_part, month_part, day_part)
            if value is not None:
                found.append(FoundDate(value, match.start(), match.end()))
                break
    return min(found, key=lambda f: (f.start, -f.end)) if found else None


def read_date(text: str) -> dt.date | None:
    """`text` when it is one date and nothing else (surrounding spaces and punctuation aside), else None."""
    stripped = (text or "").strip().strip(",;:").strip()
    found = find_date(stripped)
    if found is None or stripped[:found.start].strip() or stripped[found.end:].strip(" .,;"):
        return None
    return found.date


def _date(match: re.Match, year_part: str, month_part: str, day_part: str) -> dt.date | None:
    year = int(match[year_part])
    if year < 100:
        year += 2000
    month_text = match[month_part]
    month = int(month_text) if month_text.isdigit() else _month_numbers().get(month_text.rstrip("."))
    try:
        return dt.date(year, month, int(match[day_part])) if month else None
    except ValueError:
        return None
