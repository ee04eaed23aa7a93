"""A DOI's record from Crossref's public REST API (GET {url}/works/{doi}): the article's title, authors, journal,
volume, issue, pages and year, for completing a patron's half-remembered reference."""
from __future__ import annotations

import json
from urllib.parse import quote

import httpx

from core.catalogue.records import CatalogueRecord, clean
from core.catalogue.settings import CrossrefSettings
from core.catalogue.sru import SruError, http_get
from core.domain.works import isbn13

SOURCE = "Crossref"
TYPES = {"journal-article": "article", "book-chapter": "chapter", "book": "book", "monograph": "book",
         "edited-book": "book", "dissertation": "thesis", "proceedings-article": "article"}


class CrossrefError(SruError):
    """Crossref did not answer with a work."""


async def crossref_record(client: httpx.AsyncClient, settings: CrossrefSettings, doi: str) -> CatalogueRecord | None:
    """The record of `doi`, or None when Crossref does not know it (404)."""
    params = {"mailto": settings.mailto} if settings.mailto else {}
    try:
        body = await http_get(client, f"{settings.url}/works/{quote(doi, safe='/')}", params)
    except SruError as exc:
        if "HTTP 404" in str(exc):
            return None
        raise CrossrefError(str(exc)) from None
    try:
        message = json.loads(body)["message"]
    except (ValueError, KeyError, TypeError):
        raise CrossrefError("not a Crossref answer") from None
    if not isinstance(message, dict):
        raise CrossrefError("not a Crossref answer")
    return from_crossref(message)


def from_crossref(message: dict) -> CatalogueRecord:
    def first(key: str) -> str | None:
        value = message.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        return clean(str(value)) if value else None

    authors = []
    for person in message.get("author") or []:
        if isinstance(person, dict):
            family, given = person.get("family"), person.get("given")
            name = f"{family}, {given}" if family and given else (family or person.get("name"))
            if name:
                authors.append(" ".join(str(name).split()))
    year = None
    for key in ("issued", "published-print", "published-online", "published"):
        parts = (message.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and isinstance(parts[0][0], int):
            year = parts[0][0]
            break
    issns = message.get("ISSN") or []
    isbns = [isbn for value in message.get("ISBN") or [] if (isbn := isbn13(str(value)))]
    pages = first("page")
    return CatalogueRecord(SOURCE, first("title"), authors, year, first("publisher"), isbns,
                           str(issns[0]) if issns else None, (message.get("DOI") or "").lower() or None,
                           TYPES.get(message.get("type") or ""), first("container-title"), first("volume"),
                           first("issue"), pages.replace("–", "-") if pages else None)
