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
