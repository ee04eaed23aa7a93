"""A record from a catalogue, in one shape whatever it came as: MARCXML (read with pymarc), Dublin Core, or
Crossref's JSON; with the libraries that hold the work where the catalogue says so."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pymarc

from core.catalogue.settings import CatalogueTarget
from core.domain.works import isbn13

MARC_NS = "http://www.loc.gov/MARC21/slim"
_ISBD_END = re.compile(r"[\s/:;,=.]+$")   # the punctuation cataloguing rules put at the end of a subfield
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class Holding:
    library: str
    call_number: str | None = None


@dataclass(frozen=True)
class CatalogueRecord:
    source: str                   # the target's name, or "Crossref"
    title: str | None = None
    authors: list[str] = field(default_factory=list)   # "Family, Given"
    year: int | None = None
    publisher: str | None = None
    isbns: list[str] = field(default_factory=list)      # 13 digits
    issn: str | None = None
    doi: str | None = None
    work_type: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    holdings: list[Holding] = field(default_factory=list)


def clean(value: str | None) -> str | None:
    """A subfield without the cataloguing punctuation at its end ("Osmanlı İmparatorluğu :" → the title)."""
    if value is None:
        return None
    value = _ISBD_END.sub("", " ".join(value.split()))
    return value or None


def year_in(text: str | None) -> int | None:
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None


# --- MARCXML -----------------------------------------------------------------------------------------------------
def read_marcxml(element: ET.Element, target: CatalogueTarget) -> CatalogueRecord | None:
    """One MARCXML <record> element (as found inside an SRU recordData) through pymarc."""
    records = pymarc.parse_xml_to_array(io.BytesIO(ET.tostring(element, encoding="utf-8")), strict=False,
                                        normalize_form="NFC")
    return from_marc(records[0], target) if records else None


def from_marc(record: pymarc.Record, target: CatalogueTarget) -> CatalogueRecord:
    title = " : ".join(x for x in (clean(v) for f in record.get_fields("245")[:1] for v in f.get_subfields("a", "b"))
                       if x) or None   # title : subtitle, as ISBD writes it
    authors = [clean(v) for f in record.get_fields("100", "110", "700", "710") for v in f.get_subfields("a")]
    imprint = record.get_fields("264", "260")
    year = next((year_in(v) for f in imprint for v in f.get_subfields("c") if year_in(v)), None)
    if year is None and record.get_fields("008"):
        year = year_in(record.get_fields("008")[0].data[7:11])
    publisher = next((clean(v) for f in imprint for v in f.get_subfields("b")), None)
    isbns = [isbn for f in record.get_fields("020") for v in f.get_subfields("a") if (isbn := isbn13(v.split()[0]))]
    issn = next((clean(v) for f in record.get_fields("022") for v in f.get_subfields("a")), None)
    doi = next((v.strip().lower() for f in record.get_fields("024") if f.get("2", "").lower() == "doi"
                for v in f.get_subfields("a")), None)
    container = next((clean(v) for f in record.get_fields("773") for v in f.get_subfields("t")), None)
    return CatalogueRecord(target.name, title, [a for a in authors if a], year, publisher, list(dict.fromkeys(isbns)),
                           issn, doi, None, container, holdings=_marc_holdings(record, target))


def _marc_holdings(record: pymarc.Record, target: CatalogueTarget) -> list[Holding]:
    if target.holder:
        return [Holding(target.holder, _call_number(record, target, None))]
    where = target.field("library")
    if where is None:
        return []
    holdings = []
    for f in record.get_fields(where[0]):
        for library in f.get_subfields(where[1]):
            if clean(library):
                holdings.append(Holding(clean(library), _call_number(record, target, f)))
    return holdings


def _call_number(record: pymarc.Record, target: CatalogueTarget, holding_field) -> str | None:
    """The call number beside the library (same field), else the record's first one."""
    where = target.field("call_number")
    if where is None:
        return None
    if holding_field is not None and holding_field.tag == where[0]:
        return " ".join(holding_field.get_subfields(where[1])).strip() or None
    values = [v for f in record.get_fields(where[0]) for v in f.get_subfields(where[1])]
    return values[0].strip() if values else None


# --- Dublin Core ---------------------------------------------------------------------------------------------------
def read_dc(element: ET.Element, target: CatalogueTarget) -> CatalogueRecord:
    """A Dublin Core record (srw_dc, oai_dc or bare dc elements): the fallback when a target gives no MARC."""
    values: dict[str, list[str]] = {}
    for child in element.iter():
        name = local_name(child.tag)
        if child is not element and child.text and child.text.strip():
            values.setdefault(name, []).append(" ".join(child.text.split()))
    identifiers = values.get("identifier", [])
    isbns = [isbn for value in identifiers for isbn in [isbn13(re.sub(r"(?i)^\s*(?:urn:)?isbn:?\s*", "", value))]
             if isbn]
    doi = next((re.sub(r"(?i)^.*?(10\.\d{4,9}/)", r"\1", v).lower() for v in identifiers
                if re.search(r"10\.\d{4,9}/", v)), None)
    holdings = [Holding(target.holder)] if target.holder else []
    return CatalogueRecord(target.name, clean((values.get("title") or [None])[0]),
                           [clean(a) for a in values.get("creator", []) if clean(a)],
                           next((year_in(d) for d in values.get("date", []) if year_in(d)), None),
                           clean((values.get("publisher") or [None])[0]), isbns, None, doi, holdings=holdings)


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def is_marc(element: ET.Element) -> bool:
    return local_name(element.tag) == "record" and (element.tag.startswith(f"{{{MARC_NS}}}") or any(
        local_name(c.tag) in ("leader", "datafield", "controlfield") for c in element))
