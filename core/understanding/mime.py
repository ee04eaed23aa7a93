"""RFC 5322 / MIME decoding: from raw bytes to the text a patron wrote.

The `compat32` policy of the standard library is used on purpose: it never raises on malformed
headers, and every header is decoded here with our own charset fallbacks instead.
"""
from __future__ import annotations

import email
import email.policy
import re
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses

from .charset import decode_bytes
from .htmltext import html_to_text
from .model import MailText, NotAnEmail
from .replies import strip_reply

MAX_READ = 10 * 1024 * 1024       # bytes of a message that are read at all
MAX_TEXT = 200_000                # characters of body text kept for understanding
_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:")
_KNOWN_HEADERS = {b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
                  b"received", b"return-path", b"sender", b"reply-to", b"delivered-to", b"in-reply-to",
                  b"references", b"x-mailer", b"user-agent", b"content-transfer-encoding"}


def _check_header_block(raw: bytes) -> None:
    """Raise NotAnEmail unless the bytes start with a header block naming a known header."""
    head = raw.lstrip(b"\xef\xbb\xbf")[:64 * 1024]
    if head.startswith(b"From ") and b"\n" in head:          # mbox separator line
        head = head.split(b"\n", 1)[1]
    end = re.search(rb"\r?\n\r?\n", head)
    block = head[:end.start()] if end else head
    lines = block.splitlines()
    if not lines or not _HEADER_LINE.match(lines[0]) or b"\x00" in block:
        raise NotAnEmail("no RFC 5322 header block")
    names = {line.split(b":", 1)[0].strip().lower() for line in lines if _HEADER_LINE.match(line)}
    if not names & _KNOWN_HEADERS:
        raise NotAnEmail("no message headers (From, Subject, Date, ...)")


def header_text(value) -> str:
    """A header value as clean one-line text: RFC 2047 decoded, no CR/LF (header injection)."""
    if value is None:
        return ""
    try:
        if isinstance(value, Header):
            chunks = decode_header(value)
        else:
            # Unfold first (RFC 5322 §2.2.3: a line break before white space is removed, the space kept):
            # decode_header drops the folding between an encoded word and the plain word after it, so a folded
            # "=?utf-8?q?Lietuvi=C5=B3?=\r\n kalbos" became "Lietuviųkalbos".
            text = re.sub(r"\r?\n(?=[ \t])", "", str(value))
            if any("\udc80" <= c <= "\udcff" for c in text):      # raw 8-bit bytes in the header
                text = decode_bytes(text.encode("utf-8", "surrogateescape"))
            chunks = decode_header(text)
        out = [decode_bytes(p, cs) if isinstance(p, bytes) else p for p, cs in chunks]
        text = "".join(out)
    except Exception:  # noqa: BLE001 - a header we cannot decode is kept as it came
        text = str(value).encode("utf-8", "replace").decode("utf-8", "replace")
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text)
    return " ".join(text.split())


def _part_text(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - broken base64/QP: take it as it is
        payload = None
    if payload is None:
        raw = part.get_payload()
        if isinstance(raw, list):
            return ""
        payload = str(raw).encode("utf-8", "surrogateescape") if raw else b""
    charset = _safe(part.get_content_charset)
    text = decode_bytes(payload[:MAX_TEXT * 4], charset)
    if (_safe(part.get_param, "format") or "").lower() == "flowed":
        text = unflow(text, (_safe(part.get_param, "delsp") or "").lower() == "yes")
    return text


def unflow(text: str, delsp: bool = False) -> str:
    """RFC 3676 format=flowed: a line ending in a space goes on in the next line of the same quote depth, a
    leading space is stuffing. A reference the mail program wrapped at 72 characters is whole again."""
    out: list[str] = []
    open_depth = None
    for line in text.replace("\r\n", "\n").split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:]
        if body.startswith(" "):
            body = body[1:]
        soft = body.endswith(" ") and body != "-- "
        if delsp and soft:
            body = body[:-1]
        if open_depth is not None and depth == open_depth:
            out[-1] += body
        else:
            out.append(">" * depth + (" " if depth and body else "") + body)
        open_depth = depth if soft else None
    return "\n".join(out)


def _safe(fn, *args):
    try:
        return fn(*args)
    except Exception:  # noqa: BLE001
        return None


def _is_attachment(part: Message) -> bool:
    disposition = header_text(part.get("Content-Disposition", "")).lower()
    return disposition.startswith("attachment") or bool(_safe(part.get_filename))


def _body(msg: Message) -> str:
    """The patron's text: text/plain preferred, else HTML turned into text; attachments ignored."""
    plain = html = None
    for part in msg.walk() if msg.is_multipart() else [msg]:
        if part.is_multipart() or _is_attachment(part) and part is not msg:
            continue
        ctype = (_safe(part.get_content_type) or "text/plain").lower()
        if ctype == "text/plain" and plain is None:
            plain = _part_text(part)
        elif ctype == "text/html" and html is None:
            html = _part_text(part)
        elif ctype.startswith("multipart/") and plain is None:
            plain = _part_text(part)   # a multipart whose boundary is broken: its text as it is
        if plain and plain.strip():
            break
    if plain and plain.strip():
        return plain
    if html:
        return html_to_text(html)
    return plain or ""


def _address(msg: Message) -> tuple[str, str]:
    try:
        pairs = getaddresses([header_text(msg.get("From"))])
    except Exception:  # noqa: BLE001
        pairs = []
    name, addr = pairs[0] if pairs else ("", "")
    addr = addr.strip().lower()
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", addr):
        addr = ""
    return name.strip().strip('"').strip(), addr


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value) or ([value] if value and " " not in value else [])


def read_email(raw: bytes) -> MailText:
    """Decode one RFC 5322 message; raise NotAnEmail when `raw` is not one."""
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise NotAnEmail("expected bytes")
    raw = bytes(raw)
    size = len(raw)
    _check_header_block(raw)
    try:
        msg = email.message_from_bytes(raw[:MAX_READ], policy=email.policy.compat32)
    except Exception as exc:  # noqa: BLE001 - the parser itself failed: not a message we can read
        raise NotAnEmail(f"unreadable message: {exc}") from exc
    try:
        body = strip_reply(_body(msg)[:MAX_TEXT], header_text(msg.get("Subject")))
    except Exception:  # noqa: BLE001 - a body we cannot decode is an empty one, never a crash
        body = ""
    name, addr = _address(msg)
    get = lambda h: header_text(msg.get(h))  # noqa: E731
    return MailText(
        subject=get("Subject"), body_text=body, sender_name=name, sender_address=addr,
        message_id=(_ids(get("Message-ID")) or [""])[0], in_reply_to=(_ids(get("In-Reply-To")) or [""])[0],
        references=_ids(get("References")), auto_submitted=get("Auto-Submitted"), precedence=get("Precedence"),
        list_id=msg.get("List-Id") is not None, return_path=get("Return-Path"), size=size,
        truncated=size > MAX_READ)
