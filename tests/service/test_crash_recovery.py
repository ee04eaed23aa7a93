"""`loanbot serve` as a process: killed with SIGKILL while sending, restarted, nothing lost and nothing sent twice;
stopped with SIGTERM, it finishes and exits cleanly. Real processes, a real SMTP server, a real database."""
from __future__ import annotations

import asyncio
import email
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.servers.common import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
POLICY = ROOT / "tests" / "data" / "policies" / "lending.toml"
NOW = "2026-11-20T09:00"


class HangingSmtp:
    """Accepts the first message, then never answers the DATA of the next ones until released."""

    def __init__(self):
        self.accepted: list[email.message.Message] = []
        self.hanging = threading.Event()
        self.release = None
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        if self.release is not None and len(self.accepted) >= 1:
            self.hanging.set()
            await self.release.wait()
            return "451 try again later"  # the client is gone by then: nothing is accepted
        self.accepted.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def start(self):
        self.controller.start()
        self.release = asyncio.Event()
        return self

    def unblock(self):
        loop = self.controller.loop
        loop.call_soon_threadsafe(self.release.set)
        loop.call_soon_threadsafe(setattr, self, "release", None)


def write_library(tmp: Path, smtp_port: int) -> Path:
    (tmp / "inbox" / "new").mkdir(parents=True)
    config = tmp / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///loanbot.db"\npolicy = "{POLICY}"\n[mail]\n'
                      f'maildir = "inbox"\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\n'
                      f'smtp_starttls = false\nfrom_address = "Library <library@example.edu>"\n')
    people = "".join(f'[[patron]]\nid = "p{i}"\ncategory = "staff"\nlanguage = "en"\nemail = "p{i}@example.edu"\n'
                     f'[[item]]\nbarcode = "w{i}"\ntype = "week"\ntitle = "Book {i}"\n'
                     f'[[loan]]\npatron = "p{i}"\nitem = "w{i}"\nat = "2026-11-02T10:00"\n' for i in range(1, 5))
    library = tmp / "library.toml"
    library.write_text(people)
    return config


def loanbot(*args, now=NOW, cwd=None, **kw):
    env = {**os.environ, "LOANBOT_NOW": now}
    return subprocess.Popen([sys.executable, "-m", "loanbot.cli", *map(str, args)], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def test_a_serve_killed_while_sending_loses_nothing_and_sends_nothing_twice(tmp_path):
    smtp = HangingSmtp().start()
    try:
        config = write_library(tmp_path, smtp.port)
        assert loanbot("load", tmp_path / "library.toml", "--config", config).wait(60) == 0
        serve = loanbot("serve", "--config", config)
        assert smtp.hanging.wait(60), serve.communicate(timeout=5)[0] if serve.poll() is not None else "no send"
        serve.send_signal(signal.SIGKILL)   # in the middle of the second message
        serve.wait(10)
        assert len(smtp.accepted) == 1
        smtp.unblock()
        # Restarted at the same moment, well within the killed process's 5-minute outbox lease: the new process
        # sees that the lease holder (this host, that pid) is gone and sends its claimed mail now.
        again = loanbot("serve", "--once", "--config", config, now=NOW)
        output = again.communicate(timeout=120)[0]
        assert again.returncode == 0, output
        recipients = sorted(m["To"] for m in smtp.accepted)
        # four overdue reminders and the staff digest (it is past digest_time), each exactly once
        assert recipients == ["desk@example.edu", "p1@example.edu", "p2@example.edu", "p3@example.edu",
                              "p4@example.edu"], recipients
    finally:
        smtp.controller.stop()


def test_sigterm_finishes_the_work_in_hand_and_exits_cleanly(tmp_path):
    smtp = HangingSmtp()
    smtp.controller.start()  # never hangs: release stays None
    try:
        config = write_library(tmp_path, smtp.port)
        assert loanbot("load", tmp_path / "library.toml", "--config", config).wait(60) == 0
        serve = loanbot("serve", "--config", config)
        deadline = time.monotonic() + 60
        while len(smtp.accepted) < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
        serve.send_signal(signal.SIGTERM)
        output = serve.communicate(timeout=60)[0]
        assert serve.returncode == 0, output
        assert "loanbot stopped" in output
        assert len(smtp.accepted) == 5  # four reminders and the digest
    finally:
        smtp.controller.stop()
