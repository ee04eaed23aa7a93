"""The note a charge carries, written by loanbot in one fixed form and read back to be worded in the reader's
language: "104522: 2 days late", "ILL-3 «Title»: 30 days late, renewed" (the fine so far, charged when an
overdue loan was renewed), "ILL-3 «Title»: ordered again", "ILL-3 «Title»: lost or damaged". The stored note is
the library's record, never shown as it is: `read_note` splits it into what the charge is for and its facts."""
from __future__ import annotations

import re
from dataclasses import dataclass

_LATE = re.compile(r"^(?P<what>.*): (?P<days>\d+) days late(?P<renewed>, renewed)?$", re.DOTALL)
_SUFFIXES = (": ordered again", ": lost or damaged")


def late_note(what: str, days: int, renewed: bool = False) -> str:
    return f"{what}: {days} days late" + (", renewed" if renewed else "")


def repeat_note(what: str) -> str:
    return f"{what}: ordered again"


def lost_note(what: str) -> str:
    return f"{what}: lost or damaged"


@dataclass(frozen=True)
class ChargeNote:
    what: str                       # the item (barcode) or the ILL request's label
    days_late: int | None = None    # a fine: days late when it was charged
    renewed: bool = False           # … charged when the overdue loan was renewed


def read_note(note: str) -> ChargeNote:
    note = note or ""
    late = _LATE.match(note)
    if late:
        return ChargeNote(late["what"], int(late["days"]), bool(late["renewed"]))
    for suffix in _SUFFIXES:
        if note.endswith(suffix):
            return ChargeNote(note[:-len(suffix)])
    return ChargeNote(note)
