"""Self-tests of the real loopback servers in tests/servers (and scripts/servers)."""
from __future__ import annotations

import asyncio
from email.message import EmailMessage

import aiosmtplib
import pytest
from imapclient.exceptions import LoginError

# Harmless if the root conftest loads it too (pytest registers a plugin module once).
pytest_plugins = ["tests.servers.fixtures"]


# --------------------------------------------------------------------------- PostgreSQL
async def test_postgres_accepts_sqlalchemy_asyncpg(postgres_url):
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    assert postgres_url.startswith("postgresql+asyncpg://")
    engine = create_async_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT 1"))).scalar() == 1
            assert (await conn.execute(text("SELECT current_database()"))).scalar()
    finally:
        await engine.dispose()


async def test_fresh_postgres_database_is_empty_and_writable(fresh_postgres_url):
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(fresh_postgres_url)
    try:
        async with engine.begin() as conn:
            n = (await conn.execute(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'"))).scalar()
            assert n == 0
            await conn.execute(text("CREATE TABLE t (id serial PRIMARY KEY, title text)"))
            await conn.execute(text("INSERT INTO t (title) VALUES ('Dune')"))
            assert (await conn.execute(text("SELECT title FROM t"))).scalar() == "Dune"
    finally:
        await engine.dispose()


# --------------------------------------------------------------------------- Dovecot
def _raw(subject: str, body: str = "Hello") -> bytes:
    m = EmailMessage()
    m["From"] = "patron@example.org"
    m["To"] = "library@example.org"
    m["Subject"] = subject
    m.set_content(body)
    return m.as_bytes()


def test_imap_append_and_read_back(imap_account):
    assert imap_account.fetch_all() == []
    uid = imap_account.append(_raw("Renew please ✓"), flags=["\\Seen"])
    uid2 = imap_account.append(_raw("Archived"), folder="Archive/2024")
    msgs = imap_account.fetch_all()
    assert [m.subject for m in msgs] == ["Renew please ✓"]
    assert msgs[0].uid == uid
    assert "\\Seen" in imap_account.flags_of(uid)
    assert [m.uid for m in imap_account.fetch_all("Archive/2024")] == [uid2]
    assert "Archive/2024" in imap_account.folders()
    with imap_account.connect() as c:
        c.select_folder("INBOX")
        c.add_flags([uid], ["loanbot-processed"])
    assert imap_account.flags_of(uid) >= {"\\Seen", "loanbot-processed"}
    imap_account.reset()
    assert imap_account.fetch_all() == []
    assert imap_account.folders() == ["INBOX"]


def test_imap_account_starts_clean(imap_account):
    # runs after the test above in file order; it left nothing behind thanks to reset()
    assert imap_account.fetch_all() == []


def test_imap_wrong_password_is_refused(dovecot):
    with pytest.raises(LoginError):
        dovecot.connect("library", "not-the-password")
    with pytest.raises(LoginError):
        dovecot.connect("staff", "library-secret")


def test_imap_tls_and_second_user(dovecot):
    assert dovecot.users["staff"] == "staff-secret"
    if dovecot.imaps_port:
        with dovecot.connect("staff", use_ssl=True) as c:
            assert c.list_folders()
    with dovecot.connect("staff") as c:
        assert b"IMAP4REV1" in c.capabilities()
    if dovecot.ca_cert:  # STARTTLS on the plain port, verifying the self-signed cert
        from imapclient import IMAPClient

        with IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10) as c:
            c.starttls(dovecot.ssl_context())
            c.login("staff", dovecot.users["staff"])


def test_imap_add_user(dovecot):
    dovecot.add_user("branch2", "branch2-secret")
    dovecot.reset("branch2")
    dovecot.append("branch2", _raw("for branch 2"))
    assert [m.subject for m in dovecot.fetch_all("branch2")] == ["for branch 2"]


# --------------------------------------------------------------------------- SMTP
def _mail(subject="Your loan is due") -> EmailMessage:
    m = EmailMessage()
    m["From"] = "library@example.org"
    m["To"] = "patron@example.org"
    m["Subject"] = subject
    m.set_content("Please return 'Dune' by Friday.")
    return m


async def test_smtp_send_with_auth_is_recorded(smtp_server):
    await aiosmtplib.send(_mail(), hostname=smtp_server.host, port=smtp_server.port,
                          username="library", password="library-secret", start_tls=False)
    (rec,) = smtp_server.messages
    assert rec.mail_from == "library@example.org"
    assert rec.rcpt_tos == ["patron@example.org"]
    assert rec.auth_user == "library"
    assert rec.message["Subject"] == "Your loan is due"
    assert b"Please return" in rec.raw


async def test_smtp_wrong_password_and_no_auth_are_refused(smtp_server):
    with pytest.raises(aiosmtplib.SMTPAuthenticationError):
        await aiosmtplib.send(_mail(), hostname=smtp_server.host, port=smtp_server.port,
                              username="library", password="nope", start_tls=False)
    with pytest.raises(aiosmtplib.SMTPResponseException) as err:
        await aiosmtplib.send(_mail(), hostname=smtp_server.host, port=smtp_server.port,
                              start_tls=False)
    assert err.value.code == 530
    assert smtp_server.messages == []


async def test_smtp_temporary_then_permanent_failure(smtp_server):
    kw = dict(hostname=smtp_server.host, port=smtp_server.port, username="library",
              password="library-secret", start_tls=False)
    smtp_server.fail_next(1, 451)
    smtp_server.fail_next(1, 550, stage="rcpt")
    with pytest.raises(aiosmtplib.SMTPResponseException) as err:
        await aiosmtplib.send(_mail(), **kw)
    assert err.value.code == 451
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as err2:
        await aiosmtplib.send(_mail(), **kw)
    assert err2.value.recipients[0].code == 550
    await aiosmtplib.send(_mail("third time lucky"), **kw)
    assert [r.message["Subject"] for r in smtp_server.messages] == ["third time lucky"]


async def test_smtp_down_then_up_on_same_port(smtp_server):
    kw = dict(hostname=smtp_server.host, port=smtp_server.port, username="library",
              password="library-secret", start_tls=False, timeout=5)
    port = smtp_server.port
    smtp_server.stop()
    with pytest.raises((aiosmtplib.SMTPConnectError, OSError)):
        await aiosmtplib.send(_mail(), **kw)
    smtp_server.start()
    assert smtp_server.port == port
    await aiosmtplib.send(_mail(), **kw)
    assert len(await smtp_server.wait_for_messages_async(1)) == 1


async def test_smtp_starttls_with_auth(smtp_server_starttls):
    s = smtp_server_starttls
    # AUTH before STARTTLS is refused
    with pytest.raises(aiosmtplib.SMTPException):
        await aiosmtplib.send(_mail(), hostname=s.host, port=s.port, username="library",
                              password="library-secret", start_tls=False)
    await aiosmtplib.send(_mail(), hostname=s.host, port=s.port, username="library",
                          password="library-secret", start_tls=True,
                          tls_context=s.client_ssl_context())
    (rec,) = s.messages
    assert rec.tls and rec.auth_user == "library"


# --------------------------------------------------------------------------- Bot API
async def test_bot_api_round_trip_with_real_ptb(bot_api_server):
    from telegram.ext import ApplicationBuilder

    app = ApplicationBuilder().token("123:ABC").base_url(bot_api_server.base_url).build()
    async with app:  # initialize() calls getMe
        assert app.bot.username == "loanbot_test_bot"
        msg = await app.bot.send_message(chat_id=42, text="Hello from loanbot")
        assert msg.message_id >= 1 and msg.text == "Hello from loanbot"
        (sent,) = bot_api_server.sent()
        assert sent["chat_id"] == 42 and sent["text"] == "Hello from loanbot"

        bot_api_server.push_text(42, "/start", language_code="de")
        bot_api_server.push_text(42, "second")
        updates = await app.bot.get_updates(timeout=2)
        assert [u.message.text for u in updates] == ["/start", "second"]
        assert updates[0].message.from_user.language_code == "de"
        # confirming with offset drops them; the long poll then times out empty
        assert await app.bot.get_updates(offset=updates[-1].update_id + 1, timeout=0.2) == ()
    assert bot_api_server.token == "123:ABC"


async def test_bot_api_long_poll_wakes_up_on_push(bot_api_server):
    from telegram import Bot
    from telegram.request import HTTPXRequest

    bot = Bot("123:ABC", base_url=bot_api_server.base_url,
              get_updates_request=HTTPXRequest(read_timeout=10))
    async with bot:
        loop = asyncio.get_running_loop()
        loop.call_later(0.3, bot_api_server.push_text, 7, "ping")
        t0 = loop.time()
        updates = await bot.get_updates(timeout=5)
        assert [u.message.text for u in updates] == ["ping"]
        assert loop.time() - t0 < 3


async def test_bot_api_application_polling_handlers_and_buttons(bot_api_server):
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler

    async def start(update, context):
        await update.message.reply_text(
            "Pick one", reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("Renew", callback_data="renew:1")]]))

    async def button(update, context):
        await update.callback_query.answer("Renewed")
        await update.callback_query.edit_message_text(f"Done: {update.callback_query.data}")

    app = ApplicationBuilder().token("123:ABC").base_url(bot_api_server.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))
    async with app:
        await app.bot.set_my_commands([("start", "Start the bot")])
        assert [c.command for c in await app.bot.get_my_commands()] == ["start"]
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            bot_api_server.push_text(99, "/start")
            (sent,) = await bot_api_server.wait_for_sent_async(1, timeout=5)
            assert sent["chat_id"] == 99 and sent["text"] == "Pick one"
            assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "renew:1"

            bot_api_server.push_callback(99, sent["message_id"], "renew:1")
            for _ in range(200):
                if bot_api_server.edits():
                    break
                await asyncio.sleep(0.02)
            (edit,) = bot_api_server.edits()
            assert edit["text"] == "Done: renew:1" and edit["message_id"] == sent["message_id"]
            assert bot_api_server.answered_callbacks()[0]["text"] == "Renewed"
            assert bot_api_server.message(99, sent["message_id"])["text"] == "Done: renew:1"
        finally:
            await app.updater.stop()
            await app.stop()
    assert bot_api_server.calls("deleteWebhook")


async def test_bot_api_flood_control_answers_429(bot_api_server):
    from telegram import Bot
    from telegram.error import RetryAfter

    async with Bot("123:ABC", base_url=bot_api_server.base_url) as bot:
        bot_api_server.flood_next(retry_after=3)
        with pytest.raises(RetryAfter) as err:
            await bot.send_message(chat_id=1, text="too fast")
        assert "Retry in 3" in str(err.value)  # (reading .retry_after warns in PTB 22.2+)
        await bot.send_message(chat_id=1, text="now fine")
    assert [m["text"] for m in bot_api_server.sent()] == ["now fine"]


def test_bot_api_wait_for_sent_from_sync_code(bot_api_server):
    import httpx

    r = httpx.post(f"{bot_api_server.base_url}123:ABC/sendMessage",
                   data={"chat_id": "5", "text": "hi", "reply_markup": '{"inline_keyboard": []}'})
    assert r.status_code == 200 and r.json()["ok"] is True
    assert bot_api_server.wait_for_sent(1, timeout=1)[0]["reply_markup"] == {"inline_keyboard": []}
    r = httpx.post(f"{bot_api_server.base_url}123:ABC/noSuchMethod")
    assert r.status_code == 404 and r.json()["ok"] is False
