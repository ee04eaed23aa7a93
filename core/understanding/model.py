"""The values the understanding module hands out. Field names and `to_dict` follow contracts §3."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.domain.works import WORK_TYPES, Work  # noqa: F401 - re-exported: the understanding hands out Works

INTENTS = ("ill_request", "renew", "loans", "fines", "status", "cancel", "hold", "approve", "reject", "help",
           "unknown")


class NotAnEmail(ValueError):
    """The bytes are not an RFC 5322 message (empty, garbage, no header block)."""


@dataclass(frozen=True)
class Understanding:
    language: str
    intent: str
    request: str | None = None
    reason: str | None = None
    items: list[Work] = field(default_factory=list)
    # Every request the message makes, in the order asked (`intent` is the one contracts §3 reports)
    intents: list[str] = field(default_factory=list)
    # Whether the message had words to tell its language by (an empty one has none: reply in the patron's own)
    language_sure: bool = True

    @property
    def all_intents(self) -> list[str]:
        return self.intents or [self.intent]

    @property
    def written_in(self) -> str | None:
        """The language the patron wrote in, or None when nothing written tells it."""
        return self.language if self.language_sure else None

    def to_dict(self) -> dict:
        return {"language": self.language, "intent": self.intent, "request": self.request,
                "reason": self.reason, "items": [w.to_dict() for w in self.items]}


@dataclass(frozen=True)
class MailText:
    subject: str = ""
    body_text: str = ""
    sender_name: str = ""
    sender_address: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    auto_submitted: str = ""
    precedence: str = ""
    list_id: bool = False
    return_path: str = ""
    size: int = 0
    truncated: bool = False     # over the size limit: only the first part was read

    @property
    def is_automatic(self) -> bool:
        """Auto-replies, bounces and list mail must never be answered (mail loops)."""
        if self.auto_submitted and self.auto_submitted.lower() != "no":
            return True
        if self.precedence.lower() in ("bulk", "junk", "list", "auto_reply"):
            return True
        return self.list_id or self.return_path.strip() == "<>"
