"""The catalogue look-ups of new ILL requests, run in the background so that no catalogue ever delays a patron's
reply: `schedule_lookup` writes a row in the request's own transaction; the worker (part of `loanbot serve`) claims
due rows, asks every catalogue, stores the ranked holdings and the completed reference with the request, and
queues the staff message that follows the new-request notification.

A row is claimed with a lease, as the outbox's are, so two `serve` processes never do the same look-up and a look-up
of a process that died is done again when its lease runs out. A look-up that fails for a reason of our own is tried
again later (with backoff); one whose catalogues do not answer is done, and the staff message says which did not.
"""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable

import httpx
from sqlalchemy import or_, select

from core.catalogue.completion import best_record, complete
from core.catalogue.search import SearchResult, http_client, search_work
from core.domain.ill import WorkRequest, parse_reference
from core.plumbing.context import SYSTEM, audit
from core.plumbing.outbox import backoff
from core.storage.models import CatalogueLookup, IllRequest

log = logging.getLogger("loanbot.catalogue")
MAX_ATTEMPTS = 5
PARALLEL = 8          # look-ups claimed and run at once (each asks every target at once)
POLL_SECONDS = 2.0
COLUMNS = {"title": "title", "authors": "authors", "year": "year", "publisher": "publisher", "isbn": "isbn",
           "issn": "issn", "container": "container", "volume": "volume", "issue": "issue", "pages": "pages"}


def catalogues_enabled(library) -> bool:
    settings = getattr(library, "catalogues", None)
    return settings is not None and settings.enabled


async def schedule_lookup(library, reference: str, now: dt.datetime) -> bool:
    """Queue the look-up of a new request (in the caller's unit of work); False when no catalogue is configured."""
    if not catalogues_enabled(library):
        return False
    request_id = parse_reference(reference)
    async with library.ctx.transaction() as session:
        if await session.scalar(select(CatalogueLookup.id).where(CatalogueLookup.request_id == request_id)):
            return True
        session.add(CatalogueLookup(request_id=request_id, state="pending", attempts=0, created_at=now,
                                    not_before=now, targets=[]))
    return True


def work_of(request: IllRequest) -> WorkRequest:
    return WorkRequest(type=request.work_type, title=request.title, authors=list(request.authors or []),
                       year=request.year, publisher=request.publisher, isbn=request.isbn, issn=request.issn,
                       doi=request.doi, container=request.container, volume=request.volume, issue=request.issue,
                       pages=request.pages, edition=request.edition, material=request.material)


class CatalogueLookups:
    def __init__(self, library, worker: str = "loanbot"):
        self.library = library
        self.settings = library.catalogues
        self.worker = worker
        longest = max([t.timeout for t in self.settings.targets] +
                      [self.settings.crossref.timeout if self.settings.crossref else 0])
        self.lease = dt.timedelta(seconds=2 * longest + 60)
        self._client: httpx.AsyncClient | None = None

    async def run_once(self, now: dt.datetime, stop: asyncio.Event | None = None) -> int:
        """Do the look-ups that are due, PARALLEL at a time (each round lasts at most the longest timeout), until
        none is left or `stop` is set; returns how many were done (or put back for later)."""
        done = 0
        async with self._http():
            while not (stop is not None and stop.is_set()) and (ids := await self._claim(now, PARALLEL)):
                await asyncio.gather(*(self._do(i, now) for i in ids))
                done += len(ids)
        return done

    async def run(self, stop: asyncio.Event, clock: Callable[[], dt.datetime]) -> None:
        async with self._http():
            while not stop.is_set():
                try:
                    await self.run_once(clock(), stop)
                except Exception:  # noqa: BLE001 - the database went away: try again at the next tick
                    log.exception("catalogue look-up pass failed")
                try:
                    await asyncio.wait_for(stop.wait(), timeout=POLL_SECONDS)
                except asyncio.TimeoutError:
                    pass

    @asynccontextmanager
    async def _http(self) -> AsyncIterator[httpx.AsyncClient]:
        """The worker's one HTTP client (kept while `run` runs; made for one `run_once` otherwise)."""
        if self._client is not None:
            yield self._client
            return
        async with http_client() as client:
            self._client = client
            try:
                yield client
            finally:
                self._client = None

    async def _claim(self, now: dt.datetime, limit: int = PARALLEL) -> list[int]:
        async with self.library.db.session() as session, session.begin():
            query = (select(CatalogueLookup).where(
                CatalogueLookup.state == "pending", CatalogueLookup.not_before <= now,
                or_(CatalogueLookup.claimed_until.is_(None), CatalogueLookup.claimed_until < now))
                .order_by(CatalogueLookup.id).limit(limit))
            if session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = list((await session.execute(query)).scalars())
            for row in rows:
                row.claimed_until = now + self.lease
            return [row.id for row in rows]

    async def _do(self, lookup_id: int, now: dt.datetime) -> None:
        try:
            async with self.library.ctx.transaction() as session:
                lookup = await session.get(CatalogueLookup, lookup_id)
                request = await session.get(IllRequest, lookup.request_id)
                work = work_of(request)
            result = await search_work(self.settings, work, self.library.policy.library.name, self._client)
            await self._store(lookup_id, work, result, now)
        except Exception as exc:  # noqa: BLE001 - a defect or the database: tried again later, never lost
            log.exception("catalogue look-up %s failed", lookup_id)
            await self._failed(lookup_id, now, f"{type(exc).__name__}: {exc}")

    async def _store(self, lookup_id: int, work: WorkRequest, result: SearchResult, now: dt.datetime) -> None:
        from core.staff.notify import tell_staff_lookup_done   # (the staff messages queue look-ups: imported here)

        asked = {name: getattr(work, name) for name in COLUMNS}
        completion = complete(asked, best_record(result.found))
        # One unit of work: the message's own reads (our holdings) join it instead of waiting for its write lock.
        async with self.library.ctx.unit_of_work() as session:
            lookup = await session.get(CatalogueLookup, lookup_id)
            request = await session.get(IllRequest, lookup.request_id)
            for name, value in completion.changes.items():
                setattr(request, COLUMNS[name], list(value) if name == "authors" else value)
            request.provenance = {**(request.provenance or {}), **completion.provenance}
            request.holdings = [{k: v for k, v in h.items() if k != "copies"} for h in result.holdings]
            lookup.state, lookup.finished_at, lookup.claimed_until = "done", now, None
            lookup.attempts += 1
            lookup.targets = [o.summary() for o in result.outcomes]
            audit(session, SYSTEM, now, "catalogue_lookup", request.reference, holdings=len(request.holdings),
                  completed=sorted(completion.changes), silent=[o.name for o in result.silent])
            completed = dataclasses.replace(work, **{k: v for k, v in completion.changes.items()
                                                     if k in asked and k != "authors"},
                                            authors=request.authors)
            await tell_staff_lookup_done(self.library, request, completed, result, now)

    async def _failed(self, lookup_id: int, now: dt.datetime, error: str) -> None:
        from core.staff.notify import tell_staff_lookup_failed

        async with self.library.ctx.unit_of_work() as session:
            lookup = await session.get(CatalogueLookup, lookup_id)
            lookup.attempts += 1
            lookup.error, lookup.claimed_until = error[:2000], None
            if lookup.attempts >= MAX_ATTEMPTS:   # staff were told the libraries would follow: they hear it failed
                lookup.state, lookup.finished_at = "failed", now
                await tell_staff_lookup_failed(self.library, lookup.request_id, now)
            else:
                lookup.not_before = now + backoff(lookup.attempts)
