"""Labelled bibliographic fields: "Yazar: …", "Naslov: …", "Straipsnio pavadinimas: …".

Lines are read one by one; several "Label: value" pairs on one line (separated by , ; |) are split. A
label seen again for the same work, a numbered heading, or a gap followed by a new title starts a new work.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .marc import marc_pairs
from .tables import table_records
from .textfold import fold
from .vocabulary import LABELS

# Bullets, numbering, markdown emphasis in front of a label: "1. ", "- ", "* ", "**Title**:"
_LEAD = r"^[\s>*•·\-–]*(?:\(?\d{1,2}[.)]\s*|\[\d{1,2}\]\s*)?[*_]*"


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    names = sorted(LABELS, key=len, reverse=True)
    alternation = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    # "Title: …", and catalogue displays that set the label off by a tab or a run of spaces ("Title      …")
    return re.compile(rf"(?:{_LEAD}|(?<=[,;|])\s*|\s{{2,}})({alternation})[*_]*(?:\s*[:：=]|(?=\t|\s{{2,}}\S))", re.M)


def parse_label_line(line: str) -> list[tuple[str, str]] | None:
    """[(field, value), ...] when the line starts with a known label, else None."""
    folded = fold(line)
    matches = []
    for m in _label_pattern().finditer(folded):
        if not matches and m.start() != 0:
            return None
        matches.append(m)
    if not matches:
        return None
    pairs = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end():end].strip().strip(",;|").strip()
        field = LABELS[re.sub(r"\s+", " ", m.group(1))]
        if field in ("doi", "isbn", "issn") and len(matches) == 1 and _sentence_after_identifier(value):
            return None         # "DOI: 10.1126/… — Barabási & Albert, Emergence of …": a reference, not a label
        pairs.append((field, value))
    return pairs


def _sentence_after_identifier(value: str) -> bool:
    rest = re.sub(r"^\s*(?:https?://\S+|10\.\d{4,9}/\S+|[\dXx][\dXx\s\-–]{8,16}[\dXx])", "", value)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) >= 3


def _new_work_heading(line: str) -> bool:
    """'1.', 'Kitap 2:', '2. knjiga', 'Book 1' — a heading that separates works."""
    f = fold(line).strip(" :*-#.")
    return bool(re.fullmatch(r"(?:\d{1,2}[.)]?\s*)?(?:kitap|book|knjiga|knyga|makale|article|clanak|straipsnis|"
                             r"work|eser|djelo|item|title|naslov)?\s*(?:\d{1,2}|[ivx]{1,4})?[.)]?", f)) and bool(f)


def _bare_label(line: str) -> str | None:
    """The field of a line that is only a label ('Title', 'Creation Date', 'Autor:'), else None."""
    folded = re.sub(r"\s+", " ", fold(line).strip(" \t:*_"))
    return LABELS.get(folded) if folded and len(folded) < 40 else None


def _labels_above_values(lines: list[str]) -> dict[int, list[tuple[str, str]]]:
    """Catalogue displays copied from a web page put each label on a line of its own and its value on the next
    ('Title' / 'The structure of scientific revolutions' / 'Author' / 'Kuhn, Thomas S'). Read so only when the
    text holds at least two such pairs: one bare 'Book' line is a heading, not a display."""
    pairs: dict[int, list[tuple[str, str]]] = {}
    i = 0
    while i + 1 < len(lines):
        field = _bare_label(lines[i])
        value = lines[i + 1].strip()
        if field and value and not _bare_label(value) and not parse_label_line(value):
            pairs[i] = [(field, value)]
            i += 2
            continue
        i += 1
    return pairs if sum(f != "ignore" for p in pairs.values() for f, _ in p) >= 2 else {}


def _untitled_heading(lines: list[str], index: int, used: set[int], record: dict[str, str]) -> None:
    """A catalogue display often opens with the title and statement of responsibility on a line of its own, with
    no label ('The concept of law / H.L.A. Hart ; with a postscript …'), above the labelled lines: the " / " of
    ISBD says what it is."""
    above = index - 1
    if above >= 0 and above not in used and " / " in lines[above] and len(lines[above]) < 400 \
            and not parse_label_line(lines[above]) and not lines[above].rstrip().endswith(":"):
        record["title"] = lines[above].strip()
        used.add(above)


def labelled_records(text: str) -> tuple[list[dict[str, str]], set[int]]:
    """The labelled records of the text and the indexes of the lines they used."""
    current: dict[str, str] = {}
    aside: set[int] = set()     # "Subject: …", "Language: …" lines: read as part of a catalogue display only
    gap = False
    lines = text.splitlines()
    above = _labels_above_values(lines)
    records, used = table_records(lines)
    for index, line in enumerate(lines):
        if index in used:
            continue
        if index - 1 in above:
            used.add(index)     # the value under its label, read with it
            continue
        pairs = above.get(index) or (marc_pairs(line) or parse_label_line(line) if line.strip() else None)
        if not pairs:
            if line.strip() and _new_work_heading(line) and current:
                records.append(current)
                current = {}
            gap = gap or bool(current)
            continue
        if all(field == "ignore" for field, _ in pairs):
            aside.add(index)
            continue
        used.add(index)
        for field, value in pairs:
            if field == "ignore":
                continue
            if field == "more_authors":        # MARC 700: one more author of the same work
                if value:
                    current["authors"] = f"{current['authors']}; {value}" if current.get("authors") else value
                continue
            # a field seen again starts the next work; so does a title (or authors already given) after a gap
            starts_new = field in current or (gap and field in ("title", "authors", "article_title")
                                              and ("title" in current or "article_title" in current)
                                              and not (field == "authors" and "authors" not in current))
            if starts_new and current:
                records.append(current)
                current = {}
            if not current:
                _untitled_heading(lines, index, used, current)
            if value:
                current[field] = value
        gap = False
    if current:
        records.append(current)
    if len(used) >= 2:
        used |= aside            # beside a catalogue record they are its lines; alone, they are the patron's words
    return [r for r in records if r], used
