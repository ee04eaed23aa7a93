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
from .freetext import is_chatty
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


_NOT_NAMES = {"pub", "journal", "book", "art", "chap", "thesis", "place", "the", "in", "pg", "iss", "edn", "month",
              "req", "greet", "avail"}


def _is_people(text: str) -> bool:
    """A list of names, each opening with a given name the lexicon knows or initials ('Vladan Desnica', 'E. J.
    Hobsbawm'), or written 'Family, Given'; 'Proljeća Ivana Galeba' is a title with a name inside it."""
    text = re.sub(r"(?<=[^\W\d_]{2})\.$", "", _ET_AL.sub("", text.strip()).strip())
    pos, names, known = 0, 0, False
    while pos < len(text):
        m = _ONE.match(text, pos)
        if not m:
            return False
        name = m.group(0)
        words = [fold(w).strip(".") for w in name.replace(",", " ").split()]
        if any(len(w) > 1 and LEXICON.get(w) and "given" not in LEXICON[w] and set(LEXICON[w]) & _NOT_NAMES
               for w in words):
            return False            # "Harvard University Press", "Journal of …", "Introduction to …"
        # a name the lexicon does not know may stand before a known one ("Daron Acemoglu, James A. Robinson"), not
        # last ("Rachel Carson, Houghton Mifflin": a publisher)
        known = bool(m.group("inv")) or "given" in LEXICON.get(words[0], ()) or len(words[0]) == 1
        names += 1
        pos = m.end()
        if pos < len(text):
            j = _JOIN.match(text, pos)
            if not j or j.end() == pos:
                return False
            pos = j.end()
    return names > 0 and known > 0


_FAMILY = re.compile(rf"{_WORD}(?:-{_WORD})?")


def _family_names(text: str) -> bool:
    """'Callister', 'Budynas & Nisbett', 'Incropera, DeWitt, Bergman & Lavine': family names only, as patrons list
    the authors of a textbook; at most five words, each a capitalised name, none a word of a title."""
    parts = [p for p in _JOIN.split(_ET_AL.sub("", text.strip())) if p]
    return 0 < len(parts) <= 5 and all(_FAMILY.fullmatch(p) and not LEXICON.get(fold(p)) for p in parts)


def _title_like(text: str) -> bool:
    """Longer than a name list, or with a word in lower case or a colon: 'Fundamentals of Heat and Mass Transfer'."""
    words = text.split()
    return len(words) >= 2 and (any(w[:1].islower() for w in words) or ":" in text or len(words) >= 4)


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
    parts = re.split(r"[,;()]", re.sub(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)", " ", rest))
    for n, part in enumerate(parts):
        part = clean_name(part.split(":")[-1])
        if part and re.search(rf"[{_UP}]", part[:1]) and len(part) < 60:
            out["publisher"] = _with_partners(part, rest, parts[n + 1:])
            break
    return out


def _with_partners(first: str, rest: str, after: list[str]) -> str:
    """'Farrar, Straus and Giroux', 'Holt, Rinehart and Winston': a publisher named after its partners, between
    commas, the last joined by 'and' or '&' (only where the commas, not a parenthesis, separate them)."""
    names = []
    for part in after:
        part = part.strip()
        if not part:
            break
        if not re.fullmatch(rf"[{_UP}][\w.\-]*(?:\s+(?:and|&)\s+[{_UP}][\w.\-]*)?", part) or any(
                "place" in LEXICON.get(fold(w), ()) for w in part.split()):
            return first            # 'Verso, London and Paris' names its places
        names.append(part)
        if re.search(r"\s(?:and|&)\s", part):
            whole = ", ".join([first] + names)
            return whole if whole in rest else first
    return first


def _names_list(names: str) -> list[str]:
    """Authors of a list line: 'Incropera, DeWitt, Bergman & Lavine' are four family names, not two pairs."""
    names = _ET_AL.sub("", names)
    if _family_names(names) and not _is_people(names):
        return [p for p in _JOIN.split(names.strip()) if p]
    return split_authors(names)


def _authors_first(right: str) -> tuple[str, str]:
    """(title, the imprint after it) of the right side when the authors are on the left."""
    title, _, tail = right.partition(" (")
    if tail:
        return title, "(" + tail
    if "," in right:
        # the imprint is the tail of the line: year, publisher, edition from the end ('The Reconstruction of
        # Nations: Poland, Ukraine, Lithuania, Belarus, 1569–1999, Yale University Press, 2003')
        parts = [p.strip() for p in right.split(",")]
        k = len(parts)
        while k > 1 and (re.fullmatch(r"(?:1[5-9]|20)\d\d\.?", parts[k - 1]) or _EDITION.search(parts[k - 1])
                         or _publisher_like(parts[k - 1], last=k >= len(parts) - 1)):
            k -= 1
        if k == len(parts) or k == 0:
            title, _, rest = right.partition(",")
            return title, "," + rest
        return ", ".join(parts[:k]), ", " + ", ".join(parts[k:])
    return right, ""


def _publisher_like(part: str, last: bool) -> bool:
    """'Yale University Press', 'Wiley-Blackwell', and a single word at the line's end ('Justitia'): a publisher's
    name, not a piece of a title."""
    words = part.split()
    return 0 < len(words) <= 5 and part[:1].isupper() and (
        any("pub" in LEXICON.get(fold(w).strip(".,"), ()) for w in words) or len(words) == 1 and last)


def dashed_order(line: str) -> str | None:
    """'title' when the line is 'Title – Authors…', 'authors' when 'Authors – Title…', None when it cannot say."""
    parts = _DASH.split(_LIST_MARK.sub("", line).strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    left, right = parts[0].strip(), parts[1].strip()
    found = _people_prefix(right)
    if found and not _is_people(left):
        return "title"
    if _is_people(left) and not found or _family_names(left) and _title_like(right.partition(",")[0]) and not found:
        return "authors"
    return None


_LIST_MARK = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\[\d{1,3}\]|[-*•·–])\s+")


_EDITED = re.compile(r"^\s*(?:eds?\.?(?:\s+by)?|edited by|ur\.|uredio|uredila|haz\.|hazırlayan|derleyen|sud\.|"
                     r"sudarė)\s+", re.I)


def dashed_work(line: str, order: str | None = None) -> Work | None:
    """The work of one list line 'Title – Authors[, Publisher, Year]' or 'Authors – Title[ (Publisher, Year)]';
    `order` reads a line whose names the lexicon does not know the way the other lines of its list go."""
    body = _LIST_MARK.sub("", line).strip()
    parts = _DASH.split(body, maxsplit=1)
    if len(parts) != 2:
        return None
    left, right = parts[0].strip(), parts[1].strip()
    order = dashed_order(line) or order
    if order == "title":
        found = _people_prefix(right)
        title, (names, rest) = left, found or _names_and_rest(right)
    elif order == "authors":
        names = left
        title, rest = _authors_first(right)
    else:
        return None
    title = clean_name(title.strip("*_\"“”„«»'"))
    if not title or len(title) < 2 or not names.strip() or is_chatty(title) or find_isbns(title) or find_dois(title):
        return None         # "Please get me ISBN … Thanks -- R. Chen": the letter and its signature, not a list line
    fields = _imprint(rest)
    if _EDITED.match(names):
        names = ""          # 'Women, Islam and the State – ed. by Deniz Kandiyoti, …': editors are no authors
    isbn = next((v for v, _ in find_isbns(line)), None)
    typo = None if isbn else next((v for v, _ in find_isbn_typos(line)), None)
    doi = next((v for v, _ in find_dois(line)), None)
    return Work(type="book", title=title, authors=_names_list(names) if names else [], year=fields.get("year"),
                publisher=fields.get("publisher"), isbn=isbn, isbn_as_written=typo, doi=doi,
                edition=fields.get("edition"))


def _names_and_rest(right: str) -> tuple[str, str]:
    """'Vladan Desnica, Liber, 1976': the names up to the first comma or parenthesis, the imprint after."""
    m = re.search(r",|\s\(", right)
    return (right[:m.start()], right[m.start():]) if m else (right, "")


# a list line with its parts between slashes (three or more): title, authors, publisher, edition and year
_SLASHED = re.compile(r"^[^/:]{3,120}(?: / [^/]{2,80}){2,}$")


def slashed_work(line: str) -> Work | None:
    """'Microelectronic Circuits / Sedra & Smith / Oxford University Press / 7th ed. 2015': the title first, as ISBD
    puts it before the ' / ' of responsibility, then the names, then the imprint."""
    body = _LIST_MARK.sub("", line).strip()
    if not _SLASHED.match(body):
        return None
    parts = [p.strip() for p in body.split(" / ")]
    return dashed_work(f"{parts[0]} – {', '.join(parts[1:])}", "title")
