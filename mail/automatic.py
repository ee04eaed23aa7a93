"""Mail that must never be answered automatically (GNU Mailman's replybot rules, RFC 3834): auto-replies,
bounces, list mail and bulk mail. Answering them is how two robots start an endless loop."""
from __future__ import annotations

from email.message import Message

from core.understanding import MailText

_ROBOT_LOCAL_PARTS = {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"}
_LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "list-help", "list-subscribe", "list-owner",
                 "list-archive")


def why_not_answer(mail: MailText, msg: Message) -> str | None:
    """A short reason when `mail` is automatic mail, else None."""
    if mail.auto_submitted and mail.auto_submitted.strip().lower() != "no":
        return f"auto-submitted: {mail.auto_submitted[:60]}"
    if mail.return_path.strip() == "<>" or _header(msg, "Return-Path").replace(" ", "") == "<>":
        return "bounce (empty return path)"
    local = mail.sender_address.split("@", 1)[0].lower()
    if local in _ROBOT_LOCAL_PARTS:
        return f"automatic sender {mail.sender_address}"
    if mail.precedence.strip().lower() in ("bulk", "junk", "list", "auto_reply"):
        return f"precedence: {mail.precedence[:30]}"
    names = {str(k).lower() for k in msg.keys()}
    if mail.list_id or names.intersection(_LIST_HEADERS):
        return "mailing list message"
    if names.intersection({"x-autoreply", "x-autorespond"}):
        return "auto-response header"
    if _content_type(msg) == "multipart/report":
        return "delivery report"
    return None


def _header(msg: Message, name: str) -> str:
    try:
        return str(msg.get(name) or "").strip()
    except Exception:  # noqa: BLE001
        return ""


def _content_type(msg: Message) -> str:
    try:
        return msg.get_content_type().lower()
    except Exception:  # noqa: BLE001
        return ""
