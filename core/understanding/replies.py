"""Leaving out what the patron did not write now: quoted replies, signatures, mobile footers.

The quoted original of a reply holds the library's own words ("Reply ONAYLA or RED: reason"), which
would otherwise be read as the patron's intent.
"""
from __future__ import annotations

import re

from .identifiers import find_isbns
from .textfold import fold
from .vocabulary import (ATTRIBUTION_PATTERNS, FORWARD_MARKERS, MOBILE_FOOTERS, ORIGINAL_MESSAGE_MARKERS, QUOTED_HEADER_FIRST,
                         QUOTED_HEADER_NEXT, VALEDICTION_PHRASES)

_ATTRIBUTION = [re.compile(p) for p in ATTRIBUTION_PATTERNS]
_ORIGINAL = [re.compile(p) for p in ORIGINAL_MESSAGE_MARKERS]
_FORWARD = [re.compile(p) for p in FORWARD_MARKERS]
_FWD_HEADER = re.compile(r"^(?:from|date|sent|to|cc|subject|kimden|gonderen|tarih|kime|konu|bilgi|od|salje|datum|"
                         r"poslano|prima|za|predmet|kopija|nuo|data|kam|tema|kopija)\s*:")
_HDR_FIRST = re.compile(QUOTED_HEADER_FIRST)
_HDR_NEXT = re.compile(QUOTED_HEADER_NEXT)
_MOBILE = [re.compile(p) for p in MOBILE_FOOTERS]
_VALEDICTIONS = set(VALEDICTION_PHRASES)
# A telephone line of a signature, whose digits are not a year or an ISBN.
_PHONE = re.compile(r"^\s*(?:tel|phone|mob|mobile|gsm|fax|cep|telefon|dahili|ext|mob\.|t\.|m\.)\b[\s.:]*[+()\d\s/\-]+$")
# What a signature line never holds but a citation does.
_BIBLIOGRAPHIC = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\d{5,}|\bisbn\b|\bdoi\b|[\"“„«]", re.I)


def _is_attribution(folded: str, following: list[str]) -> bool:
    if len(folded) > 300:
        return False
    if any(p.match(folded) for p in _ATTRIBUTION):
        return True
    # "On Mon, 23 Nov 2026 at 09:14, Library <x@y>" / "wrote:" wrapped onto the next line
    if following and folded.startswith(("on ", "dana ", "tarihinde")) and \
            re.match(r"^(?:wrote|yazdi|je napisao|je napisala|rase|parase)\s*:\s*$", following[0]):
        return True
    return False


def _drop_header_block(lines: list[str], folded: list[str], i: int, forward: bool) -> list[str]:
    """A forward keeps what follows its 'From:/Sent:/To:/Subject:' block; a reply stops there."""
    if not forward:
        return lines[:i]
    j = i + 1
    while j < len(lines) and (_FWD_HEADER.match(folded[j]) or not folded[j] and j == i + 1):
        j += 1
    return lines[:i] + [""] + _cut_at_original(lines[j:])


def _cut_at_original(lines: list[str], forward: bool = False) -> list[str]:
    """Stop at the first line that starts the quoted original (top-posting); forwards are kept."""
    folded = [fold(line.strip()) for line in lines]
    for i, f in enumerate(folded):
        if f in ("--", "-- ") or lines[i] in ("-- ", "--"):
            return lines[:i]
        if any(p.match(f) for p in _FORWARD) or forward and any(p.match(f) for p in _ORIGINAL):
            # Outlook forwards under "-----Original Message-----" too: with "FW:" in the subject it is kept
            return _drop_header_block(lines, folded, i, True)
        if any(p.match(f) for p in _ORIGINAL):
            return lines[:i]
        if _HDR_FIRST.match(f) and any(_HDR_NEXT.match(x) for x in folded[i + 1:i + 5]):
            return _drop_header_block(lines, folded, i, forward)
        nxt = [x for x in folded[i + 1:i + 3] if x]
        if _is_attribution(f, nxt):
            following = nxt[1:] if nxt and re.match(r"^(?:wrote|yazdi|je napisa|rase|parase)", nxt[0]) else nxt
            if following and following[0].startswith(">"):
                # bottom-posting: the answer may come after the quote; drop only this line
                lines = lines[:i] + [""] + lines[i + 1:]
                return _cut_at_original(lines)
            return lines[:i]
    return lines


def _is_valediction(folded: str) -> bool:
    """'Thanks,', 'Hvala i lijep pozdrav,', 'Iš anksto dėkoju,': a short line that opens with a closing phrase."""
    words = folded.split()
    if folded in _VALEDICTIONS:
        return True
    return 0 < len(words) <= 5 and any(" ".join(words[:n]) in _VALEDICTIONS for n in range(1, min(4, len(words)) + 1))


def _cut_valediction(lines: list[str]) -> list[str]:
    """Drop "Thanks,\\nName\\nDepartment" at the end: a name is not a book."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 12), -1):
        f = re.sub(r"[^\w\s]", "", fold(lines[i])).strip()
        f = " ".join(f.split())
        if _is_valediction(f) and any(x.strip() for x in lines[:i]):
            rest = [x for x in lines[i + 1:] if x.strip()]
            if len(rest) <= 7 and all(len(x) < 80 and (_PHONE.match(fold(x)) or not _BIBLIOGRAPHIC.search(x))
                                      for x in rest):
                return lines[:i]
    return lines


# Subject prefixes of a forward (Outlook's forward has no marker line, only the header block).
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fw|fwd|ilt|iletilen|pd|proslijedeno|prs|persiusta)\s*:", re.I)


def strip_reply(text: str, subject: str = "") -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _cut_at_original(lines, bool(_FORWARD_SUBJECT.match(fold(subject or ""))))
    lines = [line for line in lines if not line.lstrip().startswith(">")]
    lines = [line for line in lines if not any(p.search(fold(line.strip())) for p in _MOBILE)]
    lines = _cut_valediction(lines)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()


_TITLES = r"(?:(?:prof|dr|doc|doç|doç\.dr|arş|ars|gör|gor|assoc|asst|mr|mrs|ms|mag|dipl|ing|sc|doc\. dr|ph\.?d)\.?\s*)*"
_NAME_LINE = re.compile(rf"^\s*{_TITLES}[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’\-]+(?:\s+[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’.\-]*){{1,3}}\s*,?\s*$", re.I)


_NAME_WITH_ROLE = re.compile(rf"^\s*{_TITLES}[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’\-]+(?:\s+[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’.\-]*){{1,3}}"
                             rf"\s*(?:[|,–—-]\s*[^\d|]{{2,60}})?\s*$", re.I)


def signature_blocks(lines: list[str]) -> set[int]:
    """Signature blocks anywhere in the text (a forward carries the forwarder's in the middle): a paragraph of
    at most five short lines opening with a name, perhaps with a role ('Karen Whitfield | Resource Sharing
    Librarian'), with a telephone or an affiliation line, and nothing bibliographic."""
    out: set[int] = set()
    start = 0
    for end in [i for i, line in enumerate(lines) if not line.strip()] + [len(lines)]:
        # "Srdačan pozdrav," above the name: a forward's signature, closing included
        closing = start < end and _is_valediction(" ".join(re.sub(r"[^\w\s]", "", fold(lines[start])).split()))
        block = lines[start + closing:end]
        if 2 <= len(block) <= 5 and _NAME_WITH_ROLE.match(block[0]) and all(len(x) <= 80 for x in block) \
                and any(_AFFILIATION.search(fold(x)) or _phone(x) for x in block[1:]) \
                and not any(_BIBLIOGRAPHIC.search(x) and not _phone(x) or find_isbns(x) for x in block):
            out.update(range(start, end))
        start = end + 1
    return out


_PHONE_ONLY = re.compile(r"^\s*[+(]?[\d()\s/.\-]{7,20}\s*$")


def _phone(line: str) -> bool:
    """A telephone line; a bare ISBN under a work ('9780262035613') is none."""
    return bool(_PHONE.match(fold(line)) or _PHONE_ONLY.match(line)) and not find_isbns(line)


def signature_lines(lines: list[str]) -> set[int]:
    """The signature block at the end when no closing phrase announced it: a last paragraph of a few short lines
    that opens with a name ('Prof. Dr. Ahmet Güneş', 'Onur Şahin') and holds nothing bibliographic."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    block = lines[start:end]
    if not block or start == 0 or len(block) > 5 or not _NAME_LINE.match(block[0]):
        return set()
    if any(len(x) > 70 or _BIBLIOGRAPHIC.search(x) and not _PHONE.match(fold(x)) for x in block):
        return set()
    # a name alone, or a name above an affiliation or a telephone: not "Ivo Andrić / Na Drini ćuprija"
    if len(block) > 1 and not any(_AFFILIATION.search(fold(x)) or _PHONE.match(fold(x)) for x in block[1:]):
        return set()
    return set(range(start, end))


_AFFILIATION = re.compile(r"(?<![a-z])(?:univers|fakult|faculty|department|dept|odsjek|odjel|katedr|bolum|bolumu|"
                          r"enstitu|institut|school|college|student|ogrenci|studen|doktor|phd|ph\.d|msc|ma\b|yl\b|"
                          r"lecturer|assistant|asistent|arastirma|researcher|professor|profesor|kursas|sinif|godina|"
                          r"year\b|library|knjiznic|kutuphane|bibliotek|tel\b|phone|@|www\.|lab\b|centre|center|centar)")


_GREETING = re.compile(r"^(?:dear|hi|hello|hey|good (?:morning|afternoon|day)|greetings|merhaba|merhabalar|selam|"
                       r"sayin|degerli|iyi gunler|hocam|postovan\w*|dragi|draga|bok|pozdrav|dobar dan|dobro jutro|"
                       r"gerbiam\w*|laba diena|labas|sveiki|labas rytas)\b")


def greeting_lines(lines: list[str]) -> set[int]:
    """The salutation on a line of its own ('Dear Document Supply,', 'Poštovane kolegice i kolege,', 'Sayın
    Yetkili,'): the letter's words, never a work's, whatever capitals it has."""
    out = set()
    for i, line in enumerate(lines):
        text = line.strip()
        if text and len(text.split()) <= 7 and text[-1] in ",!:" and _GREETING.match(fold(text)):
            out.add(i)
    return out
