"""Joining what belongs together after reading: a journal line under its article, an identifier line under its
reference, the same work named twice (in the sentence and in the catalogue record below it)."""
from __future__ import annotations

import difflib
import re
from dataclasses import replace

from .authors import family_key
from .citations import LIST_ITEM
from .fields import clean_name
from .model import Work
from .textfold import fold

_RICH_FIELDS = ("title", "authors", "year", "publisher", "container", "volume", "issue", "pages", "edition")


def journal_lines_to_previous(located: list[tuple[int, Work, list[str]]]) -> list[tuple[int, Work, list[str]]]:
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
    """'Kar' and 'Kar romanının' (the same title with the sentence's words after it), nearly equal titles, or the
    same main title with and without its subtitle ('Lithuania Ascending' / 'Lithuania ascending: a pagan …')."""
    fa, fb = (re.sub(r"[^\w\s-]", " ", fold(x)).split() for x in (a, b))     # "istorija," is "istorija"
    if not fa or not fb:
        return False
    main_a, main_b = fold(a.split(":")[0]).split(), fold(b.split(":")[0]).split()
    if main_a == main_b and len(main_a) >= 2 and (":" in a) != (":" in b):
        return True
    short, long_ = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
    if long_[:len(short)] == short and len(long_) - len(short) <= 2:
        return True
    return difflib.SequenceMatcher(None, " ".join(fa), " ".join(fb)).ratio() >= 0.9


def without_repeats(located: list[tuple[int, Work, list[str]]]) -> list[tuple[int, Work, list[str]]]:
    """The same work named twice (in the patron's sentence and in the catalogue record below it) is one work:
    the fuller reading, completed from the other."""
    out: list[tuple[int, Work, list[str]]] = []
    for line, work, names in located:
        twin = next((k for k, (_, w, _) in enumerate(out) if w.title and work.title and _same_title(w.title, work.title)
                     and not (w.isbn and work.isbn and w.isbn != work.isbn)
                     and not (w.doi and work.doi and w.doi != work.doi)
                     and not _book_and_article(w, work) and not _book_and_article(work, w)
                     and not _other_authors(w, work)
                     and not (w.year and work.year and w.year != work.year)), None)
        if twin is None:
            out.append((line, work, names))
            continue
        kept_line, kept, kept_names = out[twin]
        fuller, other = (work, kept) if _richness(work) > _richness(kept) else (kept, work)
        merged = replace(fuller, **{f: getattr(other, f) for f in _RICH_FIELDS + ("isbn", "issn", "doi")
                                    if not getattr(fuller, f) and getattr(other, f)})
        out[twin] = (kept_line, merged, names if fuller is work else kept_names)
    return out


def _other_authors(a: Work, b: Work) -> bool:
    """Both name their authors, and not one of them is the same: two works of one title. (A name may still carry
    its case ending at this stage: "Pamuk'un" is Pamuk.)"""
    def family(name: str) -> str:
        return re.split(r"['’]", family_key(name))[0].strip()
    families = {family(x) for x in a.authors}
    return bool(a.authors and b.authors) and not any(
        family(x) in families or any(f and (f.startswith(family(x)) or family(x).startswith(f)) for f in families)
        for x in b.authors)


def _book_and_article(a: Work, b: Work) -> bool:
    """'ISBN 9780262035613 (… – Deep Learning)' and 'doi:10.1038/nature14539 (… "Deep learning", Nature, 2015)':
    a book known by its ISBN and an article known by its DOI are two works, whatever their titles."""
    return bool(a.isbn and not a.doi and b.doi and not b.isbn)


def _richness(work: Work) -> int:
    return sum(bool(getattr(work, f)) for f in _RICH_FIELDS + ("isbn", "doi"))


def identifiers_to_previous(located: list[tuple[int, Work, list[str]]], lines: list[str]
                             ) -> list[tuple[int, Work, list[str]]]:
    """An ISBN or DOI on a line of its own after a work is that work's ('… 1995.' / 'ISBN 953-6045-02-8'),
    unless it is an item of a list of its own ('2) ISBN …')."""
    out: list[tuple[int, Work, list[str]]] = []
    for line, work, names in located:
        bare = not (work.title or work.authors or work.container) and not LIST_ITEM.match(lines[line])
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


def identifiers_to_next(located: list[tuple[int, Work, list[str]]], lines: list[str]
                        ) -> list[tuple[int, Work, list[str]]]:
    """An ISBN or DOI on a line of its own with no work before it, and the reference on the next line
    ('doi:10.1016/…' / '(Bland JM, Altman DG. Statistical methods …)'): the number is that reference's."""
    out: list[tuple[int, Work, list[str]]] = []
    skip = False
    for k, (line, work, names) in enumerate(located):
        if skip:
            skip = False
            continue
        alone = not (work.title or work.authors or work.container)
        bare = alone and not LIST_ITEM.match(lines[line])
        nxt = located[k + 1] if k + 1 < len(located) else None
        # '- doi:10.1177/…' / '  Cohen J. A coefficient of …': a list item's number, its reference on the line under it
        item_head = alone and LIST_ITEM.match(lines[line]) and nxt and nxt[0] == line + 1 \
            and not LIST_ITEM.match(lines[line + 1])
        if (bare and not out or item_head) and nxt and 0 < nxt[0] - line <= 3 and nxt[1].title and not (
                work.isbn and nxt[1].isbn or work.doi and nxt[1].doi or work.isbn_as_written and nxt[1].isbn_as_written):
            merged = replace(nxt[1], isbn=nxt[1].isbn or work.isbn, doi=nxt[1].doi or work.doi,
                             issn=nxt[1].issn or work.issn,
                             isbn_as_written=nxt[1].isbn_as_written or (None if nxt[1].isbn else work.isbn_as_written))
            out.append((nxt[0], merged, nxt[2]))
            skip = True
            continue
        out.append((line, work, names))
    return out
