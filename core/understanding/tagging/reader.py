"""The tagger's reading of a message: its paragraphs tagged, assembled into works with a confidence per field."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..identifiers import work_with_its_number
from ..model import Work
from ..textfold import fold
from .assemble import assemble
from .tagger import tag
from .works import author_runs, merge_partial, to_work

_NUMBERS = ("volume", "issue", "pages")
_FIELDS = ("title", "authors", "year", "publisher", "container", "volume", "issue", "pages", "edition")
_HAS_CONTENT = re.compile(r"[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ0-9\"“„«]")


@dataclass
class TaggedWork:
    line: int
    work: Work
    lines: list[int]
    uninverted: list[str] = field(default_factory=list)    # authors written "Given Family" (maybe inflected)
    marked: bool = False        # its title is quoted or opens a list item: named as a work, not in passing

    @property
    def strong(self) -> bool:
        """A title with an author, a journal or a publisher, or an identifier; a title with a year only is a
        phrase of the letter as often ('We don't have Journal of Democracy before 1998 online')."""
        w = self.work
        return bool(w.title and (w.authors or w.container or w.publisher or w.issn or w.year and self.marked) or w.isbn
                    or w.doi or w.isbn_as_written)


def paragraphs(lines: list[str], skip: set[int]) -> list[tuple[int, int]]:
    """(first line, end line) of each run of non-blank lines that the labelled records did not take."""
    out, first = [], None
    for i, line in enumerate(lines + [""]):
        if i in skip or not line.strip():
            if first is not None:
                out.append((first, i))
            first = None
        elif first is None:
            first = i
        elif work_with_its_number(lines[i - 1]) and work_with_its_number(line):
            out.append((first, i))      # one work a line, each with its number: no run-on from line to line
            first = i
    return out


def tagged_works(lines: list[str], skip: set[int]) -> list[TaggedWork]:
    found: list[tuple[int, object, str]] = []
    before: dict[int, str] = {}         # the words just before each draft
    for first, end in paragraphs(lines, skip):
        text = "\n".join(lines[first:end])
        if not _HAS_CONTENT.search(text):
            continue
        for draft in assemble(text, tag(text)):
            found.append((first + text.count("\n", 0, draft.start), draft,
                          text[max(0, draft.start - 80):draft.end + 40]))
            before[id(draft)] = text[max(0, draft.start - 60):draft.start]
            line_start = text.rfind("\n", 0, draft.start) + 1
            draft.near = text[max(line_start, draft.start - 30):draft.end + 40]
            draft.lines = (first + text.count("\n", 0, draft.start), first + text.count("\n", 0, max(draft.start, draft.end)))
            draft.paragraph = first
    # a partial draft (no title, no identifier) gives its fields to a work of its own paragraph only: the year
    # in "a reprint of the 1859 edition is fine" is not the year of the work named a paragraph before
    by_paragraph: dict[int, list] = {}
    for _, draft, _ in found:
        by_paragraph.setdefault(draft.paragraph, []).append(draft)
    kept = {id(d) for drafts in by_paragraph.values() for d in merge_partial(drafts)}
    out = []
    for line, draft, context in found:
        if id(draft) in kept:
            covered = {n for d in [draft, *draft.absorbed] for n in range(d.lines[0], d.lines[1] + 1)}
            work = to_work(draft, context)
            if out and out[-1].line >= draft.paragraph and _SAME_BOOK.search(fold(before[id(draft)])):
                work = _in_the_same_book(work, out[-1].work)
            out.append(TaggedWork(line, work, sorted(covered),
                                  [name for name, plain in author_runs(draft) if plain], draft.quoted or draft.item))
    return out


# "aynı derlemedeki Çağlar Keyder'in …", "from the same volume", "iz istog zbornika", "iš to paties rinkinio"
_SAME_BOOK = re.compile(r"\b(?:ayni (?:derleme|kitap|cilt|eser)|same (?:volume|book|collection|anthology)|"
                        r"(?:ist(?:og|om|e|oj)|toj istoj) (?:zborni|knji)|"
                        r"(?:to pa(?:ties|cio)|tame pa(?:ciame|ciam)|toje pacioje|tos pacios) (?:rinkin|knyg))")


def _in_the_same_book(work: Work, before: Work) -> Work:
    """A chapter of the book the work named just before holds: its book, publisher and year are the same."""
    book = before.container if before.type == "chapter" and before.container else (
        before.title if before.type == "book" else None)
    if not book or work.container or work.type == "article":
        return work
    return replace(work, type="chapter", container=book, publisher=work.publisher or before.publisher,
                   year=work.year or before.year)


def fill_from(primary: Work, other: Work | None, trust: float) -> Work:
    """`primary` with the fields it left empty taken from `other` (when `other` is sure enough of them)."""
    if other is None:
        return primary
    changes = {}
    for name in _FIELDS:
        mine, theirs = getattr(primary, name), getattr(other, name)
        if not mine and theirs and other.confidence.get(name, 1.0) >= trust and not (
                name in _NUMBERS and theirs in {getattr(primary, n) for n in _NUMBERS} | {str(primary.year)}):
            changes[name] = theirs      # (not the number the primary reading gave another field: '… 1089 (1972)')
    # identifiers are the rules' own reading in both (exact): one the primary reading has no number of that kind for
    # is taken whatever the trust ('1. Lewis, Bernard. … 2002.' / '   ISBN 0-19-513460-6', check digit failing)
    if not (primary.isbn or primary.isbn_as_written) and (other.isbn or other.isbn_as_written):
        changes.update(isbn=other.isbn, isbn_as_written=other.isbn_as_written)
    for name in ("doi", "issn"):
        if not getattr(primary, name) and getattr(other, name):
            changes[name] = getattr(other, name)
    return replace(primary, **changes) if changes else primary
