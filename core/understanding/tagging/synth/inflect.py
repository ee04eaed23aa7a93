"""Names as patrons inflect them in a sentence: Karpat'ın, Krležin, Andrića, Zinkevičiaus.

Only for generating training prose; reading them back to the nominative is `core.understanding.inflection`.
"""
from __future__ import annotations

import random

_TR_VOWELS = "aıoueiöü"


def tr_suffix(name: str, kind: str = "gen") -> str:
    """Turkish case suffix after an apostrophe, by vowel harmony: Karpat'ın, Ortaylı'nın, Kuhn'un."""
    last = next((c for c in reversed(name.lower()) if c in _TR_VOWELS), "e")
    four = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[last]
    ends_vowel = name[-1].lower() in _TR_VOWELS
    if kind == "gen":
        return "'" + ("n" if ends_vowel else "") + four + "n"
    if kind == "acc":
        return "'" + ("y" if ends_vowel else "") + four
    two = "a" if last in "aıou" else "e"
    return "'" + ("y" if ends_vowel else "") + two          # dative


def hr_possessive(name: str, rng: random.Random) -> str:
    """Krleža -> Krležin(u/a), Andrić -> Andrićev(u/a), Kuhn -> Kuhnov(u/a)."""
    ending = rng.choice(("", "a", "u", "e", "om", "oj"))
    if name.endswith("a"):
        return name[:-1] + "in" + ending
    soft = name[-1] in "čćšžjcđ"
    return name + ("ev" if soft else "ov") + ending


def hr_genitive(name: str) -> str:
    if name.endswith("a"):
        return name[:-1] + "e"
    if name.endswith("o"):
        return name[:-1] + "a"
    return name + "a"


def lt_genitive(name: str) -> str | None:
    """Zinkevičius -> Zinkevičiaus, Donelaitis -> Donelaičio, Mažvydas -> Mažvydo, Gimbutienė -> Gimbutienės."""
    if name.endswith("ius"):
        return name[:-3] + "iaus"
    if name.endswith("us"):
        return name[:-2] + "aus"
    if name.endswith("tis"):
        return name[:-3] + "čio"
    if name.endswith("dis"):
        return name[:-3] + "džio"
    if name.endswith(("is", "ys")):
        return name[:-2] + "io"
    if name.endswith("as"):
        return name[:-2] + "o"
    if name.endswith("ė"):
        return name + "s"
    if name.endswith("a"):
        return name[:-1] + "os"
    return None


def given_genitive(given: str, lang: str) -> str:
    if lang == "hr":         # the names Croatian declines so: Robert -> Roberta, Nada -> Nade, Ivo -> Ive
        return " ".join(hr_genitive(g) if g[-1:] not in "eiuyėąęįų" else g for g in given.split())
    if lang == "lt":
        return " ".join(lt_genitive(g) or g for g in given.split())
    return given


def inflected_family(family: str, lang: str, rng: random.Random) -> str:
    if lang == "tr":
        return family + tr_suffix(family, "gen")
    if lang == "hr":
        return hr_possessive(family, rng) if rng.random() < 0.5 else hr_genitive(family)
    if lang == "lt":
        return lt_genitive(family) or family
    return family + ("'s" if rng.random() < 0.7 else "’s")
