"""Synthetic training blocks: what the tagger sees at run time (one paragraph of a message), with labels.

Kinds, mixed by `block`: references rendered through CSL styles (alone, after an intro sentence, numbered, with
their ISBN on the next line, several in one paragraph), requests in prose, lists ("Title – Author, Publisher"),
catalogue displays (title / statement of responsibility, imprint lines, authority dates), and the letter's own
paragraphs (greetings, context, thanks, signatures) that hold no work at all.
"""
from __future__ import annotations

import functools
import random
import unicodedata

from .csl import all_styles, render
from .labelled import Labelled
from .letters import CLOSINGS, CONTEXT, GREETINGS, INTROS
from .prose import QUOTES, mention, prose
from .records import LANGS, Record, record

_ASCII = {"ı": "i", "İ": "I", "ş": "s", "Ş": "S", "ğ": "g", "Ğ": "G", "đ": "d", "Đ": "D"}


def ascii_only(text: str) -> str:
    """Diacritics dropped as patrons type without them (Krležin -> Krlezin, Çelik -> Celik)."""
    text = "".join(_ASCII.get(c, c) for c in text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _name(family: str, given: str, rng: random.Random, form: str | None = None) -> str:
    form = form or rng.choice(("fg", "gf", "gf", "fi", "if"))
    initials = " ".join(p[0] + "." for p in given.split())
    return {"fg": f"{family}, {given}", "gf": f"{given} {family}", "fi": f"{family}, {initials}",
            "if": f"{initials} {family}", "vi": f"{family} {''.join(p[0] for p in given.split())}"}[form]


def _isbn13(rng: random.Random) -> str:
    digits = [9, 7, 8] + [rng.randrange(10) for _ in range(9)]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    text = "".join(map(str, digits + [check]))
    return text if rng.random() < 0.5 else f"{text[:3]}-{text[3]}-{text[4:7]}-{text[7:12]}-{text[12]}"


def _edition(n: int, lang: str, rng: random.Random) -> str:
    if lang == "en":
        nth = f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
        return rng.choice((f"{nth} ed.", f"{nth} edition", f"{nth} edn"))
    return rng.choice({"tr": (f"{n}. baskı", f"{n}. bs."), "hr": (f"{n}. izd.", f"{n}. izdanje"),
                       "lt": (f"{n}-asis leid.", f"{n} leid.", f"{n}-asis leidimas")}[lang])


def authors_title_line(rec: Record, rng: random.Random) -> Labelled:
    """'Timoshenko, S. P.; Goodier, J. N. — Theory of Elasticity, 3. baskı, McGraw-Hill, 1970 (ISBN …)',
    'Daniel Kahneman, Thinking, Fast and Slow – ISBN 9780374275631': every author first, then the title, the
    edition, the imprint and the identifier, each part optional."""
    out = Labelled()
    inverted = rng.random() < 0.5
    names = [_name(f, g, rng, rng.choice(("fg", "fi") if inverted else ("gf", "gf", "if")))
             for f, g in rec.authors]
    last = {"en": " and ", "tr": " ve ", "hr": " i ", "lt": " ir "}[rec.lang] if rng.random() < 0.6 else " & "
    for i, name in enumerate(names):
        joiner = "; " if inverted else (last if i == len(names) - 1 else ", ")
        out.add(joiner if i else "").add(name, "author")
    out.add(rng.choice((" — ", " – ", " - ", " -- ", ", ", ": ", ". ")))
    left, right = rng.choice(QUOTES) if rng.random() < 0.3 else ("", "")
    out.add(left).add(rec.title, "title").add(right)
    if rec.edition or rng.random() < 0.2:
        out.add(", ").add(_edition(int(rec.edition or rng.randint(2, 9)), rec.lang, rng), "edition")
    if rec.publisher and rng.random() < 0.7:
        if rng.random() < 0.3:
            out.add(" (").add(rec.publisher, "publisher").add(", ").add(str(rec.year), "year").add(")")
        else:
            out.add(", ").add(rec.publisher, "publisher").add(", ").add(str(rec.year), "year")
    elif rng.random() < 0.5:
        opening = rng.choice((", ", " ("))
        out.add(opening).add(str(rec.year), "year").add(")" if opening == " (" else "")
    if rng.random() < 0.5:
        out.add(rng.choice((" (ISBN {})", " – ISBN {}", " -- ISBN {}", ", ISBN: {}", "\nISBN {}", " ISBN {}"))
                .format(_isbn13(rng)))
    return out


def list_line(rec: Record, rng: random.Random) -> Labelled:
    """'Title – Author, Publisher', 'Author: Title (Year)', 'Title (Author, Year)', …"""
    if rng.random() < 0.35:
        return authors_title_line(rec, rng)
    out = Labelled()
    family, given = rec.authors[0]
    author = _name(family, given, rng, rng.choice(("gf", "gf", "fg", "if")))
    left, right = rng.choice(QUOTES)
    dash = rng.choice((" – ", " - ", " — ", " -- "))
    form = rng.randrange(6)
    title = Labelled().add(left).add(rec.title, "title").add(right)
    if form == 0:
        out.extend(title).add(dash).add(author, "author")
        if rec.publisher:
            out.add(", ").add(rec.publisher, "publisher")
        if rng.random() < 0.5:
            out.add(rng.choice((", ", " (", " "))).add(str(rec.year), "year").add(")" if out.text.count("(") else "")
    elif form == 1:
        out.add(author, "author").add(rng.choice((": ", dash, ", "))).extend(title)
        if rng.random() < 0.6:
            out.add(" (").add(str(rec.year), "year").add(")")
    elif form == 2:
        out.extend(title).add(" (").add(author, "author").add(", ").add(str(rec.year), "year").add(")")
    elif form == 3:
        out.extend(title).add(", ").add(author, "author")
        if rec.publisher:
            out.add(", ").add(rec.publisher, "publisher")
        out.add(", ").add(str(rec.year), "year")
    elif form == 4:
        by = {"en": " by ", "tr": ", yazar: ", "hr": ", autor: ", "lt": ", autorius "}[rec.lang]
        out.extend(title).add(by).add(author, "author")
    else:
        out.add(author, "author").add(dash).extend(title).add(dash)
        if rec.publisher:
            out.add(rec.publisher, "publisher").add(", ")
        out.add(str(rec.year), "year")
    return out


_OPAC_LABELS = {
    "tr": ("Eser Adı", "Yazar", "Yayın Bilgisi", "Fiziksel Tanımlama", "Konu"),
    "hr": ("Naslov", "Autor", "Impresum", "Materijalni opis", "Predmetnica"),
    "lt": ("Antraštė", "Autorius", "Leidimo duomenys", "Apimtis", "Dalykas"),
    "en": ("Title", "Author", "Published", "Physical description", "Subjects"),
}
_RESPONSIBILITY = {"tr": ("haz.", "çev.", "ed."), "hr": ("uredio", "prijevod", "priredio"),
                   "lt": ("sudarė", "vertė", "parengė"), "en": ("edited by", "translated by", "ed.")}


def catalogue_display(rec: Record, rng: random.Random) -> Labelled:
    """An OPAC record pasted into the mail: labels (some the rules know, some not) and their values."""
    out = Labelled()
    labels = _OPAC_LABELS[rec.lang]
    family, given = rec.authors[0]
    sep = rng.choice((": ", ":\t", " : ", "\t"))
    with_labels = rng.random() < 0.7
    if with_labels:
        out.add(labels[1] + sep)
    out.add(f"{family}, {given}", "author")
    if rng.random() < 0.5:
        born = rng.randint(1850, 1960)
        out.add(f", {born}-" + (str(born + rng.randint(40, 90)) if rng.random() < 0.6 else ""))
    out.add("\n")
    if with_labels:
        out.add(labels[0] + sep)
    out.add(rec.title, "title")
    if rng.random() < 0.7:
        out.add(" / ").add(f"{given} {family}", "author")
        if rec.editors:
            f2, g2 = rec.editors[0]
            out.add(f" ; {rng.choice(_RESPONSIBILITY[rec.lang])} ").add(f"{g2} {f2}", "editor")
    out.add("\n")
    if rec.publisher:
        if with_labels:
            out.add(labels[2] + sep)
        if rec.place:
            out.add(rec.place, "place").add(rng.choice((" : ", ": ")))
        out.add(rec.publisher, "publisher").add(", ").add(str(rec.year), "year").add("\n")
    if rng.random() < 0.5:
        out.add((labels[3] + sep if with_labels else "") + f"{rng.randint(90, 700)} s. ; {rng.choice((20, 24, 21))} cm\n")
    if rng.random() < 0.3:
        out.add(labels[4] + sep + "Tarih -- Türkiye\n")
    return out


def loose_reference(rec: Record, rng: random.Random) -> Labelled:
    """References as people type them, fields between commas: 'D. J. Watts & S. H. Strogatz, Collective dynamics
    of small-world networks, Nature 393 (1998)', 'Title, Author, Publisher, 2015'."""
    out = Labelled()
    form = rng.choice(("gf", "if", "fg", "fi", "vi"))       # 'vi': 'Watson JD, Crick FH' as Vancouver writes
    names = [_name(f, g, rng, form) for f, g in rec.authors[:rng.choice((1, 2, 3))]]
    joiner = ", " if form == "vi" else rng.choice(
        (" & ", " and ", ", ", " ve " if rec.lang == "tr" else " i " if rec.lang == "hr" else " ir "))
    for i, name in enumerate(names):
        out.add(joiner if i else "").add(name, "author")
    if rng.random() < 0.15:
        out.add(" (").add(str(rec.year), "year").add(")")
        rec = Record(**{**vars(rec), "year": 0})
    left, right = rng.choice(QUOTES)
    out.add(", ").add(left).add(rec.title, "title").add(right).add(", ")
    if rec.container:
        out.add(rec.container, "container")
        if rec.volume:
            out.add(" ").add(rec.volume, "volume")
        if rec.issue and rng.random() < 0.5:
            out.add("(").add(rec.issue, "issue").add(")")
        if rec.pages and rng.random() < 0.5:
            out.add(rng.choice((", ", ": "))).add(f"{rec.pages[0]}-{rec.pages[1]}", "pages")
        if not rec.year:
            pass
        elif rng.random() < 0.7:
            out.add(" (").add(str(rec.year), "year").add(")")
        elif rng.random() < 0.6:
            out.add(", ").add(str(rec.year), "year")
    else:
        if rec.publisher:
            out.add(rec.publisher, "publisher").add(", " if rec.year else "")
        if rec.year:
            out.add(str(rec.year), "year")
    if rng.random() < 0.25:         # the identifier after a dash or a comma, as lists of articles give it
        doi = f"10.{rng.randint(1000, 9999)}/{rng.choice(('j.', 'mind/', ''))}{rng.randint(100000, 999999)}"
        out.add(rng.choice((" – https://doi.org/{}", ", doi:{}", " – {}", " -- DOI {}", ". https://doi.org/{}"))
                .format(doi))
    return out


@functools.lru_cache(maxsize=1)
def _styles() -> tuple[str, ...]:
    return tuple(all_styles())


def _reference(rec: Record, rng: random.Random) -> Labelled | None:
    return render(rec, rng.choice(_styles()), rng)


def block(rng: random.Random, lang: str | None = None) -> Labelled:
    """One paragraph of a patron's mail, labelled."""
    lang = lang or rng.choice(LANGS)
    kind = rng.choices(("ref", "intro_ref", "refs", "prose", "prose2", "list", "opac", "letter", "loose"),
                       (20, 11, 7, 22, 5, 12, 6, 13, 8))[0]
    out = Labelled()
    if kind == "letter":
        parts = [rng.choice(GREETINGS[lang])] if rng.random() < 0.4 else []
        parts += rng.sample(CONTEXT[lang], rng.randint(1, 3))
        if rng.random() < 0.4:
            parts.append(rng.choice(CLOSINGS[lang]))
        out.add(rng.choice((" ", "\n")).join(parts))
    elif kind in ("ref", "intro_ref"):
        ref = None
        while ref is None:
            ref = _reference(record(rng, lang), rng)
        if kind == "intro_ref":
            out.add(rng.choice(INTROS[lang]) + rng.choice((" ", "\n", "\n\n"[:1])))
        out.extend(ref)
        if rng.random() < 0.15:
            out.add(rng.choice(("\nISBN 978-0-262-03384-8", "\nISBN: 0-262-03384-4", " ISBN 9789750803857",
                                "\ndoi:10.1000/xyz123")))
    elif kind == "refs":
        marker = rng.choice(("", "- ", "* ", "• ", "{n}. ", "{n}) ", "[{n}] "))
        for n in range(1, rng.randint(2, 4) + 1):
            ref = None
            while ref is None:
                ref = _reference(record(rng, lang), rng)
            out.add(("\n" if n > 1 else "") + marker.format(n=n)).extend(ref)
    elif kind in ("prose", "prose2"):
        if rng.random() < 0.3:
            out.add(rng.choice(GREETINGS[lang]) + " ")
        if rng.random() < 0.3:
            out.add(rng.choice(CONTEXT[lang]) + " ")
        conj = {"en": " and ", "tr": " ve ", "hr": " i ", "lt": " ir "}[lang]
        for n in range(1 if kind == "prose" else 2):
            text = None
            while text is None:
                text = prose(record(rng, lang), rng) if n == 0 or rng.random() < 0.5 else mention(record(rng, lang), rng)
            out.add((rng.choice((" ", conj, ", ")) if n else "")).extend(text)
        if rng.random() < 0.2:
            out.add(" " + rng.choice(CLOSINGS[lang]).split("\n")[0])
    elif kind == "list":
        marker = rng.choice(("- ", "* ", "• ", "{n}. ", "{n}) ", "", "– "))
        for n in range(1, rng.randint(1, 4) + 1):
            out.add(("\n" if n > 1 else "") + marker.format(n=n)).extend(list_line(record(rng, lang, "book"), rng))
    elif kind == "loose":
        marker = rng.choice(("", "", "- ", "{n}. ", "DOI: 10.1000/x{n} — ", "https://doi.org/10.1000/y{n} "))
        for n in range(1, rng.randint(1, 3) + 1):
            out.add(("\n" if n > 1 else "") + marker.format(n=n)).extend(loose_reference(record(rng, lang), rng))
    else:
        out.extend(catalogue_display(record(rng, lang, "book"), rng))
    if rng.random() < 0.15:
        out = out.map_text(ascii_only)
    if rng.random() < 0.12:         # wrapped by the mail program, or pasted from a PDF
        out = out.wrapped(rng.randint(55, 80))
    return out


def blocks(count: int, seed: int) -> list[Labelled]:
    rng = random.Random(seed)
    return [block(rng) for _ in range(count)]
