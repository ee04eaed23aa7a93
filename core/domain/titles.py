"""When two descriptions name the same work: titles and names compared word by word, across case, diacritics,
Turkish dotted and dotless i, and inflection.

Patrons write "Osmanli imparatorlugu", "Povijesti hrvatske književnosti" or "Donelaičio Metai"; the catalogue says
"Osmanlı İmparatorluğu", "Povijest hrvatske književnosti", "Donelaitis, Kristijonas. Metai". Each word is folded
(lower case, no diacritics, ı→i, đ→d) and stemmed by Snowball's Turkish, Lithuanian, Serbian (Ljubešić & Pandžić's
Croatian stemmer) and English stemmers, both as written and folded; two words are the same when any of these keys
agree. The title language is not known (an English title in a Turkish message is common), so every stemmer is
asked; a word that one language inflects and another does not still meets itself.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

_STEMMERS = tuple(Stemmer.Stemmer(name) for name in ("turkish", "serbian", "lithuanian", "english"))
# Letters NFKD leaves alone but people type as plain letters.
_SPECIAL = str.maketrans({"ı": "i", "đ": "d", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})
# A Turkish suffix after an apostrophe on a proper name: "İstanbul'daki", "Atatürk'ün".
_APOSTROPHE_SUFFIX = re.compile(r"(?<=\w\w)['’](?:\w{1,5})\b")
_WORD = re.compile(r"\w+")
# Words that say nothing about which work is meant, folded, in the four languages.
STOPWORDS = frozenset("""
a an and the of in on for to by with from at or its his her their
ve ile bir bu da de icin ya veya ile
i u na za o od do s sa iz uz te ili kao je se
ir bei su is ar apie per prie ant be del nuo po
""".split())
PREFIX = 4   # letters of a folded word kept as its search key (items are found by these, then compared in full)


def fold(text: str) -> str:
    """Lower case, no diacritics, Turkish ı and İ as i: "Osmanlı İmparatorluğu" → "osmanli imparatorlugu"."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a title or name as written (Turkish apostrophe suffixes dropped), without stopwords."""
    text = _APOSTROPHE_SUFFIX.sub("", text or "")
    return [w for w in _WORD.findall(text) if fold(w) not in STOPWORDS and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=200_000)
def word_keys(word: str) -> frozenset[str]:
    """Every form under which `word` may meet another: folded, and its stems in each language."""
    folded = fold(word)
    if word.isdigit() or len(folded) <= 3:
        return frozenset((folded,))
    keys = {folded}
    for variant in {word.casefold(), _turkish_lower(word), folded}:
        for stemmer in _STEMMERS:
            stem = fold(stemmer.stemWord(variant))
            if len(stem) >= 3:
                keys.add(stem)
    return frozenset(keys)


def _turkish_lower(word: str) -> str:
    return word.replace("I", "ı").replace("İ", "i").lower()


def search_keys(text: str) -> set[str]:
    """Short keys that find candidate items in the `item_words` table (first letters of each folded word)."""
    return {fold(w)[:PREFIX] for w in words(text)}


def same_word(a: str, b: str) -> bool:
    return bool(word_keys(a) & word_keys(b))


def main_title(title: str) -> str:
    """The title without its subtitle or statement of responsibility: "Osmanlı İmparatorluğu : klasik çağ" → the
    part before the colon."""
    head = re.split(r"\s[:/=;]\s?|:\s|\s[—–-]\s", title or "", maxsplit=1)[0]
    volume = re.match(r"(.{12,}?)\.\s", head)   # "Povijest hrvatske književnosti. Knj. 1"; not "Dr. Jekyll"
    return volume.group(1) if volume else head


def _coverage(these: list[str], those: list[str]) -> float:
    if not these:
        return 0.0
    return sum(1 for w in these if any(same_word(w, x) for x in those)) / len(these)


def _variants(title: str) -> set[str]:
    """A title as given, without its subtitle, and without the bracketed dates or note a catalogue adds at its end
    ("Osmanlı İmparatorluğu : klasik çağ (1300-1600)")."""
    bare = re.sub(r"\s*[(\[][^()\[\]]*[)\]]\s*$", "", title or "")
    return {title, main_title(title), bare}


def title_similarity(asked: str, held: str) -> float:
    """1.0 when every significant word of one title meets a word of the other, both ways; the main titles (without
    subtitles) are tried too, since patrons often leave the subtitle out and catalogues often add one."""
    best = 0.0
    for a in _variants(asked):
        for h in _variants(held):
            wa, wh = words(a), words(h)
            if wa and wh:
                best = max(best, min(_coverage(wa, wh), _coverage(wh, wa)))
    return best


def family_name(author: str) -> str:
    """ "Family, Given" → Family; "Given Family" → Family."""
    author = (author or "").strip()
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = words(author)
    return parts[-1] if parts else author


def authors_agree(asked: list[str], held: list[str]) -> bool:
    """Some family name the patron gave is among the words of the held work's names (in any order or case)."""
    held_words = [w for name in held for w in words(name)]
    return any(same_word(word, x) for name in asked for word in words(family_name(name)) for x in held_words)


@dataclass(frozen=True)
class Likeness:
    """How well a held work answers what was asked: by identifier, or by title and names."""
    by_identifier: bool
    title: float
    authors: bool | None   # None: one side names no author

    @property
    def same_work(self) -> bool:
        if self.by_identifier:
            return True
        if self.authors is False:
            return False
        return self.title >= (THRESHOLD if self.authors else 1.0)


THRESHOLD = 0.75   # with authors agreeing, three words of four in common are the same title


def likeness(asked_title: str | None, asked_authors: list[str], held_title: str | None, held_authors: list[str],
             by_identifier: bool = False) -> Likeness:
    title = title_similarity(asked_title or "", held_title or "") if asked_title and held_title else 0.0
    authors = authors_agree(asked_authors, held_authors) if asked_authors and held_authors else None
    return Likeness(by_identifier, title, authors)
