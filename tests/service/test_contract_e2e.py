"""The service as the outside checks drive it (contracts §4): a configuration file naming loopback IMAP, SMTP and
Bot API servers, `loanbot load`, then separate `loanbot serve --once` processes at a fixed LOANBOT_NOW. Telegram
linking takes the code from the raw e-mail the SMTP server received."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
POLICY = ROOT / "tests" / "data" / "policies" / "lending.toml"
NOW = "2026-11-20T07:30"  # before digest_time: only answers and reminders


def loanbot(*args) -> str:
    result = subprocess.run([sys.executable, "-m", "loanbot.cli", *map(str, args)], capture_output=True, text=True,
                            env={**os.environ, "LOANBOT_NOW": NOW}, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_linking_a_telegram_account_and_answering_mail_through_separate_once_passes(
        tmp_path, dovecot, smtp_server, bot_api_server):
    user = f"e2e{uuid.uuid4().hex[:6]}"
    dovecot.add_user(user, "e2e-secret")
    config = tmp_path / "loanbot.toml"
    config.write_text(
        f'database = "sqlite+aiosqlite:///loanbot.db"\npolicy = "{POLICY}"\n[mail]\nimap_host = "127.0.0.1"\n'
        f'imap_port = {dovecot.imaps_port}\nimap_ssl = true\nimap_user = "{user}"\nimap_password = "e2e-secret"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp_server.port}\nsmtp_starttls = false\n'
        f'smtp_user = "library"\nsmtp_password = "library-secret"\n'
        f'from_address = "Library <library@example.edu>"\n'
        f'[telegram]\ntoken = "123:ABC"\napi_base_url = "{bot_api_server.base_url}"\n')
    library = tmp_path / "library.toml"
    library.write_text('[[patron]]\nid = "p1"\ncategory = "student"\nlanguage = "hr"\nemail = "ana@example.hr"\n'
                       '[[item]]\nbarcode = "104522"\ntype = "book"\ntitle = "Hrvatska povijest"\n'
                       '[[loan]]\npatron = "p1"\nitem = "104522"\nat = "2026-11-10T10:00"\n')
    loanbot("load", library, "--config", config)

    def once():
        return loanbot("serve", "--once", "--config", config)

    def replies_to(chat: int) -> list[str]:
        return [m["text"] for m in bot_api_server.sent() if m["chat_id"] == chat]

    bot_api_server.push_text(4001, "/start", language_code="hr")
    once()
    assert len(replies_to(4001)) == 1
    bot_api_server.push_text(4001, "ana@example.hr", language_code="hr")
    once()
    [code_mail] = [m for m in smtp_server.messages if "ana@example.hr" in m.rcpt_tos]
    codes = re.findall(rb"\d{6}", code_mail.raw)
    assert len(codes) == 1, code_mail.raw
    bot_api_server.push_text(4001, codes[0].decode(), language_code="hr")
    once()
    bot_api_server.push_text(4001, "/loans", language_code="hr")
    once()
    assert "Hrvatska povijest" in replies_to(4001)[-1]

    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "Ana <ana@example.hr>", "library@example.edu", "Zakasnine"
    mail["Message-ID"] = "<ana-1@example.hr>"
    mail.set_content("Poštovani,\nkoliko dugujem knjižnici?\nAna")
    dovecot.append(user, mail.as_bytes())
    once()
    [answer] = [m.message for m in smtp_server.messages if m.message["In-Reply-To"] == "<ana-1@example.hr>"]
    assert answer["Content-Language"] == "hr" and answer["Auto-Submitted"] == "auto-replied"
    assert [m.message["In-Reply-To"] for m in smtp_server.messages].count("<ana-1@example.hr>") == 1
