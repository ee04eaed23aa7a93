"""More real-looking blocks from the real ones: the same sentence around other works.

A labelled real paragraph keeps its words, punctuation and order; the values of its fields are swapped for invented
ones of the same kind and written the same way ("Family, Given" stays inverted, initials stay initials, a Turkish
suffix stays on the name). The tagger then learns where a title stands in a patron's sentence, not which titles
happened to be in the hand-written sets.
"""
from __future__ import annotations

import random
import re

from .inflect import tr_suffix
from .labelled import Labelled
from .pools import JOURNALS, PUBLISHERS, items
from .records import person, title

_INITIALS_AFTER_COMMA = re.compile(r",\s*[A-Z]\.")
_SUFFIX = re.compile(r"(['’][a-zçğıöşü]{1,5})$")


def _author_like(original: str, rng: random.Random, lang: str) -> str:
    if re.search(r"\band\b|&|;|\bve\b|\bi\b|\bir\b", original) or original.count(",") > 1:
        return original                     # several names in one run: kept as written
    family, given = person(rng, lang)
    suffix = _SUFFIX.search(original)
    if suffix:
        return (f"{given} " if " " in original.strip() else "") + family + (
            tr_suffix(family) if lang == "tr" else suffix.group(1))
    initials = " ".join(p[0] + "." for p in given.split())
    if "," in original:
        return f"{family}, " + (initials if _INITIALS_AFTER_COMMA.search(original) else given)
    if re.match(r"^[A-Z]\.", original.strip()):
        return f"{initials} {family}"
    if original.strip().isupper():
        return family.upper()
    return f"{given} {family}" if " " in original.strip() else family


def _number_like(original: str, rng: random.Random) -> str:
    digits = len(re.sub(r"\D", "", original)) or 1
    return str(rng.randint(10 ** (digits - 1) if digits > 1 else 1, 10 ** digits - 1))


def _pages_like(original: str, rng: random.Random) -> str:
    m = re.match(r"(\d+)(\D+)(\d+)", original)
    if not m:
        return _number_like(original, rng)
    first = rng.randint(1, 700)
    last = first + rng.randint(2, 60)
    shown = str(last)[-len(m.group(3)):] if len(m.group(3)) < len(str(last)) else str(last)
    return f"{first}{m.group(2)}{shown}"


def augmented(block: Labelled, lang: str, rng: random.Random, share: float = 0.7) -> Labelled:
    out = Labelled()
    for text, label in block.pieces:
        if label == "O" or rng.random() > share:
            out.add(text, label)
            continue
        if label == "title":
            new = title(rng, lang)
            if text[:1].islower():
                new = new.lower()
        elif label in ("author", "editor"):
            new = _author_like(text, rng, lang)
        elif label == "year":
            new = str(rng.randint(1950, 2025)) if re.fullmatch(r"\d{4}", text) else text
        elif label == "publisher":
            new = rng.choice(PUBLISHERS[lang if rng.random() < 0.7 else "en"])[1]
        elif label == "place":
            new = rng.choice(PUBLISHERS[lang])[0]
        elif label == "container":
            new = rng.choice(items(JOURNALS[lang])) if rng.random() < 0.6 else title(rng, lang)
        elif label in ("volume", "issue"):
            new = _number_like(text, rng) if re.fullmatch(r"\d+", text) else text
        elif label == "pages":
            new = _pages_like(text, rng)
        else:
            new = text
        out.add(new, label)
    return out
