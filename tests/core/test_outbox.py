"""Leases held by a killed process: a restarted sender of the same host and role gives them back at once; leases of
live processes, of other hosts and of other roles wait for their time as before."""
from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess

from sqlalchemy import select

from core.plumbing.outbox import LEASE, Outbox, worker_name
from core.storage.models import OutboxMessage

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


async def test_a_restarted_sender_releases_only_the_leases_of_its_dead_predecessors(db):
    host, gone = socket.gethostname(), dead_pid()
    holders = {
        "dead": f"telegram@{host}:{gone}",
        "alive": f"telegram@{host}:{os.getppid()}",        # the test runner's parent: still running
        "other host": f"telegram@elsewhere.example:{gone}",
        "other role": f"mail@{host}:{gone}",
    }
    async with db.session() as session, session.begin():
        for n, (label, holder) in enumerate(holders.items()):
            session.add(OutboxMessage(channel="telegram", recipient=str(100 + n), subject="", body=label, headers={},
                                      created_at=NOW, not_before=NOW, attempts=0, claimed_by=holder,
                                      claimed_until=NOW + LEASE))
        session.add(OutboxMessage(channel="telegram", recipient="200", subject="", body="sent already", headers={},
                                  created_at=NOW, not_before=NOW, attempts=1, claimed_by=holders["dead"],
                                  claimed_until=NOW + LEASE, sent_at=NOW))
    outbox = Outbox(db, worker_name("telegram"))
    assert await outbox.release_orphans(NOW + dt.timedelta(seconds=5)) == 1
    assert [row.body for row in await outbox.claim("telegram", NOW + dt.timedelta(seconds=6))] == ["dead"]
    async with db.session() as session:
        rows = {row.body: row for row in (await session.execute(select(OutboxMessage))).scalars()}
    assert rows["dead"].claimed_by == outbox.worker                  # now leased to the new process
    for label in ("alive", "other host", "other role"):
        assert rows[label].claimed_by == holders[label] and rows[label].claimed_until is not None
    assert await outbox.release_orphans(NOW + dt.timedelta(seconds=7)) == 0   # its own lease is not an orphan


async def test_a_sender_with_a_shared_name_releases_nothing(db):
    async with db.session() as session, session.begin():
        session.add(OutboxMessage(channel="email", recipient="a@example.edu", subject="s", body="b", headers={},
                                  created_at=NOW, not_before=NOW, attempts=0, claimed_by="loanbot-mail",
                                  claimed_until=NOW + LEASE))
    assert await Outbox(db, "loanbot-mail").release_orphans(NOW) == 0
