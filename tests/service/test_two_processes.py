"""Two `loanbot serve` processes on one PostgreSQL database, one mailbox and one Telegram bot: every message is
answered exactly once (intake rows, outbox rows and Telegram updates are claimed, never taken twice)."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections import Counter
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
POLICY = ROOT / "tests" / "data" / "policies" / "lending.toml"
NOW = "2026-11-20T07:00"  # before digest_time, so that only answers are sent
PATRONS = 6


def library_file(tmp: Path) -> Path:
    path = tmp / "library.toml"
    path.write_text("".join(
        f'[[patron]]\nid = "p{i}"\ncategory = "staff"\nlanguage = "en"\nemail = "p{i}@example.edu"\n'
        f'[[item]]\nbarcode = "b{i}"\ntype = "book"\ntitle = "Book {i}"\n'
        f'[[loan]]\npatron = "p{i}"\nitem = "b{i}"\nat = "2026-11-16T10:00"\n' for i in range(PATRONS)))
    return path


def patron_mail(i: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"Patron {i} <p{i}@example.edu>"
    message["To"] = "library@example.edu"
    message["Subject"] = "My loans"
    message["Message-ID"] = make_msgid(idstring=f"p{i}", domain="example.edu")
    message.set_content("Hello, what do I have on loan and when is it due?\nThanks")
    return message.as_bytes()


def run(*args, env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "loanbot.cli", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.skipif("postgresql" not in os.environ.get("LOANBOT_TEST_DATABASES", "sqlite,postgresql"),
                    reason="PostgreSQL is not among the test databases")
def test_two_serve_processes_answer_each_mail_and_each_chat_message_once(
        tmp_path, fresh_postgres_url, dovecot, smtp_server, bot_api_server):
    user = f"multi{uuid.uuid4().hex[:6]}"
    dovecot.add_user(user, "multi-secret")
    config = tmp_path / "loanbot.toml"
    config.write_text(
        f'database = "{fresh_postgres_url}"\npolicy = "{POLICY}"\n[mail]\nimap_host = "{dovecot.host}"\n'
        f'imap_port = {dovecot.port}\nimap_ssl = false\nimap_user = "{user}"\nimap_password = "multi-secret"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp_server.port}\nsmtp_starttls = false\nsmtp_user = "library"\n'
        f'smtp_password = "library-secret"\nfrom_address = "Library <library@example.edu>"\n'
        f'[telegram]\ntoken = "123:ABC"\napi_base_url = "{bot_api_server.base_url}"\n')
    env = {**os.environ, "LOANBOT_NOW": NOW}
    loaded = run("load", library_file(tmp_path), "--config", config, env=env)
    assert loaded.wait(120) == 0, loaded.communicate()[0]
    for i in range(PATRONS):
        dovecot.append(user, patron_mail(i))
    for chat in range(1, 21):
        bot_api_server.push_text(1000 + chat, "/help", language_code="en")

    first, second = run("serve", "--once", "--config", config, env=env), run("serve", "--once", "--config", config,
                                                                             env=env)
    outputs = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert first.returncode == second.returncode == 0, outputs

    replies = Counter(str(m.message["In-Reply-To"]) for m in smtp_server.messages)
    assert len(replies) == PATRONS and set(replies.values()) == {1}, replies
    per_chat = Counter(m["chat_id"] for m in bot_api_server.sent())
    assert sorted(per_chat) == list(range(1001, 1021)) and set(per_chat.values()) == {1}, [
        (m["chat_id"], m["text"][:60]) for m in bot_api_server.sent() if per_chat[m["chat_id"]] > 1]
