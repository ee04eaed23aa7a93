"""Every configured catalogue asked at once, each within its own timeout: what each answered, and the libraries
that hold the work, best first.

A target that is down, slow or answers garbage costs only its own timeout and is reported by name; the others'
answers stand. Records found by title are kept only when they are the work asked for (core.domain.titles).
"""
from __future__ import annotations

import asyncio
import dataclasses
import time
from dataclasses import dataclass, field

import httpx

from core.catalogue.crossref import crossref_record
from core.catalogue.records import CatalogueRecord
from core.catalogue.settings import CatalogueSettings, CatalogueTarget
from core.catalogue.sru import UNSUPPORTED_INDEX, SruError, queries, search
from core.domain.titles import fold, likeness
from core.domain.works import Work, isbn13

USER_AGENT = "loanbot (interlibrary loan assistant)"


@dataclass(frozen=True)
class Found:
    record: CatalogueRecord
    matched_by: str            # isbn | issn | doi | title


@dataclass
class TargetOutcome:
    name: str
    ok: bool
    error: str | None = None   # "timeout" or what was wrong with the answer
    found: list[Found] = field(default_factory=list)
    seconds: float = 0.0
    queries: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"name": self.name, "ok": self.ok, "error": self.error, "records": len(self.found),
                "seconds": round(self.seconds, 3)}


@dataclass
class SearchResult:
    outcomes: list[TargetOutcome]
    holdings: list[dict]       # {"library", "call_number", "target", "matched_by", "foreign"}, best first

    @property
    def found(self) -> list[Found]:
        return [f for o in self.outcomes for f in o.found]

    @property
    def silent(self) -> list[TargetOutcome]:
        return [o for o in self.outcomes if not o.ok]


def as_thirteen_digits(work: Work) -> Work:
    """The work with its ISBN as the catalogues' records have it (13 digits): staff at the desk may type
    "975-08-0395-7"; a patron's e-mail is read into 13 digits already."""
    isbn = isbn13(work.isbn) if work.isbn else None
    return dataclasses.replace(work, isbn=isbn) if isbn and isbn != work.isbn else work


def http_client() -> httpx.AsyncClient:
    """One client for many look-ups: making one loads the TLS certificates, tens of milliseconds of CPU. No timeout
    of httpx's own: each target's whole look-up is bounded by its configured timeout (asyncio.timeout)."""
    return httpx.AsyncClient(headers={"User-Agent": USER_AGENT}, follow_redirects=True, timeout=None)


async def search_work(settings: CatalogueSettings, work: Work, own_library: str | None = None,
                      client: httpx.AsyncClient | None = None) -> SearchResult:
    if client is None:
        async with http_client() as client:
            return await search_work(settings, work, own_library, client)
    work = as_thirteen_digits(work)
    jobs = [_ask_target(client, target, work) for target in settings.targets]
    if settings.crossref is not None and work.doi:
        jobs.append(_ask_crossref(client, settings, work))
    outcomes = list(await asyncio.gather(*jobs))
    return SearchResult(outcomes, rank_holdings(settings, outcomes, own_library))


async def _ask_target(client: httpx.AsyncClient, target: CatalogueTarget, work: Work) -> TargetOutcome:
    outcome = TargetOutcome(target.name, True)
    started = time.monotonic()
    try:
        async with asyncio.timeout(target.timeout):
            for query in queries(work, target):
                outcome.queries.append(query.cql)
                try:
                    records = await search(client, target, query.cql)
                except SruError as exc:
                    if UNSUPPORTED_INDEX in str(exc):   # this catalogue has no such index: ask the next way
                        continue
                    raise
                kept = [r for r in records if query.kind != "title" or _is_the_work(work, r)]
                if kept:
                    outcome.found = [Found(r, query.kind) for r in kept]
                    break
    except (TimeoutError, httpx.TimeoutException):
        outcome.ok, outcome.error = False, f"no answer within {target.timeout:g} s"
    except SruError as exc:
        outcome.ok, outcome.error = False, str(exc)[:300]
    outcome.seconds = time.monotonic() - started
    return outcome


async def _ask_crossref(client: httpx.AsyncClient, settings: CatalogueSettings, work: Work) -> TargetOutcome:
    crossref = settings.crossref
    outcome = TargetOutcome("Crossref", True, queries=[work.doi])
    started = time.monotonic()
    try:
        async with asyncio.timeout(crossref.timeout):
            record = await crossref_record(client, crossref, work.doi)
        if record is not None:
            outcome.found = [Found(record, "doi")]
    except (TimeoutError, httpx.TimeoutException):
        outcome.ok, outcome.error = False, f"no answer within {crossref.timeout:g} s"
    except SruError as exc:
        outcome.ok, outcome.error = False, str(exc)[:300]
    outcome.seconds = time.monotonic() - started
    return outcome


def _is_the_work(work: Work, record: CatalogueRecord) -> bool:
    return likeness(work.title, list(work.authors), record.title, record.authors).same_work


def rank_holdings(settings: CatalogueSettings, outcomes: list[TargetOutcome], own_library: str | None) -> list[dict]:
    """One entry per library: found by identifier before found by title, then more copies, then the order of the
    targets in the configuration; never our own library."""
    order = {t.name: i for i, t in enumerate(settings.targets)}
    foreign = {t.name: t.foreign for t in settings.targets}
    own = {fold(name) for name in [own_library] + [t.own_library for t in settings.targets] if name}
    best: dict[str, dict] = {}   # in the order the catalogues list them, which breaks ties
    for outcome in outcomes:
        for found in outcome.found:
            for holding in found.record.holdings:
                key = fold(holding.library)
                if key in own:
                    continue
                entry = best.setdefault(key, {"library": holding.library, "call_number": holding.call_number,
                                              "target": outcome.name, "matched_by": found.matched_by,
                                              "foreign": foreign.get(outcome.name, False), "copies": 0})
                entry["copies"] += 1
                if entry["matched_by"] == "title" and found.matched_by != "title":
                    entry.update(matched_by=found.matched_by, target=outcome.name,
                                 call_number=holding.call_number or entry["call_number"])
                entry["call_number"] = entry["call_number"] or holding.call_number
    seen = {key: index for index, key in enumerate(best)}
    return sorted(best.values(), key=lambda e: (e["matched_by"] == "title", -e["copies"],
                                                order.get(e["target"], len(order)), seen[fold(e["library"])]))
