"""From tagged tokens to works: fields cut from the patron's own text, identifiers from the rules, a confidence
per field.

A work's fields come in runs of tokens with the same label. A label that the current work already has starts the
next work (the second line of a list, the second title of a sentence); authors and editors separated only by
commas or "and" stay one list. ISBN, DOI and ISSN tokens are the rules' (exact): they go to the work they stand in,
or, on a line of their own, to the work just before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..identifiers import isbn_as_written, normalize_doi, normalize_isbn, normalize_issn
from ..textfold import fold
from .tagger import Tagged

_JOINERS = {",", ";", "&", "and", "ve", "i", "ir", "ile", "und", "et", "al", ".", "-", "–"}
_TITLE_JOINERS = {":", "-", "–", ",", "?", "!", "."}
SINGLE = ("title", "container", "publisher", "place", "year", "volume", "issue", "pages", "edition")


@dataclass
class Draft:
    """A work being assembled: raw field texts with their confidences, identifiers, where it was in the block."""
    fields: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)     # author/editor runs as written
    isbn: str | None = None
    isbn_as_written: str | None = None
    doi: str | None = None
    issn: str | None = None
    start: int = 0
    end: int = 0
    last_label: str = ""
    near: str = ""          # the text of the work with a little around it (type words: "chapter", "thesis")

    def has(self, label: str) -> bool:
        return label in self.fields or label in self.names

    @property
    def named(self) -> bool:
        return "title" in self.fields or bool(self.isbn or self.doi or self.isbn_as_written)


@dataclass
class _Run:
    label: str
    start: int          # token indexes, end exclusive
    end: int
    confidence: float


def _runs(tagged: list[Tagged]) -> list[_Run]:
    runs: list[_Run] = []
    for i, t in enumerate(tagged):
        if t.label == "O" or t.token.kind != "w":
            continue
        last = runs[-1] if runs else None
        if last and last.label == t.label and _joinable(tagged, last.end, i, t.label):
            last.confidence = min(last.confidence, t.confidence)
            last.end = i + 1
        else:
            runs.append(_Run(t.label, i, i + 1, t.confidence))
    return runs


def _joinable(tagged: list[Tagged], a: int, b: int, label: str) -> bool:
    """Tokens a..b-1 (all O) may sit inside one field of `label`."""
    gap = tagged[a:b]
    if not gap:
        return True
    if any(t.token.kind != "w" for t in gap):
        return False
    words = [fold(t.token.text) for t in gap]
    if label in ("author", "editor"):
        return len(gap) <= 3 and all(w in _JOINERS for w in words)
    if label == "title":
        return len(gap) <= 1 and words[0] in _TITLE_JOINERS
    return len(gap) <= 1 and words[0] in (",", ".", "-", "–", "/")


def assemble(text: str, tagged: list[Tagged]) -> list[Draft]:
    drafts: list[Draft] = []
    current: Draft | None = None
    pending_ids: list[Tagged] = []
    events: list[tuple[int, object]] = [(r.start, r) for r in _runs(tagged)]
    events += [(i, t) for i, t in enumerate(tagged) if t.token.kind in ("isbn", "doi", "issn")]
    events.sort(key=lambda e: e[0])
    line_of, items = _list_lines(tagged)
    opened: set[int] = set()

    def _new_item(index: int) -> bool:
        """The first field or identifier on a line that starts a list item ('3) …', '- …')."""
        line = line_of[index]
        if line in items and line not in opened:
            opened.add(line)
            return True
        return False

    for index, event in events:
        fresh = _new_item(index)
        if isinstance(event, Tagged):
            if current is not None and fresh and current.named:
                current = None          # "2) ISBN …": the next item of a list, not this work's number
                pending_ids = []
                current = Draft(start=event.token.start, end=event.token.end)
                drafts.append(current)
            if current is None:
                pending_ids.append(event)
                continue
            if not _attach_identifier(current, event):
                current = Draft(start=event.token.start, end=event.token.end)
                drafts.append(current)
                _attach_identifier(current, event)
            continue
        run: _Run = event
        label = run.label
        if label == "author" and current is not None and current.has("title") and _after_place(tagged, run.start):
            label = run.label = "publisher"     # "Heidelberg: Carl Winter" after the title is an imprint
        value = text[tagged[run.start].token.start:tagged[run.end - 1].token.end]
        starts_new = current is None or current.named and fresh or (
            label in SINGLE and current.has(label)
            or label in ("author", "editor") and current.has(label) and current.last_label != label
            and (current.has("title") or current.has("container")))
        if starts_new:
            current = Draft(start=tagged[run.start].token.start)
            drafts.append(current)
            for ident in pending_ids:
                _attach_identifier(current, ident)
            pending_ids = []
        if label in ("author", "editor"):
            current.names.setdefault(label, []).append(value)
            current.confidence[label + "s"] = min(current.confidence.get(label + "s", 1.0), run.confidence)
        else:
            current.fields[label] = value
            current.confidence[label] = run.confidence
        current.last_label = label
        current.end = tagged[run.end - 1].token.end
    if pending_ids:
        current = Draft(start=pending_ids[0].token.start)
        drafts.append(current)
        for ident in pending_ids:
            if not _attach_identifier(current, ident):
                current = Draft(start=ident.token.start)
                drafts.append(current)
                _attach_identifier(current, ident)
    return drafts


def _list_lines(tagged: list[Tagged]) -> tuple[list[int], set[int]]:
    """The line of each token, and the lines that open with a list marker ('2)', '-', '•', '[3]')."""
    line_of, items, line, first = [], set(), 0, True
    for i, t in enumerate(tagged):
        if t.token.kind == "nl":
            line += 1
            first = True
        elif first:
            first = False
            nxt = tagged[i + 1].token.text if i + 1 < len(tagged) else ""
            if t.token.text in "-*•·–" or t.token.text.isdigit() and len(t.token.text) <= 3 and nxt in (".", ")") \
                    or t.token.text in "([" and nxt.isdigit():
                items.add(line)
        line_of.append(line)
    return line_of, items


def _after_place(tagged: list[Tagged], start: int) -> bool:
    """The run follows 'Place :' (a capitalised word or a place the tagger saw, then a colon)."""
    j = start - 1
    while j >= 0 and tagged[j].token.kind == "w" and tagged[j].token.text in ("(", " "):
        j -= 1
    return j >= 1 and tagged[j].token.text == ":" and tagged[j - 1].token.text[:1].isupper() \
        and tagged[j - 1].label in ("O", "place")


def _attach_identifier(draft: Draft, t: Tagged) -> bool:
    """Puts the identifier on `draft`; False when it already has one of that kind (then it is the next work's)."""
    raw = t.token.text
    if t.token.kind == "isbn":
        value = normalize_isbn(raw)
        if value:
            if draft.isbn and draft.isbn != value:
                return False
            draft.isbn = value
            draft.isbn_as_written = None
            return True
        written = isbn_as_written(re.sub(r"(?i)^isbn(?:-1[03])?\s*[:#]?\s*", "", raw))
        if draft.isbn or draft.isbn_as_written:
            return bool(draft.isbn_as_written == written)
        draft.isbn_as_written = written
        return True
    if t.token.kind == "doi":
        value = normalize_doi(raw)
        if draft.doi and value != draft.doi:
            return False
        draft.doi = value
        return True
    value = normalize_issn(re.sub(r"(?i)^e?-?issn\s*[:#]?\s*", "", raw))
    if draft.issn and value != draft.issn:
        return False
    draft.issn = value or draft.issn
    return True
