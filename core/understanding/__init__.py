"""Understanding what a patron or a member of staff wrote, by e-mail or in a chat.

    read_email(raw)        bytes of one RFC 5322 message -> MailText (decoded, replies/signatures removed)
    understand_text(text)  a plain message (Telegram, or an e-mail body) -> Understanding
    parse_email(raw)       both: what `loanbot parse` prints (contracts §3)

Each step lives in its own module: mime/charset/htmltext/replies (decoding), language, intent,
labels/freetext/citations/dashed (the rules' reading of works),
tagging/ (the learned tagger's), reading/joining (both together), identifiers, authors, fields, vocabulary (word lists).
"""
from __future__ import annotations

import re

from .reading import find_works, without_works
from .inflection import nominative_authors
from .intent import find_request, patron_intent, patron_intents, staff_decision
from .language import detect_language
from .mime import read_email
from .model import MailText, NotAnEmail, Understanding, Work

__all__ = ["MailText", "NotAnEmail", "Understanding", "Work", "parse_email", "read_email", "understand_text"]

_MAX_TEXT = 50_000


def _own_words(text: str, bibliographic: set[int], subject: str, works: list) -> str:
    """The patron's words for language detection: no citation lines, label words kept, no quoted titles.

    When the work was named inside the patron's only sentences, leaving those lines out would leave little to judge
    by: then the whole text is used, without the works' own words (an English title in a Croatian sentence)."""
    words = _own_words_outside(text, bibliographic, subject)
    if len(re.findall(r"[^\W\d_]{2,}", without_works(words, works))) < 8:
        words = without_works(_own_words_outside(text, set(), subject), works)
    return words


def _own_words_outside(text: str, bibliographic: set[int], subject: str) -> str:
    kept = []
    for i, line in enumerate(text.splitlines()):
        if i in bibliographic:
            label = line.split(":", 1)[0] if ":" in line else ""
            kept.append(label if len(label) < 40 else "")
        else:
            kept.append(line)
    words = "\n".join(kept)
    subject = re.sub(r"(?i)^(?:\s*(?:re|fwd?|aw|ynt)\s*:\s*)+|\[[^\]]*\]", " ", subject or "")
    words = f"{subject}\n{words}"
    words = re.sub(r"[\"“„«][^\"“”„«»]{3,200}[\"”“»]", " ", words)     # a quoted title, wrapped or not
    words = re.sub(r"https?://\S+|\S+@\S+|#?\bILL[\s\-]*\d+", " ", words, flags=re.I)
    return words


def understand_text(text: str, subject: str = "", language_hint: str | None = None) -> Understanding:
    """Language, intent, ILL reference, rejection reason and requested works of one message."""
    text = (text or "")[:_MAX_TEXT]
    subject = (subject or "")[:1000]
    found = find_works(text)
    own_words = _own_words(text, found.lines, subject, found.works)
    language = detect_language(own_words, language_hint)
    sure = bool(re.search(r"[^\W\d_]{2}", own_words))
    request = find_request(text, subject)
    decision = staff_decision(text, subject)
    if decision:
        intent, reason = decision
        return Understanding(language=language, intent=intent, request=request, reason=reason)
    body = without_works(text, found.works)   # intent words are looked for outside the works named
    intent = patron_intent(body, subject, found.strong, found.weak, request)
    intents = patron_intents(body, subject, found.strong, found.weak, request, whole=text)
    items = [nominative_authors(w, names, language) for w, names in zip(found.works, found.uninverted)] \
        if "ill_request" in (intent, *intents) else []
    return Understanding(language=language, intent=intent, request=request, reason=None, items=items,
                         intents=intents, language_sure=sure)


def parse_email(raw: bytes) -> Understanding:
    """What `loanbot parse FILE` prints; raises NotAnEmail when `raw` is not a message."""
    mail = read_email(raw)
    return understand_text(mail.body_text, mail.subject)
