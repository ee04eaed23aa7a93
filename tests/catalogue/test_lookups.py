"""The background look-up of a new ILL request: the patron's reply never waits for a catalogue; the worker stores
the ranked holdings with the request, completes the reference (union catalogue or Crossref) recording where each
field came from, and staff get a second message with all of it, naming the catalogues that did not answer."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.catalogue import lookups as lookups_module
from core.catalogue.lookups import CatalogueLookups
from core.catalogue.settings import CatalogueSettings, CrossrefSettings
from core.dialogue.assistant import Assistant, Sender
from core.plumbing.i18n import Translator
from core.storage.models import CatalogueLookup, IllRequest, OutboxMessage
from core.understanding import understand_text
from tests.catalogue.records import target
from tests.servers.httpstub import closed_port

VILNIUS = ZoneInfo("Europe/Vilnius")
NOW = dt.datetime(2026, 11, 20, 10, tzinfo=VILNIUS)
PATRONS = [("p1", "staff", "hr", "marko@example.hr"), ("p2", "staff", "lt", "ona@example.lt")]
DOI = "10.5555/lt-evid-2019"
CROSSREF_WORK = {"status": "ok", "message-type": "work", "message": {
    "DOI": DOI, "type": "journal-article", "title": ["Evidentiality in Lithuanian: a corpus study"],
    "author": [{"given": "Ona", "family": "Petraitytė", "sequence": "first"}], "container-title": ["Baltistica"],
    "volume": "54", "issue": "2", "page": "201–230", "ISSN": ["0132-6503"], "publisher": "Vilnius University Press",
    "issued": {"date-parts": [[2019, 12]]}}}


async def ask(library, text: str, code: str = "p1", language: str = "hr"):
    async with library.ctx.unit_of_work():
        return await Assistant(library).answer(Sender(code, language), understand_text(text), NOW, "email",
                                               text=text)


async def staff_mail(db) -> list[OutboxMessage]:
    async with db.session() as session:
        return list((await session.execute(select(OutboxMessage).where(
            OutboxMessage.recipient == "desk@example.edu").order_by(OutboxMessage.id))).scalars())


async def request_row(db, number: int = 1) -> IllRequest:
    async with db.session() as session:
        return await session.get(IllRequest, number)


async def test_the_patron_is_answered_before_any_catalogue_is_asked(db, make_library, http_stub):
    catalogues = CatalogueSettings(targets=[target("STUB", f"{http_stub.base_url}/db")])
    library = await make_library(patrons=PATRONS, catalogues=catalogues)
    reply = await ask(library, "Molim međuknjižničnu posudbu:\nAutor: Ivo Frangeš\n"
                               "Naslov: Povijest hrvatske književnosti\nISBN: 953-169-000-6")
    assert "ILL-1" in reply.text and http_stub.requests == []
    async with db.session() as session:
        lookup = (await session.execute(select(CatalogueLookup))).scalar_one()
    assert lookup.state == "pending" and len(await staff_mail(db)) == 1   # the new-request notification alone
    assert await CatalogueLookups(library).run_once(NOW) == 1
    assert http_stub.requests and "query=bath.isbn" in http_stub.requests[0]


async def test_holdings_are_stored_with_the_request_and_follow_to_staff_naming_the_silent_target(db, make_library,
                                                                                                 union_url):
    down = target("KOHA-DOWN", f"http://127.0.0.1:{closed_port()}/db", timeout=2)
    catalogues = CatalogueSettings(targets=[down, target("CROSBI", union_url)])
    library = await make_library(patrons=PATRONS, catalogues=catalogues)
    await ask(library, "Molim međuknjižničnu posudbu:\nAutor: Ivo Franges\nNaslov: Povijest hrvatske knjizevnosti")
    await CatalogueLookups(library).run_once(NOW)
    request = await request_row(db)
    assert [(h["library"], h["call_number"], h["target"]) for h in request.holdings] == [
        ("Nacionalna i sveučilišna knjižnica u Zagrebu", "821.163.42(091) FRA", "CROSBI"),
        ("Sveučilišna knjižnica Rijeka", "821.163.42 FRA p", "CROSBI")]
    notification, holdings = await staff_mail(db)
    assert holdings.subject.startswith("[ILL-1]") and holdings.headers["reply_token"] == \
        notification.headers["reply_token"]
    assert "1. Nacionalna i sveučilišna knjižnica u Zagrebu, 821.163.42(091) FRA (CROSBI" in holdings.body
    assert "KOHA-DOWN" in holdings.body and "2. Sveučilišna knjižnica Rijeka" in holdings.body
    async with db.session() as session:
        lookup = (await session.execute(select(CatalogueLookup))).scalar_one()
    assert lookup.state == "done" and {t["name"]: t["ok"] for t in lookup.targets} == {"KOHA-DOWN": False,
                                                                                        "CROSBI": True}


async def test_an_isbn_completes_the_reference_and_staff_see_where_each_field_came_from(db, make_library,
                                                                                       union_url):
    library = await make_library(patrons=PATRONS, catalogues=CatalogueSettings(targets=[target("TOKAT", union_url)]))
    await ask(library, "Molim međuknjižničnu posudbu:\nNaslov: Osmanlijsko carstvo\nGodina: 2004\n"
                       "ISBN: 975-08-0395-7")
    await CatalogueLookups(library).run_once(NOW)
    request = await request_row(db)
    assert (request.publisher, request.year, request.authors) == ("Yapı Kredi Yayınları", 2003, ["İnalcık, Halil"])
    assert request.title == "Osmanlijsko carstvo"   # too unlike the record to be a misreading: kept, and shown
    assert request.provenance == {
        "title": {"source": "patron", "record": "Osmanlı İmparatorluğu : klasik çağ (1300-1600)",
                  "record_source": "TOKAT"},
        "authors": {"source": "TOKAT"}, "year": {"source": "TOKAT", "was": 2004},
        "publisher": {"source": "TOKAT"}}
    body = (await staff_mail(db))[-1].body
    assert "«2004»" in body and "«Osmanlı İmparatorluğu : klasik çağ (1300-1600)»" in body   # was / record
    assert "1. Ankara Üniversitesi, DR486 .I53 2003 (TOKAT)" in body


async def test_a_doi_is_completed_from_crossref_and_a_misread_title_corrected(db, make_library, http_stub):
    http_stub.answer(f"/works/{DOI}", json.dumps(CROSSREF_WORK))
    catalogues = CatalogueSettings(crossref=CrossrefSettings(url=http_stub.base_url, mailto="ill@example.edu"))
    library = await make_library(patrons=PATRONS, catalogues=catalogues)
    reply = await ask(library, "Prašau užsakyti straipsnio kopiją:\nPavadinimas: Evidentiality in Lithuanain\n"
                               f"DOI: {DOI}", "p2", "lt")
    assert "ILL-1" in reply.text
    await CatalogueLookups(library).run_once(NOW)
    request = await request_row(db)
    assert (request.title, request.container, request.volume, request.issue, request.pages, request.year) == (
        "Evidentiality in Lithuanian: a corpus study", "Baltistica", "54", "2", "201-230", 2019)
    assert request.provenance["title"] == {"source": "Crossref", "was": "Evidentiality in Lithuanain"}
    assert request.provenance["container"] == {"source": "Crossref"}
    assert any("mailto=ill%40example.edu" in path for path in http_stub.requests)
    assert "Crossref" in (await staff_mail(db))[-1].body


async def test_crossref_not_knowing_the_doi_completes_nothing_and_says_nothing_false(db, make_library, http_stub):
    catalogues = CatalogueSettings(crossref=CrossrefSettings(url=http_stub.base_url))
    library = await make_library(patrons=PATRONS, catalogues=catalogues)
    await ask(library, f"Prašau užsakyti straipsnio kopiją:\nPavadinimas: Nežinomas straipsnis\nDOI: {DOI}",
              "p2", "lt")
    await CatalogueLookups(library).run_once(NOW)
    request = await request_row(db)
    assert request.provenance == {} and request.holdings == [] and request.title == "Nežinomas straipsnis"


async def test_a_look_up_that_fails_on_our_side_is_tried_again_later_and_never_lost(db, make_library, union_url,
                                                                                    monkeypatch):
    library = await make_library(patrons=PATRONS, catalogues=CatalogueSettings(targets=[target("U", union_url)]))
    await ask(library, "Molim međuknjižničnu posudbu:\nNaslov: Povijest hrvatske književnosti\nAutor: Frangeš")

    async def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")
    monkeypatch.setattr(lookups_module, "search_work", broken)
    await CatalogueLookups(library).run_once(NOW)
    async with db.session() as session:
        lookup = (await session.execute(select(CatalogueLookup))).scalar_one()
    assert (lookup.state, lookup.attempts) == ("pending", 1) and "database hiccup" in lookup.error
    assert lookup.not_before > NOW and len(await staff_mail(db)) == 1
    monkeypatch.undo()
    assert await CatalogueLookups(library).run_once(NOW) == 0            # not before its backoff
    assert await CatalogueLookups(library).run_once(NOW + dt.timedelta(minutes=5)) == 1
    assert (await request_row(db)).holdings and len(await staff_mail(db)) == 2


async def test_a_claimed_look_up_of_a_process_that_died_is_done_when_its_lease_runs_out(db, make_library, union_url):
    library = await make_library(patrons=PATRONS, catalogues=CatalogueSettings(targets=[target("U", union_url)]))
    await ask(library, "Molim međuknjižničnu posudbu:\nNaslov: Povijest hrvatske književnosti\nAutor: Frangeš")
    dead = CatalogueLookups(library)
    assert await dead._claim(NOW) == [1]                     # claimed, then the process died
    assert await CatalogueLookups(library).run_once(NOW) == 0
    assert await CatalogueLookups(library).run_once(NOW + dead.lease + dt.timedelta(seconds=1)) == 1


async def test_a_look_up_that_keeps_failing_gives_up_and_staff_hear_it_once(db, make_library, union_url, monkeypatch):
    library = await make_library(patrons=PATRONS, catalogues=CatalogueSettings(targets=[target("U", union_url)]))
    await ask(library, "Molim međuknjižničnu posudbu:\nNaslov: Povijest hrvatske književnosti\nAutor: Frangeš")

    async def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")
    monkeypatch.setattr(lookups_module, "search_work", broken)
    for day in range(1, lookups_module.MAX_ATTEMPTS + 2):   # one more pass than attempts: nothing left to do
        await CatalogueLookups(library).run_once(NOW + dt.timedelta(days=day))
    async with db.session() as session:
        lookup = (await session.execute(select(CatalogueLookup))).scalar_one()
    assert (lookup.state, lookup.attempts) == ("failed", lookups_module.MAX_ATTEMPTS)
    notification, gave_up = await staff_mail(db)   # the libraries were promised: staff hear they will not come
    failed = Translator(library.policy.library.staff_lang).gettext(
        "Libraries that hold it: the catalogue look-up failed.")
    assert gave_up.subject.startswith("[ILL-1]") and failed in gave_up.body
    assert gave_up.headers["reply_token"] == notification.headers["reply_token"]
