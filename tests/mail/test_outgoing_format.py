"""What our e-mails look like on the wire: stable Message-IDs, and a linking code that is the only 6-digit number
anywhere in the raw message (contracts §4), readable without decoding."""
from __future__ import annotations

import datetime as dt
import re

from core.plumbing.i18n import Translator
from core.dialogue.linking import code_email
from core.plumbing.outbox import Outgoing
from mail.addresses import OwnAddress
from mail.sender import build_message, message_id_for

OWN = OwnAddress.parse("Library <library@example.edu>")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)


def row(body: str, row_id: int = 123456, subject: str = "Code") -> Outgoing:
    return Outgoing(row_id, "ona@example.lt", subject, body, {"auto_submitted": "auto-generated"}, 0)


def test_the_message_id_of_a_row_is_stable_and_has_no_run_of_digits():
    first, again = message_id_for(row("text"), OWN), message_id_for(row("text"), OWN)
    assert first == again and first.endswith("@example.edu>")
    assert not re.search(r"\d{3}", first)


def test_a_linking_code_is_the_only_six_digit_number_in_the_raw_message_in_every_language():
    for language in ("tr", "hr", "lt", "en"):
        subject, body = code_email(Translator(language), "Vilniaus universiteto biblioteka", "482913")
        raw = build_message(row(body, subject=subject), OWN, NOW).as_bytes()
        assert re.findall(rb"\d{6}", raw) == [b"482913"], language
