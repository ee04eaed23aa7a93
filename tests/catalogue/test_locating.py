"""Staff locate a request at a library the union catalogue found, with one reply: `loanbot serve` against Dovecot,
aiosmtpd and Zebra. A patron asks for a book the library does not own; staff get the request, then the holding
libraries numbered best first (with the Ref line); "locate 2" (or "Bulundu: 2") picks the second, and the
confirmation names it. The command line's `ill show` lists the same numbers; `ill REF locate --lender` is as ever."""
from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest

from core.library import Library
from core.staff.views import request_view
from loanbot.service import Service
from tests.catalogue.records import target
from tests.mail.conftest import Clock, received, server_config
from tests.mail.messages import message, staff_reply
from tests.staff.test_desk_cli import TOKAT
from tests.test_cli import loanbot

ISTANBUL = ZoneInfo("Europe/Istanbul")
STAFF = "kutuphane-okuyucu@uni.example.edu.tr"
PATRON = "elif@ogrenci.example.edu.tr"
REQUEST = ("Merhaba,\n\nAşağıdaki kitabı başka bir kütüphaneden getirtebilir misiniz?\n\nYazar: Halil İnalcık\n"
           "Kitap adı: Osmanlı İmparatorluğu: Klasik Çağ (1300-1600)\nYıl: 2003\nISBN: 975-08-0395-7\n\n"
           "Teşekkürler,\nElif Kaya\n")
# Found by its ISBN (tests/catalogue/records.py, OSMANLI): the libraries of that record, in its order.
HOLDERS = ["Ankara Üniversitesi", "Hacettepe Üniversitesi"]


class Mailroom:
    """Mail goes into Dovecot; one pass of `loanbot serve --once`, with the union catalogue configured, answers it;
    what aiosmtpd received in that pass is read back by recipient."""

    def __init__(self, library, config, clock, imap_box, smtp):
        self.library, self.config, self.clock, self.imap, self.smtp = library, config, clock, imap_box, smtp

    async def send(self, raw: bytes | None = None) -> dict:
        self.clock.advance(minutes=10)
        self.smtp.clear()
        if raw is not None:
            self.imap.append(raw)
        return await Service(self.library, self.config, self.clock).run_once()

    def to(self, address: str):
        return received(self.smtp, address)


def text(msg) -> str:
    return msg.get_content().replace("\r\n", "\n")


@pytest.fixture
async def mailroom(make_library, tmp_path, imap_box, smtp, union_url):
    base = await make_library("tokat.toml", patrons=[("P1", "student", "tr", PATRON, "Elif Kaya")])
    config = server_config(tmp_path, imap_box, smtp).model_copy(update={"catalogue": [target("TOKAT", union_url)]})
    library = Library(base.db, base.policy, catalogues=config.catalogues)
    room = Mailroom(library, config, Clock(dt.datetime(2026, 11, 24, 9, 30, tzinfo=ISTANBUL)), imap_box, smtp)
    await room.send()   # today's (empty) digest goes out first
    return room


async def staff_get_the_holding_libraries(room: Mailroom):
    """The patron's request, answered; staff get the request, then the look-up: the follow-up message."""
    report = await room.send(message(PATRON, "Kitap isteği", REQUEST))
    assert report["catalogue"] == 1
    [reply] = room.to(PATRON)
    assert "ILL-1" in text(reply)
    staff = {m["Subject"]: m for m in room.to(STAFF)}
    assert len(staff) == 2, list(staff)
    request = next(m for s, m in staff.items() if "Katalog" not in s)
    follow_up = next(m for s, m in staff.items() if "Katalog" in s)
    assert "ayrı bir mesajla" in text(request)   # tr: the libraries follow in a message of their own
    return follow_up


async def test_staff_read_the_holding_libraries_numbered_and_locate_the_second_with_one_reply(mailroom):
    room = mailroom
    follow_up = await staff_get_the_holding_libraries(room)
    body = text(follow_up)
    numbered = re.findall(r"^\s+(\d)\. ([^,(]+)", body, re.MULTILINE)
    assert numbered == [(str(n), name) for n, name in enumerate(HOLDERS, start=1)], body
    assert "Ankara Üniversitesi, DR486 .I53 2003" in body and "locate 1" in body
    assert re.search(r"Ref: ILL-1-[0-9a-f]{16}", body) and "+ILL-1-" in follow_up["Reply-To"]
    await room.send(staff_reply(follow_up, "locate 2", sender=STAFF))
    view = await request_view(room.library, "ILL-1")
    assert (view.state, view.lender, view.foreign) == ("located", "Hacettepe Üniversitesi", False)
    assert [(h.event, h.channel, h.who) for h in view.history][-1] == ("locate", "email", STAFF)
    [confirmation] = room.to(STAFF)
    assert "(located)" in text(confirmation) and "Hacettepe Üniversitesi" in text(confirmation)
    assert room.to(PATRON) == []   # locating is the desk's business


@pytest.mark.parametrize("words, lender, foreign", [
    ("Bulundu: 2", "Hacettepe Üniversitesi", False),       # the natural Turkish form, with a number
    ("locate foreign 1", "Ankara Üniversitesi", True),     # what staff say of the library wins
    ("locate Ankara Üniversitesi", "Ankara Üniversitesi", False),   # a name still works
])
async def test_natural_and_canonical_forms_name_a_holding_library_by_its_number(mailroom, words, lender, foreign):
    room = mailroom
    follow_up = await staff_get_the_holding_libraries(room)
    await room.send(staff_reply(follow_up, words, sender=STAFF))
    view = await request_view(room.library, "ILL-1")
    assert (view.state, view.lender, view.foreign) == ("located", lender, foreign)


async def test_a_number_that_is_not_on_the_list_changes_nothing_and_says_what_is_missing(mailroom):
    room = mailroom
    follow_up = await staff_get_the_holding_libraries(room)
    await room.send(staff_reply(follow_up, "locate 7", sender=STAFF))
    assert (await request_view(room.library, "ILL-1")).state == "requested"
    [answer] = room.to(STAFF)
    assert "locate" in text(answer) and "Ref: ILL-1-" in text(answer)


async def test_a_number_from_a_forged_sender_changes_nothing(mailroom):
    room = mailroom
    follow_up = await staff_get_the_holding_libraries(room)
    await room.send(staff_reply(follow_up, "locate 2", sender="impostor@example.org"))
    assert (await request_view(room.library, "ILL-1")).state == "requested"


# --- the command line -------------------------------------------------------------------------------------------
def test_ill_show_lists_the_holding_libraries_and_locate_by_name_is_unchanged(tmp_path, union_url):
    config = tmp_path / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{TOKAT}"\n'
                      f'[[catalogue]]\nname = "TOKAT"\nurl = "{union_url}"\ntimeout = 5\n')
    readers = tmp_path / "readers.toml"
    readers.write_text(f'[[patron]]\nid = "P1"\ncategory = "student"\nlanguage = "tr"\nemail = "{PATRON}"\n')
    env = {"LOANBOT_NOW": "2026-11-24T09:30"}
    assert loanbot("load", readers, "--config", config, env=env).returncode == 0
    made = loanbot("ill", "new", "P1", "--type", "book", "--title", "Osmanlı İmparatorluğu", "--authors",
                   "İnalcık, Halil", "--isbn", "975-08-0395-7", "--json", "--config", config, env=env)
    assert made.returncode == 0, made.stderr
    before = json.loads(loanbot("ill", "show", "ILL-1", "--json", "--config", config, env=env).stdout)
    assert before["holdings"] == []   # not looked up yet: the look-up runs in `serve`
    assert loanbot("serve", "--once", "--config", config, env=env).returncode == 0
    shown = loanbot("ill", "show", "ILL-1", "--config", config, env=env)
    lines = [line.strip() for line in shown.stdout.splitlines()]
    assert [line.split(",")[0] for line in lines if re.match(r"\d\. ", line)] == [
        f"{n}. {name}" for n, name in enumerate(HOLDERS, start=1)], shown.stdout
    answer = json.loads(loanbot("ill", "show", "ILL-1", "--json", "--config", config, env=env).stdout)
    assert [(h["library"], h["matched_by"]) for h in answer["holdings"]] == [(n, "isbn") for n in HOLDERS]
    assert {"request", "state", "patron", "lender", "foreign", "lender_due", "due", "history"} <= set(answer)
    located = loanbot("ill", "ILL-1", "locate", "--lender", "Hacettepe Üniversitesi", "--json", "--config", config,
                      env=env)
    assert located.returncode == 0 and json.loads(located.stdout)["state"] == "located"
