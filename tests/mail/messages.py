"""Messages patrons and staff write, as raw RFC 5322 bytes."""
from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
import email.policy

LIBRARY = "library@example.edu"
STAFF = "desk@example.edu"

TR_ILL_BODY = ("Merhaba,\n\nAşağıdaki kitabı başka bir kütüphaneden getirtebilir misiniz?\n\n"
               "Yazar: Cormen, Thomas H.\nBaşlık: Introduction to Algorithms\nYayınevi: MIT Press\nYıl: 2009\n"
               "ISBN: 9780262033848\n\nTeşekkür ederim,\nAyşe Yılmaz\n")
HR_RENEW_BODY = "Poštovani,\n\nmolim produženje posudbe svih knjiga koje imam.\n\nHvala,\nIvan Horvat\n"
LT_FINES_BODY = "Laba diena,\n\nkokio dydžio yra mano skola bibliotekai? Kiek turiu sumokėti baudų?\n\nAčiū,\nOna\n"
EN_STATUS_BODY = "Hello,\n\nwhat is the status of my interlibrary loan requests?\n\nThanks,\nJohn\n"
EN_UNKNOWN_BODY = "Hello,\n\nmy cat walked over the keyboard yesterday. Purple elephants dance at noon.\n\nJohn\n"


def message(sender: str, subject: str, body: str, *, to: str = LIBRARY, headers: dict | None = None,
            message_id: str | None = None, name: str = "") -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = f"{name} <{sender}>" if name else sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Mar 2026 10:00:00 +0200"
    msg["Message-ID"] = message_id or make_msgid(domain="patrons.example.org")
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body, charset="utf-8")
    return msg.as_bytes()


def staff_reply(notification: EmailMessage | None, body: str, *, sender: str = STAFF, to: str | None = None,
                subject: str | None = None, quote: bool = True) -> bytes:
    """A staff member's reply to a notification: To = its Reply-To, the notification quoted below."""
    original = notification.get_content() if notification is not None else ""
    quoted = "\n".join("> " + line for line in original.splitlines()) if quote else ""
    return message(sender, subject or f"Re: {notification['Subject']}", f"{body}\n\n{quoted}\n",
                   to=to or str(notification["Reply-To"]),
                   headers={"In-Reply-To": notification["Message-ID"]} if notification is not None else None)
