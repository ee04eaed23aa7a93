"""Completing a patron's reference from the record its ISBN or DOI found: the fields they left out are filled, the
obvious misreadings corrected, and each such field remembers where it came from (and what the patron wrote), so
staff can see it. A field that disagrees too much to be a misreading is left as the patron wrote it and shown to
staff beside the catalogue's value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from core.catalogue.records import CatalogueRecord
from core.catalogue.search import Found
from core.domain.titles import authors_agree, fold, title_similarity

TEXT_FIELDS = ("title", "container", "publisher")
EXACT_FIELDS = ("year", "volume", "issue", "pages")   # the record of an identifier is right about these
FILL_ONLY = ("isbn", "issn")                         # the patron's identifier found the record: never replaced
MISREADING = 0.6   # folded texts at least this alike (or titles sharing half their words) are one text misread


@dataclass
class Completion:
    changes: dict = field(default_factory=dict)      # column -> new value
    provenance: dict = field(default_factory=dict)   # field -> {"source", "was"} or {"source": "patron", "record"…}

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.provenance)


def best_record(found: list[Found]) -> CatalogueRecord | None:
    """The record to complete from: Crossref's for a DOI, else the first found by an identifier."""
    by_identifier = [f for f in found if f.matched_by != "title"]
    crossref = [f for f in by_identifier if f.record.source == "Crossref"]
    chosen = (crossref or by_identifier or [None])[0]
    return chosen.record if chosen else None


def complete(asked: dict, record: CatalogueRecord | None) -> Completion:
    """`asked`: the request's fields as the patron gave them (title, authors, year, publisher, isbn, issn,
    container, volume, issue, pages)."""
    out = Completion()
    if record is None:
        return out
    values = {"title": record.title, "authors": record.authors, "year": record.year, "publisher": record.publisher,
              "isbn": record.isbns[0] if record.isbns else None, "issn": record.issn, "container": record.container,
              "volume": record.volume, "issue": record.issue, "pages": record.pages}
    for name, value in values.items():
        if value in (None, "", []):
            continue
        given = asked.get(name)
        if given in (None, "", []):
            out.changes[name] = value
            out.provenance[name] = {"source": record.source}
        elif name in FILL_ONLY or _same(name, given, value):
            continue
        elif _misread(name, given, value):
            out.changes[name] = value
            out.provenance[name] = {"source": record.source, "was": given}
        else:
            out.provenance[name] = {"source": "patron", "record": value, "record_source": record.source}
    return out


def _same(name: str, given, value) -> bool:
    if name == "authors":
        return [fold(a) for a in given] == [fold(a) for a in value]
    if name in TEXT_FIELDS:
        return fold(str(given)).strip() == fold(str(value)).strip()
    return str(given).strip() == str(value).strip()


def _misread(name: str, given, value) -> bool:
    if name in EXACT_FIELDS:
        return True
    if name == "authors":
        return authors_agree(list(given), list(value))
    a, b = fold(str(given)), fold(str(value))
    return SequenceMatcher(None, a, b).ratio() >= MISREADING or (
        name == "title" and title_similarity(str(given), str(value)) >= 0.5)
