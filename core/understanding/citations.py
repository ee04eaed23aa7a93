"""Finding the requested works in a message: labelled records, free-text citations, bare identifiers.

Returns the works in the order they appear, whether the evidence is strong (labels, a citation, an ISBN
or DOI) or weak (only a quoted title in a sentence), and which lines held bibliographic data, so that the
language is judged on the patron's own words and not on a foreign book title.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace

from .authors import split_authors
from .dashed import dashed_work
from .fields import clean_name, clean_publisher, edition_of, number_of, pages_of, year_of
from .freetext import build_fields, citation_score, parse_citation
from .identifiers import find_dois, find_isbn_typos, find_isbns, isbn_as_written, normalize_doi, normalize_isbn, normalize_issn
from .labels import labelled_records
from .replies import signature_lines
from .model import Work
from .tagging.lexicon import LEXICON
from .tagging.reader import TaggedWork, fill_from, tagged_works
from .textfold import fold
from .vocabulary import REQUEST_VERBS, THESIS_WORDS

_REQUEST = re.compile(r"(?<![a-z0-9])(?:" + "|".join(REQUEST_VERBS) + ")")

_ITEM = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\[\d{1,3}\]|[-*•·–])\s+")
_SENTENCE_END = re.compile(r"[.!?:]\s*$")


@dataclass
class Found:
    works: list[Work] = field(default_factory=list)
    strong: bool = False
    weak: bool = False
    lines: set[int] = field(default_factory=set)      # lines holding bibliographic data
    uninverted: list[list[str]] = field(default_factory=list)   # per work: authors written "Given Family"


def _type_from_record(rec: dict) -> str:
    hint = fold(rec.get("type", ""))
    title_words = fold(" ".join(rec.get(k, "") for k in ("title", "type", "article_title")))
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
    return "book"


_AUTHORITY_DATES = re.compile(r",?\s*\(?(?:ca\.\s*)?\d{4}\s*-\s*(?:\d{4})?\)?\.?\s*$")
_RESPONSIBILITY_ROLES = re.compile(
    r"\b(?:translated|trans\.|çeviren|çev\.|ceviren|cev\.|prijevod|preveo|prevela|vertė|verte|edited|ed\.|"
    r"haz\.|hazırlayan|priredio|priredila|uredio|uredila|sudarė|sudare|parengė|parenge|karte|fotografije|"
    r"illustrated|foreword|predgovor|önsöz|pratarmė|introduction|with an)\b", re.I)


def _without_dates(names: str) -> str:
    """'Šišić, Ferdo, 1869-1940' -> 'Šišić, Ferdo' (a catalogue's authority dates are not a second author)."""
    return _AUTHORITY_DATES.sub("", (names or "").strip())


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


def responsible_of(rec: dict) -> str:
    """The statement of responsibility's names ('Josip Silić, Ivo Pranjković'), joined as one author list."""
    return re.sub(r",\s*(?=[^\W\d][\w'’\-]+\s+[^\W\d])", "; ", rec.get("_responsible") or "")


def work_from_record(rec: dict) -> Work | None:
    """A labelled record -> Work; None when it names no work (no title and no identifier)."""
    rec = dict(rec)
    for key in ("title", "article_title", "chapter_title"):
        if rec.get(key):
            rec[key], rec["_responsible"] = _title_and_responsibility(rec[key])
    if rec.get("imprint"):
        publisher, year = _imprint(rec["imprint"])
        rec.setdefault("publisher", publisher or "")
        rec.setdefault("year", year or "")
    title = rec.get("article_title") or rec.get("chapter_title") or rec.get("title")
    container = rec.get("container")
    if not container and title is not rec.get("title") and rec.get("title"):
        container = rec["title"]                   # "Chapter: X" + "Book: Y" -> Y holds X
    isbn = normalize_isbn(rec.get("isbn", ""), labelled=True)
    doi = normalize_doi(rec.get("doi", "")) or (normalize_doi(title) if title and "10." in title else None)
    typo = None if isbn else isbn_as_written(re.sub(r"\(.*?\)", "", rec.get("isbn", "")))
    if not (title or isbn or doi or typo):
        return None
    authors = split_authors(_without_dates(rec.get("authors", ""))) or split_authors(rec.get("editors", ""))
    known = {fold(a.split(",")[0]) for a in authors}
    authors += [a for a in split_authors(responsible_of(rec)) if fold(a.split(",")[0]) not in known]
    return Work(type=_type_from_record(rec), title=clean_name(title), authors=authors,
                year=year_of(rec.get("year")), publisher=clean_publisher(rec.get("publisher")), isbn=isbn,
                isbn_as_written=typo,
                issn=normalize_issn(rec.get("issn", "")), doi=doi, container=clean_name(container),
                volume=number_of(rec.get("volume")), issue=number_of(rec.get("issue")),
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
        continues = current and not greeting and not _ITEM.match(line) and (
            not _SENTENCE_END.search(lines[current[-1]]) or line.strip()[:1].islower()
            or _looks_like_imprint(line) and citation_score(lines[current[-1]]) >= 2)
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
    if len(idx) > 1 and not _ITEM.match(lines[idx[0]]) and all(
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
    return score >= 3 and bool(title) and len(title) < 180 and bool(fields["authors"] or fields["container"]) \
        and not _CHATTY_TITLE.search(title)


_CHATTY_TITLE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(REQUEST_VERBS) + r"|please|could you|would you)"
                           r"|(?<![\w'])(?:i|i'm|i'd|i've|my|we|our|sorry|thanks|hello|hi|dear|ja|moj|moja|trebam|"
                           r"hvala|ben|benim|tezim|rica|merhaba|as|man|mano|aciu|sveiki)(?![\w'])")


def _free_works(lines: list[str], skip: set[int]) -> list[RuleWork]:
    out = []
    for text, idx in _segments(lines, skip):
        dashed = [dashed_work(lines[i]) for i in idx]
        if any(dashed) and all(d or _identifier_line(lines[i]) for d, i in zip(dashed, idx)):
            # one "Title – Authors, Publisher" line per work (and perhaps an ISBN line after one)
            out += [RuleWork(i, d, [i], True) for d, i in zip(dashed, idx) if d]
            out += [RuleWork(i, Work(**build_fields(parse_citation(lines[i]))), [i], True)
                    for d, i in zip(dashed, idx) if not d]
            continue
        for seg, seg_idx in _split_segment(text, idx, lines):
            whole, seg = seg, _after_intro(seg)
            score = citation_score(seg)
            is_item = bool(_ITEM.match(lines[seg_idx[0]])) or seg is not whole
            if score < (2 if is_item else 3) and not _identifier_line(seg):
                work = _title_by(seg, is_item) if len(seg_idx) == 1 else None
                if work:
                    out.append(RuleWork(seg_idx[0], work, seg_idx, False))
                continue
            fields = build_fields(parse_citation(seg))
            if not (fields["title"] or fields["isbn"] or fields["doi"] or fields["isbn_as_written"]):
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
    body = _ITEM.sub("", text, count=1).strip()
    if is_item and _ITEM.match(text) and not find_isbns(body) and not find_dois(body) and citation_score(body) >= 0:
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


def _quoted_works(lines: list[str], skip: set[int]) -> list[tuple[int, Work]]:
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


def _paragraph_of(lines: list[str]) -> list[int]:
    """The paragraph number of each line (paragraphs are separated by blank lines)."""
    out, n, blank = [], 0, True
    for line in lines:
        if not line.strip():
            blank = True
        elif blank:
            n += 1
            blank = False
        out.append(n)
    return out


def _choose(rule_works: list[RuleWork], tagged: list[TaggedWork], lines: list[str]) -> list[tuple[int, Work, list[str]]]:
    """Per paragraph, the reading that fits it: the rules' for references they read by their shape, the
    tagger's for the rest (prose, lists, unusual styles); each fills the fields the other left empty.

    The tagger's title-only finds (a capitalised phrase in a sentence) count only when nothing else was found."""
    para = _paragraph_of(lines)
    by_para: dict[int, tuple[list[RuleWork], list[TaggedWork]]] = {}
    for rw in rule_works:
        by_para.setdefault(para[rw.line], ([], []))[0].append(rw)
    for tw in tagged:
        by_para.setdefault(para[tw.line], ([], []))[1].append(tw)
    out, weak = [], []
    for _, (rws, tws) in sorted(by_para.items()):
        strong_tws = [t for t in tws if t.strong]
        complete = all(r.structured and r.work.title and r.work.authors and (
            r.work.year or r.work.publisher or r.work.container) for r in rws)
        rules_win = rws and (not strong_tws or complete or all(r.structured for r in rws)
                             and len(rws) >= len(strong_tws))
        if rules_win:
            covered = {n for r in rws for n in r.lines}
            for t in strong_tws:        # a work the rules passed over ("– Fraenkel, Ernst. Litauisches …")
                if not covered & set(t.lines):
                    out.append((t.line, t.work, t.uninverted))
            for r in rws:
                here = [t for t in tws if r.line in t.lines or t.line in r.lines]
                other = _same_work(r.work, here) if r.work.title else None
                if other is not None and _richer(other, r.work):
                    tw = next(t for t in tws if t.work is other)
                    out.append((r.line, fill_from(other, r.work, trust=0.0), tw.uninverted))
                elif r.structured or not _covered(r, tagged):
                    out.append((r.line, fill_from(r.work, other, trust=0.9), []))
        else:
            for t in strong_tws:
                ruled = next((r.work for r in rws if r.line in t.lines and r.work.title), None)
                if ruled is not None and _people_like(ruled.authors) and t.work.authors \
                        and not _people_like(t.work.authors):
                    out.append((t.line, fill_from(ruled, t.work, trust=0.9), []))   # the tagger swapped fields
                    continue
                out.append((t.line, fill_from(t.work, _same_work(t.work, [r.work for r in rws]), trust=0.0),
                            t.uninverted))
            weak += [(t.line, t.work, t.uninverted) for t in tws if not t.strong]
    return out or weak


_RICH_FIELDS = ("title", "authors", "year", "publisher", "container", "volume", "issue", "pages", "edition")


def _people_like(authors: list[str]) -> bool:
    """Names that can be people: no colon, no more than four words, no word for a book or a journal."""
    if not authors:
        return False
    for name in authors:
        words = [fold(w).strip(".") for w in name.replace(",", " ").split()]
        if ":" in name or len(words) > 4 or any(
                {"book", "art", "journal", "pub"} & set(LEXICON.get(w, ())) for w in words):
            return False
    return True


def _richer(tagged: Work, ruled: Work) -> bool:
    """The tagger read more of the same reference than the rules, and is sure of its title."""
    count = lambda w: sum(bool(getattr(w, f)) for f in _RICH_FIELDS)  # noqa: E731
    return count(tagged) > count(ruled) and tagged.confidence.get("title", 1.0) >= 0.7


def _covered(rule: RuleWork, tagged: list[TaggedWork]) -> bool:
    """The tagger read the rule work's lines as part of a work that starts elsewhere (a journal line)."""
    return any(rule.line in t.lines and t.line != rule.line for t in tagged)


def _same_work(work: Work, others: list) -> Work | None:
    """The other reader's version of `work` in the same paragraph: the one whose title is most alike."""
    best, score = None, 0.75
    for other in others:
        other = getattr(other, "work", other)
        if work.title and other.title:
            a, b = fold(work.title), fold(other.title)
            ratio = difflib.SequenceMatcher(None, a, b).ratio()
            if min(len(a), len(b)) >= 8 and (a.startswith(b) or b.startswith(a)):
                ratio = max(ratio, 0.9)         # one reader ran the title on into the journal
            if ratio > score:
                best, score = other, ratio
        elif work.isbn and work.isbn == other.isbn or work.doi and work.doi == other.doi:
            return other
    return best


def _journal_lines_to_previous(located: list[tuple[int, Work, list[str]]]) -> list[tuple[int, Work, list[str]]]:
    """'Psychological Review, ISSN 0033-295X, vol. 63, br. 2, str. 81–97' read as a work of its own, right after a
    work with its title and authors but no journal: it is that work's journal line."""
    out: list[tuple[int, Work, list[str]]] = []
    for line, work, names in located:
        if out and not work.authors and (work.volume or work.issue or work.pages or work.issn) \
                and (work.title or work.container):
            prev = out[-1][1]
            if prev.title and prev.authors and not (prev.container or prev.pages or prev.volume):
                journal = clean_name(re.split(r",|\(|\bvol\b", work.container or work.title)[0])
                merged = replace(prev, type="article" if prev.type == "book" else prev.type, container=journal,
                                 **{f: getattr(prev, f) or getattr(work, f) for f in (
                                     "year", "volume", "issue", "pages", "issn", "doi", "isbn")})
                out[-1] = (out[-1][0], merged, out[-1][2])
                continue
        out.append((line, work, names))
    return out


def _same_title(a: str, b: str) -> bool:
    """'Kar' and 'Kar romanının' (the same title with the sentence's words after it), or nearly equal titles."""
    fa, fb = fold(a).split(), fold(b).split()
    if not fa or not fb:
        return False
    short, long_ = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
    if long_[:len(short)] == short and len(long_) - len(short) <= 2:
        return True
    return difflib.SequenceMatcher(None, " ".join(fa), " ".join(fb)).ratio() >= 0.9


def _without_repeats(located: list[tuple[int, Work, list[str]]]) -> list[tuple[int, Work, list[str]]]:
    """The same work named twice (in the patron's sentence and in the catalogue record below it) is one work:
    the fuller reading, completed from the other."""
    out: list[tuple[int, Work, list[str]]] = []
    for line, work, names in located:
        twin = next((k for k, (_, w, _) in enumerate(out) if w.title and work.title and _same_title(w.title, work.title)
                     and not (w.isbn and work.isbn and w.isbn != work.isbn)), None)
        if twin is None:
            out.append((line, work, names))
            continue
        kept_line, kept, kept_names = out[twin]
        fuller, other = (work, kept) if _richness(work) > _richness(kept) else (kept, work)
        merged = replace(fuller, **{f: getattr(other, f) for f in _RICH_FIELDS + ("isbn", "issn", "doi")
                                    if not getattr(fuller, f) and getattr(other, f)})
        out[twin] = (kept_line, merged, names if fuller is work else kept_names)
    return out


def _richness(work: Work) -> int:
    return sum(bool(getattr(work, f)) for f in _RICH_FIELDS + ("isbn", "doi"))


def _identifiers_to_previous(located: list[tuple[int, Work, list[str]]], lines: list[str]
                             ) -> list[tuple[int, Work, list[str]]]:
    """An ISBN or DOI on a line of its own after a work is that work's ('… 1995.' / 'ISBN 953-6045-02-8'),
    unless it is an item of a list of its own ('2) ISBN …')."""
    out: list[tuple[int, Work, list[str]]] = []
    for line, work, names in located:
        bare = not (work.title or work.authors or work.container) and not _ITEM.match(lines[line])
        if out and bare:
            prev = out[-1][1]
            if (work.isbn and work.isbn == prev.isbn or work.doi and work.doi == prev.doi) and not work.title:
                continue                # the same number again, already the work's
            if not (prev.isbn or prev.isbn_as_written) and (work.isbn or work.isbn_as_written) and not work.doi \
                    or not prev.doi and work.doi and not (work.isbn or work.isbn_as_written):
                merged = replace(prev, isbn=prev.isbn or work.isbn,
                                 isbn_as_written=prev.isbn_as_written or (None if prev.isbn else work.isbn_as_written),
                                 doi=prev.doi or work.doi, issn=prev.issn or work.issn)
                out[-1] = (out[-1][0], merged, out[-1][2])
                continue
        out.append((line, work, names))
    return out


def find_works(text: str) -> Found:
    found = Found()
    lines = text.splitlines()
    records, used = labelled_records(text)
    found.lines |= used
    located: list[tuple[int, Work, list[str]]] = []
    for rec in records:
        work = work_from_record(rec)
        if work:
            located.append((min(used) if used else 0, work, []))
    used = used | signature_lines(lines)
    rule_works = _free_works(lines, used)
    tagged = tagged_works(lines, used)
    located += _choose(rule_works, tagged, lines)
    for rw in rule_works:
        found.lines.update(rw.lines)
    for tw in tagged:
        found.lines.update(tw.lines)
    found.strong = bool(records) or any(
        w.title and (w.authors or w.year or w.container or w.publisher) or w.isbn or w.doi or w.isbn_as_written
        for _, w, _ in located)
    if not located:
        known = set()
        for i, line in enumerate(lines):
            for value, _ in find_isbns(line):
                if value not in known:
                    known.add(value)
                    located.append((i, Work(type="book", isbn=value), []))
                    found.lines.add(i)
            for value, _ in find_isbn_typos(line):
                if value not in known:
                    known.add(value)
                    located.append((i, Work(type="book", isbn_as_written=value), []))
                    found.lines.add(i)
            for value, _ in find_dois(line):
                if value not in known:
                    known.add(value)
                    located.append((i, Work(type="article", doi=value), []))
                    found.lines.add(i)
        found.strong = bool(located)
    if not located:
        located = [(i, w, []) for i, w in _quoted_works(lines, found.lines)]
    found.weak = bool(located) and not found.strong
    located.sort(key=lambda x: x[0])
    located = _journal_lines_to_previous(located)
    located = _without_repeats(located)
    located = _identifiers_to_previous(located, lines)
    found.works = [w for _, w, _ in located]
    found.uninverted = [u for _, _, u in located]
    return found
