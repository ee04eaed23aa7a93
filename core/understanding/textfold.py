"""Length-preserving folding of text for keyword matching.

Patrons often type without diacritics ("produzenje", "prasau", "kutuphane") and in any case;
matching is done on a folded copy where every character maps to exactly one character, so that a
match's span in the folded text is also its span in the original (labels and values are cut from the
original, keeping the patron's spelling).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose but that people replace by a plain letter.
_SPECIAL = {"ı": "i", "İ": "i", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o",
            "ß": "s", "æ": "a", "Æ": "a", "œ": "o", "Œ": "o", "þ": "t", "ð": "d",
            "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
            "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
            "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " "}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    if c.isascii():
        return c.lower()
    base = unicodedata.normalize("NFKD", c)[:1] or c
    low = base.lower()
    return low if len(low) == 1 else c


def fold(text: str) -> str:
    """Lower-case, diacritics removed, same length as `text`."""
    return "".join(_fold_char(c) for c in text)
