"""Putting single bibliographic values in the contract's form (year, pages, edition, volume, names)."""
from __future__ import annotations

import re

from .textfold import fold
from .vocabulary import ORDINAL_WORDS, PUBLISHER_WORDS, THESIS_WORDS

_THESIS = re.compile("|".join(THESIS_WORDS))

YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"


def year_of(text: str | None) -> int | None:
    m = YEAR.search(text or "")
    return int(m.group(1)) if m else None


def pages_of(text: str | None) -> str | None:
    """'pp. 211–243', 's. 12-34', 'str. 5', '345-52', '112-9' -> '211-243', '12-34', '5', '345-352', '112-119'."""
    if not text:
        return None
    m = re.search(rf"(\d+)\s*(?:[{_DASH}]+|\bto\b|…|\.\.)\s*(\d+)|(\d+)", text)
    if not m:
        return None
    return f"{m.group(1)}-{full_last_page(m.group(1), m.group(2))}" if m.group(1) else m.group(3)


def full_last_page(first: str, last: str) -> str:
    """Vancouver and Chicago abbreviate a range's end ('345-52'); the contract writes it out ('345-352').

    The missing leading digits are the first page's; a shorter end that would then still come before the first
    page is not an abbreviation we can read, and is left as written.
    """
    if len(last) >= len(first):
        return last
    full = first[:len(first) - len(last)] + last
    return full if int(full) >= int(first) else last


def edition_of(text: str | None) -> str | None:
    """'3rd ed.' -> '3', '2. baskı' -> '2', '3-asis leidimas' -> '3', 'second edition' -> '2'."""
    if not text:
        return None
    m = re.search(r"(\d{1,2})", text)
    if m:
        return str(int(m.group(1)))
    for word in re.findall(r"[a-z]+", fold(text)):
        if word in ORDINAL_WORDS:
            return ORDINAL_WORDS[word]
    return None


def number_of(text: str | None) -> str | None:
    """Volume or issue as a string: 'Vol. 56' -> '56', 'no. 3-4' -> '3-4', 'Cilt: XII' -> 'XII'."""
    if not text:
        return None
    text = re.sub(r"^\s*(?:vol(?:ume)?|no|nr|num(?:ber)?|br(?:oj)?|cilt|sayi|sayı|t|tomas|issue|svezak|god)\.?\s*",
                  "", text.strip(), flags=re.I)
    m = re.match(rf"\s*([0-9]+(?:\s*[{_DASH}/]\s*[0-9]+)?|[IVXLC]+\b|[0-9A-Za-z]+)", text)
    if not m:
        return None
    return re.sub(rf"\s*[{_DASH}]\s*", "-", m.group(1)).replace(" ", "")


def clean_name(text: str | None) -> str | None:
    """Trim a title, container or similar value of wrapping quotes and trailing punctuation."""
    if not text:
        return None
    # "(Doktora tezi)", "[magistro darbas]": the type, said in the title's place
    text = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]\s*$", lambda m: "" if _THESIS.search(fold(m.group(0))) else m.group(0), text)
    text = " ".join(text.split())
    text = text.strip(" \t,;:.-–—*_|")
    if len(text) >= 2 and text[0] in "\"'“„«‘*_" and text[-1] in "\"'”“»’*_":
        text = text[1:-1].strip()
    text = text.strip(" \t,;:-–—")
    return text or None


def clean_publisher(text: str | None) -> str | None:
    """'Cambridge, MA: MIT Press, 2015.' -> 'MIT Press'; 'İstanbul: Timaş' -> 'Timaş'."""
    if not text:
        return None
    text = YEAR.sub("", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    text = clean_name(text)
    if text and "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        known = [p for p in parts if any(w in fold(p) for w in PUBLISHER_WORDS)]
        text = known[0] if known else text
    return clean_name(text)
