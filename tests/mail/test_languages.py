"""Replies go out in the language the patron wrote in, with dates and money written the way that language does
(Babel); the words themselves come from the catalogs another engineer is writing."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_currency
from sqlalchemy import select

from core.plumbing.context import Actor
from core.storage.models import Loan
from mail.frontend import MailFrontEnd
from tests.mail.conftest import VILNIUS, received
from tests.mail.messages import EN_STATUS_BODY, HR_RENEW_BODY, LT_FINES_BODY, message

DESK = Actor("staff", "desk@example.edu", "cli")


async def test_a_croatian_renewal_is_answered_in_croatian_with_the_new_due_date(
        library, servers_config, clock, imap_box, smtp):
    await library.circulation.checkout("p-hr", "b-1", dt.datetime(2026, 2, 20, 12, tzinfo=VILNIUS), DESK)
    imap_box.append(message("ivan@example.org", "Produženje", HR_RENEW_BODY))
    await MailFrontEnd(library, servers_config, clock).run_once()
    [reply] = received(smtp, "ivan@example.org")
    assert reply["Content-Language"] == "hr" and reply["Subject"] == "Re: Produženje"
    async with library.db.session() as session:
        loan = (await session.execute(select(Loan))).scalar_one()
    assert loan.renewals == 1
    assert format_date(loan.due_at.astimezone(VILNIUS).date(), format="long", locale="hr") in reply.get_content()


async def test_a_lithuanian_question_about_fines_is_answered_in_lithuanian_with_the_amount(
        library, servers_config, clock, imap_box, smtp):
    await library.circulation.checkout("p-lt", "b-2", dt.datetime(2026, 1, 5, 12, tzinfo=VILNIUS), DESK)
    imap_box.append(message("ona@example.org", "Baudos", LT_FINES_BODY))
    await MailFrontEnd(library, servers_config, clock).run_once()
    [reply] = received(smtp, "ona@example.org")
    assert reply["Content-Language"] == "lt"
    balance = (await library.accounts.account("p-lt", clock())).balance
    assert balance > 0
    assert format_currency(balance, "EUR", locale="lt") in reply.get_content()


async def test_an_english_status_question_lists_the_requests_in_english(
        library, servers_config, clock, imap_box, smtp):
    imap_box.append(message("john@example.org", "Kitap", "Merhaba,\n\nYazar: Eco, Umberto\nBaşlık: Il nome della "
                            "rosa\nYıl: 1980\nISBN: 9788845292613\n\nTeşekkürler\n"))
    imap_box.append(message("john@example.org", "ILL status", EN_STATUS_BODY))
    await MailFrontEnd(library, servers_config, clock).run_once()
    first, second = received(smtp, "john@example.org")
    assert first["Content-Language"] == "tr"
    assert second["Content-Language"] == "en"
    assert "ILL-1" in second.get_content() and "Il nome della rosa" in second.get_content()
