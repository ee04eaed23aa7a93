"""One pass of `loanbot serve --once`: a patron who wrote gets one e-mail, the answer to their message with what
was due for them in it, not an answer plus a letter per loan."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.storage.models import Notice
from loanbot.service import Service
from tests.conftest import STAFF
from tests.mail.conftest import VILNIUS, deliver, sent_messages, to
from tests.mail.messages import message


async def test_the_reply_carries_the_letter_of_the_same_pass(library, config, clock):
    for barcode in ("b-1", "b-2"):                                   # due Mon 23 Mar, both
        assert (await library.circulation.checkout("p-en", barcode, clock(), STAFF)).ok
    clock.now = dt.datetime(2026, 3, 25, 9, 0, tzinfo=VILNIUS)     # both overdue since yesterday
    deliver(config, message("john@example.org", "My account", "How much do I owe?",
                            message_id="<owe-1@patrons.example.org>"))
    service = Service(library, config, clock)
    await service.run_once()
    [mail] = to(sent_messages(config), "john@example.org")
    body = mail.get_content()
    assert mail["In-Reply-To"] == "<owe-1@patrons.example.org>" and mail["Subject"] == "Re: My account"
    assert body.index("You owe") < body.index("Also from your library account:") \
        < body.index("These 2 loans are overdue:")
    assert "Gramatika hrvatskoga jezika" in body and "Lietuvių kalbos gramatika" in body
    async with library.db.session() as session:
        channels = list((await session.execute(select(Notice.channel))).scalars())
    assert channels and set(channels) <= {"email", "superseded"}


async def test_a_patron_who_did_not_write_gets_their_letter_alone(library, config, clock):
    assert (await library.circulation.checkout("p-lt", "b-2", clock(), STAFF)).ok
    clock.now = dt.datetime(2026, 3, 21, 9, 0, tzinfo=VILNIUS)      # due soon
    await Service(library, config, clock).run_once()
    [letter] = to(sent_messages(config), "ona@example.org")
    assert letter["Auto-Submitted"] == "auto-generated" and "«Lietuvių kalbos gramatika» (b-2)" in letter.get_content()
