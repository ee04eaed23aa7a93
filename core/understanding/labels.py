"""Labelled bibliographic fields: "Yazar: …", "Naslov: …", "Straipsnio pavadinimas: …".

Lines are read one by one; several "Label: value" pairs on one line (separated by , ; |) are split. A
label seen again for the same work, a numbered heading, or a gap followed by a new title starts a new work.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .marc import marc_pairs
from .ris import ris_records
from .tables import holdings_rows, table_records
from .textfold import fold
from .vocabulary import LABELS, THESIS_WORDS

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
        if folded[m.end() - 1] == "=" and value[:1] in "{\"":
            value = value[1:-1] if value[-1:] in "}\"" else value[1:]     # BibTeX: 'volume = {53},'
            value = value.replace("{", "").replace("}", "").replace("--", "-")   # '{Estimation}', '457--481'
        field = LABELS[re.sub(r"\s+", " ", m.group(1))]
        if field in ("doi", "isbn", "issn") and len(matches) == 1 and _sentence_after_identifier(value):
            return None         # "DOI: 10.1126/… — Barabási & Albert, Emergence of …": a reference, not a label
        if len(matches) == 1 and _KIND_WORD.fullmatch(re.sub(r"\s+", " ", m.group(1))) and _whole_reference(value):
            return None         # "- Kitap: ISBN-10 0-19-513460-5 (Bernard Lewis, The Emergence …)": a heading
                                # word before a whole reference, not a title label
        pairs.append((field, value))
    return pairs


_KIND_WORD = re.compile(r"kitap|book|knjiga|knyga|makale|article|clanak|straipsnis|rad|djelo|eser|work")
_IDENTIFIER = re.compile(r"\b(?:isbn|doi|issn)\b|\b10\.\d{4,9}/|https?://", re.I)


def _whole_reference(value: str) -> bool:
    """An identifier with words around it, or authors, title and year in one value ('Bernard Lewis, The Emergence of
    Modern Turkey, 3. baskı (OUP, 2002)'): more than a title."""
    words = len(re.findall(r"[^\W\d_]{2,}", value))
    year = re.search(r"\b(?:1[5-9]|20)\d\d\b", value)
    return bool(_IDENTIFIER.search(value) and words >= 4 or year and value.count(",") >= 2 and words >= 5)


def _sentence_after_identifier(value: str) -> bool:
    value = re.sub(r"\([^()\"“”]{1,30}\)", " ", value)     # "0226458083 (pbk. : alk. paper)": a qualifier
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


def _bare_title_above(lines: list[str], index: int, used: set[int]) -> str | None:
    """WorldCat and Primo put the title on a line of its own above the labelled lines, without the " / " of ISBD
    ('Orientalism' / 'Author: Edward W. Said'): a short line that opens its block and is no sentence."""
    above = index - 1
    if above < 0 or above in used or not lines[above].strip():
        return None
    line = lines[above].strip()
    opens_block = above == 0 or not lines[above - 1].strip() or re.fullmatch(r"[\s\-=_*~]{3,}", lines[above - 1])
    sentence = re.search(r"[.!?:]$", line) and not re.search(r"\b[A-Z]\.$", line) or len(line.split()) > 30
    if opens_block and not sentence and not parse_label_line(line) and line[:1].isupper():
        return line
    return None


_ROLE = re.compile(r"\[|\(|\b(?:ed|eds|editor|translator|trans|illustrator|prevoditelj\w*|prev|urednik|urednica|"
                   r"ur|cev|ceviren|vertejas|vert|sudarytojas|redaktorius|autor pogovora|autor predgovora|"
                   r"ilustrator\w*|fotograf\w*)\b")


def _co_authors(value: str) -> str:
    """'Helm, Richard. | Johnson, Ralph. | Vlissides, John.' -> 'Helm, Richard; Johnson, Ralph; Vlissides, John',
    without those named with a role ('Sonnenfeld, Viktor D. [prevoditelj]')."""
    names = [n.strip(" .") for n in re.split(r"\s*[|;]\s*", value or "")]
    return "; ".join(n for n in names if n and not _ROLE.search(fold(n)))


def labelled_records(text: str) -> tuple[list[dict[str, str]], set[int]]:
    """The labelled records of the text and the indexes of the lines they used."""
    current: dict[str, str] = {}
    aside: set[int] = set()     # "Subject: …", "Language: …" lines: read as part of a catalogue display only
    gap = False
    first_line: dict[int, int] = {}     # record number -> the line of its first label
    lines = text.splitlines()
    above = _labels_above_values(lines)
    records, used = table_records(lines)
    exported, taken = ris_records([line if n not in used else "" for n, line in enumerate(lines)])
    records += exported
    used |= taken
    copies = holdings_rows(lines)
    for index, line in enumerate(lines):
        if index in used:
            continue
        if index in copies:
            aside.add(index)
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
            # "Identifier: ISBN: 0521439612": a label inside an aside label's value
            inner = [q for _, value in pairs for q in (parse_label_line(value) or ()) if q[0] in ("isbn", "issn", "doi")]
            if not inner or not current:
                aside.add(index)
                if current and any(re.search(w, fold(v)) for _, v in pairs for w in THESIS_WORDS):
                    current["notes"] = " ".join(v for _, v in pairs)    # "Description: Thesis (Ph. D.)--Princeton…"
                continue
            pairs = inner
        used.add(index)
        for field, value in pairs:
            if field == "ignore":
                continue
            if field == "other_authors":
                field, value = "more_authors", _co_authors(value)
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
                first_line[len(records)] = index
            if value:
                current[field] = value
        gap = False
    if current:
        records.append(current)
    for n, record in enumerate(records):
        if n in first_line and not {"title", "article_title", "chapter_title"} & set(record):
            heading = _bare_title_above(lines, first_line[n], used)
            if heading and len(record) >= 2:
                record["title"] = heading
                used.add(first_line[n] - 1)
    if len(used) >= 2:
        used |= aside            # beside a catalogue record they are its lines; alone, they are the patron's words
    return [r for r in records if r], used
