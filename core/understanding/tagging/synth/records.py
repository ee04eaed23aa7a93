"""Invented bibliographic records in the four languages, the raw material of every synthetic example."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .people import people
from .pools import FAMILY, GIVEN, JOURNALS, PUBLISHERS, TITLE_WORDS, items, words

LANGS = ("tr", "hr", "lt", "en")


@dataclass
class Record:
    lang: str
    type: str                                   # book, article, chapter, thesis
    title: str
    authors: list[tuple[str, str]] = field(default_factory=list)      # (family, given)
    editors: list[tuple[str, str]] = field(default_factory=list)
    container: str | None = None
    publisher: str | None = None
    place: str | None = None
    year: int = 2000
    month: int | None = None                    # an article's issue month ('Jan. 1962', IEEE)
    volume: str | None = None
    issue: str | None = None
    pages: tuple[int, int] | None = None
    edition: str | None = None


def person(rng: random.Random, lang: str) -> tuple[str, str]:
    # a quarter of the names come from another language's pool: patrons cite foreign authors; half of them from
    # Faker's long lists of many countries (synth/people.py), so that no name is known by heart
    pool = lang if rng.random() < 0.75 else rng.choice(LANGS + ("foreign",))
    if pool == "foreign" or rng.random() < 0.5:
        names = people()[pool]
        family, given = rng.choice(names["family"] or words(FAMILY[lang])), rng.choice(names["given"])
        extra = names["given"]
    else:
        family, given = rng.choice(words(FAMILY[pool])), rng.choice(words(GIVEN[pool]))
        extra = words(GIVEN[pool])
    if rng.random() < 0.12:
        given += " " + rng.choice(extra)
    if rng.random() < 0.06:
        family = family + "-" + rng.choice(words(FAMILY[pool if pool in FAMILY else lang]))
    return family, given


def title(rng: random.Random, lang: str) -> str:
    pool = TITLE_WORDS[lang if rng.random() < 0.8 else rng.choice(LANGS)]
    nouns, adjs = words(pool["noun"]), words(pool["adj"])
    pattern = rng.choice(pool["pattern"])
    out = pattern
    props = [w.replace("_", " ") for w in words(pool.get("prop", ""))]
    for slot in ("{adj}", "{noun2}", "{noun}", "{gen}", "{prop}"):
        while slot in out:
            out = out.replace(slot, rng.choice(adjs if slot == "{adj}" else props if slot == "{prop}" else nouns), 1)
    if rng.random() < 0.3:      # sentence case, as many catalogues and APA write it
        out = out[0] + " ".join(w if w[:1].isupper() and rng.random() < 0.3 else w.lower()
                                for w in out[1:].split(" "))
    return out


_SMALL = {"of", "the", "and", "for", "in", "on", "za", "i", "ir", "ve", "&", "a"}


def abbreviated(journal: str, dotted: bool = False) -> str:
    """'Journal of Molecular Biology' -> 'J Mol Biol', as Vancouver and the NLM write journal titles; dotted, as
    ISO 4 and IEEE write them: 'J. Mol. Biol.', 'IEEE Trans. Inf. Theory'."""
    out = []
    for word in journal.replace(".", "").split():
        if word.lower() in _SMALL:
            continue
        short = word[0] if word.lower() in ("journal", "časopis") else \
            "Trans" if word.lower() == "transactions" else word[:min(len(word), 4)]
        out.append(short + "." if dotted and short != word else short)
    return " ".join(out) or journal


def record(rng: random.Random, lang: str, kind: str | None = None) -> Record:
    kind = kind or rng.choices(("book", "article", "chapter", "thesis"), (45, 30, 20, 5))[0]
    n_auth = rng.choices((1, 2, 3, 4), (60, 25, 10, 5))[0]
    rec = Record(lang=lang, type=kind, title=title(rng, lang), authors=[person(rng, lang) for _ in range(n_auth)],
                 year=rng.randint(1950, 2025))
    if kind == "article":
        rec.container = rng.choice(items(JOURNALS[lang if rng.random() < 0.8 else "en"]))
        if rng.random() < 0.25:
            rec.container = abbreviated(rec.container, dotted=rng.random() < 0.5)
        if rng.random() < 0.3:
            rec.month = rng.randint(1, 12)
        rec.volume = str(rng.choice((rng.randint(1, 120), rng.randint(1, 12), rng.randint(100, 999))))
        if rng.random() < 0.75:
            rec.issue = str(rng.choice((rng.randint(1, 12), rng.randint(1, 12), rng.randint(13, 9999))))
            if rng.random() < 0.05:
                rec.issue = f"{rec.issue}-{int(rec.issue) + 1}"
    else:
        rec.place, rec.publisher = rng.choice(PUBLISHERS[lang if rng.random() < 0.8 else "en"])
        if kind == "book" and rng.random() < 0.2:
            rec.edition = str(rng.randint(2, 9))
    if kind == "chapter":
        rec.container = title(rng, lang)
        rec.editors = [person(rng, lang) for _ in range(rng.choice((1, 1, 2)))]
    if kind in ("article", "chapter") or rng.random() < 0.05:
        first = rng.randint(1, 600)
        rec.pages = (first, first + rng.randint(3, 60))
    if kind == "thesis":
        rec.publisher = rng.choice(("Sveučilište u Zagrebu", "İstanbul Üniversitesi", "Vilniaus universitetas",
                                    "University of Oxford", "Ankara Üniversitesi", "Kauno technologijos universitetas"))
    if rec.volume and rec.year and rec.volume == str(rec.year):
        rec.volume = "7"
    return rec
