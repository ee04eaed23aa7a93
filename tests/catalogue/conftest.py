"""The union catalogue the catalogue tests search: Zebra (scripts/servers/zebra.sh) with the records of
tests/catalogue/records.py, indexed once per session into a database of its own."""
from __future__ import annotations

import pytest

from tests.catalogue.records import RECORDS
from tests.mail.conftest import dovecot_server, imap_box, mail_user, smtp  # noqa: F401 - Dovecot and aiosmtpd here too


@pytest.fixture(scope="session")
def union_url(zebra) -> str:
    """SRU base URL of a Zebra database holding RECORDS."""
    return zebra.load(RECORDS)
