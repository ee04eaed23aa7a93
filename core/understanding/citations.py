"""The rules' reading of a message's works: labelled records and catalogue displays, references read by their
shape, "Title – Authors" list lines, bare identifiers, quoted titles in a sentence.

`reading.py` puts this reading together with the learned tagger's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .authors import family_key, split_authors
from .dashed import dashed_order, dashed_work, slashed_work
from .fields import clean_name, clean_publisher, edition_of, number_of, pages_of, source_parts, volume_in_title, year_of
from .freetext import build_fields, citation_score, parse_citation
from .identifiers import (find_dois, find_isbns, isbn_as_written, normalize_doi, normalize_isbn, normalize_issn,
                          work_with_its_number)
from .labels import labelled_records
from .model import Work
from .textfold import fold
from .vocabulary import REQUEST_VERBS, THESIS_WORDS

_REQUEST = re.compile(r"(?<![a-z0-9])(?:" + "|".join(REQUEST_VERBS) + ")")

_DASH_SEPARATOR = re.compile(r"\s[–—\-]{1,2}\s")
LIST_ITEM = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\[\d{1,3}\]|[-*•·–])\s+")
_SENTENCE_END = re.compile(r"[.!?:]\s*$")


def _type_from_record(rec: dict) -> str:
    hint = fold(rec.get("type", ""))
    title_words = fold(" ".join(rec.get(k, "") for k in ("title", "type", "article_title", "notes")))
    if any(re.search(w, title_words) for w in THESIS_WORDS):
        return "thesis"
    if "chapter_title" in rec or re.search(r"bolum|chapter|poglavlj|skyri", hint):
        return "chapter"
    if re.search(r"makale|article|clanak|straipsn|paper|journal|dergi|casopis", hint):
        return "article"
    if re.search(r"kitap|book|knjig|knyg", hint):
        return "book"
    if "article_title" in rec or "container" in rec or "issn" in rec:
        return "article"
    if rec.get("doi") and not rec.get("isbn") and not rec.get("publisher") and not rec.get("imprint"):
        return "article"        # a DOI alone names an article far more often than a book
    return "book"


_AUTHORITY_DATES = re.compile(r",?\s*\(?(?:ca\.\s*)?\d{4}\s*-\s*(?:\d{4})?\)?\.?\s*$")
_RESPONSIBILITY_ROLES = re.compile(
    r"\b(?:translated|trans\.|çeviren|çev\.|ceviren|cev\.|prijevod|preveo|prevela|vertė|verte|edited|ed\.|"
    r"haz\.|hazırlayan|priredio|priredila|uredio|uredila|sudarė|sudare|parengė|parenge|karte|fotografije|"
    r"illustrated|foreword|predgovor|önsöz|pratarmė|introduction|with an)\b", re.I)


# RDA's relator term after the name: 'Ostrom, Elinor, 1933-2012, author.', 'Krleža, Miroslav, autor'
_RELATOR = re.compile(r",\s*(?:author|autor|yazar|autorius|writer|creator)\.?\s*$", re.I)


def _without_dates(names: str) -> str:
    """'Šišić, Ferdo, 1869-1940' -> 'Šišić, Ferdo' (a catalogue's authority dates are not a second author)."""
    names = _RELATOR.sub("", (names or "").strip())
    return _AUTHORITY_DATES.sub("", names)


def _title_and_responsibility(value: str) -> tuple[str, str]:
    """'Title : subtitle / Ivo Goldstein ; [fotografije …]' -> ('Title : subtitle', 'Ivo Goldstein')."""
    title, sep, responsibility = (value or "").partition(" / ")
    if not sep:
        return value, ""
    first = re.split(r"\s*;\s*|\s*\[", responsibility)[0]
    if _RESPONSIBILITY_ROLES.search(first):
        first = ""
    return title, first.strip(" .,")


def _imprint(value: str) -> tuple[str | None, str | None]:
    """'Zagreb : Novi Liber : Zavod …, 1995.' -> ('Novi Liber', '1995'); 'New Haven ; London : Yale UP, 2003'."""
    value = (value or "").strip().rstrip(".")
    year = year_of(value)
    body = re.sub(r",?\s*\[?c?(?:1[5-9]|20)\d\d\]?\.?\s*$", "", value)
    parts = [p.strip(" ,.;[]") for p in re.split(r"\s+:\s+|\s*:\s+(?=[^\W\d])", body)]
    publisher = parts[1] if len(parts) > 1 else (parts[0] if parts and not YEAR_RE.fullmatch(parts[0]) else None)
    return (publisher or None), (str(year) if year else None)


# 'Vilnius : Mintis, 1966', 'New York ; London : Routledge, [2004]': a place of a word or two, a publisher, a year
_IMPRINT_SHAPE = re.compile(r"^\s*[^\W\d][\w.'’\-]*(?:\s[^\W\d][\w.'’\-]*)?(?:\s*;\s*[^\W\d][\w.'’\-]*)?\s*:\s*"
                            r"([^:;,\d][^:;\d]{0,80}),\s*\[?c?(?:1[5-9]|20)\d\d\]?\.?\s*$")


def responsible_of(rec: dict) -> str:
    """The statement of responsibility's names ('Josip Silić, Ivo Pranjković'), joined as one author list."""
    return re.sub(r",\s*(?=[^\W\d][\w'’\-]+\s+[^\W\d])", "; ", rec.get("_responsible") or "")


def work_from_record(rec: dict) -> Work | None:
    """A labelled record -> Work; None when it names no work (no title and no identifier)."""
    rec = dict(rec)
    for key in ("title", "article_title", "chapter_title"):
        if rec.get(key):
            rec[key], rec["_responsible"] = _title_and_responsibility(rec[key])
    if not rec.get("imprint") and rec.get("publisher") and (YEAR_RE.search(rec["publisher"]) or " : " in rec["publisher"]):
        rec["imprint"] = rec.pop("publisher")      # "Publisher: Chicago : University of Chicago Press, 1970"
    shape = _IMPRINT_SHAPE.match(rec.get("container") or "")
    if not rec.get("imprint") and not rec.get("publisher") and shape and shape.group(1)[0].isupper():
        rec["imprint"] = rec.pop("container")      # LIBIS "Leidinys: Vilnius : Mintis, 1966" is the book's imprint
    if rec.get("imprint"):
        publisher, year = _imprint(rec["imprint"])
        rec.setdefault("publisher", publisher or "")
        rec.setdefault("year", year or "")
    if rec.get("container") and re.search(r"\d", rec["container"]):
        for key, value in source_parts(rec["container"]).items():
            if key == "container" or not rec.get(key):
                rec[key] = value
    title = rec.get("article_title") or rec.get("chapter_title") or rec.get("title")
    container = rec.get("container")
    if not container and title is not rec.get("title") and rec.get("title"):
        container = rec["title"]                   # "Chapter: X" + "Book: Y" -> Y holds X
    isbn = normalize_isbn(rec.get("isbn", ""), labelled=True) or next(
        (value for value, _ in find_isbns(rec.get("isbn", ""))), None)     # "039474067X 9780394740676"
    doi = normalize_doi(rec.get("doi", "")) or (normalize_doi(title) if title and "10." in title else None)
    typo = None if isbn else isbn_as_written(re.sub(r"\(.*?\)", "", rec.get("isbn", "")))
    if not (title or isbn or doi or typo):
        return None
    authors = split_authors(_without_dates(rec.get("authors", ""))) or split_authors(rec.get("editors", ""))
    known = {family_key(a) for a in authors}
    authors += [a for a in split_authors(responsible_of(rec)) if family_key(a) not in known]
    title, volume = volume_in_title(title)
    return Work(type=_type_from_record(rec), title=clean_name(title), authors=authors,
                year=year_of(rec.get("year")), publisher=clean_publisher(rec.get("publisher")), isbn=isbn,
                isbn_as_written=typo,
                issn=normalize_issn(rec.get("issn", "")), doi=doi, container=clean_name(container),
                volume=number_of(rec.get("volume")) or volume, issue=number_of(rec.get("issue")),
                pages=pages_of(rec.get("pages")), edition=edition_of(rec.get("edition")))


def _segments(lines: list[str], skip: set[int]) -> list[tuple[str, list[int]]]:
    """Group lines into candidate citations: list items with their wrapped lines, or single lines."""
    segments: list[tuple[str, list[int]]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if i in skip or not line.strip():
            if current:
                segments.append((" ".join(lines[j].strip() for j in current), current))
            current = []
            continue
        greeting = len(lines[current[-1]].split()) <= 4 and lines[current[-1]].rstrip().endswith(",") if current else False
        before = lines[current[-1]].rstrip() if current else ""
        continues = current and not greeting and not LIST_ITEM.match(line) \
            and not (work_with_its_number(before) and work_with_its_number(line)) and (
            not _SENTENCE_END.search(before) or line.strip()[:1].islower()
            or re.search(r"(?:^|\s)[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ]\.$", before)      # "(ur. Joseph H." / "Greenberg, …"
            or _looks_like_imprint(line) and citation_score(before) >= 2
            # a title's colon at the end of a wrapped line: "… Prospect theory:" / "An analysis of …"
            or before.endswith(":") and len(before) >= 50
            and citation_score(" ".join(lines[j].strip() for j in current)) >= 2)
        if not continues and current:
            segments.append((" ".join(lines[j].strip() for j in current), current))
            current = []
        current.append(i)
    if current:
        segments.append((" ".join(lines[j].strip() for j in current), current))
    return segments


def _looks_like_imprint(line: str) -> bool:
    """'Cambridge, MA: MIT Press, 2015.' wrapped onto its own line."""
    return len(line) < 60 and bool(re.match(r"^\s*[^\W\d][\w .,'-]*:\s*[^\W\d][\w .&'-]*,?\s*(?:\d{4})?\.?\s*$", line))


def _split_segment(text: str, idx: list[int], lines: list[str]) -> list[tuple[str, list[int]]]:
    """A paragraph joined from separate one-line citations is split back into them."""
    if len(idx) > 1 and not LIST_ITEM.match(lines[idx[0]]) and all(
            citation_score(lines[i]) >= 3 or _identifier_line(lines[i]) for i in idx):
        return [(lines[i].strip(), [i]) for i in idx]
    return [(text, idx)]


def _identifier_line(line: str) -> bool:
    """A line that is only an ISBN or a DOI (with a label, a URL or a bullet at most)."""
    spans = [span for _, span in find_dois(line) + find_isbns(line)]
    if not spans:
        return False
    rest = line
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    rest = re.sub(r"https?://\S+|\b(?:isbn|doi|issn)\b|[^\w\s]", " ", rest, flags=re.I)
    return len(rest.split()) <= 2


def _is_intro(text: str) -> bool:
    """'Could you get me …', 'şu kitabı istiyorum:' — words of the letter, not of a reference."""
    return citation_score(text) < 0 or (citation_score(text) <= 0 and bool(_REQUEST.search(fold(text))))


def _after_intro(text: str) -> str:
    """'Please get me: Smith, J. (2010). Title.' -> the citation after the request sentence, if any."""
    starts = []
    m = re.search(r":\s+(?=[A-ZÇĞİÖŞÜČĆĐŠŽ\"“„])", text[:200])
    if m and _is_intro(text[:m.start()]) and citation_score(text[m.end():]) >= 2:
        starts.append(m.end())
    # "can you get me a copy of Kuhn, T. S. The Structure…": the citation starts at the inverted name
    m = re.search(r"(?<=\s)[A-ZÇĞİÖŞÜČĆĐŠŽ][\w'’\-]+,\s+(?:[A-ZÇĞİÖŞÜČĆĐŠŽ]\.\s*)+", text[:300])
    if m and _is_intro(text[:m.start()]) and citation_score(text[m.start():]) >= 3:
        starts.append(m.start())
    return text[min(starts):] if starts else text


@dataclass
class RuleWork:
    line: int
    work: Work
    lines: list[int]
    structured: bool     # a reference the rules read by its shape (authors, year, title, source), not a sentence


def _structured(seg: str, fields: dict, score: int) -> bool:
    title = fold(fields.get("title") or "")
    if re.search(r"https?:|www\.|\bdoi\b|10\.\d{4,9}/", title):
        return False            # the rules took a link for the title
    raw = (fields.get("title") or "").lstrip("\"“„«‘'*_ ")
    if not re.search(r"[^\W\d_]{2}", raw):
        return False            # "73–113": no title has no words
    return score >= 3 and bool(title) and len(title) < 180 and bool(fields["authors"] or fields["container"]) \
        and not _chatty_title(raw) and not raw[:1].islower()      # a reference's title opens in capitals


_CHATTY_TITLE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(REQUEST_VERBS) + r"|please|could you|would you)"
                           r"|(?<![\w'])(?:sorry|thanks|hello|hi|dear|trebam|hvala|tezim|rica|merhaba|aciu|sveiki)(?![\w'])")
# a pronoun is the letter's only beside another one: "Metaphors We Live By", "My Name Is Red" are titles
# (the English "I" is told by its capital: the Croatian "i" is "and")
_PRONOUN = re.compile(r"(?<![\w'])(?:I|I'm|I'd|I've|(?i:my|we|our|ja|moj|moja|ben|benim|as|man|mano))(?![\w'])")


def _chatty_title(title: str) -> bool:
    return bool(_CHATTY_TITLE.search(fold(title))) or len(_PRONOUN.findall(title)) >= 2


def _list_orders(lines: list[str]) -> dict[int, str]:
    """For the lines of a paragraph of 'Title – Authors' (or 'Authors – Title') lines, the order its lines go in,
    when at least two lines say it and none says otherwise: a line whose names the lexicon does not know
    ('- Proljeća Ivana Galeba - Vladan Desnica') is read the way the rest of its list goes."""
    out: dict[int, str] = {}
    start = 0
    for end in [i for i, line in enumerate(lines) if not line.strip()] + [len(lines)]:
        orders = [dashed_order(lines[i]) for i in range(start, end)]
        said = [o for o in orders if o]
        if len(said) >= 2 and len(set(said)) == 1:
            out.update({i: said[0] for i in range(start, end) if _DASH_SEPARATOR.search(lines[i])})
        start = end + 1
    return out


def free_works(lines: list[str], skip: set[int]) -> list[RuleWork]:
    out = []
    orders = _list_orders(lines)
    for text, idx in _segments(lines, skip):
        if len(idx) > 1 and lines[idx[0]].rstrip().endswith(":") and len(lines[idx[0]]) < 60:
            text, idx = " ".join(lines[i].strip() for i in idx[1:]), idx[1:]    # "also if possible:" above a list
        dashed = [dashed_work(lines[i], orders.get(i)) or slashed_work(lines[i]) for i in idx]
        last = max((k for k, d in enumerate(dashed) if d), default=-1)
        if last >= 0 and LIST_ITEM.match(lines[idx[last]]) and all(
                _identifier_line(lines[i]) or not _DASH_SEPARATOR.search(lines[i]) for i in idx[last + 1:]):
            # the list's last item, then the patron's sentence under it ("bet kuris leidimas tinka. Ačiū")
            dashed, idx = dashed[:last + 1] + [d for d, i in zip(dashed[last + 1:], idx[last + 1:])
                                               if _identifier_line(lines[i])], \
                idx[:last + 1] + [i for i in idx[last + 1:] if _identifier_line(lines[i])]
        if any(dashed) and all(d or _identifier_line(lines[i]) for d, i in zip(dashed, idx)):
            # one "Title – Authors, Publisher" line per work (and perhaps an ISBN line after one)
            out += [RuleWork(i, d, [i], True) for d, i in zip(dashed, idx) if d]
            out += [RuleWork(i, Work(**build_fields(parse_citation(lines[i]))), [i], True)
                    for d, i in zip(dashed, idx) if not d]
            continue
        for seg, seg_idx in _split_segment(text, idx, lines):
            whole, seg = seg, _after_intro(seg)
            score = citation_score(seg)
            is_item = bool(LIST_ITEM.match(lines[seg_idx[0]])) or seg is not whole
            if score < (2 if is_item else 3) and not _identifier_line(seg):
                work = _title_by(seg, is_item) if len(seg_idx) == 1 else None
                if work:
                    out.append(RuleWork(seg_idx[0], work, seg_idx, False))
                continue
            fields = build_fields(parse_citation(seg))
            if fields["title"] and fields["title"][:1].islower() and (fields["isbn"] or fields["doi"]
                                                                      or fields["isbn_as_written"] or fields["issn"]):
                # "molio bih kopiju članka iz časopisa Cell (ISSN …):" / "https://doi.org/…": the sentence before
                # the numbers is no title; the numbers are the next reference's (joining.identifiers_to_next)
                fields = {**fields, "title": None, "authors": [], "publisher": None, "type": "article"
                          if fields["doi"] or fields["issn"] else "book"}
            journal_line = fields["container"] and (fields["volume"] or fields["issue"] or fields["pages"]
                                                    or fields["issn"])
            if not (fields["title"] or fields["isbn"] or fields["doi"] or fields["isbn_as_written"] or journal_line):
                continue
            out.append(RuleWork(seg_idx[0], Work(**fields), seg_idx, _structured(seg, fields, score)
                                or _identifier_line(seg)))
    return out


YEAR_RE = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
_EDITION_IN = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th|\.)?|first|second|third|fourth|fifth)\s*(?:ed\b\.?|edn\.?|edition|izd\.|"
                         r"izdanje|bask[ıi]|leid\.|leidimas)", re.I)
_QUOTED_TITLE = re.compile(r"[\"“„«]([^\"“”„«»]{3,200})[\"”“»]")
# Only English "by": the Croatian/Lithuanian/Turkish equivalents put the name in an inflected case.
_BY = re.compile(r"^\s*[,(]?\s*(?:by)\s+"
                 r"([A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’.\-]+(?:\s+[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’.\-]+){0,3})")


_NAME = r"[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’.\-]+(?:\s+[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’.\-]+){0,3}"
# '„Thinking, Fast and Slow“ (Daniel Kahneman, 2011)': the author in parentheses after the title
_PAREN_AUTHOR = re.compile(rf"^\s*\(\s*({_NAME}(?:\s*(?:,|&|and|ve|i|ir)\s*{_NAME})*)\s*(?:,\s*((?:1[5-9]|20)\d\d))?\s*\)")
# '3) The Sociological Imagination by C. Wright Mills (1959)'
_TITLE_BY = re.compile(rf"^(?P<t>[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ0-9\"“„«'].{{2,200}}?)\s*[,\-–—]?\s+by\s+"
                       rf"(?P<a>{_NAME}(?:\s*(?:,|&|and)\s*{_NAME})*)\s*"
                       rf"(?:[,(]\s*(?P<y>(?:1[5-9]|20)\d\d)\)?)?[.,;]?\s*$")


# '- Dubravka Ugrešić – Kultura laži' / '- Kultura laži – Dubravka Ugrešić (1996)' in a list
_PERSON = r"[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ](?:\.|[\w'’\-]+\.?)(?:\s+[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ](?:\.|[\w'’\-]+)){1,3}"
_DASHED = re.compile(r"^(?P<l>.{2,200}?)\s+[–—\-]{1,2}\s+(?P<r>.{2,200}?)\s*(?:\(\s*(?P<y>(?:1[5-9]|20)\d\d)\s*\))?[.]?$")


def _author_dash_title(body: str) -> Work | None:
    m = _DASHED.match(body)
    if not m:
        return None
    left, right = m.group("l").strip(), m.group("r").strip()
    person = lambda x: bool(re.fullmatch(rf"{_PERSON}(?:\s*(?:,|&|and|i|ve|ir)\s*{_PERSON})*", x))  # noqa: E731
    if person(left):
        authors, title = left, right
    elif person(right):
        authors, title = right, left
    else:
        return None
    return Work(type="book", title=clean_name(title), authors=split_authors(authors), year=year_of(m.group("y")))


def _title_by(text: str, is_item: bool) -> Work | None:
    """A list item or a line of its own that is just 'Title by Author' (or, in a list, 'Author – Title')."""
    body = LIST_ITEM.sub("", text, count=1).strip()
    if is_item and LIST_ITEM.match(text) and not find_isbns(body) and not find_dois(body) and citation_score(body) >= 0:
        work = _author_dash_title(body)
        if work:
            return work
    m = _TITLE_BY.match(body)
    if not m or citation_score(body) < 0:
        return None
    title = m.group("t").strip()
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", title) if len(w) > 3]
    if not is_item and not (_QUOTED_TITLE.fullmatch(title) or words and
                            sum(w[0].isupper() for w in words) * 2 >= len(words)):
        return None
    return Work(type="book", title=clean_name(title), authors=split_authors(m.group("a").rstrip(".")),
                year=year_of(m.group("y")))


_SMALL = r"(?:of|the|and|in|on|for|a|an|to|at|with|from|de|la|le|und|der|die|das)"
_CAP = r"[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ0-9][\w'’\-]*[:,]?"
# 'could you order The Craft of Research (Booth, Colomb & Williams, 4th ed., 2016) for me'
_INLINE = re.compile(rf"(?<![\w'’])(?P<t>{_CAP}(?:\s+(?:{_CAP}|{_SMALL}))+?)\s*\((?P<p>[^()]{{0,120}}?\b(?:1[5-9]|20)\d\d)\s*\)")


def _inline_works(line: str) -> list[Work]:
    """A title-cased title right after the request words, with '(Authors, edition, year)' behind it."""
    out = []
    for m in _INLINE.finditer(line):
        before = fold(line[:m.start()])
        if not _REQUEST.search(before[-40:]):
            continue
        title = m.group("t").strip(" ,:")
        inner = m.group("p")
        year = year_of(inner[-4:])
        ed = _EDITION_IN.search(inner)
        names = re.split(r",\s*(?=\d|(?:first|second|third|fourth|fifth)\b)", inner[:ed.start()] if ed else inner)[0]
        names = YEAR_RE.sub("", names).strip(" ,;")
        # in-text style: family names only, "Booth, Colomb & Williams"
        authors = [n for part in re.split(r"\s*(?:,|;|&|\band\b|\bve\b|\bir\b|\bi\b)\s*", names)
                   for n in split_authors(part)[:1]]
        out.append(Work(type="book", title=clean_name(title), authors=authors, year=year,
                        edition=edition_of(ed.group(0)) if ed else None))
    return out


def quoted_works(lines: list[str], skip: set[int]) -> list[tuple[int, Work]]:
    """Weak evidence: 'I need "The Name of the Rose" by Umberto Eco'."""
    out = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if not _QUOTED_TITLE.search(line):
            out += [(i, w) for w in _inline_works(line)]
        for m in _QUOTED_TITLE.finditer(line):
            by = _BY.match(line[m.end():]) or _PAREN_AUTHOR.match(line[m.end():])
            authors = split_authors(by.group(1).rstrip(".")) if by else []
            out.append((i, Work(type="book", title=clean_name(m.group(1)), authors=authors,
                                year=year_of(line[m.end():m.end() + 40]))))
    return out


def find_works(text: str):
    """The works of a message, both readers together (core/understanding/reading.py); kept for this module's
    callers."""
    from .reading import find_works as read_works
    return read_works(text)
