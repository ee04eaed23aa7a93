"""Turning bytes of an unknown or wrongly declared charset into text, never failing.

Mail from our patrons is UTF-8, ISO-8859-9 (Turkish), windows-1250/ISO-8859-2 (Croatian) or
windows-1257/ISO-8859-13 (Lithuanian), and the declared charset is sometimes wrong. When the declared
one fails, or is a generic Western one that produced letters none of our languages use, each candidate
is tried and the one whose result has the most letters of our languages wins.
"""
from __future__ import annotations

import codecs

_CANDIDATES = ("utf-8", "windows-1250", "windows-1257", "iso-8859-9", "windows-1252")
# Declared charsets that are often a lie (mailers default to them).
_GENERIC = {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "iso-8859-15"}
_GOOD = set("ıİşŞğĞöÖüÜçÇćĆčČđĐšŠžŽąĄęĘėĖįĮųŲūŪ")
# Letters a wrong single-byte guess produces for our languages' letters.
_BAD = set("ðÐþÞýÝýÿ¾¼½±ºª¹²³µ¶¸¤¦¨´ÆæøØåÅàÀèÈìÌòÒùÙãÃõÕñÑÊêÎîÛûÔôÂâ") | {chr(c) for c in range(0x80, 0xA0)}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = str(name).strip().strip('"\'').lower()
    if name in ("unknown-8bit", "x-unknown", "8bit", "default"):
        return None
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def _plausibility(text: str) -> int:
    return sum(c in _GOOD for c in text) - 3 * sum(c in _BAD for c in text) - 5 * text.count("\ufffd")


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data`, trusting `declared` only when it gives a plausible result."""
    if not data:
        return ""
    codec = _codec(declared)
    if codec:
        try:
            text = data.decode(codec)
            if codec.replace("_", "-") not in _GENERIC or not any(c in _BAD for c in text):
                return text
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data.isascii():
        return data.decode("ascii")
    best = max((data.decode(c, errors="replace") for c in _CANDIDATES[1:]), key=_plausibility)
    return best
