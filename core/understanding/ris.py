"""RIS, the export format of Zotero, EndNote and Mendeley, pasted into a mail:

    TY  - JOUR
    TI  - Collective dynamics of 'small-world' networks
    AU  - Watts, Duncan J.
    AU  - Strogatz, Steven H.
    T2  - Nature
    PY  - 1998
    ...
    ER  -

Read with rispy (the tags' meanings, repeated AU lines, the ER terminator), and turned into the labelled records
labels.py makes, so that one path builds the work. The tags say exactly what each value is; no reader guesses.
"""
from __future__ import annotations

import re

_TAG_LINE = re.compile(r"^\s*([A-Z][A-Z0-9])  -(?: (.*))?$")
_KINDS = {"JOUR": "article", "JFULL": "article", "MGZN": "article", "NEWS": "article", "EJOUR": "article",
          "CHAP": "chapter", "ECHAP": "chapter", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
          "THES": "thesis"}


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of each run of RIS lines that opens with a TY line."""
    out, i = [], 0
    while i < len(lines):
        m = _TAG_LINE.match(lines[i])
        if not (m and m.group(1) == "TY"):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (_TAG_LINE.match(lines[j]) or not lines[j].strip() and j + 1 < len(lines)
                                  and _TAG_LINE.match(lines[j + 1]) and not lines[j + 1].lstrip().startswith("TY")):
            closing = _TAG_LINE.match(lines[j])
            j += 1
            if closing and closing.group(1) == "ER":
                break
        out.append((i, j))
        i = j
    return out


def _record(entry: dict) -> dict[str, str]:
    kind = _KINDS.get(entry.get("type_of_reference", ""), "")
    record: dict[str, str] = {}
    title = entry.get("title") or entry.get("primary_title")
    if title:
        record["article_title" if kind in ("article", "chapter") else "title"] = title
    authors = entry.get("authors") or entry.get("first_authors") or []
    if authors:
        record["authors"] = "; ".join(authors)
    container = entry.get("secondary_title") or entry.get("journal_name") or entry.get("alternate_title3") \
        or entry.get("alternate_title2") or entry.get("alternate_title1")
    if container and kind in ("article", "chapter"):
        record["container"] = container
    year = entry.get("year") or entry.get("publication_year") or entry.get("date") or ""
    if re.search(r"\d{4}", year):
        record["year"] = re.search(r"\d{4}", year).group(0)
    pages = "-".join(p for p in (entry.get("start_page"), entry.get("end_page")) if p)
    number = entry.get("issn") or ""
    standard = "isbn" if len(re.sub(r"[^\dXx]", "", number)) in (10, 13) else "issn"   # SN: ISSN or ISBN
    for key, value in (("publisher", entry.get("publisher")), ("doi", entry.get("doi")),
                       ("volume", entry.get("volume")), ("issue", entry.get("number")), ("pages", pages),
                       ("edition", entry.get("edition")), ("place", entry.get("place_published")),
                       (standard, number)):
        if value:
            record[key] = value
    if kind:
        record["type"] = {"article": "article", "chapter": "chapter", "thesis": "thesis"}.get(kind, "book")
    return record


def ris_records(lines: list[str]) -> tuple[list[dict[str, str]], set[int]]:
    """The works of the RIS blocks in `lines`, as labelled records, and the lines they took."""
    import rispy

    records, used = [], set()
    for first, end in _blocks(lines):
        text = "\n".join(line.strip() for line in lines[first:end] if line.strip())
        if not re.search(r"^ER  -", text, re.M):
            text += "\nER  - "
        try:
            entries = rispy.loads(text)
        except Exception:   # noqa: BLE001 - a block rispy cannot read is left to the other readers, whole
            continue
        records += [r for r in (_record(e) for e in entries) if r]
        used.update(range(first, end))
    return records, used
