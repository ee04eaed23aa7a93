"""A patron's message that loanbot could not act on (one it did not understand, a lost item) goes to the staff,
so that "a librarian will read it" is true whatever the channel it came by; the staff's reply (Reply-To) goes to
the patron."""
from __future__ import annotations

import datetime as dt

from core.plumbing.i18n import Translator
from core.plumbing.outbox import queue_email
from core.storage.models import Patron

MAX_QUOTED = 20_000     # characters of a patron's text copied to staff


def forward_to_staff(session, policy, zone, patron: Patron, text: str, now: dt.datetime, *, subject: str = "",
                     key: str | None, reply_to: str | None = None, why: str = "unknown") -> int:
    """Queue a copy of `text` to every staff address, in the staff language, answerable to `reply_to` (default:
    the patron's address); returns how many were queued. `key` names the message it copies (an inbound row, a
    Telegram update) so that handling that message again copies it once; None for what is never handled twice
    (a line typed in `loanbot chat`). `why` is what the assistant made of it (`Reply.staff_reason`): "lost" (a
    loss it understood, for a librarian to settle) or "unknown" (a message it did not understand)."""
    tr = Translator(policy.library.staff_lang, zone)
    topic = subject.strip() or (text.strip().splitlines() or ["-"])[0]
    name, address = patron.name or patron.code, reply_to or patron.email or "-"
    if why == "lost":
        title = tr.gettext("{name} reports a lost or damaged item: {subject}", name=name, subject=topic[:120])
        opening = tr.gettext("{name} ({code}, {address}) reports a lost or damaged item; loanbot told them that a "
                             "librarian will write to them about what to do next. Replying to this message answers "
                             "the patron.", name=name, code=patron.code, address=address)
    else:
        title = tr.gettext("Message from {name} needs a librarian: {subject}", name=name, subject=topic[:120])
        opening = tr.gettext("loanbot did not understand this message from {name} ({code}, {address}); it told "
                             "them that a librarian will answer. Replying to this message answers the patron.",
                             name=name, code=patron.code, address=address)
    lines = [opening]
    if subject.strip():
        lines += ["", tr.gettext("Subject: {subject}", subject=subject)]
    body = "\n".join([*lines, "", text[:MAX_QUOTED]]) + "\n"
    for address in policy.library.staff_emails:
        message = queue_email(session, address, title[:250], body, now, auto_reply=False, language=tr.language,
                              dedupe_key=f"staff-copy:{key}:{address}" if key else None)
        if reply_to or patron.email:
            message.headers = {**message.headers, "reply_to": reply_to or patron.email}
    return len(policy.library.staff_emails)
