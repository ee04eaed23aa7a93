"""What a patron chooses for themselves: the channel reminders come by (Telegram when linked, else e-mail)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.plumbing.context import Actor, audit
from core.library import Library
from core.storage.models import Patron

CHANNELS = ("auto", "email", "telegram")


async def set_reminder_channel(library: Library, patron_code: str, channel: str, now: dt.datetime,
                               actor: Actor) -> str | None:
    """Record the choice; returns the channel in force, or None when it cannot be chosen (unknown channel, no
    e-mail address for "email", no linked Telegram account for "telegram")."""
    if channel not in CHANNELS:
        return None
    async with library.ctx.transaction() as session:
        patron = (await session.execute(select(Patron).where(Patron.code == patron_code))).scalar_one_or_none()
        if patron is None or (channel == "email" and not patron.email) or (
                channel == "telegram" and patron.telegram_user_id is None):
            return None
        if patron.preferred_channel != channel:
            patron.preferred_channel = channel
            audit(session, actor, library.ctx.aware(now), "reminder_channel", f"patron:{patron.code}",
                  channel=channel)
        return channel
