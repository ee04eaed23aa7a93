"""Items carry their ISBN, authors, year, call number and shelf; `loanbot load` adds them idempotently, and the
library's own copies of a work are found by ISBN or by title and names."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

from core.domain.registry import ItemRecord
from core.domain.titles import authors_agree, title_similarity
from core.domain.works import Work
from tests.conftest import STAFF
from tests.test_cli import POLICY, loanbot

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone.utc)
OSMANLI = ItemRecord("b1", "book", "Osmanlı İmparatorluğu : klasik çağ (1300-1600)", "9789750803956",
                     ("İnalcık, Halil",), 2003, "DR486 .I53", "Main library")


def test_folding_meets_turkish_i_croatian_and_lithuanian_inflection():
    assert title_similarity("OSMANLI IMPARATORLUGU", "Osmanlı İmparatorluğu : klasik çağ") == 1.0
    assert title_similarity("Povijesti hrvatske knjizevnosti", "Povijest hrvatske književnosti") == 1.0
    assert title_similarity("Lietuviu kalbos gramatikos", "Lietuvių kalbos gramatika") == 1.0
    assert title_similarity("Istorija Lietuvos", "Lietuvių kalbos gramatika") < 0.5
    assert authors_agree(["Donelaičio"], ["Donelaitis, Kristijonas"]) and authors_agree(["Marulića"], ["Marulić, Marko"])
    assert not authors_agree(["Novak"], ["Frangeš, Ivo"])


async def test_a_work_is_found_by_isbn_and_by_title_and_author(db, make_library):
    library = await make_library(items=[OSMANLI, ("b2", "book", "Some other book")])
    by_isbn = await library.holdings.owned(Work(type="book", title="whatever", isbn="9789750803956"))
    by_title = await library.holdings.owned(Work(type="book", title="osmanli imparatorlugu", authors=["Inalcik, H."]))
    assert by_isbn.barcodes == ["b1"] and by_isbn.matched_by == "isbn"
    assert by_title.barcodes == ["b1"] and by_title.matched_by == "title"
    assert await library.holdings.owned(Work(type="article", title="Osmanlı İmparatorluğu")) is None
    assert await library.holdings.owned(Work(type="book", title="Osmanlı İmparatorluğu", authors=["Quataert"])) is None


async def test_a_copy_on_loan_says_until_when_and_shelf_copies_come_first(db, make_library):
    second = ItemRecord("b3", "book", OSMANLI.title, OSMANLI.isbn, OSMANLI.authors, 2003, "DR486 .I53 c.2")
    library = await make_library(patrons=[("p1", "staff", "en", "p1@x.edu")], items=[OSMANLI, second])
    await library.circulation.checkout("p1", "b1", NOW, STAFF)
    owned = await library.holdings.owned(Work(type="book", isbn=OSMANLI.isbn, title="x"))
    assert owned.barcodes == ["b3", "b1"] and owned.on_shelf[0].barcode == "b3"
    assert owned.copies[1].due is not None and owned.first_back.barcode == "b1"


async def test_a_changed_title_is_found_under_its_new_words(db, make_library):
    library = await make_library(items=[("b1", "book", "Old title words")])
    changed = await library.registry.upsert_items([ItemRecord("b1", "book", "Povijest Dubrovnika",
                                                              authors=("Harris, Robin",))], NOW, STAFF)
    assert changed == 1
    assert (await library.holdings.owned(Work(type="book", title="Povijesti Dubrovnika", authors=["Harris"]))) \
        is not None
    assert await library.holdings.owned(Work(type="book", title="Old title words")) is None


def test_load_takes_isbn_authors_year_call_number_and_location_and_twice_changes_nothing(tmp_path):
    config = tmp_path / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{POLICY}"\n')
    library = tmp_path / "library.toml"
    library.write_text('[[item]]\nbarcode = "b1"\ntype = "book"\ntitle = "Osmanlı İmparatorluğu"\n'
                       'isbn = "975-08-0395-7"\nauthors = ["İnalcık, Halil"]\nyear = 2003\n'
                       'call_number = "DR486 .I53"\nlocation = "Main library, 2nd floor"\n'
                       '[[item]]\nbarcode = "b2"\ntype = "book"\ntitle = "Metai"\nauthors = "Donelaitis, Kristijonas"\n')
    first = loanbot("load", library, "--config", config)
    second = loanbot("load", library, "--config", config)
    assert first.returncode == second.returncode == 0, first.stderr
    assert "2 items added or changed" in first.stdout and "0 items added or changed" in second.stdout
    with sqlite3.connect(tmp_path / "lib.db") as connection:
        rows = connection.execute("SELECT barcode, isbn, authors, year, call_number, location FROM items "
                                  "ORDER BY barcode").fetchall()
    assert rows[0][:2] + rows[0][3:] == ("b1", "9789750803956", 2003, "DR486 .I53", "Main library, 2nd floor")
    assert json.loads(rows[0][2]) == ["İnalcık, Halil"] and json.loads(rows[1][2]) == ["Donelaitis, Kristijonas"]


def test_load_refuses_an_isbn_whose_check_digit_fails_naming_the_item_and_key(tmp_path):
    config = tmp_path / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{POLICY}"\n')
    library = tmp_path / "library.toml"
    library.write_text('[[item]]\nbarcode = "b1"\ntype = "book"\ntitle = "T"\nisbn = "975-08-0395-1"\n')
    result = loanbot("load", library, "--config", config)
    assert result.returncode == 2 and "item[0].isbn" in result.stderr and "975-08-0395-1" in result.stderr
