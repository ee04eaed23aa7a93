"""One Telegram update being answered: the claim that makes it happen once, and the turn that collects its replies."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.conversations import DialogueState
from core.plumbing.i18n import Translator
from core.storage.models import InboundMessage, Patron


async def claim_update(session, bot_id: int, marker: str, user_id: int, now) -> bool:
    """Record that this process answers the update; False when it was recorded before (handled already, or another
    process is answering it right now). One INSERT … ON CONFLICT DO NOTHING: losing the race raises nothing, so the
    unit of work stays usable (PostgreSQL aborts a transaction on error), and it costs one round trip instead of a
    lookup plus a savepoint around an insert."""
    insert = postgresql_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = (insert(InboundMessage)
                 .values(source="telegram", mailbox="updates", uidvalidity=bot_id, uid=marker, sender=str(user_id),
                         received_at=now, processed_at=now, status="done")
                 .on_conflict_do_nothing(index_elements=["source", "mailbox", "uidvalidity", "uid"])
                 .returning(InboundMessage.id))
    # On the session's connection, as Core: the ORM's bulk-insert path added nothing here but CPU.
    return (await (await session.connection()).execute(statement)).first() is not None


@dataclass
class Turn:
    """One update being answered: who, where the dialogue stands, and the replies to queue."""
    update_id: int
    user_id: int
    chat_id: int
    patron: Patron | None
    dialogue: DialogueState
    tr: Translator
    session: object = None            # the unit of work the turn runs in
    replies: list[tuple[str, list[list[dict]] | None]] = field(default_factory=list)
    callback_answer: str | None = None

    @property
    def linked(self) -> bool:
        return self.patron is not None

    def say(self, text: str, buttons: list[list[dict]] | None = None) -> None:
        self.replies.append((text, buttons))
