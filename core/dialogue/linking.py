"""Linking a chat account to a patron: a one-time code e-mailed to the patron's registered address proves that
the person in the chat reads that mailbox.

Channel-neutral: Telegram calls it today, any other chat network could tomorrow. The code is stored only as a
salted hash, lives 30 minutes, allows 5 tries, and an unknown address gets the same answer as a known one, so the
dialogue never tells a stranger who is registered.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update

from core.plumbing.context import Actor, audit
from core.plumbing.i18n import Translator
from core.library import Library
from core.plumbing.outbox import queue_email
from core.storage.models import LinkCode, Patron

CODE_LIFETIME = dt.timedelta(minutes=30)
MAX_ATTEMPTS = 5
MAX_CODES_PER_HOUR = 3   # per chat account and per patron: no mail-bombing a patron through the bot


@dataclass(frozen=True)
class LinkResult:
    ok: bool
    error: str | None = None          # no_code | expired | wrong_code | too_many_attempts
    patron_code: str | None = None
    attempts_left: int | None = None


def _hash(salt: str, telegram_user_id: int, code: str) -> str:
    digest = hashlib.sha256(f"{salt}:{telegram_user_id}:{code}".encode()).hexdigest()
    return f"{salt}${digest}"


def _matches(stored: str, telegram_user_id: int, code: str) -> bool:
    salt = stored.split("$", 1)[0]
    return hmac.compare_digest(stored, _hash(salt, telegram_user_id, code))


async def find_patron(session, address_or_card: str) -> Patron | None:
    """By registered e-mail (any case) or by card number (the patron code)."""
    wanted = (address_or_card or "").strip()
    if not wanted:
        return None
    condition = (func.lower(Patron.email) == wanted.lower()) if "@" in wanted else (Patron.code == wanted)
    return (await session.execute(select(Patron).where(condition))).scalar_one_or_none()


async def linked_patron(library: Library, telegram_user_id: int) -> Patron | None:
    async with library.ctx.transaction() as session:
        return (await session.execute(select(Patron).where(
            Patron.telegram_user_id == telegram_user_id))).scalar_one_or_none()


async def start_link(library: Library, telegram_user_id: int, address_or_card: str, now: dt.datetime) -> None:
    """E-mail a fresh code to the patron named by `address_or_card`, if there is one. Returns nothing on purpose:
    the caller must answer the same way whether or not the patron exists."""
    now = library.ctx.aware(now)
    async with library.ctx.transaction() as session:
        patron = await find_patron(session, address_or_card)
        if patron is None or not patron.email:
            audit(session, Actor("system", "loanbot", "telegram"), now, "link_unknown", f"tg:{telegram_user_id}")
            return
        hour_ago = now - dt.timedelta(hours=1)
        recent = await session.scalar(select(func.count()).select_from(LinkCode).where(
            or_(LinkCode.telegram_user_id == telegram_user_id, LinkCode.patron_id == patron.id),
            LinkCode.created_at >= hour_ago))
        if recent >= MAX_CODES_PER_HOUR:
            return
        # A new code replaces the chat account's earlier ones.
        await session.execute(update(LinkCode).where(
            LinkCode.telegram_user_id == telegram_user_id, LinkCode.used_at.is_(None),
            LinkCode.expires_at > now).values(expires_at=now))
        code = f"{secrets.randbelow(1_000_000):06d}"
        row = LinkCode(telegram_user_id=telegram_user_id, patron_id=patron.id,
                       code_hash=_hash(secrets.token_hex(8), telegram_user_id, code), created_at=now,
                       expires_at=now + CODE_LIFETIME, attempts=0)
        session.add(row)
        await session.flush()
        tr = Translator(patron.language, library.calendar.zone)
        subject, body = code_email(tr, library.policy.library.name, code)
        queue_email(session, patron.email, subject, body, now, auto_reply=False, language=tr.language,
                    dedupe_key=f"link-code:{row.id}")
        audit(session, Actor("patron", patron.code, "telegram"), now, "link_code_sent", f"patron:{patron.code}",
              telegram_user_id=telegram_user_id)


def code_email(tr: Translator, library_name: str, code: str) -> tuple[str, str]:
    """The code must be the only 6-digit number in the message (contracts §4): no dates or ids beside it."""
    subject = tr.gettext("Your code for the library's Telegram assistant")
    lines = [tr.gettext("Hello,"), "",
             tr.gettext("Someone asked to connect a Telegram account to your library account. To confirm it, send "
                        "this code to the library's Telegram assistant:"), "",
             f"    {code}", "",
             tr.gettext("The code is valid for thirty minutes and can be used once."),
             tr.gettext("If it was not you, ignore this message: nothing will be connected without the code."), "",
             tr.gettext("{library} (loanbot, an automatic assistant)", library=library_name)]
    return subject, "\n".join(lines) + "\n"


async def confirm_link(library: Library, telegram_user_id: int, code: str, now: dt.datetime) -> LinkResult:
    """Check the code against the chat account's newest live code; a match links the account to that patron
    (and unlinks it from any other, since a chat account is one patron)."""
    now = library.ctx.aware(now)
    code = (code or "").strip().replace(" ", "")
    async with library.ctx.transaction() as session:
        row = (await session.execute(select(LinkCode).where(
            LinkCode.telegram_user_id == telegram_user_id, LinkCode.used_at.is_(None))
            .order_by(LinkCode.created_at.desc(), LinkCode.id.desc()).limit(1))).scalar_one_or_none()
        if row is None:
            return LinkResult(False, "no_code")
        if row.expires_at <= now:
            return LinkResult(False, "expired")
        if row.attempts >= MAX_ATTEMPTS:
            return LinkResult(False, "too_many_attempts", attempts_left=0)
        row.attempts += 1
        if not (len(code) == 6 and code.isdigit() and _matches(row.code_hash, telegram_user_id, code)):
            left = MAX_ATTEMPTS - row.attempts
            return LinkResult(False, "wrong_code" if left else "too_many_attempts", attempts_left=left)
        row.used_at = now
        await session.execute(update(Patron).where(Patron.telegram_user_id == telegram_user_id,
                                                   Patron.id != row.patron_id).values(telegram_user_id=None))
        await session.flush()
        patron = await session.get(Patron, row.patron_id)
        patron.telegram_user_id = telegram_user_id
        audit(session, Actor("patron", patron.code, "telegram"), now, "telegram_linked", f"patron:{patron.code}",
              telegram_user_id=telegram_user_id)
        return LinkResult(True, patron_code=patron.code)


async def unlink(library: Library, telegram_user_id: int, now: dt.datetime) -> bool:
    now = library.ctx.aware(now)
    async with library.ctx.transaction() as session:
        patron = (await session.execute(select(Patron).where(
            Patron.telegram_user_id == telegram_user_id))).scalar_one_or_none()
        if patron is None:
            return False
        patron.telegram_user_id = None
        audit(session, Actor("patron", patron.code, "telegram"), now, "telegram_unlinked", f"patron:{patron.code}")
        return True
