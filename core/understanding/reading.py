"""The works asked for in a message: the rules' reading (citations.py) and the learned tagger's (tagging/) together.

Returns the works in the order they appear, whether the evidence is strong (labels, a citation, an ISBN or DOI)
or weak (only a quoted title in a sentence), and which lines held bibliographic data, so that the language is
judged on the patron's own words and not on a foreign book title.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field, replace

from .authors import family_key
from .citations import RuleWork, free_works, quoted_works, work_from_record
from .labels import labelled_records
from .identifiers import find_dois, find_isbn_typos, find_isbns
from .joining import identifiers_to_next, identifiers_to_previous, journal_lines_to_previous, without_repeats
from .model import Work
from .replies import greeting_lines, signature_blocks, signature_lines
from .tagging.lexicon import LEXICON
from .tagging.reader import TaggedWork, fill_from, tagged_works
from .textfold import fold
from .vocabulary import ALREADY_HAD, VALEDICTION_PHRASES


@dataclass
class Found:
    works: list[Work] = field(default_factory=list)
    strong: bool = False
    weak: bool = False
    lines: set[int] = field(default_factory=set)      # lines holding bibliographic data
    uninverted: list[list[str]] = field(default_factory=list)   # per work: authors written "Given Family"


def _paragraph_of(lines: list[str]) -> list[int]:
    """The paragraph number of each line (paragraphs are separated by blank lines)."""
    out, n, blank = [], 0, True
    for line in lines:
        if not line.strip():
            blank = True
        elif blank:
            n += 1
            blank = False
        out.append(n)
    return out


def _choose(rule_works: list[RuleWork], tagged: list[TaggedWork], lines: list[str]
            ) -> tuple[list[tuple[int, Work, list[str]]], list[tuple[int, Work, list[str]]]]:
    """Per paragraph, the reading that fits it: the rules' for references they read by their shape, the
    tagger's for the rest (prose, lists, unusual styles); each fills the fields the other left empty.

    Returns the works and, apart, the tagger's title-only finds (a capitalised phrase in a sentence), which count
    only when nothing else was found in the whole message."""
    para = _paragraph_of(lines)
    by_para: dict[int, tuple[list[RuleWork], list[TaggedWork]]] = {}
    for rw in rule_works:
        by_para.setdefault(para[rw.line], ([], []))[0].append(rw)
    for tw in tagged:
        by_para.setdefault(para[tw.line], ([], []))[1].append(tw)
    out, weak = [], []
    for _, (rws, tws) in sorted(by_para.items()):
        strong_tws = [t for t in tws if t.strong]
        complete = all(r.structured and r.work.title and r.work.authors and (
            r.work.year or r.work.publisher or r.work.container) for r in rws)
        ruled_lines = {n for r in rws for n in r.lines}
        misread = _sentence_taken(rws, strong_tws) or _identifiers_merged(rws, strong_tws, lines) or _quote_torn(
            rws, strong_tws) or _fields_shifted(rws, strong_tws) or any(
            _passed_over(t.work, rws) for t in strong_tws if ruled_lines & set(t.lines))
        rules_win = rws and not misread and (
            not strong_tws or complete or all(r.structured for r in rws) and len(rws) >= len(strong_tws))
        if rules_win:
            for t in strong_tws:        # a work the rules passed over ("– Fraenkel, Ernst. Litauisches …")
                if not ruled_lines & set(t.lines):
                    out.append((t.line, t.work, t.uninverted))
            for r in rws:
                here = [t for t in tws if r.line in t.lines or t.line in r.lines]
                other = _same_work(r.work, here) if r.work.title else None
                if other is not None and (_richer(other, r.work) or _names_in_title(r.work, other)) \
                        and not _publisher_as_journal(other, r.work) and not _title_split(other, r.work):
                    tw = next(t for t in tws if t.work is other)
                    work = fill_from(other, r.work, trust=0.0)
                    if _more_names(r.work.authors, work):
                        work = replace(work, authors=r.work.authors)
                    out.append((r.line, work, tw.uninverted))
                elif r.structured or not _covered(r, tagged):
                    out.append((r.line, fill_from(r.work, other, trust=0.9), []))
        else:
            for t in strong_tws:
                ruled = next((r.work for r in rws if r.line in t.lines and r.work.title), None)
                if ruled is not None and _people_like(ruled.authors) and t.work.authors \
                        and not _people_like(t.work.authors):
                    out.append((t.line, fill_from(ruled, t.work, trust=0.9), []))   # the tagger swapped fields
                    continue
                # the rules' reading of the same lines, when they read them: 'Deep Learning' (a book, ISBN) and
                # '"Deep learning", Nature' (an article, DOI) on the next line are two works
                others = {n for o in strong_tws if o is not t for n in o.lines}
                same = _same_work(t.work, [r.work for r in rws if set(r.lines) & set(t.lines)]
                                  or [r.work for r in rws if not set(r.lines) <= others])
                work = fill_from(t.work, same, trust=0.0)
                if work.publisher and not t.work.publisher and fold(work.publisher) in fold(work.title or ""):
                    work = replace(work, publisher=None)    # the rules' 'Fast and Slow' of 'Thinking, Fast and Slow'
                if same is not None and _more_names(same.authors, work):
                    work = replace(work, authors=same.authors)      # 'Hochreiter, S. i Schmidhuber, J.': both
                for r in rws:       # a journal line of the work the rules read apart: its numbers are the work's
                    if not r.work.title and r.work.container and set(r.lines) <= set(t.lines):
                        work = fill_from(work, r.work, trust=0.0)
                out.append((t.line, work, t.uninverted))
            weak += [(t.line, t.work, t.uninverted) for t in tws if not t.strong]
            covered = {n for t in strong_tws for n in t.lines}
            out += [(r.line, r.work, []) for r in rws      # a reference on a line the tagger read nothing on
                    if r.structured and r.work.title and r.work.authors and not covered & set(r.lines)]
    return out, weak


_DOUBLE_QUOTES = "\"“”„«»"


def _sentence_taken(rws: list[RuleWork], tws: list[TaggedWork]) -> bool:
    """The rules took the words around a quoted title as the title ('Coase'un "The Problem of Social Cost"
    makalesi (…)'), where the tagger read the quoted title alone on the same line."""
    for r in rws:
        for t in tws:
            inner = t.work.title
            if not inner or len(inner.split()) < 2 or r.line not in t.lines:
                continue        # "Collective dynamics of 'small-world' networks" quotes a word of its own title
            # ... or as the journal, the title being the sentence before ('Apologies, my earlier form went out half
            # empty. What I need is Mark Granovetter's classic article "The Strength of Weak Ties", …')
            for taken in (r.work.title or "", r.work.container or "", *r.work.authors):
                at = taken.find(inner)
                # (a subtitle may quote a title: 'Palemonidai, … : kelios pastabos apie lituanistiką „Lietuvos …“')
                if at > 1 and taken[at - 1] in _DOUBLE_QUOTES and len(taken) > len(inner) + 6 \
                        and not (taken is r.work.title and r.structured and ": " in taken[:at]):
                    return True
    return False


def _more_names(ruled: list[str], tagged: Work) -> bool:
    """The rules read the tagger's authors and more beside them (and none of them is the tagger's publisher:
    '… – E. P. Thompson, Victor Gollancz')."""
    families = {family_key(a) for a in ruled}
    publisher = fold(tagged.publisher or "")
    return len(ruled) > len(tagged.authors) >= 1 and all(family_key(a) in families for a in tagged.authors) \
        and not any(family_key(a) in publisher for a in ruled)


def _fields_shifted(rws: list[RuleWork], tws: list[TaggedWork]) -> bool:
    """The rules read a line one field off, where the tagger read it whole: its title as their publisher ('Andreu
    Mas-Colell, Michael D. Whinston, Jerry R. Green: Microeconomic Theory' -> title 'Whinston, Jerry R', publisher
    'Microeconomic Theory'), or its journal run into their title ('A Contribution to …, Quarterly Journal of
    Economics, vol')."""
    for r in rws:
        for t in tws:
            if r.line not in t.lines or not t.work.title or not r.work.title:
                continue
            title, theirs = fold(t.work.title), fold(r.work.title)
            if title != theirs and title in (fold(r.work.publisher or ""), fold(r.work.container or "")) and any(
                    family_key(a) in theirs for a in t.work.authors):
                return True     # (their title is one of the tagger's authors)
            if t.work.container and theirs.startswith(title) and f", {fold(t.work.container)}" in theirs:
                return True
            # 'Daniel Kahneman, Thinking, Fast and Slow, ISBN …' -> title 'Thinking', publisher 'Fast and Slow';
            # '…, Beethoven, W. W. Norton, 1997' -> title '…, Beethoven, W': a title cut at a comma or an initial
            publisher = fold(r.work.publisher or "")
            if title != theirs and (publisher and title == f"{theirs}, {publisher}"
                                    or re.search(r"[\s,][a-z]$", theirs) and theirs.startswith(title)):
                return True
    return False


def _quote_torn(rws: list[RuleWork], tws: list[TaggedWork]) -> bool:
    """The rules cut a quoted title in two ('Richard S. Sutton, Andrew G. Barto. “Reinforcement Learning: An
    Introduction”, 2nd ed.' -> title 'Andrew G', publisher 'An Introduction”'), where the tagger read it whole."""
    for r in rws:
        for value in (r.work.title, r.work.container, r.work.publisher):
            if value and sum(value.count(q) for q in _DOUBLE_QUOTES) == 1 and any(
                    r.line in t.lines and t.work.title for t in tws):
                return True
    return False


def _identifiers_merged(rws: list[RuleWork], tws: list[TaggedWork], lines: list[str]) -> bool:
    """The rules read two lines with an ISBN or DOI each as one work ('Thomas Piketty, Capital … -- ISBN …' /
    'Daron Acemoglu and James A. Robinson, Why Nations Fail -- ISBN …'), where the tagger read one work per line."""
    for r in rws:
        if len(r.lines) < 2 or len(tws) < 2:
            continue
        with_id = [n for n in r.lines if 0 <= n < len(lines) and (find_isbns(lines[n]) or find_dois(lines[n]))]
        if len(with_id) >= 2 and sum(1 for t in tws if set(t.lines) & set(r.lines)) >= len(with_id):
            return True
    return False


_RICH_FIELDS = ("title", "authors", "year", "publisher", "container", "volume", "issue", "pages", "edition")


def _people_like(authors: list[str]) -> bool:
    """Names that can be people: no colon, no more than four words, no word for a book or a journal."""
    if not authors:
        return False
    for name in authors:
        words = [fold(w).strip(".") for w in name.replace(",", " ").split()]
        if ":" in name or len(words) > 4 or any(
                {"book", "art", "journal", "pub"} & set(LEXICON.get(w, ())) for w in words):
            return False
    return True


def _richer(tagged: Work, ruled: Work) -> bool:
    """The tagger read more of the same reference than the rules, is sure of its title, and names the same
    people (where the two readings name different authors, the rules' reading of the shape is kept)."""
    count = lambda w: sum(bool(getattr(w, f)) for f in _RICH_FIELDS)  # noqa: E731
    families = lambda w: {family_key(a) for a in w.authors}  # noqa: E731
    agree = not (tagged.authors and ruled.authors) or bool(families(tagged) & families(ruled))
    return count(tagged) > count(ruled) and tagged.confidence.get("title", 1.0) >= 0.7 and agree


def _names_in_title(ruled: Work, tagged: Work) -> bool:
    """The rules' title starts with authors the tagger read apart ('Ralph Johnson, and John Vlissides, Design
    Patterns: …' where the tagger read four authors and the title after them)."""
    title, inner = ruled.title or "", tagged.title or ""
    if len(inner) < 8 or not title.endswith(inner) or len(tagged.authors) <= len(ruled.authors):
        return False
    before = fold(title[:-len(inner)])
    return before.rstrip().endswith(",") and any(family_key(a) in before for a in tagged.authors if family_key(a))


def _covered(rule: RuleWork, tagged: list[TaggedWork]) -> bool:
    """The tagger read the rule work's lines as part of a work that starts elsewhere (a journal line)."""
    return any(rule.line in t.lines and t.line != rule.line for t in tagged)


def _publisher_as_journal(tagged: Work, ruled: Work) -> bool:
    """'… Providence: American Mathematical Society, 1964.': the rules read the imprint's publisher, the tagger the
    same words as a journal, with no volume, issue or pages to make it one."""
    return bool(tagged.container and ruled.publisher and fold(tagged.container) == fold(ruled.publisher)
                and not (tagged.volume or tagged.issue or tagged.pages))


def _title_split(tagged: Work, ruled: Work) -> bool:
    """'… kult hajduka i rat u [Hrvatskoj i Bosni i Hercegovini] 1990.-1995. godine': the tagger cut the rules' title
    at its 'in' and took the rest for the book the work is in."""
    title = fold(ruled.title or "")
    return bool(tagged.container and not ruled.container and fold(tagged.title or "") in title and any(
        f" {word} {fold(tagged.container)}" in title for word in ("in", "u")))


def _passed_over(work: Work, rws: list[RuleWork]) -> bool:
    """A second work on a line the rules read as one ('Ivo Banac, “The National Question …” (Ithaca: …, 1984) te
    Misha Glenny, “The Balkans …” (New York: Viking, 2000)'): the tagger's work, whole, is in none of theirs, and
    the rules' reading ran over it."""
    if not (work.title and work.authors and (work.year or work.publisher)) or _same_work(work, rws) is not None:
        return False
    title = fold(work.title)
    return not any(title in fold(" ".join(filter(None, (r.work.title, r.work.container, r.work.publisher))))
                   or family_key(work.authors[0]) in fold(" ".join(r.work.authors)) for r in rws)


def _same_work(work: Work, others: list) -> Work | None:
    """The other reader's version of `work` in the same paragraph: the one whose title is most alike."""
    best, score = None, 0.75
    for other in others:
        other = getattr(other, "work", other)
        if work.title and other.title:
            a, b = fold(work.title), fold(other.title)
            ratio = difflib.SequenceMatcher(None, a, b).ratio()
            if min(len(a), len(b)) >= 8 and (a.startswith(b) or b.startswith(a)):
                ratio = max(ratio, 0.9)         # one reader ran the title on into the journal
            if ratio > score:
                best, score = other, ratio
        elif work.isbn and work.isbn == other.isbn or work.doi and work.doi == other.doi:
            return other
    return best


_BROKEN_WORD = re.compile(r"(?<=[^\W\d_]{2})-$")
_WORD_REST = re.compile(r"^([^\W\d_A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][^\W\d_]*)([.,;:)]*)\s*")


_BROKEN_LINK = re.compile(r"(?:https?://|doi:?\s*|\b10\.\d{4,9}/)\S*/$", re.I)


def joined_broken_words(lines: list[str]) -> list[str]:
    """A reference pasted from a PDF breaks words at the line's end ('The Struc-' / 'ture of …'), and links after
    a slash ('https://doi.org/10.2307/' / '1914185'): the word is made whole on the first line and taken off the
    second, so that lines keep their numbers."""
    lines = list(lines)
    for i in range(len(lines) - 1):
        if _BROKEN_LINK.search(lines[i].rstrip()) and re.match(r"^\S", lines[i + 1]):
            rest = lines[i + 1].split(maxsplit=1)
            lines[i] = lines[i].rstrip() + rest[0]
            lines[i + 1] = rest[1] if len(rest) > 1 else ""
            continue
        if _BROKEN_WORD.search(lines[i].rstrip()):
            m = _WORD_REST.match(lines[i + 1].lstrip())
            if m:
                lines[i] = lines[i].rstrip()[:-1] + m.group(1) + m.group(2)
                lines[i + 1] = lines[i + 1].lstrip()[m.end():]
    return lines


@functools.lru_cache(maxsize=1)
def _closing_at_end() -> re.Pattern:
    phrases = sorted(VALEDICTION_PHRASES, key=len, reverse=True)
    return re.compile(r"(?<=[.!?)])\s+(?:" + "|".join(re.escape(p) for p in phrases) + r")\b[\s,!.:\-–—]*"
                      r"(?:[a-z][\w.'’\-]*\s*){0,4}$")


_NAME_WORD = r"(?:[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ]\.|[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][\w'’\-]+)"
# the statement follows a stop, a comma or a bracket, or starts in lower case: in 'IEEE Trans. Inf. Theory' the
# capitalised word after a name is a journal's abbreviation
_TRANSLATOR = re.compile(
    r"(?:[,.;]\s*|(?<=\()\s*|^\s*|\s+(?=[a-zçp]))\b(?i:trans\.|transl\.|translated by|tr\. by|çev\.|çeviren|"
    r"çeviri:|prev\.|preveo|prevela|prijevod:?|vertė|verte|vertimas:?|iš \w+ kalbos vertė)\s+"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
    rf"(?:\s+(?:with the assistance of|and|ve|i|ir|&)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})?"
    r"(?=\s*[(,.;\]]|\s*$)")


# Amazon's product lines: 'by Thomas Piketty (Author), Arthur Goldhammer (Translator)', 'Capital in the Twenty-First
# Century Hardcover – March 10, 2014'
_CONTRIBUTOR_ROLE = re.compile(rf",?\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s*\((?:Translator|Editor|Illustrator|"
                               r"Foreword|Introduction|Narrator|Contributor|Afterword)\)")
_AUTHOR_ROLE = re.compile(r"\s*\(Author\)")
_BINDING = re.compile(r"\s+(?:Hardcover|Paperback|Kindle Edition|Mass Market Paperback|Library Binding|Spiral-bound|"
                      r"Audible Audiobook|Board book)\b(?:\s*[–-]\s*(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+\.? "
                      r"\d{4}))?")


def _binding_to_year(m: re.Match) -> str:
    """' Hardcover – October 25, 2011' -> '. 2011' (the year stays, after the title's end)."""
    year = re.search(r"\d{4}", m.group(0))
    return f". {year.group(0)}" if year else ""


def without_translators(line: str) -> str:
    """'Discipline and Punish: The Birth of the Prison, trans. Alan Sheridan (New York: …)': a translator is
    neither an author nor part of the title; the statement is taken out before either reader sees the line. So is
    what a bookshop's product line adds: a binding ('Hardcover – March 10, 2014'), '(Author)', '(Translator)'."""
    line = _TRANSLATOR.sub("", line)
    if "(" in line or "cover" in line or "back" in line or "Kindle" in line:
        line = _AUTHOR_ROLE.sub("", _CONTRIBUTOR_ROLE.sub("", line))
        line = _BINDING.sub(_binding_to_year, line)
    return line


def without_closing(line: str) -> str:
    """'… ISBN 953-6045-02-8. Hvala, N. Barišić' -> the line without its closing and the name after it (a
    one-line message thanks and signs on the line of its request)."""
    m = _closing_at_end().search(fold(line))
    return line[:m.start()] if m else line


# the status word is followed at once by a bracket, a semicolon, a dash or a date: 'Lost Illusions (Penguin, 1971)'
# and Harvard's 'Available at: URL' are no such line
_AVAILABILITY = re.compile(r"^(?:isduot[ai]?s?|available|checked out|on loan|not available|unavailable|on shelf|"
                          r"in transit|posuden[ao]?|zaduzen[ao]?|nije dostupn[ao]|dostupn[ao]|rafta|oduncte|"
                          r"odunc verildi|kayip|missing|lost)\s*(?:[(;–—-]|:?\s*\d)")


def availability_lines(lines: list[str]) -> set[int]:
    """A copy's line of a catalogue's brief display ('Išduotas (iki 2026-05-12) ; VU biblioteka, … ; 947.45 Bu-124',
    'Kayıp ; Merkez Kütüphane'): where a copy is, not what the work is."""
    return {i for i, line in enumerate(lines)
            if _AVAILABILITY.match(fold(line).strip()) and re.search(r"[;(]|\d{4}-\d\d|\d{1,3}\.\d", line)}


def _identifiers_left(lines: list[str], located: list[tuple[int, Work, list[str]]], taken: set[int]
                      ) -> list[tuple[int, Work, list[str]]]:
    """A DOI or ISBN that no work read took ('doi:10.1038/171737a0 (Nature, 1953)' above a reference the tagger
    read) is a work of its own, or the number of the work beside it (joined after)."""
    if not located:
        return []
    known = {w.doi for _, w, _ in located if w.doi} | {w.isbn for _, w, _ in located if w.isbn} | {
        w.isbn_as_written for _, w, _ in located if w.isbn_as_written}
    starts = {n for n, _, _ in located}
    return _number_works(lines, known, skip={i for i in taken if i in starts})


def _number_works(lines: list[str], known: set[str], skip: set[int] = frozenset()
                  ) -> list[tuple[int, Work, list[str]]]:
    """A work for each ISBN (valid, or kept as written when its check digit fails) and DOI of the lines that is
    not `known` yet, in the order they stand."""
    out = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        for kind, finder in (("isbn", find_isbns), ("isbn_as_written", find_isbn_typos), ("doi", find_dois)):
            for value, _ in finder(line):
                if value not in known:
                    known.add(value)
                    out.append((i, Work(type="article" if kind == "doi" else "book", **{kind: value}), []))
    return out


_CLAUSE_END = re.compile(r"[.!?;]\s|[.!?;]$|\n\s*\n|,?\s+(?:but|ama|fakat|ancak|ali|no|bet|tačiau|taciau)\s+")


@functools.lru_cache(maxsize=1)
def _already_had() -> re.Pattern:
    return re.compile("|".join(ALREADY_HAD))


def _without_works_already_had(text: str, located: list[tuple[int, Work, list[str]]]
                               ) -> list[tuple[int, Work, list[str]]]:
    """A work named in a clause that says the patron has it already or does not need it ('Kafadar'in Between Two
    Worlds kitabi bende var o lazim degil, sadece Karpat'inki') is named, not asked for; the others stay. When every
    work would go, none does (the patron is not making the whole request to say so)."""
    if len(located) < 2:
        return located
    folded = fold(text)
    kept = []
    for entry in located:
        title = fold(entry[1].title or "")
        if len(title) < 4 or not any(_already_had().search(clause) for clause in _clauses_naming(folded, title)):
            kept.append(entry)
    return kept if kept else located


def _clauses_naming(folded: str, title: str):
    """Each clause of the text in which `title` appears (the list line, and the sentence that speaks of it)."""
    at = folded.find(title)
    while at >= 0:
        starts = [m.end() for m in _CLAUSE_END.finditer(folded, 0, at)]
        end = _CLAUSE_END.search(folded, at + len(title))
        yield folded[starts[-1] if starts else 0:end.start() if end else len(folded)]
        at = folded.find(title, at + len(title))


def _journal_not_publisher(work: Work) -> Work:
    """One reader's journal taken by the other as the publisher ('…, "The Strength of Weak Ties", American Journal
    of Sociology'): a journal is not its own article's publisher."""
    if work.publisher and work.container and fold(work.publisher) == fold(work.container):
        return replace(work, publisher=None, type="article" if work.type == "book" else work.type)
    return work


def find_works(text: str) -> Found:
    found = Found()
    lines = [without_translators(without_closing(line)) for line in joined_broken_words(text.splitlines())]
    text = "\n".join(lines)
    records, used = labelled_records(text)
    found.lines |= used
    located: list[tuple[int, Work, list[str]]] = []
    for rec in records:
        work = work_from_record(rec)
        if work:
            located.append((min(used) if used else 0, work, []))
    used = used | signature_lines(lines) | signature_blocks(lines) | greeting_lines(lines) | availability_lines(lines)
    rule_works = free_works(lines, used)
    tagged = tagged_works(lines, used)
    chosen, weak = _choose(rule_works, tagged, lines)
    located += chosen or ([] if located else weak)
    for rw in rule_works:
        found.lines.update(rw.lines)
    for tw in tagged:
        found.lines.update(tw.lines)
    located += _identifiers_left(lines, located, found.lines)
    found.strong = bool(records) or any(
        w.title and (w.authors or w.year or w.container or w.publisher) or w.isbn or w.doi or w.isbn_as_written
        for _, w, _ in located)
    if not located:
        located = _number_works(lines, set())
        found.lines.update(i for i, _, _ in located)
        found.strong = bool(located)
    if not located:
        located = [(i, w, []) for i, w in quoted_works(lines, found.lines)]
    found.weak = bool(located) and not found.strong
    located.sort(key=lambda x: x[0])
    located = journal_lines_to_previous(located)
    located = without_repeats(located)
    located = identifiers_to_previous(located, lines)
    located = identifiers_to_next(located, lines)
    located = _without_works_already_had(text, located)
    found.works = [_journal_not_publisher(w) for _, w, _ in located]
    found.uninverted = [u for _, _, u in located]
    return found


def without_works(text: str, works: list[Work]) -> str:
    """The text with the works' own words (titles, journals, publishers) blanked out, for judging what the patron
    asks: "Kazneno procesno pravo" or "Renewing the Left" name a book, not a fine or a renewal."""
    folded = fold(text)
    spans = []
    for work in works:
        for value in (work.title, work.container, work.publisher):
            if value and len(value) >= 4:
                want = fold(value)
                i = folded.find(want)
                while i >= 0:
                    spans.append((i, i + len(want)))
                    i = folded.find(want, i + len(want))
    out = list(text)
    for a, b in spans:
        out[a:b] = " " * (b - a)
    return "".join(out)
