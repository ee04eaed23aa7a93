"""ISBN, ISSN and DOI: finding them in text and putting them in the one form the contract wants.

Checksums are verified with python-stdnum: a number that fails its checksum is a typo, and ordering the
wrong book is worse than asking the patron again, so an invalid number is never given as the ISBN. What the
patron wrote is not thrown away either (contracts §3): `find_isbn_typos` returns such numbers as written, for
`isbn_as_written`, so that staff see the digits and that their check digit does not match.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import unquote

from stdnum import isbn as _isbn
from stdnum import issn as _issn

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_ISBN_CHUNK = rf"(?:97[89][\s\-{_DASHES}]?)?\d(?:[\s\-{_DASHES}]?\d){{8}}[\s\-{_DASHES}]?[\dXx]"
# With the word ISBN in front: the number may be hyphenated any way.
ISBN_LABELLED = re.compile(rf"\bISBN(?:[\s\-]?1[03])?\s*(?:[:#]|no\.?|nr\.?)?\s*({_ISBN_CHUNK})\b", re.I)
# Without it: only a 13-digit 978/979 number or a hyphenated 10-digit one stands out enough.
ISBN_BARE = re.compile(rf"(?<![\w\-/.])(97[89](?:[\s\-{_DASHES}]?\d){{9}}[\s\-{_DASHES}]?\d"
                       rf"|\d{{1,5}}-\d{{1,7}}-\d{{1,7}}-[\dXx])(?![\w\-/])")
# "ISSN'i 0028-0836", "ISSN’si": a Turkish suffix on the label
ISSN_LABELLED = re.compile(rf"\b(?:e-?)?ISSN(?:['’][a-zıüöç]{{1,3}})?\s*(?:[:#]|no\.?)?\s*(\d{{4}}\s?[\-{_DASHES}]?\s?\d{{3}}[\dXx])\b", re.I)
DOI_PATTERN = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi\s*[:.]?\s*|\b)(10\.\d{4,9}/[^\s\"<>]+)", re.I)


def normalize_isbn(text: str, labelled: bool = False) -> str | None:
    """13 digits, ISBN-10 converted; None when the checksum is wrong or it is not an ISBN.

    `labelled` is kept for callers that know the number was written as an ISBN; it no longer changes the
    answer: a wrong check digit is reported through `isbn_as_written`, never passed on as an ISBN.
    """
    digits = re.sub(r"[^0-9Xx]", "", text or "").upper()
    if len(digits) not in (10, 13):
        return None
    if _isbn.is_valid(digits):
        return _isbn.compact(_isbn.to_isbn13(digits))
    return None


def isbn_as_written(text: str) -> str | None:
    """The digits (and X) of an ISBN-shaped number whose check digit fails, separators removed; else None."""
    digits = re.sub(r"[^0-9Xx]", "", text or "")
    if len(digits) not in (10, 13) or normalize_isbn(digits):
        return None
    if len(digits) == 13 and (not digits.isdigit() or digits[:3] not in ("978", "979")):
        return None
    if len(digits) == 10 and not digits[:9].isdigit():
        return None
    return digits


def normalize_issn(text: str) -> str | None:
    digits = re.sub(r"[^0-9Xx]", "", text or "").upper()
    if len(digits) != 8 or not _issn.is_valid(digits):
        return None
    return f"{digits[:4]}-{digits[4:]}"


def normalize_doi(text: str) -> str | None:
    """Lower case, no resolver prefix, no trailing punctuation that belongs to the sentence."""
    m = DOI_PATTERN.search(unquote(text or ""))
    if not m:
        return None
    doi = m.group(1)
    while doi and doi[-1] in ".,;:'\"’”»>]}":
        doi = doi[:-1]
    # A closing parenthesis belongs to the DOI only when it opened one inside it.
    while doi.endswith(")") and doi.count("(") < doi.count(")"):
        doi = doi[:-1]
    return doi.lower() if "/" in doi and len(doi) > 8 else None


def _isbn_shaped(text: str):
    """Each ISBN-shaped number once (a labelled one before a bare one at the same place): (match, labelled)."""
    taken: list[tuple[int, int]] = []
    for pattern in (ISBN_LABELLED, ISBN_BARE):
        for m in pattern.finditer(text):
            span = m.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            yield m, pattern is ISBN_LABELLED


def find_isbns(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Valid ISBNs in order of appearance, with their spans (invalid ones are skipped)."""
    found = [(value, m.span()) for m, labelled in _isbn_shaped(text)
             if (value := normalize_isbn(m.group(1), labelled=labelled))]
    return sorted(found, key=lambda f: f[1][0])


def find_isbn_typos(text: str) -> list[tuple[str, tuple[int, int]]]:
    """ISBN-shaped numbers whose check digit fails, as written, with their spans (labelled or 978/979-shaped)."""
    found = [(written, m.span()) for m, _ in _isbn_shaped(text) if (written := isbn_as_written(m.group(1)))]
    return sorted(found, key=lambda f: f[1][0])


def find_issns(text: str) -> list[tuple[str, tuple[int, int]]]:
    out = []
    for m in ISSN_LABELLED.finditer(text):
        value = normalize_issn(m.group(1))
        if value:
            out.append((value, m.span()))
    return out


def find_dois(text: str) -> list[tuple[str, tuple[int, int]]]:
    out = []
    for m in DOI_PATTERN.finditer(text):
        value = normalize_doi(m.group(0))
        if value:
            out.append((value, m.span()))
    return out


@functools.lru_cache(maxsize=4096)
def work_with_its_number(line: str) -> bool:
    """A line naming a work and carrying its own ISBN or DOI ('J. D. Jackson, Classical Electrodynamics, 3rd ed. --
    ISBN 0-471-30932-X'): two such lines in a row are two works, however the first one ends."""
    if len(re.findall(r"[^\W\d_]{2,}", line)) < 3:
        return False
    return bool(find_isbns(line) or find_dois(line) or find_isbn_typos(line))
