"""What the writer wants: one of the contract's intents, the ILL reference named, a rejection reason.

Matching is on folded text (no diacritics, lower case) with word stems, because Croatian and Lithuanian
inflect ("produženje", "produžiti", "pratęsti", "pratęskite") and patrons drop diacritics.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .textfold import fold
from .vocabulary import (APPROVE_WORDS, HOLD_REQUESTS, INTENT_WORDS, LOSS_IN_OWN_WORDS, REJECT_WORDS, REQUEST_VERBS,
                         THANKS_STEMS, THANKS_WORDS, VALEDICTION_PHRASES)

_REF = re.compile(r"(?<![a-z0-9])#?ill[ \t\-_#:.]{0,3}(\d{1,9})(?!\d)")
_SUBJECT_PREFIX = re.compile(r"^(?:\s*(?:re|fw|fwd|aw|sv|vs|odg|ynt|yanit|ilt|pd|atsakymas)\s*(?:\[\d+\])?\s*:\s*)+")
_GREETING = re.compile(r"^(?:hi|hello|dear|merhaba|selam|sayin|postovan\w*|bok|pozdrav|dobar dan|laba diena|"
                       r"sveiki|labas)\b.{0,40}$")
# "Unfortunately, rejected: …", "Nažalost odbijamo: …", "Maalesef reddedildi", "Deja, atmesta"
_SOFTENER = r"(?:(?:unfortunately|sadly|sorry|regretfully|nazalost|na zalost|maalesef|ne yazik ki|deja|" \
            r"apgailestaujame|atsiprasome)[,!:]?\s+)?"
# Words that can only be a decision when they make up (nearly) the whole line: "OK", "No: reason".
_WEAK = {"ok", "okay", "yes", "no", "da", "ne", "evet", "hayir", "tamam", "taip", "gerai", "u redu", "moze"}


@lru_cache(maxsize=None)
def _stems(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(words) + ")")


def _has(intent_words: list[str], folded: str) -> bool:
    return bool(_stems(tuple(intent_words)).search(folded))


def find_request(body: str, subject: str) -> str | None:
    """The ILL reference, body first (the patron typed it), then the subject."""
    for text in (body, subject):
        m = _REF.search(fold(text or ""))
        if m:
            return f"ILL-{int(m.group(1))}"
    return None


def _decision_lines(body: str, subject: str) -> list[str]:
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if lines and _GREETING.match(fold(lines[0])) and len(lines) > 1:
        lines = lines[1:]
    first = lines[:1]
    subj = _SUBJECT_PREFIX.sub("", subject or "").strip()
    return first + ([subj] if subj else [])


def _strip_ref(line: str) -> str:
    """'[ILL-12] ODOBRENO' / 'ILL-12: reject' -> the words after the reference."""
    return re.sub(r"^[\s\[\(#]*ill[ \-_#:.]{0,3}\d+[\]\)]?[\s:,.\-]*", "", line, flags=re.I)


def staff_decision(body: str, subject: str = "") -> tuple[str, str | None] | None:
    """('approve', None) or ('reject', reason) when the reply opens with a decision word."""
    for line in _decision_lines(body, subject):
        line = _strip_ref(line)
        folded = fold(line)
        for intent, words in (("reject", REJECT_WORDS), ("approve", APPROVE_WORDS)):
            m = re.match(_SOFTENER + r"(?:i |we |ja |as |mi )?(" + "|".join(words) + r")\w*", folded)
            if not m:
                continue
            rest = line[m.end():]
            word = m.group(1).strip()
            if word in _WEAK and (line.rstrip().endswith("?")   # "ILL-1 ne durumda?" asks, it does not refuse
                                  or not (len(line.split()) <= 3 or re.match(r"\s*[:\-–—]", rest))):
                continue
            if intent == "approve" and re.match(r"\s+(?:not\b|ne\b)", fold(rest)):
                return "reject", _reason(line, m.end() + len(re.match(r"\s+\w+", rest).group(0)), body)
            return intent, (_reason(line, m.end(), body) if intent == "reject" else None)
    return None


def _reason(line: str, end: int, body: str) -> str | None:
    """The rejection reason as written, whole: the text after the decision word and its separator and the lines
    that continue it (its paragraph); when the decision line holds nothing more, the paragraph after it. Staff
    may write several sentences (an offer to order from abroad, a price) and the patron must get all of them."""
    rest = _strip_ref(re.sub(r"^[\s:;,\-–—.!]+", "", line[end:])).strip()
    lines = [x.strip() for x in body.splitlines()]
    start = next((i for i, x in enumerate(lines) if x and (x in line or line in x)), None)
    if start is None:
        return rest or None
    following = _paragraph(lines, start + 1)
    if not rest:
        while start + 1 < len(lines) and not lines[start + 1]:
            start += 1
        following = _paragraph(lines, start + 1)
    text = "\n".join(part for part in [rest, *following] if part)
    return text.strip() or None


def _paragraph(lines: list[str], start: int) -> list[str]:
    """The non-empty lines from `start` up to the next empty line, quoted line or closing ("Regards", …)."""
    out = []
    for text in lines[start:]:
        if not text or text.startswith(">") or fold(text).strip(" ,.!") in VALEDICTION_PHRASES:
            break
        out.append(text)
    return out


def patron_intent(text: str, subject: str, strong_items: bool, weak_items: bool, request: str | None) -> str:
    """Precedence: cancel > renew > fines > hold > status-with-reference > ILL with details > status > loans > ILL
    > help. Cancelling and holds come before ILL: "please cancel ILL-7, I no longer need it" and "reserve
    «Middlemarch» for me" name a work or a need without asking for a new request."""
    folded = _without_references(fold(f"{subject}\n{text}"))
    hits = {name for name, words in INTENT_WORDS.items() if _has(words, folded)}
    if strong_items and "renew" in hits and not _has(INTENT_WORDS["renew"], _without_conditions(folded)):
        hits.discard("renew")
    asks = "?" in text or "?" in subject
    if "cancel" in hits and (request or "hold" in hits or not strong_items):
        return "cancel"
    if "renew" in hits:
        return "renew"
    if "fines" in hits:
        return "fines"
    if "hold" in hits and (not strong_items or (_has(HOLD_REQUESTS, folded) and "ill_request" not in hits)):
        return "hold"
    if request and ("status" in hits or (asks and not strong_items)):
        return "status"
    if strong_items or (weak_items and (_has(REQUEST_VERBS, folded) or "ill_request" in hits)):
        return "ill_request"
    if "status" in hits and ("ill_request" in hits or _has(REQUEST_VERBS, folded) or asks):
        return "status"
    if "loans" in hits:
        return "loans"
    if "ill_request" in hits:
        return "ill_request"
    if "help" in hits:
        return "help"
    if request:
        return "status"   # a message naming one of the patron's requests, and nothing else understood
    return "unknown"


# "Ako se posudba može produljiti na mjesec dana, bilo bi odlično", "if the loan could be extended": beside a work
# asked for, a wish about the loan to come, not a renewal of the loans the patron has
_CONDITION = re.compile(r"(?<![a-z])(?:if|ako|jei|jeigu|eger|whether)\b[^.;!?\n]{0,80}")


def _without_conditions(folded: str) -> str:
    return _CONDITION.sub(" ", folded)


def _without_references(folded: str) -> str:
    """The text without "ILL-7": a request's name says nothing of what is asked about it (its "ill" is not the
    service's name)."""
    return _REF.sub(" ", folded)


# Intents that a message may ask for beside another, each answered in its own section: "how much do I owe and
# can you renew my book". The others (help, unknown, a request's status without its reference) stand alone.
_COMBINABLE = ("renew", "fines", "loans")


def patron_intents(text: str, subject: str, strong_items: bool, weak_items: bool, request: str | None,
                   whole: str | None = None) -> list[str]:
    """Every request a message makes, in the order it makes them; the first of `patron_intent`'s precedence is
    always among them. A renewal already lists the loans, so "renew my loans" is one request, not two. `text` is
    the message without the works it names; `whole` the message as written (a loss told in the first person is
    looked for there too)."""
    primary = patron_intent(text, subject, strong_items, weak_items, request)
    folded = _without_references(fold(f"{subject}\n{text}"))
    situation = _situation(text, folded, primary, fold(whole or ""))
    if situation is not None:
        return [situation]
    if primary in ("unknown", "help"):
        return [primary]
    found = {primary: _first_match(INTENT_WORDS.get(primary, []), folded)}
    for name in _COMBINABLE:
        if name not in found and _has(INTENT_WORDS[name], _without_conditions(folded) if strong_items else folded):
            found[name] = _first_match(INTENT_WORDS[name], folded)
    if request and "status" not in found and _has(INTENT_WORDS["status"], folded):
        found["status"] = _first_match(INTENT_WORDS["status"], folded)
    if strong_items and "ill_request" not in found and primary != "hold":   # the work named is the one to hold
        found["ill_request"] = _first_match(INTENT_WORDS["ill_request"] + REQUEST_VERBS, folded)
    if "renew" in found:
        found.pop("loans", None)
    return sorted(found, key=lambda name: found[name])


def _situation(text: str, folded: str, primary: str, whole: str = "") -> str | None:
    """What the contract's intents do not name, answered on its own (beyond contracts §3, which reports the
    message's `intent` as before): "lost" (an item lost or damaged: a librarian answers), "thanks" (only thanks:
    "you're welcome", no librarian's task), "empty" (nothing written)."""
    if primary == "cancel":
        return None
    if _has(INTENT_WORDS["lost"], folded) or _has(LOSS_IN_OWN_WORDS, whole):
        return "lost"
    if primary != "unknown":
        return None
    if not re.search(r"[^\W\d_]", text or ""):
        return "empty"
    words = re.findall(r"[a-z]+", folded)
    if re.search(THANKS_STEMS, folded) and len(words) <= 14 and sum(w not in THANKS_WORDS for w in words) <= 2:
        return "thanks"
    return None


def _first_match(words: list[str], folded: str) -> int:
    """Where the first of `words` appears (the end when none does: asked without its usual words)."""
    match = _stems(tuple(words)).search(folded) if words else None
    return match.start() if match else len(folded)
