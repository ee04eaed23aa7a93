"""Tables pasted from a spreadsheet or a word processor: a header row of labels, then one work a row.

    Autor	Naslov	Nakladnik	Godina                      Author | Title | Publisher | Year
    Matasović, Ranko	Uvod u poredbenu lingvistiku	…       Keynes, John Maynard | The General Theory … | …

Cells are separated by tabs or by '|'. The header's cells are labels the labelled fields know (vocabulary.LABELS);
a first column of row numbers ('Sıra', 'No', '#') is left aside. A row with fewer cells than the header (an empty
last cell the spreadsheet dropped) is read cell by cell from the left.
"""
from __future__ import annotations

import re

from .textfold import fold
from .vocabulary import LABELS

_SEPARATORS = ("\t", "|")


def _cells(line: str, sep: str) -> list[str]:
    cells = [c.strip() for c in line.strip().strip("|").split(sep)] if sep == "|" else \
        [c.strip() for c in line.strip("\n").split(sep)]
    return cells


def _header(line: str) -> tuple[str, list[str | None]] | None:
    """The separator and each column's field when `line` is a header row of labels."""
    for sep in _SEPARATORS:
        if line.count(sep) < 1:
            continue
        cells = _cells(line, sep)
        fields = [LABELS.get(re.sub(r"\s+", " ", fold(c).strip(" .:*#"))) if c.strip(" .:*#") else None
                  for c in cells]
        named = [f for f in fields if f and f != "ignore"]
        if len(named) >= 2 and set(named) & {"title", "authors", "article_title"} and \
                sum(f is None for f in fields) <= 1:
            return sep, fields
    return None


def _label_value_row(line: str) -> bool:
    cells = _cells(line, "\t") if "\t" in line else []
    return len(cells) == 2 and bool(LABELS.get(re.sub(r"\s+", " ", fold(cells[0]).strip(" .:*#"))))


def holdings_rows(lines: list[str]) -> set[int]:
    """A catalogue's table of copies ('Materyal türü | Geçerli kütüphane | Yer numarası | Durum | Barkod' and a
    row a copy): no work and no field of one, whatever words its cells hold."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if i in out or line.count("\t") < 2:
            continue
        fields = [LABELS.get(re.sub(r"\s+", " ", fold(c).strip(" .:*#"))) for c in _cells(line, "\t") if c.strip()]
        if sum(f in ("ignore", "type") for f in fields) >= 2 and not {"title", "authors", "article_title"} & set(fields):
            j = i
            while j < len(lines) and lines[j].strip() and "\t" in lines[j]:
                out.add(j)
                j += 1
    return out


def table_records(lines: list[str]) -> tuple[list[dict[str, str]], set[int]]:
    """The works of the tables in `lines` as labelled records, and the lines the tables took."""
    records: list[dict[str, str]] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        head = _header(lines[i])
        if head and len(head[1]) == 2 and i and _label_value_row(lines[i - 1]):
            head = None         # 'Vrsta građe<TAB>knjiga' under 'Napomena<TAB>…': one more field of a display
        if not head:
            i += 1
            continue
        sep, fields = head
        rows = []
        j = i + 1
        while j < len(lines) and lines[j].strip() and sep in lines[j]:
            rows.append(_cells(lines[j], sep))
            j += 1
        if not rows:
            i += 1
            continue
        numbered = all(re.fullmatch(r"\d{1,3}[.)]?", row[0]) for row in rows if row)
        used.update(range(i, j))
        for row in rows:
            record: dict[str, str] = {}
            for k, (field, value) in enumerate(zip(fields, row)):
                if k == 0 and numbered or not field or field == "ignore" or not value:
                    continue
                record.setdefault(field, value)
            if record:
                records.append(record)
        i = j
    return records, used
