"""Drafts assembled from the tagger's labels become Works in the contract's form, with a confidence per field."""
from __future__ import annotations

import re

from ..authors import split_authors
from ..fields import clean_name, clean_publisher, edition_of, is_thesis, number_of, pages_of, year_of
from ..model import Work
from ..textfold import fold
from .assemble import Draft
from .lexicon import LEXICON

_CHAPTER = re.compile(r"(?<![a-z])(?:chapter|poglavlj|bolum|skyri|section|glava)")
_ARTICLE = re.compile(r"(?<![a-z])(?:article|paper|clan(?:ak|ka|ku)|makale|straipsn|journal|casopis|dergi|zurnal)")
_IN_BOOK = re.compile(r"(?<![a-z])(?:in|u|icinde|knygoje|zborniku|zbornik|kitabinda|knjizi)\s*:?\s*$")
# A Turkish case suffix left on an unquoted title or a name: "İnce Memed'i", "Karpat'ın"
_TR_SUFFIX = re.compile(r"['’](?:n?[ıiuü]n|y?[ıiuü]|y?[ae]|[dt][ae]n?|[dt][ae]ki|n?[ıiuü]n[ıiuü]?)$", re.I)


def _title(value: str | None) -> str | None:
    value = clean_name(re.sub(r"^the\s+", "", value or ""))
    if value and _TR_SUFFIX.search(value):
        value = _TR_SUFFIX.sub("", value)
    return value


def _after_announcing_word(value: str | None) -> str | None:
    """'Jis išspausdintas žurnale Technological and Economic …' -> 'Technological and Economic …': a journal's
    name starts after the lower-case word that announced it ('žurnale', 'časopisu', 'dergisinde', 'in')."""
    if not value:
        return value
    words = value.split()
    for k in range(len(words) - 1, 0, -1):
        word = words[k - 1]
        folded = fold(word).strip(".,:")
        # not "in", "u", "is": those stand inside titles too ("Style in Language")
        if word[:1].islower() and folded not in ("in", "u", "is") and words[k][:1].isupper() \
                and {"journal", "in"} & set(LEXICON.get(folded, ())):
            return " ".join(words[k:])
    return value


def _type(draft: Draft, context: str) -> str:
    folded = fold(context)
    if is_thesis(fold(draft.near or context)):
        return "thesis"
    has_container = "container" in draft.fields
    if has_container and ("editor" in draft.names or _CHAPTER.search(folded)):
        return "chapter"
    if has_container and draft.fields.get("publisher") and not draft.fields.get("volume"):
        return "chapter"
    if has_container or draft.issn or (draft.doi and "publisher" not in draft.fields and not draft.isbn):
        return "article"
    if not draft.fields.get("title") and draft.doi:
        return "article"
    return "book"


_FAMILIES_ONLY = re.compile(r"^[^\W\d][\w'’\-]+(?:\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*[^\W\d][\w'’\-]+)+$")


def _names_of(run: str) -> list[str]:
    """'Booth, Colomb & Williams' (family names only, as in-text citations write them) or a list of full names."""
    words = run.lstrip(" .,;:").split()          # a sentence's stop the tagger ran into the name
    while len(words) > 1 and ({"role", "ord"} & set(LEXICON.get(fold(words[0]).strip(".,"), ()))
                              or len(words[0]) > 3 and "also" in LEXICON.get(fold(words[0]).strip(".,"), ())
                              or words[0][:1].islower() and words[0].lower() not in _PARTICLES):
        words = words[1:]                       # "Danışmanım Kemal H. Karpat'ın", "reikėtų R. Solow": no name
    run = " ".join(words)
    pieces = [p for p in re.split(r"\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*", run) if p]
    if _FAMILIES_ONLY.match(run) and (len(pieces) >= 3 or "," not in run):
        return [p for p in pieces if _a_name(p)]
    return [n for n in split_authors(run) if _a_name(n)]


_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "le", "la", "bin", "al", "el", "ter",
              "ten", "dos", "das", "y", "e"}


def _a_name(name: str) -> bool:
    """'can, I' (from "I can't") is no one: a name has a capitalised word of two letters or more; and at most four
    words besides initials, none in lower case but a particle ('Women, Deniz Kandiyoti'nin editörlüğünü yaptığı',
    'Kernighana, The C Programming Language Briana W.' are a sentence and a title run on)."""
    words = name.replace(",", " ").split()
    full = [w for w in words if len(w.strip(".")) > 1]
    if len(full) > 4 or any(w[:1].islower() and w.lower() not in _PARTICLES for w in words) or any(
            {"the", "ord", "site"} & set(LEXICON.get(re.sub(r"['’]s$", "", fold(w).strip(".,")), ()))
            and w.lower() not in _PARTICLES
            for w in full):         # nor 'İkincisinin' ('the second one's')
        return False
    return any(w[:1].isupper() and len(w.strip(".,")) >= 2 and w.lower() not in ("i'm", "i'd") for w in words)


def author_runs(draft: Draft) -> list[tuple[str, bool]]:
    """Each author as written, and whether it was written 'Given Family' (where it may be inflected)."""
    out = []
    for run in draft.names.get("author", []):
        for name in _names_of(run):
            out.append((name, "," not in run))
    return out


def to_work(draft: Draft, context: str) -> Work:
    f = dict(draft.fields)
    if "title" not in f and "container" in f and "editor" not in draft.names:
        f["title"] = f.pop("container")          # a lone "container" is the tagger's hesitation over a title
    authors = [name for name, _ in author_runs(draft)]
    confidence = dict(draft.confidence)
    return Work(type=_type(draft, context), title=_title(f.get("title")), authors=authors,
                year=year_of(f.get("year")), publisher=clean_publisher(f.get("publisher")), isbn=draft.isbn,
                isbn_as_written=draft.isbn_as_written, issn=draft.issn, doi=draft.doi,
                container=_title(_after_announcing_word(f.get("container"))), volume=number_of(f.get("volume")),
                issue=number_of(f.get("issue")), pages=pages_of(f.get("pages")), edition=edition_of(f.get("edition")),
                confidence=confidence)


def merge_partial(drafts: list[Draft]) -> list[Draft]:
    """A draft with no title and no identifier gives its fields to the work before it (or after, at the start)."""
    out: list[Draft] = []
    orphans: list[Draft] = []
    for d in drafts:
        if out and _journal_line_of(out[-1], d):
            _fill(out[-1], d, as_container=True)
            continue
        if out and _imprint_taken_for_author(out[-1], d):
            d.fields.setdefault("publisher", d.names.pop("author")[0])
            _fill(out[-1], d)
            continue
        if d.named or d.item and ("container" in d.fields or d.names.get("author")):
            for o in orphans:
                _fill(d, o)
            orphans = []
            out.append(d)
        elif out and not d.named and "title" not in d.fields:
            _fill(out[-1], d)
        else:
            orphans.append(d)
    return out


def _imprint_taken_for_author(work: Draft, d: Draft) -> bool:
    """'…: Design Patterns, Addison-Wesley, 1994.' — a lone 'author' after a work that has its authors and no
    publisher, with no title of its own, is that work's publisher."""
    return bool("title" in work.fields and work.names.get("author") and "publisher" not in work.fields
                and "title" not in d.fields and "container" not in d.fields and len(d.names.get("author", [])) == 1
                and not d.names.get("editor") and not d.item)


def _journal_line_of(work: Draft, d: Draft) -> bool:
    """'Nature (ISSN 0028-0836), 1953, cilt 171, sayı 4356, s. 737–738' on its own after a title and authors:
    the journal of that work, not a work of its own."""
    journal = d.fields.get("container") or d.fields.get("title")
    return bool(journal and not d.names and "title" in work.fields and work.names.get("author")
                and "container" not in work.fields and "volume" not in work.fields and "pages" not in work.fields
                and (d.fields.keys() & {"volume", "issue", "pages"} or d.issn) and len(journal) < 80)


def _fill(target: Draft, source: Draft, as_container: bool = False) -> None:
    target.absorbed.append(source)
    if as_container:
        source.fields = dict(source.fields)
        journal = source.fields.pop("title", None) or source.fields.pop("container")
        target.fields["container"] = journal
        target.confidence["container"] = min(source.confidence.get("title", 1.0), source.confidence.get("container", 1.0))
    for key, value in source.fields.items():
        if key not in target.fields:
            target.fields[key] = value
            target.confidence[key] = source.confidence.get(key, 0.5)
    for key, runs in source.names.items():
        if key not in target.names:
            target.names[key] = runs
            target.confidence[key + "s"] = source.confidence.get(key + "s", 0.5)
    for key in ("isbn", "isbn_as_written", "doi", "issn"):
        if getattr(source, key) and not getattr(target, key):
            setattr(target, key, getattr(source, key))
    target.end = max(target.end, source.end)
