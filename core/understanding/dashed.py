"""List lines that set a title and its authors apart with a dash: the most regular thing patrons write.

    Structure and Interpretation of Computer Programs – Harold Abelson & Gerald Jay Sussman, MIT Press (2nd ed.)
    Lewis, Bernard - The Emergence of Modern Turkey (Oxford University Press, 1961)
    Ian Goodfellow, Yoshua Bengio, Aaron Courville - Deep Learning, MIT Press, 2016
    Dievų miškas - Balys Sruoga

The side that is a list of people (given names the tagger's lexicon knows, initials, "Family, Given") is the
authors; the other is the title; what follows the names after commas is the publisher, the year, the edition.
"""
from __future__ import annotations

import re

from .authors import split_authors
from .fields import clean_name, edition_of, year_of
from .identifiers import find_dois, find_isbn_typos, find_isbns
from .model import Work
from .tagging.lexicon import LEXICON
from .textfold import fold

_UP = "A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪÁÉÍÓÚÄËÏÖÜ"
_DASH = re.compile(r"\s+[–—-]{1,2}\s+")
_WORD = rf"[{_UP}][\w'’\-]+"
_INITIALS = rf"(?:[{_UP}]\.\s*){{1,3}}"
# "Harold Abelson", "Brian W. Kernighan", "E. J. Hobsbawm", "Hobsbawm, E. J.", "Lewis, Bernard"
_ONE = re.compile(rf"(?:{_INITIALS}\s*|{_WORD}\s+(?:{_INITIALS}\s*)?){{1,3}}{_WORD}"
                  rf"|(?P<inv>{_WORD},\s+(?:{_INITIALS}|{_WORD}(?:\s+{_INITIALS})?))")
_JOIN = re.compile(r"\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b|\bile\b|;)\s*")
_ET_AL = re.compile(r",?\s*(?:et al\.?|i sur\.?|i dr\.?|ve ark\.?|ve diğerleri|ir kt\.?|and others)\s*$", re.I)
_EDITION = re.compile(r"\b\d{1,2}\s*(?:st|nd|rd|th|\.)?\s*(?:ed\b\.?|edn\.?|edition|izd\.|izdanje|bask[ıi]|bs\.|"
                      r"leid\.|leidimas)", re.I)


def _is_people(text: str) -> bool:
    """A list of names, each with a given name the lexicon knows, initials, or written 'Family, Given'."""
    text = re.sub(r"(?<=[^\W\d_]{2})\.$", "", _ET_AL.sub("", text.strip()).strip())
    pos, names = 0, 0
    while pos < len(text):
        m = _ONE.match(text, pos)
        if not m:
            return False
        name = m.group(0)
        words = [fold(w).strip(".") for w in name.replace(",", " ").split()]
        if not m.group("inv") and not any("given" in LEXICON.get(w, ()) or len(w) == 1 for w in words):
            return False
        names += 1
        pos = m.end()
        if pos < len(text):
            j = _JOIN.match(text, pos)
            if not j or j.end() == pos:
                return False
            pos = j.end()
    return names > 0


def _people_prefix(text: str) -> tuple[str, str] | None:
    """('Harold Abelson & Gerald Jay Sussman', ', MIT Press (2nd ed.)') when `text` opens with people."""
    for cut in reversed([m.start() for m in re.finditer(r",\s*(?=[^\s])|\s*\(", text)] + [len(text)]):
        head = text[:cut]
        if _is_people(head):
            return head, text[cut:]
    return None


def _imprint(rest: str) -> dict:
    """', MIT Press (2nd ed.), ISBN …' / ' (Oxford University Press, 1961)' -> publisher, year, edition."""
    out: dict = {}
    rest = re.sub(r"\bISBN[\w\s:\-–]*|https?://\S+|\bdoi:?\s*\S+", " ", rest, flags=re.I)
    ed = _EDITION.search(rest)
    if ed:
        out["edition"] = edition_of(ed.group(0))
        rest = rest[:ed.start()] + " " + rest[ed.end():]
    year = year_of(rest)
    if year:
        out["year"] = year
    for part in re.split(r"[,;()]", re.sub(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)", " ", rest)):
        part = clean_name(part.split(":")[-1])
        if part and re.search(rf"[{_UP}]", part[:1]) and len(part) < 60:
            out["publisher"] = part
            break
    return out


def dashed_work(line: str) -> Work | None:
    """The work of one list line 'Title – Authors[, Publisher, Year]' or 'Authors – Title[ (Publisher, Year)]'."""
    body = re.sub(r"^\s*(?:\(?\d{1,3}[.)]|\[\d{1,3}\]|[-*•·–])\s+", "", line).strip()
    parts = _DASH.split(body, maxsplit=1)
    if len(parts) != 2:
        return None
    left, right = parts[0].strip(), parts[1].strip()
    found = _people_prefix(right)
    if found and not _is_people(left):
        title, (names, rest) = left, found
    elif _is_people(left) and not _people_prefix(right):
        names, rest = left, ""
        title, _, tail = right.partition(" (")
        if tail:
            rest = "(" + tail
        elif "," in right:
            title, _, rest = right.partition(",")
            rest = "," + rest
    else:
        return None
    title = clean_name(title.strip("*_\"“”„«»'"))
    if not title or len(title) < 2:
        return None
    fields = _imprint(rest)
    isbn = next((v for v, _ in find_isbns(line)), None)
    typo = None if isbn else next((v for v, _ in find_isbn_typos(line)), None)
    doi = next((v for v, _ in find_dois(line)), None)
    return Work(type="book", title=title, authors=split_authors(_ET_AL.sub("", names)), year=fields.get("year"),
                publisher=fields.get("publisher"), isbn=isbn, isbn_as_written=typo, doi=doi,
                edition=fields.get("edition"))
