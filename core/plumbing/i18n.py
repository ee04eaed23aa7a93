"""Words for people: gettext catalogs under `locales/` (compiled to .mo at build time) and Babel's formatting of
dates and money for the reader's locale."""
from __future__ import annotations

import datetime as dt
import gettext
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal

LANGUAGES = ("tr", "hr", "lt", "en")
DOMAIN = "loanbot"
LOCALES = Path(__file__).resolve().parents[2] / "locales"


def pick_language(*candidates: str | None, default: str = "en") -> str:
    """The first candidate that is one of our four languages (accepts "hr-HR", "lt_LT"…)."""
    for candidate in candidates:
        if candidate:
            code = candidate.replace("_", "-").split("-")[0].lower()
            if code in LANGUAGES:
                return code
    return default


class Translator:
    """gettext for one language, and dates and money the way that language writes them."""

    def __init__(self, language: str, zone=None):
        self.language = pick_language(language)
        self.zone = zone
        self._catalog = _catalog(self.language)

    def gettext(self, message: str, **values) -> str:
        text = self._catalog.gettext(message)
        return _fill(text, values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        return _fill(self._catalog.ngettext(singular, plural, n), dict(values, n=n))

    def date(self, value: dt.date | dt.datetime) -> str:
        if isinstance(value, dt.datetime):
            value = value.astimezone(self.zone).date() if self.zone else value.date()
        return format_date(value, format="long", locale=self.language)

    def moment(self, value: dt.datetime) -> str:
        """A due moment: the date, and the time only when it is not the end of the day."""
        local = value.astimezone(self.zone) if self.zone else value
        if (local.hour, local.minute) == (23, 59):
            return self.date(local.date())
        return format_datetime(local, format="medium", locale=self.language, tzinfo=local.tzinfo)

    def time(self, value: dt.time | dt.datetime) -> str:
        return format_time(value, format="short", locale=self.language)

    def number(self, value: float | Decimal) -> str:
        return format_decimal(value, locale=self.language)

    def money(self, amount: Decimal, currency: str) -> str:
        return format_currency(amount, currency, locale=self.language)


_PLACEHOLDER_THEN_STOP = re.compile(r"(?<!\{)\{(\w+)\}\.")


def _fill(text: str, values: dict) -> str:
    """The message with its values; a value that ends in a full stop (a Croatian or Lithuanian date, "10. prosinca
    2026.", "2026 m. lapkričio 20 d.", or "et al.") takes the place of the sentence's own, never doubling it."""
    stops = {name for name, value in values.items() if isinstance(value, str) and value.endswith(".")}
    if stops:   # rare (hr, lt dates): the common case pays one pass over the values, not a regex
        text = _PLACEHOLDER_THEN_STOP.sub(lambda m: m.group(0)[:-1] if m.group(1) in stops else m.group(0), text)
    return text.format(**values)


@lru_cache(maxsize=None)
def _catalog(language: str) -> gettext.NullTranslations:
    # English is the source language; a missing compiled catalog falls back to it rather than failing a reply
    # (the test suite fails instead when a catalog lacks a translation).
    return gettext.translation(DOMAIN, localedir=str(LOCALES), languages=[language], fallback=True)


def translator(language: str, zone=None) -> Translator:
    return Translator(language, zone)
