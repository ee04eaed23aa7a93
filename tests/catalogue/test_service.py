"""`loanbot serve` with catalogues configured, end to end through the e-mail front end: a book the library owns
becomes a hold offer answered by e-mail; a book it does not own reaches staff twice, first the request, then the
libraries that hold it, whatever the silent catalogue does."""
from __future__ import annotations

import datetime as dt

from core.domain.registry import ItemRecord
from core.library import Library
from loanbot.config import Config, MailConfig
from loanbot.service import Service
from tests.catalogue.records import target
from tests.conftest import STAFF
from tests.mail.conftest import Clock, VILNIUS, deliver, sent_messages, to
from tests.mail.messages import message

PATRONS = [("p-tr", "student", "tr", "ayse@example.org"), ("p-en", "staff", "en", "john@example.org")]
OWNED = ItemRecord("b-1", "book", "Lietuvių kalbos gramatika", "9789986000006", ("Ambrazas, Vytautas",), 1997,
                   "811.172 Am-22", "Reading room 2")


def about_requests(sent) -> list:
    return [m for m in to(sent, "desk@example.edu") if m["Subject"].startswith("[ILL-")]


def config_for(tmp_path, *targets) -> Config:
    mail = MailConfig(from_address="Test Library <library@example.edu>", maildir=str(tmp_path / "inbox"),
                      outbox_maildir=str(tmp_path / "sent"))
    return Config(mail=mail, base_dir=tmp_path, catalogue=list(targets))


async def test_one_pass_answers_the_patron_then_sends_staff_the_holdings(db, make_library, tmp_path, union_url,
                                                                          silent_server):
    config = config_for(tmp_path, target("SILENT", f"{silent_server.base_url}/db", timeout=1),
                        target("TOKAT", union_url))
    base = await make_library(patrons=PATRONS)
    library = Library(db, base.policy, catalogues=config.catalogues)
    service = Service(library, config, Clock(dt.datetime(2026, 11, 20, 10, tzinfo=VILNIUS)))
    deliver(config, message("ayse@example.org", "Kitap isteği", "Kütüphanelerarası ödünç talebi:\n"
                            "Yazar: Halil İnalcık\nEser adı: Osmanlı İmparatorluğu\nYıl: 2003"))
    report = await service.run_once()
    assert report["catalogue"] == 1
    sent = sent_messages(config)
    assert "ILL-1" in to(sent, "ayse@example.org")[0].get_content()
    staff = about_requests(sent)   # (Maildir names do not sort by time within a second: found by content)
    holdings = next(m for m in staff if "TOKAT" in m.get_content())
    assert len(staff) == 2 and "TOKAT" not in next(m for m in staff if m is not holdings).get_content()
    assert "Ankara Üniversitesi, DR486 .I53 2003 (TOKAT" in holdings.get_content()
    assert "SILENT" in holdings.get_content() and "Ref: ILL-1-" in holdings.get_content()


async def test_a_book_the_library_owns_gets_a_hold_offer_by_mail_and_yes_places_the_hold(db, make_library, tmp_path,
                                                                                          union_url):
    config = config_for(tmp_path, target("LIBIS", union_url))
    base = await make_library(patrons=PATRONS, items=[OWNED])
    await base.circulation.checkout("p-en", "b-1", dt.datetime(2026, 11, 10, 10, tzinfo=VILNIUS), STAFF)
    library = Library(db, base.policy, catalogues=config.catalogues)
    clock = Clock(dt.datetime(2026, 11, 20, 10, tzinfo=VILNIUS))
    service = Service(library, config, clock)
    deliver(config, message("ayse@example.org", "Kitap", "Kütüphanelerarası ödünç talebi:\n"
                            "Yazar: Ambrazas, Vytautas\nEser adı: Lietuviu kalbos gramatika"))
    await service.run_once()
    offer = to(sent_messages(config), "ayse@example.org")[0].get_content()
    assert "ILL-" not in offer and "811.172" not in offer and "evet" in offer
    clock.advance(hours=3)
    deliver(config, message("ayse@example.org", "Re: Kitap", "Evet, lütfen.\n\n> " + "\n> ".join(offer.splitlines()),
                            message_id="<yes@patrons.example.org>"))
    report = await service.run_once()
    assert report.get("catalogue", 0) == 0   # no ILL request, no look-up
    answer = next(m for m in to(sent_messages(config), "ayse@example.org")
                  if m["In-Reply-To"] == "<yes@patrons.example.org>").get_content()
    assert "b-1" in answer
    assert (await library.ill.view("ILL-1")) is None
    assert about_requests(sent_messages(config)) == []   # staff hear of no request (the daily digest aside)
