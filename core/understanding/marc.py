"""MARC 21 fields as a catalogue's "MARC view" shows them (Koha, Aleph, Alma, MarcEdit), one field a line:

    100 1_ |a Krleža, Miroslav, |d 1893-1981
    245 10 $a Povratak Filipa Latinovicza : $b roman / $c Miroslav Krleža.
    =260  \\\\$aZagreb :$bMinerva,$c1932.
    020    ‡a 953-6045-02-8

The tags say exactly what each value is, so a line of this shape is read as labelled fields (labels.py): the
main and added entries as authors (an added entry whose relator says editor or translator is left out),
245 as the title with its statement of responsibility, 250 the edition, 260/264 the imprint, 020/022/024 the
identifiers, 773 the journal or book that holds the work.
"""
from __future__ import annotations

import re

_LINE = re.compile(r"^\s*=?(\d{3})\s+(?:[\d_#\\ ]{0,2}\s*)?([|$‡]\s?[a-z0-9].*)$")
_SUBFIELD = re.compile(r"[|$‡]\s?([a-z0-9])\s*")
_NOT_AUTHOR = re.compile(r"(?i)\b(?:edt|trl|ed\.|eds\.|editor|urednik|ur\.|prev|translator|çev|cev|vert|sud|"
                         r"red\.|ill|aui|wpr|comp)")


def _subfields(body: str) -> list[tuple[str, str]]:
    parts = _SUBFIELD.split(body)
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


def _joined(subs: list[tuple[str, str]], codes: str) -> str:
    return " ".join(v for c, v in subs if c in codes).strip(" ,;/:")


def marc_pairs(line: str) -> list[tuple[str, str]] | None:
    """[(field, value)] of one MARC field line (field names as labels.py gives them), None for another line."""
    m = _LINE.match(line)
    if not m:
        return None
    tag, subs = m.group(1), _subfields(m.group(2))
    if not subs:
        return None
    if tag in ("100", "110", "700", "710"):
        if tag.startswith("7") and _NOT_AUTHOR.search(_joined(subs, "e4")):
            return [("ignore", "")]
        name = _joined(subs, "a")
        return [("authors" if tag.startswith("1") else "more_authors", name)]
    if tag == "245":
        title = " : ".join(v.strip(" :/;") for c, v in subs if c in "abnp" and v.strip(" :/;"))
        responsibility = _joined(subs, "c")
        return [("title", f"{title} / {responsibility}" if responsibility else title)]
    if tag == "250":
        return [("edition", _joined(subs, "a"))]
    if tag in ("260", "264"):
        place, publisher, year = _joined(subs, "a"), _joined(subs, "b"), _joined(subs, "c")
        return [("imprint", f"{place} : {publisher}, {year}".strip(" :,"))]
    if tag == "020":
        return [("isbn", _joined(subs, "a"))]
    if tag == "022":
        return [("issn", _joined(subs, "a"))]
    if tag == "024" and "doi" in _joined(subs, "2").lower():
        return [("doi", _joined(subs, "a"))]
    if tag == "773":
        container = _joined(subs, "t")
        where = _joined(subs, "g")
        return [("container", f"{container}, {where}" if where else container)]
    return [("ignore", "")]
