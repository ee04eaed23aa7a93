"""Where each chat's dialogue stands, kept in our database (the `conversations` table) rather than in PTB's
memory or persistence files, so that a restart in the middle of a dialogue simply continues it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from core.storage.models import Conversation

IDLE = "idle"
LINK_ADDRESS = "link_address"      # waiting for the library e-mail address or card number
LINK_CODE = "link_code"            # waiting for the code e-mailed to that address
ILL_TITLE = "ill_title"            # guided request: a citation, or the title
ILL_AUTHOR = "ill_author"
ILL_YEAR = "ill_year"
ILL_IDENTIFIER = "ill_identifier"  # ISBN or DOI
ILL_CONFIRM = "ill_confirm"        # waiting for the Send / Cancel button
REJECT_REASON = "reject_reason"    # staff, before every event had its button: the reason for rejecting a request
STAFF_DATA = "staff_data"          # staff: the data an event needs (data: kind, reference, event, seen, [lender])


@dataclass
class DialogueState:
    state: str = IDLE
    data: dict = field(default_factory=dict)
    language: str | None = None    # chosen with /language; None = not chosen
    stored: bool = field(default=False, compare=False, repr=False)   # loaded from a row (else: no row yet)

    def to(self, state: str, **data) -> None:
        """Move to `state`, keeping only the data it needs."""
        self.state, self.data = state, dict(data)

    def reset(self) -> None:
        self.to(IDLE)


async def load_dialogue(session: AsyncSession, telegram_user_id: int) -> DialogueState:
    row = await session.get(Conversation, telegram_user_id)
    if row is None:
        return DialogueState()
    return DialogueState(row.state, dict(row.data or {}), row.language, stored=True)


async def save_dialogue(session: AsyncSession, telegram_user_id: int, dialogue: DialogueState,
                        now: dt.datetime) -> None:
    if not dialogue.stored:
        # No row means idle: a chat that never left it (a button press, a command) needs none, and a new row
        # needs no second lookup.
        if (dialogue.state, dialogue.data, dialogue.language) == (IDLE, {}, None):
            return
        session.add(Conversation(telegram_user_id=telegram_user_id, state=dialogue.state, data=dialogue.data,
                                 language=dialogue.language, updated_at=now))
        dialogue.stored = True
        return
    row = await session.get(Conversation, telegram_user_id)   # in the session since load_dialogue: no query
    if row is None:
        session.add(Conversation(telegram_user_id=telegram_user_id, state=dialogue.state, data=dialogue.data,
                                 language=dialogue.language, updated_at=now))
        return
    if (row.state, row.data, row.language) != (dialogue.state, dialogue.data, dialogue.language):
        row.state, row.data, row.language, row.updated_at = (dialogue.state, dict(dialogue.data),
                                                             dialogue.language, now)
