"""PostgreSQL: the URL of a running throwaway server (scripts/servers/postgres.sh)."""
from __future__ import annotations

import os

from .common import run_script


def start_postgres() -> str:
    """Return a SQLAlchemy async URL for the test database.

    Uses ``LOANBOT_TEST_PG_URL`` when set; otherwise runs ``scripts/servers/postgres.sh
    start`` (which installs PostgreSQL if needed) and returns the URL it prints.
    """
    url = os.environ.get("LOANBOT_TEST_PG_URL", "").strip()
    if url:
        return url
    out = run_script("postgres.sh", "start").strip().splitlines()
    if not out or "://" not in out[-1]:
        raise RuntimeError(f"postgres.sh start printed no URL: {out!r}")
    return out[-1].strip()
