"""One SRU target: the CQL queries for a work (ISBN, ISSN or DOI first, then title and author) and one
searchRetrieve over HTTP GET, its answer read into catalogue records.

SRU is a few query parameters and an XML answer whose records are MARCXML (handed to pymarc) or Dublin Core; the
SRU clients on PyPI are synchronous (requests) and flatten the records into dictionaries pymarc cannot read, so
the request is made here with httpx, asynchronously, within the target's timeout.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import httpx
from stdnum import isbn as stdnum_isbn

from core.catalogue.records import CatalogueRecord, is_marc, local_name, read_dc, read_marcxml
from core.catalogue.settings import CatalogueTarget
from core.domain.titles import family_name, main_title, words
from core.domain.works import Work

MAX_BYTES = 5_000_000     # an answer larger than this is not a catalogue's answer to one work
TITLE_WORDS = 6           # a long title asks too much of a search: its first significant words are enough
UNSUPPORTED_SCHEMA = "info:srw/diagnostic/1/66"
UNSUPPORTED_INDEX = "info:srw/diagnostic/1/16"


class SruError(Exception):
    """The target did not give an SRU answer (down, garbage, an error page, a diagnostic)."""


@dataclass(frozen=True)
class Query:
    kind: str    # isbn | issn | doi | title
    cql: str


def quote(term: str) -> str:
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'


def queries(work: Work, target: CatalogueTarget) -> list[Query]:
    """Identifiers first (exact), then title and author, then title alone."""
    out = []
    if work.isbn:
        forms = [work.isbn] + ([stdnum_isbn.to_isbn10(work.isbn)] if work.isbn.startswith("978") else [])
        out.append(Query("isbn", " or ".join(f"{target.isbn_index}={quote(f)}" for f in forms)))
    if work.issn:
        out.append(Query("issn", f"{target.issn_index}={quote(work.issn)}"))
    if work.doi and target.doi_index:
        out.append(Query("doi", f"{target.doi_index}={quote(work.doi)}"))
    title = words(main_title(work.title or ""))[:TITLE_WORDS]
    family = words(family_name(work.authors[0])) if work.authors else []
    if not title:
        return out
    by_title, by_stems = (f"{target.title_index} all {quote(' '.join(form(w) for w in title))}"
                          for form in (str, truncated))
    if family:
        out.append(Query("title", f"{by_title} and {target.author_index} all {quote(' '.join(family))}"))
        out.append(Query("title", f"{by_stems} and {target.author_index} all "
                                  f"{quote(' '.join(truncated(w) for w in family))}"))
    out.append(Query("title", by_title))
    if not family:
        out.append(Query("title", by_stems))
    return out


def truncated(word: str) -> str:
    """A word cut before its inflection, for a catalogue that does not stem: "Donelaičio" → "Donelai*" finds
    "Donelaitis", "književnosti" → "književno*" finds "književnost". What comes back is compared in full."""
    if len(word) <= 3 or word.isdigit():
        return word
    return word[:max(3, len(word) - 3)] + "*"


async def search(client: httpx.AsyncClient, target: CatalogueTarget, cql: str,
                 schema: str | None = None) -> list[CatalogueRecord]:
    """One searchRetrieve; falls back to Dublin Core when the target does not give MARCXML."""
    schema = schema or target.record_schema
    params = {"version": target.version, "operation": "searchRetrieve", "query": cql, "recordSchema": schema,
              "maximumRecords": str(target.max_records)}
    if target.version.startswith("1."):
        params["recordPacking"] = "xml"
    body = await http_get(client, target.url, params)
    try:
        return parse(body, target)
    except SruError as exc:
        if schema == "marcxml" and UNSUPPORTED_SCHEMA in str(exc):
            return await search(client, target, cql, schema="dc")
        raise


async def http_get(client: httpx.AsyncClient, url: str, params: dict) -> bytes:
    try:
        async with client.stream("GET", url, params=params) as response:
            if response.status_code != 200:
                raise SruError(f"HTTP {response.status_code}")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise SruError(f"answer larger than {MAX_BYTES // 1_000_000} MB")
            return bytes(body)
    except httpx.TimeoutException:
        raise
    except httpx.HTTPError as exc:
        raise SruError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from None


def parse(body: bytes, target: CatalogueTarget) -> list[CatalogueRecord]:
    """The records of a searchRetrieveResponse (SRU 1.1, 1.2 or 2.0); SruError when it is not one."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise SruError(f"not XML ({exc})") from None
    if local_name(root.tag) != "searchRetrieveResponse":
        raise SruError(f"not an SRU answer (<{local_name(root.tag)}>)")
    records = []
    for data in (e for e in root.iter() if local_name(e.tag) == "recordData"):
        record = _record(data, target)
        if record is not None:
            records.append(record)
    if not records:
        diagnostic = _diagnostic(root)
        if diagnostic:
            raise SruError(diagnostic)
    return records


def _record(data: ET.Element, target: CatalogueTarget) -> CatalogueRecord | None:
    children = list(data)
    if children:
        element = children[0]
    elif (data.text or "").strip().startswith("<"):   # recordPacking "string": the record escaped as text
        try:
            element = ET.fromstring(data.text.strip())
        except ET.ParseError:
            return None
    else:
        return None
    if is_marc(element):
        return read_marcxml(element, target)
    return read_dc(element, target)


def _diagnostic(root: ET.Element) -> str | None:
    for element in root.iter():
        if local_name(element.tag) == "diagnostic":
            parts = {local_name(c.tag): (c.text or "").strip() for c in element}
            return " ".join(x for x in (parts.get("uri"), parts.get("message"), parts.get("details")) if x) or \
                "diagnostic"
    return None
