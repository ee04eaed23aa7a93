"""Our own address, the plus-addresses that carry a staff reply token, and finding that token in a reply.

A staff announcement goes out with `Reply-To: library+ILL-5-<secret>@example.edu` (LEND-2-<secret> for a
lending request); the staff member's reply then
carries the token in To/Cc (or Delivered-To/X-Original-To after the MTA), and the announcement's body has a line
"Ref: ILL-5-<secret>" so a reply that quotes it proves it too. Only someone who received the announcement knows
the secret: a forged From: alone never approves anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from email.utils import formataddr, getaddresses, parseaddr

from core.understanding.charset import decode_bytes

TOKEN = re.compile(r"(?<![A-Za-z0-9])(ILL|LEND)-(\d{1,9})-([A-Za-z0-9]{8,64})(?![A-Za-z0-9])", re.IGNORECASE)
_TOKEN_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Delivered-To")
_MAX_SCAN = 2_000_000   # characters of decoded body searched for a quoted "Ref:" line


@dataclass(frozen=True)
class OwnAddress:
    name: str
    local: str
    domain: str

    @classmethod
    def parse(cls, from_address: str) -> "OwnAddress":
        name, address = parseaddr(one_line(from_address))
        local, _, domain = (address or "library@localhost").rpartition("@")
        return cls(name, local or "library", domain or "localhost")

    @property
    def address(self) -> str:
        return f"{self.local}@{self.domain}"

    def header(self) -> str:
        return formataddr((self.name, self.address)) if self.name else self.address

    def plus(self, token: str) -> str:
        """The Reply-To that brings a staff reply back with its token."""
        clean = re.sub(r"[^A-Za-z0-9_.=-]", "", token)
        address = f"{self.local}+{clean}@{self.domain}"
        return formataddr((self.name, address)) if self.name else address

    def is_ours(self, address: str) -> bool:
        local, _, domain = address.lower().rpartition("@")
        return domain == self.domain.lower() and local.split("+", 1)[0] == self.local.lower()


@dataclass(frozen=True)
class ReplyToken:
    reference: str     # "ILL-5", "LEND-2"
    secret: str


def one_line(value: str | None) -> str:
    """A header value without CR/LF or other control characters (header injection)."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]+", " ", value or "").split())


def tokens_in_headers(msg: Message, own: OwnAddress) -> list[ReplyToken]:
    found = []
    for header in _TOKEN_HEADERS:
        values = [str(v) for v in (msg.get_all(header) or [])]
        try:
            pairs = getaddresses(values)
        except Exception:  # noqa: BLE001 - a broken address header proves nothing
            continue
        for _, address in pairs:
            local, _, domain = address.strip().strip("<>").rpartition("@")
            base, plus, tag = local.partition("+")
            if plus and domain.lower() == own.domain.lower() and base.lower() == own.local.lower():
                found += _tokens(tag)
    return found


def tokens_in_body(msg: Message) -> list[ReplyToken]:
    """Tokens in any text part, quoted text included (the patron-facing reader strips quotes; we must not)."""
    found, scanned = [], 0
    for part in msg.walk():
        if part.is_multipart() or not (part.get_content_maintype() == "text"):
            continue
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001
            continue
        text = decode_bytes(payload[:_MAX_SCAN], part.get_content_charset())
        scanned += len(text)
        found += _tokens(text)
        if scanned > _MAX_SCAN:
            break
    return found


def _tokens(text: str) -> list[ReplyToken]:
    return [ReplyToken(f"{m[1].upper()}-{int(m[2])}", m[3]) for m in TOKEN.finditer(text)]


def token_for(reference: str | None, msg: Message, own: OwnAddress) -> ReplyToken | None:
    """The token that proves a decision on `reference` (or the only reference the tokens name)."""
    candidates = tokens_in_headers(msg, own) + tokens_in_body(msg)
    if reference:
        return next((t for t in candidates if t.reference.upper() == reference.upper()), None)
    references = {t.reference for t in candidates}
    return candidates[0] if len(references) == 1 else None
