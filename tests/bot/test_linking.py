"""Linking: /start, the library e-mail address, then the 6-digit code that was e-mailed there."""
from __future__ import annotations

import pytest

from tests.bot.conftest import code_in


async def test_linking_with_the_emailed_code_connects_the_account(telegram):
    replies = await telegram.send(101, "/start")
    assert "e-mail" in replies[-1]["text"]
    replies = await telegram.send(101, "John@Example.edu")
    assert "6-digit code" in replies[-1]["text"]
    email = (await telegram.emails_to("john@example.edu"))[-1]
    replies = await telegram.send(101, code_in(email.body))
    assert "p-en" in replies[-1]["text"]
    replies = await telegram.send(101, "/loans")
    assert "no loans" in replies[-1]["text"]


async def test_an_unknown_address_gets_the_same_answer_and_no_mail(telegram):
    await telegram.send(102, "/start")
    unknown = await telegram.send(102, "nobody@example.edu")
    await telegram.send(103, "/start")
    known = await telegram.send(103, "ona@example.edu")
    assert unknown[-1]["text"] == known[-1]["text"]
    assert await telegram.emails_to("nobody@example.edu") == []
    assert len(await telegram.emails_to("ona@example.edu")) == 1


async def test_the_card_number_works_like_the_address(telegram):
    await telegram.send(104, "/start")
    await telegram.send(104, "p-hr", "hr")
    email = (await telegram.emails_to("ivana@example.edu"))[-1]
    assert "p-hr" in (await telegram.send(104, code_in(email.body), "hr"))[-1]["text"]


async def test_five_wrong_codes_use_up_the_code(telegram):
    await telegram.send(105, "/start")
    await telegram.send(105, "john@example.edu")
    right = code_in((await telegram.emails_to("john@example.edu"))[-1].body)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        assert "That code is wrong" in (await telegram.send(105, wrong))[-1]["text"]
    assert "Too many" in (await telegram.send(105, wrong))[-1]["text"]
    replies = await telegram.send(105, right)   # now taken as a (non-)address: the code is dead
    assert "p-en" not in replies[-1]["text"]
    assert (await telegram.send(105, "/loans"))[-1]["text"].startswith("Please connect")


async def test_an_expired_code_is_refused(telegram, clock):
    import datetime as dt
    await telegram.send(106, "/start")
    await telegram.send(106, "john@example.edu")
    code = code_in((await telegram.emails_to("john@example.edu"))[-1].body)
    clock.now += dt.timedelta(minutes=31)
    assert "expired" in (await telegram.send(106, code))[-1]["text"]
