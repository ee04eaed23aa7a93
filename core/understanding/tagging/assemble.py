"""From tagged tokens to works: fields cut from the patron's own text, identifiers from the rules, a confidence
per field.

A work's fields come in runs of tokens with the same label. A label that the current work already has starts the
next work (the second line of a list, the second title of a sentence); authors and editors separated only by
commas or "and" stay one list. ISBN, DOI and ISSN tokens are the rules' (exact): they go to the work they stand in,
or, on a line of their own, to the work just before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..identifiers import ISBN_LABELLED, isbn_as_written, normalize_doi, normalize_isbn, normalize_issn
from ..textfold import fold
from ..vocabulary import LABELS
from .lexicon import LEXICON
from .tagger import Tagged

_JOINERS = {",", ";", "&", "and", "ve", "i", "ir", "ile", "und", "et", "al", ".", "-", "–"}
_TITLE_JOINERS = {":", "-", "–", ",", "?", "!", "."}
SINGLE = ("title", "container", "publisher", "place", "year", "volume", "issue", "pages", "edition")


@dataclass
class Draft:
    """A work being assembled: raw field texts with their confidences, identifiers, where it was in the block."""
    fields: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)     # author/editor runs as written
    isbn: str | None = None
    isbn_as_written: str | None = None
    doi: str | None = None
    issn: str | None = None
    start: int = 0
    end: int = 0
    last_label: str = ""
    near: str = ""          # the text of the work with a little around it (type words: "chapter", "thesis")
    item: bool = False      # it opens an item of a list
    item_line: int | None = None    # the line (within the block) of the list item it opens
    lines: tuple[int, int] = (0, 0)     # first and last line of the message it stands on (set by the reader)
    paragraph: int = 0                  # the first line of its paragraph (set by the reader)
    quoted: bool = False                # its title stands in quotes
    absorbed: list["Draft"] = field(default_factory=list)      # partial drafts merged into it

    def has(self, label: str) -> bool:
        return label in self.fields or label in self.names

    @property
    def named(self) -> bool:
        return "title" in self.fields or bool(self.isbn or self.doi or self.isbn_as_written)


@dataclass
class _Run:
    label: str
    start: int          # token indexes, end exclusive
    end: int
    confidence: float


_OPEN = "\"“„«»‘'*"
_CLOSE = {"\"": "\"“”", "“": "”“", "„": "“”\"", "«": "»", "»": "«»", "‘": "’", "'": "'’", "*": "*"}


def _quoted_spans(tagged: list[Tagged]) -> list[tuple[int, int]]:
    """(first, end) token indexes inside quote pairs on one line: '„Povratak Filipa Latinovicza“'."""
    spans, i, n = [], 0, len(tagged)
    while i < n:
        t = tagged[i].token
        glued = i > 0 and tagged[i - 1].token.end == t.start and tagged[i - 1].token.text[-1:].isalnum()
        if t.text in _OPEN and not glued and i + 1 < n and tagged[i + 1].token.text[:1].isalnum():
            j = i + 1
            breaks = 0          # a quoted title the mail program wrapped goes on on the next line
            while j < n and breaks + (tagged[j].token.kind == "nl") < 2 and not (
                    tagged[j].token.text in _CLOSE[t.text] and tagged[j - 1].token.end == tagged[j].token.start
                    and (j + 1 >= n or not tagged[j + 1].token.text[:1].isalnum()
                         or tagged[j + 1].token.start > tagged[j].token.end)):
                breaks += tagged[j].token.kind == "nl"
                j += 1
            if j < n and tagged[j].token.kind != "nl" and j - i > 1:
                spans.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return spans


def clean_labels(tagged: list[Tagged]) -> list[Tagged]:
    """What quotes and capitals say, over the tagger's hesitations in running text.

    A quoted phrase the tagger left unlabelled is a title; where the paragraph quotes its titles, an unquoted
    "title" in the same running text is a phrase of the letter; so is a "title" that starts in lower case."""
    tagged = list(tagged)
    spans = _quoted_spans(tagged)
    inside = {k for a, b in spans for k in range(a, b)}
    for a, b in spans:
        if not any(tagged[k].label in ("title", "container") for k in range(a, b)) and \
                all(tagged[k].label == "O" for k in range(a, b)) and tagged[a].token.text[:1].isupper():
            for k in range(a, b):
                tagged[k] = Tagged(tagged[k].token, "title", 0.6)
    for a, b in spans:          # a quoted "journal" not announced as one ("in", "journal") is the title
        words = [tagged[k].label for k in range(a, b) if tagged[k].token.text[:1].isalpha()]
        if words and words.count("container") * 5 >= len(words) * 3 and "title" not in words \
                and not _announced(tagged, a):
            for k in range(a, b):
                tagged[k] = Tagged(tagged[k].token, "title", tagged[k].confidence)
    for a, b in spans:          # a quoted title is whole: "Ottoman Population, 1830-1914: Demographic …"
        if any(tagged[k].label == "title" for k in range(a, b)):
            for k in range(a, b):
                if tagged[k].label != "title":
                    tagged[k] = Tagged(tagged[k].token, "title", 0.7)
    for a, b in spans:          # «…» başlıklı lisansüstü seminerin: the patron's own course, not a work
        after = [fold(t.token.text) for t in tagged[b + 1:b + 6] if t.token.kind == "w"]
        if after and after[0] in _TITLE_MARKERS and any(w.startswith(_OWN_COURSE) for w in after[1:5]):
            for k in range(a, b):
                tagged[k] = Tagged(tagged[k].token, "O", 1.0)
    for a, b in spans:          # 'Krležin roman »Na rubu pameti«': the possessive before the word for the work
        opening = a - 1 if a and tagged[a - 1].token.text in _QUOTE_MARKS else a
        if opening >= 2 and tagged[opening - 2].label == "O" and _HR_POSSESSIVE.match(tagged[opening - 2].token.text) \
                and set(_WORK_NOUNS) & set(LEXICON.get(fold(tagged[opening - 1].token.text), ())):
            tagged[opening - 2] = Tagged(tagged[opening - 2].token, "author", 0.6)
    _title_before_by(tagged)
    _title_after_genitive(tagged)
    _title_before_marker(tagged)
    _title_after_possessive(tagged)
    _book_before_its_editors(tagged)
    _editors_named_as_such(tagged)
    _title_after_possessive_adjective(tagged)
    _given_names_before_authors(tagged)
    _numbers_before_their_words(tagged)
    _pages_in_words(tagged)
    _letter_words_before_a_name(tagged)
    _title_run_on_from_a_name(tagged)
    _title_after_the_word_for_the_book(tagged)
    _publisher_of_a_university(tagged)
    _name_opening_a_title(tagged, inside)
    _years_closing_a_title(tagged)
    _publisher_in_brackets_after_the_title(tagged)
    _publisher_after_place(tagged)
    _title_word_after_a_name(tagged)
    for k, t in enumerate(tagged):       # "Teşekkürler", "Hvala": the letter's words are no field
        if t.label != "O" and "greet" in LEXICON.get(fold(t.token.text), ()) and (
                k + 1 >= len(tagged) or tagged[k + 1].label != t.label) and (k == 0 or tagged[k - 1].label != t.label):
            tagged[k] = Tagged(t.token, "O", 1.0)
    if not any(t.label == "title" for t in tagged):
        _containers_as_titles(tagged)
    if not any(t.label == "title" for t in tagged):
        _title_beside_its_author(tagged)
    _titles_ending_in_a_small_word(tagged)
    _patron_words_after_a_title(tagged)
    _title_going_on_after_in(tagged, inside)
    _chapter_in_its_book(tagged, inside)
    _book_before_its_imprint(tagged)
    quoted_titles = any(tagged[k].label == "title" for k in inside)
    _, items = _list_lines(tagged)
    line_of, _ = _list_lines(tagged)
    i = 0
    while i < len(tagged):
        if tagged[i].label != "title" or i in inside:
            i += 1
            continue
        j = i
        while j < len(tagged) and tagged[j].label == "title" and j not in inside:
            j += 1
        lower_start = _lower_start(tagged, i)
        # one capitalised word opening a sentence, the sentence going on in lower case: "Karşılaştırmalı edebiyat
        # dersindeki ödevim için …" is the letter, not a one-word title
        sentence_word = j - i == 1 and (i == 0 or tagged[i - 1].token.kind == "nl" or tagged[i - 1].token.text in
                                        ".!?") and j < len(tagged) and tagged[j].token.text[:1].islower()
        # 'Katičićevu Sintaksu …': named with its author; '… çıkan The Politicization of Islam kitabını': named as a book
        after_author = i and tagged[i - 1].label == "author" or i > 1 and tagged[i - 2].label == "author" and {
            "book", "art", "chap"} & set(LEXICON.get(fold(tagged[i - 1].token.text), ())) or j < len(tagged) and (
            fold(tagged[j].token.text) in _NAMING_WORDS | _TITLE_MARKERS) or _named_before(tagged, i)
        if lower_start or sentence_word or _patron_sentence(tagged, i, j) or quoted_titles and line_of[i] not in items \
                and not after_author:
            for k in range(i, j):
                tagged[k] = Tagged(tagged[k].token, "O", 1.0)
        else:
            i = _sentence_before_title(tagged, i, j)
            _names_at_title_ends(tagged, i, j)
            _author_after_by_word(tagged, i, j)
        i = j
    for i, t in enumerate(tagged):         # nor is a "journal" or "publisher" that starts in lower case
        if t.label in ("container", "publisher") and i not in inside and _lower_start(tagged, i) and (
                i == 0 or tagged[i - 1].label != t.label):
            k = i
            while k < len(tagged) and tagged[k].label == t.label:
                tagged[k] = Tagged(tagged[k].token, "O", 1.0)
                k += 1
    _sentences_taken_for_names(tagged, inside)
    return tagged


def _sentence_before_title(tagged: list[Tagged], i: int, j: int) -> int:
    """'Radi se o poglavlju Thick Description …', 'It is the chapter Thick …': the words of a sentence that names the
    kind of work just before the title ran into it; they are the letter's. Returns where the title starts."""
    if not (i == 0 or tagged[i - 1].token.kind == "nl" or tagged[i - 1].token.text in ".!?"):
        return i
    for k in range(i + 2, j - 1):
        words = [t.token.text for t in tagged[i + 1:k + 1] if t.token.kind == "w"]
        if not all(w[:1].islower() for w in words):
            return i
        if set(_WORK_NOUNS) & set(LEXICON.get(fold(tagged[k].token.text), ())) and tagged[k + 1].token.text[:1].isupper():
            for m in range(i, k + 1):
                tagged[m] = Tagged(tagged[m].token, "O", 1.0)
            return k + 1
    return i


# a Turkish verb in the first person or a copula closing the sentence: "… yüksek lisans öğrencisiyim."
_FIRST_PERSON = re.compile(r"(?:y?[ıiuü]m|y?[ıiuü]z|yorum|yoruz|[dt][ıiuü]r|mekteyim|maktayım)$")


def _patron_sentence(tagged: list[Tagged], i: int, j: int) -> bool:
    """'Karşılaştırmalı edebiyat yüksek lisans öğrencisiyim.': a whole sentence in lower case after its first word,
    ending in a verb of the first person, is the patron speaking, not a title in sentence case."""
    starts = i == 0 or tagged[i - 1].token.kind == "nl" or tagged[i - 1].token.text in ".!?"
    ends = j < len(tagged) and tagged[j].token.text in ".!?"
    words = [t.token.text for t in tagged[i:j] if t.token.kind == "w" and t.token.text[:1].isalpha()]
    return starts and ends and len(words) >= 3 and all(w[:1].islower() for w in words[1:]) \
        and bool(_FIRST_PERSON.search(words[-1]))


def _sentences_taken_for_names(tagged: list[Tagged], inside: set[int]) -> None:
    """A whole sentence of the letter after a full stop is no journal and no publisher: six words or more, most of
    them in lower case ('Mūsų bibliotekoje turimas vienintelis egzempliorius yra labai apgadintas …')."""
    i = 0
    while i < len(tagged):
        label = tagged[i].label
        if label not in ("container", "publisher") or i in inside or (i and tagged[i - 1].label == label):
            i += 1
            continue
        j = i
        while j < len(tagged) and tagged[j].label == label:
            j += 1
        words = [tagged[k].token.text for k in range(i, j) if tagged[k].token.text[:1].isalpha()]
        after_stop = i == 0 or tagged[i - 1].token.text in ".!?" or tagged[i - 1].token.kind == "nl"
        ends_in_first_person = j < len(tagged) and tagged[j].token.text in ".!?" and len(words) >= 4 \
            and bool(_FIRST_PERSON.search(words[-1])) and sum(w[:1].islower() for w in words) * 2 > len(words)
        if after_stop and len(words) >= 6 and sum(w[:1].islower() for w in words) * 5 >= len(words) * 3 \
                or ends_in_first_person:
            for k in range(i, j):
                tagged[k] = Tagged(tagged[k].token, "O", 1.0)
        i = j


_NAME_PARTICLES = {"van", "von", "de", "da", "del", "della", "der", "den", "la", "le", "di", "du", "ter", "ten", "bin",
                   "ibn", "al", "el", "y", "dos", "das", "zu", "op"}


def _letter_words_before_a_name(tagged: list[Tagged]) -> None:
    """'[Formda bir de Cihan Tuğal]'ın kitabını …': an author run that opens with the letter's words (a word in lower
    case that is no particle of a name) starts after them."""
    for a, b in _spans_of(tagged, "author"):
        cut = max((k for k in range(a, b) if tagged[k].token.text.isalpha() and tagged[k].token.text.islower()
                   and tagged[k].token.text not in _NAME_PARTICLES | _JOINERS), default=None)
        if cut is None or b - cut < 3 and not tagged[b - 1].token.text[:1].isupper():
            continue
        start = cut + 1
        while start < b and tagged[start].token.text in _NAME_PARTICLES:
            start += 1
        if b - start >= 2 and all(tagged[k].token.text[:1].isupper() for k in range(start, b)
                                  if tagged[k].token.text.isalpha()):
            for k in range(a, start):
                tagged[k] = Tagged(tagged[k].token, "O", 1.0)


def _title_after_the_word_for_the_book(tagged: list[Tagged]) -> None:
    """'S. C. Rowello knyga Lithuania Ascending: A Pagan Empire …, 1295-1345 (Cambridge University Press, 1994)':
    after an author and the word for the book, the unlabelled words in capitals up to the bracket are the title."""
    for a, b in _spans_of(tagged, "author"):
        if b + 2 >= len(tagged) or tagged[b].label != "O" or not {"book", "art", "chap"} & set(
                LEXICON.get(fold(tagged[b].token.text), ())) or not tagged[b + 1].token.text[:1].isupper():
            continue
        end = b + 1
        while end < len(tagged) and tagged[end].label == "O" and tagged[end].token.kind == "w" \
                and tagged[end].token.text not in {"(", ".", "?", "!", ";", '"', "“", "”", "„", "«", "»"}:
            end += 1
        words = [t.token.text for t in tagged[b + 1:end] if t.token.text[:1].isalpha()]
        if len(words) >= 2 and end < len(tagged) and tagged[end].token.text == "(" \
                and sum(w[:1].isupper() for w in words) * 2 > len(words):
            for k in range(b + 1, end):
                tagged[k] = Tagged(tagged[k].token, "title", 0.6)


def _title_run_on_from_a_name(tagged: list[Tagged]) -> None:
    """'[Cemal Kafadarin Between Two Worlds] kitabina': a given name, a family name (inflected, without the
    apostrophe), and the words up to the word for the book are its title, not more of the name."""
    for a, b in _spans_of(tagged, "author"):
        words = [k for k in range(a, b) if tagged[k].token.text.isalpha()]
        if len(words) < 4 or words != list(range(a, b)) or b >= len(tagged) or not _given_name(tagged[a].token.text) \
                or fold(tagged[b].token.text) not in _NAMING_WORDS | _TITLE_MARKERS and "book" not in LEXICON.get(
                    fold(tagged[b].token.text), ()):
            continue
        for k in range(a + 2, b):
            tagged[k] = Tagged(tagged[k].token, "title", 0.6)


def _publisher_of_a_university(tagged: list[Tagged]) -> None:
    """'University of [California Press]': the words before 'of' belong to the publisher's name."""
    for c, _ in _spans_of(tagged, "publisher"):
        if c >= 2 and tagged[c - 1].token.text == "of" and tagged[c - 1].label == "O" and tagged[c - 2].label == "O" \
                and "pub" in LEXICON.get(fold(tagged[c - 2].token.text), ()) and tagged[c - 2].token.text[:1].isupper():
            for k in (c - 2, c - 1):
                tagged[k] = Tagged(tagged[k].token, "publisher", tagged[c].confidence)


def _name_opening_a_title(tagged: list[Tagged], inside: set[int]) -> None:
    """'knjiga [Sabrine Ramet The Three Yugoslavias: …]': after the word for a book, a given name and a family name
    opening an unquoted title are its author (in the genitive), when the title goes on in capitals."""
    for a, b in _spans_of(tagged, "title"):
        if a in inside or b - a < 4 or a == 0 or not any(
                c in LEXICON.get(fold(tagged[a - 1].token.text), ()) for c in ("book", "art", "chap")):
            continue
        first, second, third = (tagged[a + k].token.text for k in range(3))
        if _given_name(first) and second[:1].isupper() and second.isalpha() and third[:1].isupper() \
                and not any(t.label == "author" for t in tagged[max(0, a - 4):a]):
            for k in (a, a + 1):
                tagged[k] = Tagged(tagged[k].token, "author", 0.6)


def _years_closing_a_title(tagged: list[Tagged]) -> None:
    """'The Three Yugoslavias: State-Building and Legitimation, 1918-2005 (Indiana University Press, 2006)': the
    span of years after a title's comma, before the bracket of its imprint, ends the title."""
    for a, b in _spans_of(tagged, "title"):
        if b + 4 < len(tagged) and tagged[b].token.text == "," and tagged[b + 2].token.text in "-–" \
                and all(re.fullmatch(r"1[5-9]\d\d|20\d\d", tagged[k].token.text) for k in (b + 1, b + 3)) \
                and tagged[b + 4].token.text == "(" and all(tagged[k].label in ("O", "year") for k in range(b, b + 4)):
            for k in range(b, b + 4):
                tagged[k] = Tagged(tagged[k].token, "title", 0.6)


def _publisher_in_brackets_after_the_title(tagged: list[Tagged]) -> None:
    """'Županovljeva knjiga „Poslije potopa“ ([Globus], 1995.)': the work's author already named before its title,
    the name in the brackets after it, before the year, is the publisher."""
    for c, d in _spans_of(tagged, "author"):
        if c < 2 or tagged[c - 1].token.text != "(" or d + 1 >= len(tagged) or tagged[d].token.text != "," \
                or tagged[d + 1].label != "year":
            continue
        k = c - 2
        while k >= 0 and tagged[k].token.text in _QUOTE_MARKS:
            k -= 1
        if k < 0 or tagged[k].label != "title":
            continue
        while k >= 0 and tagged[k].label == "title":
            k -= 1
        while k >= 0 and tagged[k].label != "author" and tagged[k].token.text not in ".!?" \
                and tagged[k].token.kind != "nl":
            k -= 1
        if k >= 0 and tagged[k].label == "author":
            for m in range(c, d):
                tagged[m] = Tagged(tagged[m].token, "publisher", 0.6)


def _publisher_after_place(tagged: list[Tagged]) -> None:
    """'Providence: [American Mathematical Society], 1964', '(New York: [Viking], 2000)': between an imprint's
    place and its year stands the publisher, whatever else the tagger took it for."""
    for c, d in _spans_of(tagged, "container") + _spans_of(tagged, "place"):
        # ('In: …', 'Kaynak: Toplum ve Bilim, 2005', 'Journal: Nature, 2015': a label, not a place)
        if c < 2 or tagged[c - 1].token.text != ":" or not tagged[c - 2].token.text[:1].isupper() \
                or tagged[c - 2].label not in ("place", "O") or d + 1 >= len(tagged) \
                or "in" in LEXICON.get(fold(tagged[c - 2].token.text), ()) or fold(tagged[c - 2].token.text) in LABELS:
            continue
        after = tagged[d:d + 4]
        if after[0].token.text in ",." and after[1].label == "year" or after[0].token.text == ")" \
                and not any(t.label in ("volume", "issue", "pages") for t in after):
            for k in range(c, d):
                tagged[k] = Tagged(tagged[k].token, "publisher", tagged[k].confidence)


_SMALL_WORDS = {"of", "the", "and", "in", "on", "a", "an", "to", "for", "with", ":", ",", "-", "'"}


def _title_before_by(tagged: list[Tagged]) -> None:
    """'Could you get me Kar by Orhan Pamuk': the capitalised words before 'by' and an author are the title, when
    the tagger left them unlabelled."""
    for b, t in enumerate(tagged):
        if fold(t.token.text) != "by" or b + 1 >= len(tagged) or tagged[b + 1].label != "author" or b == 0:
            continue
        if tagged[b - 1].label != "O":
            continue
        k = b - 1
        while k >= 0 and tagged[k].label == "O" and tagged[k].token.kind == "w" and (
                tagged[k].token.text[:1].isupper() or tagged[k].token.text[:1].isdigit()
                or fold(tagged[k].token.text) in _SMALL_WORDS):
            k -= 1
        start = k + 1
        while start < b and fold(tagged[start].token.text) in _SMALL_WORDS:
            start += 1
        if start < b and tagged[start].token.text[:1].isupper() and (start == 0 or tagged[start - 1].token.text
                                                                      not in (".", "!", "?")):
            for j in range(start, b):
                tagged[j] = Tagged(tagged[j].token, "title", 0.6)


_QUOTE_MARKS = "\"“”„«»‘’'"
# A Croatian possessive adjective made of a family name: Katičićevu, Krležinu, Andrićeve, Matoševih
_HR_POSSESSIVE = re.compile(r"^[A-ZČĆĐŠŽ][a-zčćđšž]+(?:ov|ev|in)(?:a|u|e|o|om|oj|ih|im|og|oga|ome)?$")


def _title_after_possessive_adjective(tagged: list[Tagged]) -> None:
    """'i Katičićevu Sintaksu hrvatskoga književnog jezika, i to …': a possessive adjective of a family name the
    tagger ran into the title as one 'author' is the author; the words after it, to the next comma or stop, are
    the title (in the case the sentence put it in). So it is when the tagger ran it, after 'i', into the title
    before it ('„Na Drini ćuprija“ i Katičićevu Sintaksu …')."""
    for k in range(2, len(tagged) - 1):
        if tagged[k].label == "title" and tagged[k - 1].label == "title" and _HR_POSSESSIVE.match(tagged[k].token.text) \
                and fold(tagged[k - 1].token.text) in ("i", "ili", "te", ",") and tagged[k + 1].token.text[:1].isupper():
            tagged[k] = Tagged(tagged[k].token, "author", 0.6)
            for n in (k - 1, k - 2):
                if tagged[n].token.text in _QUOTE_MARKS or n == k - 1:
                    tagged[n] = Tagged(tagged[n].token, "O", 1.0)
    for i, j in _spans_of(tagged, "author"):
        if j - i < 2 or not _HR_POSSESSIVE.match(tagged[i].token.text) or not tagged[i + 1].token.text[:1].isupper() \
                or _given_name(tagged[i + 1].token.text) or _given_name(tagged[i].token.text):     # 'Sabrine Ramet' 
            continue
        end = j
        while end < len(tagged) and tagged[end].label == "O" and (
                tagged[end].token.kind == "nl" or tagged[end].token.text[:1].isalpha()):
            end += 1
        while end > j and tagged[end - 1].token.kind == "nl":
            end -= 1
        for k in range(i + 1, end):
            tagged[k] = Tagged(tagged[k].token, "title", 0.6)


# the words that follow the number of a volume or an edition: '1 tomas, 3 leidimas', '2. cilt', '3. izdanje'
_AFTER_NUMBER = {"volume": {"tomas", "tomai", "cilt", "cildi", "svezak", "volume"},
                 "edition": {"leidimas", "leid", "baski", "baskisi", "bs", "izdanje", "izd", "edition", "ed", "edn"}}
_ORDINAL_TAIL = {".", "-", "asis", "iasis", "sis", "oji", "ioji", "th", "st", "nd", "rd"}


def _pages_in_words(tagged: list[Tagged]) -> None:
    """'pages 3 to 30', 'str. 12 do 40', 'sayfa 5 ile 20': the range the tagger left out, after the word for pages."""
    if not any(t.label in ("title", "author") for t in tagged):
        return
    for k in range(1, len(tagged) - 3):
        a, to, b = tagged[k], tagged[k + 1], tagged[k + 2]
        if a.token.text.isdigit() and b.token.text.isdigit() and fold(to.token.text) in ("to", "do", "iki", "ile") \
                and "pg" in LEXICON.get(fold(tagged[k - 1].token.text), ()) and a.label == b.label == "O" \
                and not any(t.label == "pages" for t in tagged[max(0, k - 25):k]):
            for n in (k, k + 1, k + 2):
                tagged[n] = Tagged(tagged[n].token, "pages", 0.6)


def _numbers_before_their_words(tagged: list[Tagged]) -> None:
    """'The Art of Computer Programming, 1 tomas, 3 leidimas': a number the tagger left out, followed by the word
    for a volume or an edition, is that field, when the paragraph names a work and has no such field yet."""
    if not any(t.label in ("title", "author") for t in tagged):
        return
    for k, t in enumerate(tagged):
        if t.label != "O" or not t.token.text.isdigit() or len(t.token.text) > 2:
            continue
        j = k + 1
        while j < len(tagged) and j - k <= 2 and fold(tagged[j].token.text) in _ORDINAL_TAIL:
            j += 1
        if j >= len(tagged) or tagged[j].label != "O":
            continue
        word = fold(tagged[j].token.text)
        for label, words in _AFTER_NUMBER.items():
            if word in words and not any(x.label == label for x in tagged):
                tagged[k] = Tagged(t.token, label, 0.6)


def _given_names_before_authors(tagged: list[Tagged]) -> None:
    """'Ive Frangeša', 'Briana W. Kernighana': a given name in the genitive the tagger left out of the author run
    right after it is part of the name (and tells the family name's case)."""
    for i in range(1, len(tagged)):
        before = tagged[i - 1]
        if tagged[i].label == "author" and before.label == "O" and before.token.kind == "w" \
                and before.token.text[:1].isupper() and len(before.token.text) > 2 and _given_name(before.token.text) \
                and before.token.end < tagged[i].token.start:
            tagged[i - 1] = Tagged(before.token, "author", 0.6)


# the words no title ends in (another set than _SMALL_WORDS, the words a title may have in lower case)
_TITLE_END_WORDS = {"of", "the", "and", "in", "for", "on", "to", "a", "an", "with", "ve", "ile", "i", "u", "o", "za",
                    "na", "ir", "apie"}


def _titles_ending_in_a_small_word(tagged: list[Tagged]) -> None:
    """'The Art of [publisher: Computer Programming]', 'The Interpretation of' / 'Cultures': a title or a book does not
    end in 'of' or 'and'; the run of words right after it, on its line or the next, goes on with it."""
    for field in ("title", "container"):
        for a, b in _spans_of(tagged, field):
            if b < len(tagged) and tagged[b].token.kind == "nl":
                b += 1
            last = tagged[b - 1 - (tagged[b - 1].token.kind == "nl")].token.text
            if b >= len(tagged) or last not in _TITLE_END_WORDS or not tagged[b].token.text[:1].isalnum():
                continue
            k, label = b, tagged[b].label
            while k < len(tagged) and tagged[k].label == label and tagged[k].token.text[:1].isalnum():
                tagged[k] = Tagged(tagged[k].token, field, 0.6)
                k += 1
            if tagged[b - 1].token.kind == "nl" and k > b:
                tagged[b - 1] = Tagged(tagged[b - 1].token, field, 0.6)


_PATRON_WORDS = {"for", "me", "my", "us", "our", "please", "pls", "asap", "urgently", "too", "also", "again"}
_PATRON_ENDINGS = {"me", "us", "please", "pls", "asap", "urgently", "too", "again"}     # the words such a tail ends in


def _patron_words_after_a_title(tagged: list[Tagged]) -> None:
    """"I'd like Said's Orientalism for me": the letter's words in lower case at a title's end are no part of it."""
    for a, b in _spans_of(tagged, "title"):
        k = b
        while k > a + 1 and tagged[k - 1].token.text in _PATRON_WORDS:
            k -= 1
        if k < b and tagged[b - 1].token.text in _PATRON_ENDINGS:
            for n in range(k, b):
                tagged[n] = Tagged(tagged[n].token, "O", 1.0)


def _lower_tail(tagged: list[Tagged], d: int) -> int:
    """Where a title ending at `d` really ends: '… in Lithuania and Belarus after 1863' goes on in lower case up to
    a year."""
    end = d
    while end < len(tagged) and tagged[end].label in ("O", "year") and (
            tagged[end].token.text.isalpha() and tagged[end].token.text.islower()
            or end > d and tagged[end].token.text.isdigit() and tagged[end - 1].token.text.isalpha()):
        end += 1
    return end if end > d and not tagged[end - 1].token.text.isalpha() else d


def _title_going_on_after_in(tagged: list[Tagged], inside: set[int]) -> None:
    """'… of Russification in [Lithuania and Belarus] after 1863 (Rodopi, 2007)': a title's own 'in' is no book that
    holds it when nothing speaks of a chapter (no editors, no pages, no word for a chapter near it); and 'in Turkey'
    left out after a title or a book goes on with it."""
    for label in ("title", "container"):
        for a, b in _spans_of(tagged, label):
            e = b + 1
            while e < len(tagged) and tagged[e].label == "O" and tagged[e].token.text[:1].isupper() \
                    and tagged[e].token.text.isalpha() and e - b <= 3:
                e += 1
            if a in inside or e == b + 1 or b >= len(tagged) or tagged[b].token.text not in ("in", "u") \
                    or tagged[b].label != "O" or e < len(tagged) and tagged[e].token.text not in "(,.;" \
                    and not tagged[e].token.text.islower():
                continue
            for k in range(b, _lower_tail(tagged, e)):
                tagged[k] = Tagged(tagged[k].token, label, 0.6)
    for c, d in _spans_of(tagged, "container"):
        if c < 2 or c in inside or tagged[c - 1].token.text not in ("in", "u") or tagged[c - 2].label != "title" \
                or tagged[c - 1].label not in ("O", "title"):
            continue
        a = c - 2
        while a > 0 and tagged[a - 1].label == "title":
            a -= 1
        titles = [s for s, _ in _spans_of(tagged, "title") if s > d]
        end = titles[0] if titles else len(tagged)
        near = tagged[max(0, a - 8):end]
        # (nor an article's: 'Smith's article X in [Journal of Documentation], vol. 5' names its journal)
        if any(t.label in ("editor", "pages", "volume", "issue") or {"chap", "art", "journal"} & set(
                LEXICON.get(fold(t.token.text), ())) for t in near):
            continue
        for k in range(c - 1, _lower_tail(tagged, d)):
            tagged[k] = Tagged(tagged[k].token, "title", 0.6)


_COLLECTION_WORDS = {"collection", "volume", "anthology", "handbook", "companion", "reader", "zborniku", "zbornika",
                     "derlemesi", "derlemesinde", "derlemede", "rinkinyje", "rinkinio", "rinkinys", "knygoje"}


def _chapter_in_its_book(tagged: list[Tagged], inside: set[int]) -> None:
    """"Stuart Hall's chapter Encoding/decoding in [Culture, Media, Language], the volume edited by …": after the
    word for a chapter, an unquoted title's 'in' opens the book that holds it; and 'from X's edited collection
    [Identity: Community, Culture, Difference]' names that book, not its editor."""
    for a, b in _spans_of(tagged, "title") if not any(t.label == "container" for t in tagged) else ():
        before = [fold(t.token.text) for t in tagged[max(0, a - 3):a] if t.token.text.isalpha()]
        if a in inside or not any("chap" in LEXICON.get(w, ()) for w in before):
            continue
        cut = next((k for k in range(b - 2, a, -1) if tagged[k].token.text in ("in", "u")
                    and tagged[k + 1].token.text[:1].isupper()), None)
        if cut is not None:
            tagged[cut] = Tagged(tagged[cut].token, "O", 0.6)
            for k in range(cut + 1, b):
                tagged[k] = Tagged(tagged[k].token, "container", 0.6)
            break
    for c, d in _spans_of(tagged, "editor"):
        if c and fold(tagged[c - 1].token.text) in _COLLECTION_WORDS and d - c >= 3 and any(
                tagged[k].token.text == ":" for k in range(c, d)):
            for k in range(c, d):
                tagged[k] = Tagged(tagged[k].token, "container", 0.6)


def _book_before_its_imprint(tagged: list[Tagged]) -> None:
    """'"Falsification and …," which is in the volume he edited with Alan Musgrave, [Criticism and the Growth of
    Knowledge] (Cambridge University Press, 1970)': after a title, 'in' and the word for a volume, the words in
    capitals between a comma and the imprint's bracket are the book that holds it."""
    for p, t in enumerate(tagged):
        if t.token.text != "(" or p + 1 >= len(tagged) or tagged[p + 1].label not in ("publisher", "place", "year"):
            continue
        start = p
        while start > 0 and tagged[start - 1].label == "O" and (tagged[start - 1].token.text[:1].isalpha()
                                                                or tagged[start - 1].token.kind == "nl"):
            start -= 1
        words = [x.token.text for x in tagged[start:p] if x.token.kind == "w"]
        if start == 0 or tagged[start - 1].token.text != "," or len(words) < 2 or not words[0][:1].isupper() \
                or sum(w[:1].isupper() for w in words) * 2 < len(words):
            continue
        k = start - 1
        while k > 0 and tagged[k].label != "title" and tagged[k].token.text not in ".!?":
            k -= 1
        between = {fold(x.token.text) for x in tagged[k:start]}
        if tagged[k].label == "title" and "in" in between and between & (_COLLECTION_WORDS | {"book", "zbornik"}):
            for n in range(start, p):
                tagged[n] = Tagged(tagged[n].token, "container", 0.6)


def _title_word_after_a_name(tagged: list[Tagged]) -> None:
    """'Jared Diamond, Collapse: How Societies …': after a name written given name first, one word before the
    colon of a subtitle is the title's first word, not a second author (a given name would follow a family name
    alone: 'Diamond, Jared: …')."""
    for c in range(2, len(tagged) - 2):
        if tagged[c].label != "author" or tagged[c - 1].token.text != "," or tagged[c + 1].token.text != ":" \
                or tagged[c + 1].label == "author" or tagged[c + 2].label != "title" \
                or _given_name(tagged[c].token.text):
            continue
        a = c - 1
        while a > 0 and tagged[a - 1].label == "author" and tagged[a - 1].token.text != ",":
            a -= 1
        if len([t for t in tagged[a:c - 1] if len(t.token.text) > 1 and t.token.text[:1].isupper()]) >= 2:
            for k in (c - 1, c, c + 1):
                tagged[k] = Tagged(tagged[k].token, "O" if k == c - 1 else "title", 0.6)


def _spans_of(tagged: list[Tagged], label: str) -> list[tuple[int, int]]:
    """(start, end) of each run of tokens labelled `label`, as they stand before the caller relabels any."""
    spans, i = [], 0
    while i < len(tagged):
        if tagged[i].label != label:
            i += 1
            continue
        j = i
        while j < len(tagged) and tagged[j].label == label:
            j += 1
        spans.append((i, j))
        i = j
    return spans


def _editors_named_as_such(tagged: list[Tagged]) -> None:
    """"Lawrence Grossberg'in editörlüğünü yaptığı …", 'Amy Gutmann (ed.)', 'Ivo Banac (ur.)': a name the tagger read
    as an author, followed by the word for an editor, is the volume's editor, not another work's author."""
    for i, j in _spans_of(tagged, "author"):
        k = j
        if k + 1 < len(tagged) and tagged[k].token.text in "'’" and tagged[k + 1].token.start == tagged[k].token.end:
            k += 2          # the Turkish suffix: Grossberg'in
        if k < len(tagged) and tagged[k].token.text == "(":
            k += 1
        if k < len(tagged) and tagged[k].label == "O" and "ed" in LEXICON.get(fold(tagged[k].token.text), ()):
            for m in range(i, j):
                tagged[m] = Tagged(tagged[m].token, "editor", tagged[m].confidence)


def _book_before_its_editors(tagged: list[Tagged]) -> None:
    """'… by Charles Taylor in Multiculturalism, edited by Amy Gutmann': what stands right after 'in' and before
    ', edited by' is the book, not one more editor."""
    for i, j in _spans_of(tagged, "editor"):
        after = [fold(t.token.text) for t in tagged[j:j + 2]]
        announced_book = i >= 1 and "in" in LEXICON.get(fold(tagged[i - 1].token.text), ()) \
            and not _attached_suffix(tagged, i - 1)
        editors_follow = len(after) == 2 and after[0] in (",", "(") and "ed" in LEXICON.get(after[1], ())
        if announced_book and editors_follow:
            for k in range(i, j):
                tagged[k] = Tagged(tagged[k].token, "container", tagged[k].confidence)
    for k in range(len(tagged) - 3):    # the same book left unlabelled: 'in Multiculturalism, edited by Amy Gutmann'
        if "in" not in LEXICON.get(fold(tagged[k].token.text), ()) or _attached_suffix(tagged, k):
            continue
        m = k + 1
        while m < len(tagged) and tagged[m].label == "O" and tagged[m].token.kind == "w" and (
                tagged[m].token.text[:1].isupper() or tagged[m].token.text.isalpha()
                and fold(tagged[m].token.text) in _SMALL_WORDS and m > k + 1):
            m += 1
        after = [fold(t.token.text) for t in tagged[m:m + 2]]
        if m > k + 1 and tagged[k + 1].token.text[:1].isupper() and len(after) == 2 and after[0] in (",", "(") \
                and "ed" in LEXICON.get(after[1], ()):
            for n in range(k + 1, m):
                tagged[n] = Tagged(tagged[n].token, "container", 0.6)


def _title_after_possessive(tagged: list[Tagged]) -> None:
    """'Orhan Pamuk's My Name Is Red (Knopf, 2001)': capitalised words the tagger left unlabelled after an author's
    "'s" and before the parenthesis or the sentence's end are the title."""
    for k in range(1, len(tagged) - 2):
        if not (tagged[k - 1].label == "author" and tagged[k].token.text in "'’" and fold(tagged[k + 1].token.text) == "s"
                and tagged[k - 1].token.end == tagged[k].token.start == tagged[k + 1].token.start - 1):
            continue
        m = k + 2
        end = m
        while end < len(tagged) and tagged[end].label == "O" and tagged[end].token.kind == "w" and (
                tagged[end].token.text[:1].isupper() or fold(tagged[end].token.text) in _SMALL_WORDS
                or tagged[end].token.text[:1].isdigit()):
            end += 1
        while end > m and fold(tagged[end - 1].token.text) in _SMALL_WORDS:
            end -= 1
        if end - m >= 1 and m < len(tagged) and tagged[m].token.text[:1].isupper() and (
                end >= len(tagged) or tagged[end].token.text in "(,.?!" or tagged[end].token.kind == "nl"):
            for j in range(m, end):
                tagged[j] = Tagged(tagged[j].token, "title", 0.6)


# "tam adı Passive Revolution …", "full title: …", "puni naslov je …", "pilnas pavadinimas …": the title named as such
_NAMED_BEFORE = {("tam", "adi"), ("full", "title"), ("full", "name"), ("puni", "naslov"), ("pilnas", "pavadinimas"),
                 ("titled",), ("entitled",), ("naslovljen",), ("naslovljenu",), ("pod", "naslovom"), ("adli",),
                 ("pavadinimu",), ("pavadinta",), ("pavadintos",)}


def _named_before(tagged: list[Tagged], i: int) -> bool:
    words = [fold(t.token.text) for t in tagged[max(0, i - 4):i] if t.token.text.isalpha()]
    return any(tuple(words[len(words) - len(phrase):]) == phrase for phrase in _NAMED_BEFORE if len(words) >= len(phrase))


_NAMING_WORDS = {"adli", "isimli", "baslikli", "adini", "kitabini", "kitabi", "eserini", "makalesini", "kitabina",
                 "eserine", "romanini", "kitabinin"}


def _title_after_genitive(tagged: list[Tagged]) -> None:
    """'Halil İnalcık'ın Osmanlı İmparatorluğu Klasik Çağ (1300-1600) adlı kitabını': the author ends at the
    Turkish genitive; what follows up to 'adlı' / 'kitabını' is the title."""
    for k in range(1, len(tagged) - 2):
        t = tagged[k]
        if not (t.label == "author" and t.token.text in "'’" and tagged[k - 1].token.end == t.token.start
                and tagged[k + 1].token.text[:1].islower() and tagged[k + 1].token.start == t.token.end):
            continue
        m = k + 2
        end = m
        while end < len(tagged) and tagged[end].token.kind == "w" and \
                fold(tagged[end].token.text) not in _NAMING_WORDS and tagged[end].token.text != "(" and (
                not tagged[end].token.text[:1].islower() or fold(tagged[end].token.text) in _SMALL_WORDS
                and end + 1 < len(tagged) and tagged[end + 1].token.text[:1].isupper()):
            end += 1
        naming_ahead = next((n for n in range(end, min(len(tagged), m + 30))
                             if fold(tagged[n].token.text) in _NAMING_WORDS or tagged[n].token.text in ".!;("
                             or tagged[n].token.kind == "nl"), None)
        if end > m and naming_ahead is not None and fold(tagged[naming_ahead].token.text) in _NAMING_WORDS and not any(
                fold(t.token.text) in _PARTICIPLES or {"journal", "book", "in"} & set(LEXICON.get(fold(t.token.text), ()))
                for t in tagged[end:naming_ahead]):
            end = naming_ahead      # a title in sentence case runs on to 'adlı': 'The Ottoman Empire: the classical …'
        
        naming = end
        if naming < len(tagged) and tagged[naming].token.text == "(":     # '… Performance (CUP, 1990) kitabı'
            close = next((j for j in range(naming, min(len(tagged), naming + 20)) if tagged[j].token.text == ")"), None)
            naming = close + 1 if close is not None else len(tagged)
        while end > m and tagged[end - 1].token.text in ",;:":
            end -= 1
        if naming < len(tagged) and fold(tagged[naming].token.text) in _NAMING_WORDS and end > m and \
                tagged[m].token.text[:1].isupper():
            for j in range(m, end):
                tagged[j] = Tagged(tagged[j].token, "title", 0.6)


_OWN_COURSE = ("seminer", "ders", "kurs", "tezim", "tezimin", "projem", "sunum", "odev")
_TITLE_MARKERS = {"adli", "isimli", "baslikli", "basligini", "adindaki", "kitabini", "kitabi", "makalesini",
                  "eserini", "romanini", "calismasini"}
# Turkish participles that end a clause before a title: "… dergisinde yayımlanan Center-periphery relations: a key
# to Turkish politics? başlıklı makalesi"
_PARTICIPLES = {"yayimlanan", "yayinlanan", "cikan", "basilan", "alan", "bulunan", "gecen", "yazdigi", "yazilan",
                "derlenen", "olan", "cevrilen", "yayimladigi", "yayinladigi", "sunulan"}


def _title_before_marker(tagged: list[Tagged]) -> None:
    """'… yayımlanan Center-periphery relations: a key to Turkish politics? başlıklı makalesi': the words between a
    participle (or a field) and 'başlıklı' / 'adlı' / 'isimli' are the title, sentence case and all, when the tagger
    left them unlabelled."""
    for n, t in enumerate(tagged):
        if fold(t.token.text) not in _TITLE_MARKERS or n == 0 or tagged[n - 1].label != "O":
            continue
        subtitle = fold(tagged[n - 1].token.text) == "alt"      # '… alt başlıklı': a subtitle, after a sentence
        last = n - 1 if subtitle else n
        k = last - 1
        while k >= 0 and n - k <= 30 and tagged[k].label == "O" and tagged[k].token.kind != "nl" \
                and fold(tagged[k].token.text) not in _PARTICIPLES and tagged[k].token.text not in ".!;\"“”„«»" \
                and not (subtitle and tagged[k].token.text == "?"):
            k -= 1
        stop = tagged[k] if k >= 0 else None
        start = k + 1
        if stop is None or n - k > 30 or not (stop.label != "O" or fold(stop.token.text) in _PARTICIPLES
                                              or subtitle and stop.token.text in ".!?"):
            continue
        if start < last and tagged[start].token.text[:1].isupper():
            for j in range(start, last):
                tagged[j] = Tagged(tagged[j].token, "title", 0.6)


def _announced(tagged: list[Tagged], a: int) -> bool:
    """An 'in', 'u', 'journal', 'časopis' … among the four tokens before position a (not a Turkish suffix after an
    apostrophe: the 'ın' of "Karpat'ın" is no 'in')."""
    return any({"in", "journal"} & set(LEXICON.get(fold(tagged[k].token.text), ())) and not _attached_suffix(tagged, k)
               for k in range(max(0, a - 4), a))


def _attached_suffix(tagged: list[Tagged], k: int) -> bool:
    return k >= 1 and tagged[k - 1].token.text in "'’" and tagged[k - 1].token.end == tagged[k].token.start


def _title_beside_its_author(tagged: list[Tagged]) -> None:
    """No title at all, and the work named the short way: 'Mühendislik Matematiği (Kreyszig) kitabını' (two 'authors',
    the second in brackets: the first is the title) or 'borrow Cormen, Introduction to Algorithms for my course' (an
    author, a comma, capitalised words: the title)."""
    runs = [(r.start, r.end) for r in _runs(tagged) if r.label == "author"]
    for (a, b), (c, d) in zip(runs, runs[1:]):
        if b < len(tagged) and tagged[b].token.text == "(" and c == b + 1 and d < len(tagged) \
                and tagged[d].token.text == ")":
            for k in range(a, b):
                tagged[k] = Tagged(tagged[k].token, "title", 0.6)
            return
    for a, b in runs:
        comma = next((k for k in range(a + 1, b) if tagged[k].token.text == ","), None)
        if comma is not None and b - comma == 2 and not _given_name(tagged[comma + 1].token.text):
            b = comma           # 'Cormen , Introduction' read as one name, 'to Algorithms' after it
            for k in range(comma, comma + 2):
                tagged[k] = Tagged(tagged[k].token, "O", 1.0)
        if b + 1 >= len(tagged) or tagged[b].token.text != "," or not tagged[b + 1].token.text[:1].isupper() \
                or tagged[b + 1].label != "O":
            continue
        end = b + 1
        while end < len(tagged) and tagged[end].label == "O" and tagged[end].token.kind == "w" and (
                tagged[end].token.text[:1].isupper() or tagged[end].token.text[:1].isdigit()
                or fold(tagged[end].token.text) in _SMALL_WORDS and end + 1 < len(tagged)
                and tagged[end + 1].token.text[:1].isupper()):
            end += 1
        if end - (b + 1) >= 2:
            for k in range(b + 1, end):
                tagged[k] = Tagged(tagged[k].token, "title", 0.6)
            return


def _containers_as_titles(tagged: list[Tagged]) -> None:
    """No title at all, and a 'journal' that nothing announced as one: the tagger's hesitation over a title."""
    i = 0
    while i < len(tagged):
        if tagged[i].label == "container" and (i == 0 or tagged[i - 1].label != "container"):
            j = i
            while j < len(tagged) and tagged[j].label == "container":
                j += 1
            if not _announced(tagged, i):
                for k in range(i, j):
                    tagged[k] = Tagged(tagged[k].token, "title", tagged[k].confidence)
            i = j
        else:
            i += 1


def _lower_start(tagged: list[Tagged], i: int) -> bool:
    """The run starting at i begins with a lower-case word, a lower-case article ('the Handbook of …') not counted;
    a capitalised one opens a title in sentence case ('The politicization of Islam: …')."""
    label = tagged[i].label
    while i + 1 < len(tagged) and tagged[i + 1].label == label and tagged[i].token.text[:1].islower() \
            and "the" in LEXICON.get(fold(tagged[i].token.text), ()):
        i += 1
    return tagged[i].token.text[:1].islower()


def _given_name(word: str) -> bool:
    """A given name, also in the genitive the sentence put it in: Thomasa, Radoslava, Ranka, Nade, Zigmo, Jono."""
    w = fold(word)
    forms = {w}
    if w[-1:] in ("a", "e", "u"):
        forms |= {w[:-1], w[:-1] + "o", w[:-1] + "a"}
    if w[-1:] == "o":
        forms |= {w[:-1] + "as", w[:-1] + "is", w[:-1] + "us"}
    return any("given" in LEXICON.get(form, ()) for form in forms)


_WORK_NOUNS = ("book", "art", "chap", "journal", "thesis")
_BY_WORDS = {"by", "autora", "autorice", "autorius", "autoriaus", "tarafindan", "yazan"}
_NAME_JOINERS = {"i", "and", "ir", "ve", "&", ",", "."}


def _author_after_by_word(tagged: list[Tagged], i: int, j: int) -> None:
    """'Gramatika hrvatskoga jezika autora Josipa Silića i Ive Pranjkovića': the title stops at 'autora' ('by'),
    and the names after it are the authors."""
    for k in range(i + 1, j - 1):
        if fold(tagged[k].token.text) in _BY_WORDS and tagged[k + 1].token.text[:1].isupper():
            tagged[k] = Tagged(tagged[k].token, "O", 1.0)
            m = k + 1
            while m < j and (tagged[m].token.text[:1].isupper() or fold(tagged[m].token.text) in _NAME_JOINERS):
                tagged[m] = Tagged(tagged[m].token, "author", 0.6)
                m += 1
            return
def _names_at_title_ends(tagged: list[Tagged], i: int, j: int) -> None:
    """'knjigu Thomasa Pikettyja Capital in the …' / '… gramatiku hrvatskoga jezika Ranka Matasovica': a given
    name and a family name at either end of an unquoted title are its author; so is 'Krležin' in 'Krležin roman
    Povratak …' (a name, then the word for the book)."""
    def capital(k: int) -> bool:
        return tagged[k].token.text[:1].isupper() and tagged[k].token.kind == "w"
    if j - i >= 3 and capital(i) and tagged[i + 1].token.text[:1].islower() and any(
            c in _WORK_NOUNS for c in LEXICON.get(fold(tagged[i + 1].token.text), ())):
        tagged[i] = Tagged(tagged[i].token, "author", 0.6)
        tagged[i + 1] = Tagged(tagged[i + 1].token, "O", 1.0)
        return
    if j - i >= 4 and _given_name(tagged[i].token.text) and capital(i + 1):
        for k in (i, i + 1):
            tagged[k] = Tagged(tagged[k].token, "author", 0.6)
    if j - i >= 4 and _given_name(tagged[j - 2].token.text) and capital(j - 1) and capital(j - 2):
        for k in (j - 2, j - 1):
            tagged[k] = Tagged(tagged[k].token, "author", 0.6)


def _soft_breaks(tagged: list[Tagged]) -> set[int]:
    """Line breaks a mail program made: after a long line (50 characters or more), before a line that opens no
    list item. A field runs on across them ('… Relations:' / 'A Key to Turkish Politics?')."""
    soft, line_start = set(), 0
    for i, t in enumerate(tagged):
        if t.token.kind != "nl":
            continue
        nxt = tagged[i + 1].token.text if i + 1 < len(tagged) else ""
        after = tagged[i + 2].token.text if i + 2 < len(tagged) else ""
        item = nxt in "-*•·–" or nxt.isdigit() and after in (".", ")")
        if t.token.start - line_start >= 50 and not item:
            soft.add(i)
        line_start = t.token.end
    return soft


def _runs(tagged: list[Tagged]) -> list[_Run]:
    runs: list[_Run] = []
    soft = _soft_breaks(tagged)
    for i, t in enumerate(tagged):
        if t.label == "O" or t.token.kind != "w":
            continue
        last = runs[-1] if runs else None
        if last and last.label == t.label and _joinable(tagged, last.end, i, t.label, soft):
            last.confidence = min(last.confidence, t.confidence)
            last.end = i + 1
        else:
            runs.append(_Run(t.label, i, i + 1, t.confidence))
    return runs


def _joinable(tagged: list[Tagged], a: int, b: int, label: str, soft: set[int] = frozenset()) -> bool:
    """Tokens a..b-1 (all O) may sit inside one field of `label`; a soft line break among them is a space."""
    gap = [t for k, t in enumerate(tagged[a:b], a) if k not in soft]
    if not gap:
        return True
    if any(t.token.kind != "w" for t in gap):
        return False
    words = [fold(t.token.text) for t in gap]
    if label in ("author", "editor"):
        return len(gap) <= 3 and all(w in _JOINERS for w in words)
    if label == "title":
        return len(gap) <= 1 and words[0] in _TITLE_JOINERS
    return len(gap) <= 1 and words[0] in (",", ".", "-", "–", "/")


def _opens_a_reference(tagged: list[Tagged], index: int) -> bool:
    """The identifier opens its line and the line goes on with a work's fields: it is that work's number."""
    k = index - 1
    while k >= 0 and tagged[k].token.kind == "w" and not tagged[k].token.text[:1].isalnum() and index - k <= 2:
        k -= 1
    if k >= 0 and tagged[k].token.kind != "nl":
        return False
    for t in tagged[index + 1:]:
        if t.token.kind == "nl":
            return False
        if t.label in ("title", "author"):
            return True
    return False


def assemble(text: str, tagged: list[Tagged]) -> list[Draft]:
    tagged = clean_labels(tagged)
    drafts: list[Draft] = []
    current: Draft | None = None
    pending_ids: list[Tagged] = []
    pending_lines: list[int] = []
    events: list[tuple[int, object]] = [(r.start, r) for r in _runs(tagged)]
    events += [(i, t) for i, t in enumerate(tagged) if t.token.kind in ("isbn", "doi", "issn")]
    events.sort(key=lambda e: e[0])
    line_of, items = _list_lines(tagged)
    item_of = _item_of(line_of, items)
    opened: set[int] = set()
    quoted = {k for a, b in _quoted_spans(tagged) for k in range(a, b)}

    def _new_item(index: int) -> bool:
        """The first field or identifier on a line that starts a list item ('3) …', '- …')."""
        line = line_of[index]
        if line in items and line not in opened:
            opened.add(line)
            return True
        return False

    for index, event in events:
        fresh = _new_item(index)
        if isinstance(event, Tagged):
            if current is not None and current.named and _opens_a_reference(tagged, index) \
                    and text.count("\n", 0, current.start) != text.count("\n", 0, event.token.start):
                current = None          # 'doi:10.1038/… (Y. LeCun, …, "Deep learning", Nature, 2015)' below a work
            if current is not None and fresh and current.named:
                current = None          # "2) ISBN …": the next item of a list, not this work's number
                pending_ids, pending_lines = [], []
                current = Draft(start=event.token.start, end=event.token.end)
                drafts.append(current)
            if current is None:
                pending_ids.append(event)
                pending_lines.append(line_of[index])
                continue
            if not _attach_identifier(current, event):
                current = Draft(start=event.token.start, end=event.token.end)
                drafts.append(current)
                _attach_identifier(current, event)
            continue
        run: _Run = event
        label = run.label
        if label == "author" and current is not None and current.has("title") and _after_place(tagged, run.start):
            label = run.label = "publisher"     # "Heidelberg: Carl Winter" after the title is an imprint
        value = text[tagged[run.start].token.start:tagged[run.end - 1].token.end]
        if label in SINGLE and current is not None and current.has(label) and not fresh \
                and current.item_line is not None and item_of[run.start] == current.item_line:
            continue            # one list item is one work: a second title in it is a misreading, not a work
        starts_new = current is None or current.named and fresh or (
            label in SINGLE and current.has(label)
            or label in ("author", "editor") and current.has(label) and current.last_label != label
            and (current.has("title") or current.has("container")))
        if starts_new:
            # numbers on lines of their own before the work ('doi:10.1038/171737a0' / '10.1126/… -- Robert K.
            # Merton, …'): when the work's own line has one, they are works of their own
            own_line = [k for k, n in enumerate(pending_lines) if n == line_of[run.start]]
            if own_line:
                for k, ident in enumerate(pending_ids):
                    if k not in own_line:
                        drafts.append(Draft(start=ident.token.start, end=ident.token.end))
                        _attach_identifier(drafts[-1], ident)
                pending_ids = [pending_ids[k] for k in own_line]
            current = Draft(start=tagged[run.start].token.start, item=fresh,
                            item_line=line_of[run.start] if fresh else None)
            drafts.append(current)
            for ident in pending_ids:
                if not _attach_identifier(current, ident):
                    drafts.insert(len(drafts) - 1, Draft(start=ident.token.start, end=ident.token.end))
                    _attach_identifier(drafts[-2], ident)
            pending_ids, pending_lines = [], []
        if label in ("author", "editor"):
            current.names.setdefault(label, []).append(value)
            current.confidence[label + "s"] = min(current.confidence.get(label + "s", 1.0), run.confidence)
        else:
            current.fields[label] = value
            if label == "title":
                current.quoted = run.start in quoted
            current.confidence[label] = run.confidence
        current.last_label = label
        current.end = tagged[run.end - 1].token.end
    drafts = _subtitles_named_as_such(text, drafts)
    if pending_ids:
        current = Draft(start=pending_ids[0].token.start)
        drafts.append(current)
        for ident in pending_ids:
            if not _attach_identifier(current, ident):
                current = Draft(start=ident.token.start)
                drafts.append(current)
                _attach_identifier(current, ident)
    return drafts


_SUBTITLE_AFTER = re.compile(r"^[\"“”„«»']?\s*(?:alt\s+ba[sş]l[ıi](?:kl[ıi]|[ğg][ıi]n?[ıi]?)|podnaslov|paantrašt)",
                             re.I)
_SUBTITLE_BEFORE = re.compile(r"(?:subtitle[d]?|subtitled|podnaslovom|podnaslov|paantraštė|alt\s+başlığı)\s*:?\s*"
                              r"[\"“„«»']?\s*$", re.I)


def _subtitles_named_as_such(text: str, drafts: list[Draft]) -> list[Draft]:
    """'Between Two Worlds kitabını … The Construction of the Ottoman State alt başlıklı olan …', 'subtitled …': a
    second title the patron calls the subtitle belongs to the work before it."""
    out: list[Draft] = []
    for d in drafts:
        title = d.fields.get("title")
        at = text.find(title, d.start) if title else -1
        prev = out[-1] if out else None
        if at >= 0 and prev is not None and prev.fields.get("title") and ":" not in prev.fields["title"] and (
                _SUBTITLE_AFTER.match(text[at + len(title):]) or _SUBTITLE_BEFORE.search(text[max(0, at - 30):at])):
            prev.fields["title"] = f"{prev.fields['title']}: {title}"
            for key, value in d.fields.items():
                prev.fields.setdefault(key, value)
            for role, names in d.names.items():
                prev.names.setdefault(role, names)
            prev.end = max(prev.end, d.end)
            continue
        out.append(d)
    return out


def _list_lines(tagged: list[Tagged]) -> tuple[list[int], set[int]]:
    """The line of each token, and the lines that open with a list marker ('2)', '-', '•', '[3]')."""
    line_of, items, line, first = [], set(), 0, True
    for i, t in enumerate(tagged):
        if t.token.kind == "nl":
            line += 1
            first = True
        elif first:
            first = False
            nxt = tagged[i + 1].token.text if i + 1 < len(tagged) else ""
            if t.token.text in "-*•·–" or t.token.text.isdigit() and len(t.token.text) <= 3 and nxt in (".", ")") \
                    or t.token.text in "([" and nxt.isdigit():
                items.add(line)
        line_of.append(line)
    return line_of, items


def _item_of(line_of: list[int], items: set[int]) -> list[int | None]:
    """The list item each token belongs to (the line that opened it), None before the first item: the lines
    after an item's line are its own until the next item opens (a mail program wrapped it)."""
    out, current = [], None
    for line in line_of:
        if line in items:
            current = line
        out.append(current)
    return out


def _after_place(tagged: list[Tagged], start: int) -> bool:
    """The run follows 'Place :' (a capitalised word or a place the tagger saw, then a colon)."""
    j = start - 1
    while j >= 0 and tagged[j].token.kind == "w" and tagged[j].token.text in ("(", " "):
        j -= 1
    return j >= 1 and tagged[j].token.text == ":" and tagged[j - 1].token.text[:1].isupper() \
        and tagged[j - 1].label in ("O", "place")


def _same_number(written: str, isbn13: str) -> bool:
    """An ISBN written with a wrong check digit and a valid ISBN-13 are one book's when their digits but the check
    digit (and the 978 of an ISBN-10) agree but for one."""
    core = written[:-1][-9:] if len(written) == 10 else written[3:-1]
    return sum(a != b for a, b in zip(core, isbn13[3:-1])) <= 1 and len(core) == 9


def _attach_identifier(draft: Draft, t: Tagged) -> bool:
    """Puts the identifier on `draft`; False when it already has one of that kind (then it is the next work's)."""
    raw = t.token.text
    if t.token.kind == "isbn":
        labelled = ISBN_LABELLED.match(raw)     # the 10 of 'ISBN-10', 'ISBN 10' is no digit of it
        raw = labelled.group(1) if labelled else raw
        value = normalize_isbn(raw)
        if value:
            if draft.isbn and draft.isbn != value or draft.isbn_as_written and not _same_number(
                    draft.isbn_as_written, value):
                return False        # 'ISBN 978-953-6552-90-3' (a typo) / 'ISBN 978-86-7208-207-4': two books
            draft.isbn = value
            draft.isbn_as_written = None
            return True
        written = isbn_as_written(raw)
        if draft.isbn or draft.isbn_as_written:
            return bool(draft.isbn_as_written == written)
        draft.isbn_as_written = written
        return True
    if t.token.kind == "doi":
        value = normalize_doi(raw)
        if draft.doi and value != draft.doi:
            return False
        draft.doi = value
        return True
    value = normalize_issn(re.sub(r"(?i)^e?-?issn\s*[:#]?\s*", "", raw))
    if draft.issn and value != draft.issn:
        return False
    draft.issn = value or draft.issn
    return True
