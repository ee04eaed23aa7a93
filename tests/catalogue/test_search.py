"""Union-catalogue search against a real SRU server (Zebra) that the tests fill with MARC records: by ISBN first,
then by title and author, in Turkish, Croatian and Lithuanian with or without diacritics; targets that are down,
silent or answer garbage cost only their own timeout and are named."""
from __future__ import annotations

import time

from core.catalogue.search import search_work
from core.catalogue.settings import CatalogueSettings
from core.domain.works import Work
from tests.catalogue.records import marc, target
from tests.servers.httpstub import closed_port


def settings(*targets) -> CatalogueSettings:
    return CatalogueSettings(targets=list(targets))


async def test_a_hit_by_isbn_ranks_the_libraries_that_hold_it_with_their_call_numbers(union_url):
    work = Work(type="book", title="a title the patron misremembered", isbn="9789750803956")
    result = await search_work(settings(target("TOKAT", union_url)), work)
    outcome = result.outcomes[0]
    assert outcome.ok and [f.matched_by for f in outcome.found] == ["isbn"]
    assert outcome.found[0].record.title == "Osmanlı İmparatorluğu : klasik çağ (1300-1600)"
    assert [(h["library"], h["call_number"]) for h in result.holdings] == [
        ("Ankara Üniversitesi", "DR486 .I53 2003"), ("Hacettepe Üniversitesi", "956.1 INA")]


async def test_an_isbn_10_in_the_catalogue_meets_the_isbn_13_asked_for(union_url):
    result = await search_work(settings(target("NSK", union_url)), Work(type="book", isbn="9789531690003"))
    assert result.holdings[0]["library"] == "Nacionalna i sveučilišna knjižnica u Zagrebu"


async def test_titles_without_diacritics_are_found_in_the_three_languages(union_url):
    cases = [(Work(type="book", title="Osmanli imparatorlugu", authors=["Inalcik, Halil"]), "Ankara Üniversitesi"),
             (Work(type="book", title="Povijest hrvatske knjizevnosti", authors=["Franges, Ivo"]),
              "Nacionalna i sveučilišna knjižnica u Zagrebu"),
             (Work(type="book", title="Lietuviu kalbos gramatika", authors=["Ambrazas"]),
              "Vilniaus universiteto biblioteka")]
    for work, first in cases:
        result = await search_work(settings(target("UNION", union_url)), work)
        assert result.holdings and result.holdings[0]["library"] == first, (work, result.holdings)
        assert {f.matched_by for f in result.found} == {"title"}


async def test_a_title_search_keeps_only_the_work_asked_for_and_merges_its_records(union_url):
    work = Work(type="book", title="OSMANLI İMPARATORLUĞU", authors=["İnalcık"])
    result = await search_work(settings(target("UNION", union_url)), work)
    libraries = [h["library"] for h in result.holdings]
    assert libraries[0] == "Ankara Üniversitesi"   # two records name it: the most copies first
    assert set(libraries) == {"Ankara Üniversitesi", "Hacettepe Üniversitesi", "Boğaziçi Üniversitesi"}
    other = await search_work(settings(target("UNION", union_url)),
                              Work(type="book", title="Povijest hrvatske književnosti", authors=["Novak"]))
    assert [h["library"] for h in other.holdings] == ["Gradska knjižnica Zadar"]


async def test_our_own_library_is_never_offered_as_a_lender(union_url):
    result = await search_work(settings(target("TOKAT", union_url, own_library="Hacettepe Üniversitesi")),
                               Work(type="book", isbn="9789750803956"))
    assert [h["library"] for h in result.holdings] == ["Ankara Üniversitesi"]


async def test_two_targets_one_down_gives_the_others_holdings_and_names_the_one_that_did_not_answer(union_url):
    down = target("KOHA-DOWN", f"http://127.0.0.1:{closed_port()}/db", timeout=2)
    result = await search_work(settings(down, target("UNION", union_url)), Work(type="book", isbn="9789986000006"))
    assert [o.name for o in result.silent] == ["KOHA-DOWN"] and "Connect" in result.silent[0].error
    assert result.holdings[0]["library"] == "Vilniaus universiteto biblioteka"


async def test_a_target_answering_garbage_is_named_and_the_others_still_count(union_url, http_stub):
    http_stub.answer("/html", "<html><body>Service temporarily unavailable</body></html>", content_type="text/html")
    http_stub.answer("/json", '{"error": "no"}')
    http_stub.answer("/broken", '<?xml version="1.0"?><searchRetrieveResponse><records><rec')
    targets = [target("HTML", f"{http_stub.base_url}/html"), target("JSON", f"{http_stub.base_url}/json"),
               target("BROKEN", f"{http_stub.base_url}/broken"), target("UNION", union_url)]
    result = await search_work(settings(*targets), Work(type="book", isbn="9789531690003"))
    errors = {o.name: o.error for o in result.silent}
    assert errors["HTML"].startswith("not an SRU answer") and errors["JSON"].startswith("not XML")
    assert errors["BROKEN"].startswith("not XML")
    assert [h["target"] for h in result.holdings] == ["UNION", "UNION"]


async def test_a_silent_target_costs_only_its_own_timeout(union_url, silent_server):
    silent = target("SILENT", f"{silent_server.base_url}/db", timeout=0.5)
    started = time.monotonic()
    result = await search_work(settings(silent, target("UNION", union_url)), Work(type="book", isbn="9789750803956"))
    assert time.monotonic() - started < 3
    assert result.silent[0].error == "no answer within 0.5 s" and len(result.holdings) == 2


async def test_an_index_the_catalogue_lacks_is_skipped_and_the_title_still_asked(union_url):
    lacking = target("NOISBN", union_url, isbn_index="dc.identifier")   # no record has one: Zebra knows no such index
    result = await search_work(settings(lacking), Work(type="book", isbn="9789750803956",
                                                       title="Osmanlı İmparatorluğu", authors=["İnalcık, Halil"]))
    assert result.outcomes[0].ok and {f.matched_by for f in result.found} == {"title"}


async def test_a_diagnostic_is_reported_in_the_targets_words(union_url):
    bad = target("TYPO", union_url, isbn_index="bahh.isbn")
    result = await search_work(settings(bad), Work(type="book", isbn="9789750803956"))
    assert not result.outcomes[0].ok and result.outcomes[0].error == \
        "info:srw/diagnostic/1/15 Unsupported context set"


async def test_dublin_core_when_the_target_gives_no_marc_and_one_library_is_the_whole_target(union_url):
    dc = target("RIJEKA", union_url, schema="dc", holder="Sveučilišna knjižnica Rijeka", library=None)
    result = await search_work(settings(dc), Work(type="book", title="Povijest hrvatske književnosti",
                                                   authors=["Frangeš, Ivo"]))
    record = result.found[0].record
    assert record.title.startswith("Povijest hrvatske književnosti") and record.authors == ["Frangeš, Ivo"]
    assert [h["library"] for h in result.holdings] == ["Sveučilišna knjižnica Rijeka"]


async def test_records_another_test_wrote_are_in_their_own_database(zebra):
    url = zebra.load([marc("x-1", "Metai", author="Donelaitis, Kristijonas", year=2014,
                           held=(("Klaipėdos universiteto biblioteka", "821.172 Do-73"),))])
    result = await search_work(settings(target("LT", url)), Work(type="book", title="Metų", authors=["Donelaičio"]))
    assert [h["library"] for h in result.holdings] == ["Klaipėdos universiteto biblioteka"]
    none = await search_work(settings(target("LT", url)), Work(type="book", isbn="9789750803956"))
    assert none.holdings == [] and none.outcomes[0].ok
