"""Delivering the outbox's e-mail rows: by SMTP when configured, else into the Maildir `config.maildir("sent")`
(the embedded default works offline). A row is marked sent only after the server accepted it; 4xx replies and
connection trouble come back later with backoff, 5xx replies are permanent failures kept for staff."""
from __future__ import annotations

import asyncio
import hashlib
import email.policy
import logging
import mailbox
import re
from collections import Counter
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import aiosmtplib

from core.plumbing.outbox import Outbox, Outgoing, worker_name
from mail.addresses import TOKEN, OwnAddress, one_line
from mail.tls import client_context, is_loopback, verifies

log = logging.getLogger("loanbot.mail")

_MESSAGE_ID = re.compile(r"<[^<>\s]{1,900}>")
_ADDRESS = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+")
BATCH = 50
MAX_BATCHES = 20        # at most 1,000 messages per pass, so intake is never starved


class Undeliverable(ValueError):
    """The row itself cannot become a message (no valid recipient): a permanent failure."""


def message_id_for(row: Outgoing, own: OwnAddress) -> str:
    """Stable for a row (a resend after a crash carries the same id, so the receiving side can see it is one
    message), and with no free-standing run of digits: the only 6-digit number in a linking e-mail is its code."""
    letters = str.maketrans("0123456789", "ghijklmnop")
    digest = hashlib.sha256(f"{row.id}|{row.recipient}|{row.subject}|{row.body}".encode()).hexdigest()[:16]
    return f"<loanbot-{format(row.id, 'x').translate(letters)}-{digest.translate(letters)}@{own.domain}>"


def build_message(row: Outgoing, own: OwnAddress, now) -> EmailMessage:
    """The e-mail for one outbox row; every header value is one clean line (no header injection)."""
    headers = row.headers or {}
    if re.search(r"[\x00-\x1f\x7f]", row.recipient or ""):
        raise Undeliverable(f"control characters in the recipient: {row.recipient!r}")
    _, recipient = parseaddr(row.recipient)
    if not _ADDRESS.fullmatch(recipient or ""):
        raise Undeliverable(f"not an e-mail address: {row.recipient!r}")
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = own.header()
    msg["To"] = recipient
    msg["Subject"] = one_line(row.subject)[:250]
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id_for(row, own)
    in_reply_to = _MESSAGE_ID.findall(one_line(headers.get("in_reply_to")))
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to[0]
    references = [r for r in (_MESSAGE_ID.findall(one_line(ref))[:1] for ref in headers.get("references") or [])
                  if r]
    if references:
        msg["References"] = " ".join(r[0] for r in references[-20:])
    msg["Auto-Submitted"] = "auto-replied" if headers.get("auto_submitted") == "auto-replied" else "auto-generated"
    token = one_line(headers.get("reply_token"))
    body = row.body
    if TOKEN.fullmatch(token):
        msg["Reply-To"] = own.plus(token)
        body = body.rstrip("\n") + f"\n\n-- \nRef: {token}\n"
    elif headers.get("reply_to"):
        _, reply_to = parseaddr(one_line(headers["reply_to"]))
        if _ADDRESS.fullmatch(reply_to or ""):
            msg["Reply-To"] = reply_to
    # Quoted-printable keeps every digit of the text readable in the raw message (a linking code, a date).
    msg.set_content(body, charset="utf-8", cte="quoted-printable")     # (clears Content-* headers: Content-Language comes after)
    language = one_line(headers.get("language"))
    if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?", language):
        msg["Content-Language"] = language
    return msg


class MailSender:
    def __init__(self, library, config, clock, worker: str | None = None):
        self.config = config
        self.mail = config.mail
        self.clock = clock
        self.own = OwnAddress.parse(config.mail.from_address)
        self.outbox = Outbox(library.db, worker or worker_name("mail"))

    async def send_due(self) -> Counter:
        """Deliver every e-mail row that is due; counts of sent, retry (temporary failure) and failed."""
        counts: Counter = Counter()
        # mail a killed process of this host had claimed but not marked sent
        released = await self.outbox.release_orphans_once(self.clock())
        if released:
            log.info("%d e-mails left claimed by a process that is gone are sent now", released)
        for _ in range(MAX_BATCHES):
            rows = await self.outbox.claim("email", self.clock(), limit=BATCH)
            if not rows:
                break
            if self.config.smtp_enabled:
                going_on = await self._by_smtp(rows, counts)
            else:
                going_on = await self._to_maildir(rows, counts)
            if not going_on or len(rows) < BATCH:
                break
        return counts

    async def _build(self, row: Outgoing, counts: Counter) -> EmailMessage | None:
        try:
            return build_message(row, self.own, self.clock())
        except (Undeliverable, ValueError, TypeError) as exc:
            await self.outbox.failed(row.id, self.clock(), f"cannot build the message: {exc}", permanent=True)
            counts["failed"] += 1
            return None

    async def _to_maildir(self, rows: list[Outgoing], counts: Counter) -> bool:
        folder = mailbox.Maildir(str(self.config.maildir("sent")), create=True)
        for row in rows:
            msg = await self._build(row, counts)
            if msg is None:
                continue
            await asyncio.to_thread(folder.add, msg.as_bytes())
            await self.outbox.sent(row.id, self.clock())
            counts["sent"] += 1
        return True

    def _smtp(self) -> aiosmtplib.SMTP:
        m = self.mail
        # STARTTLS is required of a remote server when configured; a loopback server gets it when it offers it.
        start_tls = (None if is_loopback(m.smtp_host) else True) if m.smtp_starttls and not m.smtp_ssl else False
        return aiosmtplib.SMTP(hostname=m.smtp_host, port=m.smtp_port, use_tls=m.smtp_ssl, start_tls=start_tls,
                               tls_context=client_context(m.smtp_host, m.tls_verify),
                               validate_certs=verifies(m.smtp_host, m.tls_verify), timeout=30)

    async def _by_smtp(self, rows: list[Outgoing], counts: Counter) -> bool:
        """One connection for the batch. Returns False when the server went away (the rest waits)."""
        smtp = self._smtp()
        try:
            await smtp.connect()
            if self.mail.smtp_user and await _offers_auth(smtp, self.mail.smtp_host):
                await smtp.login(self.mail.smtp_user, self.mail.smtp_password or "")
        except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as exc:
            log.warning("SMTP server %s:%s unavailable: %s", self.mail.smtp_host, self.mail.smtp_port, exc)
            for row in rows:
                await self.outbox.failed(row.id, self.clock(), f"SMTP unavailable: {exc}", permanent=False)
                counts["retry"] += 1
            await _close(smtp)
            return False
        try:
            for index, row in enumerate(rows):
                msg = await self._build(row, counts)
                if msg is None:
                    continue
                try:
                    await smtp.send_message(msg, sender=self.own.address, recipients=[msg["To"]])
                except aiosmtplib.SMTPRecipientsRefused as exc:
                    code = min((r.code for r in exc.recipients), default=450)
                    await self._failure(row, counts, code, str(exc))
                except aiosmtplib.SMTPResponseException as exc:
                    await self._failure(row, counts, exc.code, f"{exc.code} {exc.message}")
                    if exc.code in (421,):
                        await self._give_back(rows[index + 1:])
                        return False
                except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as exc:
                    await self.outbox.failed(row.id, self.clock(), f"SMTP connection: {exc}", permanent=False)
                    counts["retry"] += 1
                    await self._give_back(rows[index + 1:])
                    return False
                else:
                    await self.outbox.sent(row.id, self.clock())
                    counts["sent"] += 1
        finally:
            await _close(smtp)
        return True

    async def _failure(self, row: Outgoing, counts: Counter, code: int, error: str) -> None:
        permanent = 500 <= code < 600
        await self.outbox.failed(row.id, self.clock(), f"SMTP {error}"[:2000], permanent=permanent)
        counts["failed" if permanent else "retry"] += 1

    async def _give_back(self, rows: list[Outgoing]) -> None:
        for row in rows:
            await self.outbox.release(row.id)


async def _offers_auth(smtp: aiosmtplib.SMTP, host: str) -> bool:
    """A remote server must let us log in as configured; a loopback relay that offers no AUTH is used without."""
    if not is_loopback(host):
        return True
    if smtp.is_ehlo_or_helo_needed:  # after STARTTLS the extensions are asked again
        await smtp.ehlo()
    return smtp.supports_extension("auth")


async def _close(smtp: aiosmtplib.SMTP) -> None:
    try:
        if smtp.is_connected:
            await smtp.quit()
    except Exception:  # noqa: BLE001 - closing a broken connection
        smtp.close()
