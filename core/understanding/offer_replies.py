"""A patron's answer to "we have it: … shall I place a hold?": yes (place the hold), no (they will come for it), or
"I need it from another library anyway" (register the interlibrary loan request after all), in the four languages.

Only consulted while such an offer is open, so a bare "yes" or "da" means the offer and nothing else. Patterns are
matched on folded text (textfold.fold: lower case, no diacritics), at the start of a word.
"""
from __future__ import annotations

import re

from .textfold import fold

# "All the same": said in the request itself, it means the patron knows the library has the work.
ANYWAY = [
    r"anyway", r"all the same", r"still (?:want|need)", r"insist", r"even though you have", r"i know you have",
    r"yine de", r"gene de", r"olsa da", r"svejedno", r"ipak", r"iako (?:ju |je )?imate", r"vis tiek", r"vistiek",
    r"nors ir turite",
]
# "From another library": in an answer to the offer, the same; in a request, just how people ask for an ILL.
ELSEWHERE = [
    r"another librar", r"other librar", r"elsewhere",
    r"baska (?:bir )?kutuphane", r"diger (?:bir )?kutuphane", r"disaridan",
    r"drug\w* knjiznic", r"iz druge",
    r"kit\w* bibliotek", r"is kitur",
]
# Bare yes and no words count only at the start of the message: "da" and "ne" are also everyday Croatian and
# Turkish words ("that", "what").
DECLINE_FIRST = [r"no", r"nope", r"hayir", r"ne", r"nereikia", r"necu"]
DECLINE = [
    r"no thanks", r"not needed", r"i will (?:come|pick|get)", r"i'll (?:come|pick|get)",
    r"gerek yok", r"gelip alirim", r"kendim alirim",
    r"ne treba", r"doci cu", r"sam cu",
    r"nereikia", r"atsiimsiu", r"ateisiu", r"pats paimsiu",
]
HOLD_FIRST = [r"yes", r"yeah", r"yep", r"ok", r"okay", r"sure", r"please", r"evet", r"tamam", r"olur", r"da",
              r"moze", r"mozete", r"u redu", r"naravno", r"molim", r"taip", r"gerai", r"galima", r"prasau"]
HOLD = [r"place (?:a |the )?hold", r"hold\b", r"reserve", r"please do", r"ayirt", r"rezerv"]
SHORT = 15   # words: a yes or a no is a short message; a long one is about something else


def _any(patterns: list[str], folded: str) -> bool:
    return re.search(r"(?<![a-z0-9])(?:" + "|".join(patterns) + ")", folded) is not None


def _first(words: list[str], folded: str) -> bool:
    return re.match(r"\W*(?:" + "|".join(words) + r")(?![a-z0-9])", folded) is not None


def offer_reply(text: str) -> str | None:
    """"insist", "decline", "hold", or None when the message does not answer the offer."""
    own = "\n".join(line for line in (text or "").splitlines() if not line.lstrip().startswith(">"))
    folded = fold(own.strip())[:600]
    if not folded:
        return None
    if _any(ANYWAY, folded) or _any(ELSEWHERE, folded):
        return "insist"
    if len(folded.split()) > SHORT:
        return None
    if "?" not in folded and (_first(DECLINE_FIRST, folded) or _any(DECLINE, folded)):   # "ne zaman gelir?" asks
        return "decline"
    if _first(HOLD_FIRST, folded) or _any(HOLD, folded):
        return "hold"
    return None


def insists(text: str) -> bool:
    """A request that says it wants the ILL even though the library has the work ("… from another library
    anyway")."""
    return _any(ANYWAY, fold(text or "")[:5000])
