"""Tokens of a block of a message and the features the citation tagger sees for each of them.

One function serves both sides, so that training and tagging can never disagree: `tokenize` cuts a text into
words, numbers, single punctuation marks and line breaks (an identifier the rules found — ISBN, DOI, ISSN, URL,
e-mail address — stays one token), and `features` describes each token by its folded form, shape, affixes, the
word lists it belongs to, whether it sits inside quotes or parentheses, where it is on its line, and the same
for its neighbours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..identifiers import find_dois, find_isbn_typos, find_isbns, find_issns
from ..textfold import fold
from .lexicon import LEXICON

_WORD = re.compile(r"\n|[^\W_]+|[^\w\s]")
_OPEN_QUOTES = "\"“„«»‘‚'"          # » opens in Croatian/German „inverted“ use as often as it closes
_CLOSE_QUOTES = "\"”“»«’'"
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str = "w"     # w (word/number/mark), nl (line break), isbn, doi, issn, url


def _identifier_spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for kind, finder in (("isbn", find_isbns), ("isbn", find_isbn_typos), ("doi", find_dois), ("issn", find_issns)):
        for _, (a, b) in finder(text):
            spans.append((a, b, kind))
    for m in _URL.finditer(text):
        spans.append((m.start(), m.end(), "url"))
    spans.sort()
    out: list[tuple[int, int, str]] = []
    for a, b, kind in spans:
        if out and a < out[-1][1]:
            # overlapping: one token, of the more telling kind ("https://doi.org/10.…" is a DOI, not a URL)
            keep = out[-1][2] if out[-1][2] != "url" else kind
            out[-1] = (out[-1][0], max(b, out[-1][1]), keep)
            continue
        out.append((a, b, kind))
    return out


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    for a, b, kind in _identifier_spans(text) + [(len(text), len(text), "")]:
        for m in _WORD.finditer(text, pos, a):
            tokens.append(Token(m.group(0), m.start(), m.end(), "nl" if m.group(0) == "\n" else "w"))
        if kind:
            tokens.append(Token(text[a:b], a, b, kind))
        pos = max(pos, b)
    return tokens


@lru_cache(maxsize=50_000)
def _word_features(word: str) -> tuple[str, ...]:
    """What a word says by itself (cached: the same words come back in every message)."""
    low = fold(word)
    if word == "\n":
        return ("nl",)
    if not word[0].isalnum():
        return ("p=" + low,)
    feats = ["w=" + low, "s3=" + low[-3:], "s2=" + low[-2:], "p3=" + low[:3]]
    if word.isdigit():
        n = len(word)
        feats.append(f"num{min(n, 5)}")
        if n == 4 and 1500 <= int(word) <= 2039:
            feats.append("year")
    elif word.isupper():
        feats.append("allcap" if len(word) > 1 else "initial")
    elif word[0].isupper():
        feats.append("cap")
    else:
        feats.append("low")
    if any(c.isdigit() for c in word) and not word.isdigit():
        feats.append("alnum")
    if word.isalpha() and len(word) > 1 and word[0].isupper() and fold(word) != word.lower():
        feats.append("diacritic")
    feats.append(f"len{min(len(word), 8)}")
    for name in LEXICON.get(low, ()):
        feats.append("lex=" + name)
    return tuple(feats)


def _short(word_feats: tuple[str, ...]) -> tuple[str, ...]:
    """The part of a neighbour's features worth repeating: its form and its class."""
    return tuple(f for f in word_feats if f.startswith(("w=", "p=", "lex=")) or f in (
        "nl", "cap", "low", "allcap", "initial", "year", "num1", "num2", "num3", "num4", "num5"))


def _attached(tokens: list[Token], i: int) -> bool:
    """An apostrophe glued to the word before it ("Karpat'ın", "Kuhn's") is not an opening quote."""
    return i > 0 and tokens[i - 1].end == tokens[i].start and tokens[i - 1].text[-1:].isalnum() \
        and tokens[i].text in "'’"


# Word classes that announce what follows them, even far along the line: "in" (a container), "ed" (editors), …
_CUES = ("in", "ed", "by", "pg", "vol", "iss", "edn", "chap", "book", "art", "journal", "thesis", "req")
# Word classes that say a line is the patron's sentence rather than a reference
_LETTER = ("req", "greet", "role")


def _line_features(own: list[tuple[str, ...]], tokens: list[Token]) -> list[tuple[str, ...]]:
    """What each token's whole line holds: a request or greeting word, a year, quotes, many commas."""
    out: list[tuple[str, ...]] = []
    start = 0
    for end in [i for i, t in enumerate(tokens) if t.kind == "nl"] + [len(tokens)]:
        feats = set()
        commas = 0
        for j in range(start, end):
            for f in own[j]:
                if f.startswith("lex=") and f[4:] in _LETTER:
                    feats.add("ln_letter")
                elif f == "year":
                    feats.add("ln_year")
            if tokens[j].text == ",":
                commas += 1
            elif tokens[j].kind != "w":
                feats.add("ln_id")
        if commas >= 2:
            feats.add("ln_commas")
        out.extend([tuple(sorted(feats))] * (end - start + (1 if end < len(tokens) else 0)))
        start = end + 1
    return out


def features(tokens: list[Token]) -> list[list[str]]:
    """One list of feature strings per token."""
    own = [_word_features(t.text) if t.kind in ("w", "nl") else ("id=" + t.kind,) for t in tokens]
    short = [_short(f) for f in own]
    line = _line_features(own, tokens)
    n = len(tokens)
    out: list[list[str]] = []
    quoted = paren = False
    quote_wrapped = paren_wrapped = False
    line_pos = 0
    seen: set[str] = set()        # what came earlier on this line: a dash, a colon, a year, a closing quote
    cue = ""                      # the last announcing word earlier on this line
    for i, tok in enumerate(tokens):
        feats = list(own[i])
        ch = tok.text
        feats.extend(seen)
        feats.extend(line[i])
        if cue:
            feats.append("cue=" + cue)
        for f in own[i]:
            if f.startswith("lex=") and f[4:] in _CUES:
                cue = f[4:]
        if tok.kind == "nl":
            line_pos = -1
            # a quote or a parenthesis the mail program wrapped goes on on the next line, not further
            quoted = quoted and not quote_wrapped
            paren = paren and not paren_wrapped
            quote_wrapped, paren_wrapped = quoted, paren
            seen = set()
            cue = ""
        elif ch in _OPEN_QUOTES and not quoted and not _attached(tokens, i) and (
                i + 1 < n and tokens[i + 1].kind == "w" and tokens[i + 1].text[0].isalnum()):
            quoted, quote_wrapped = True, False
            feats.append("qopen")
        elif ch in _CLOSE_QUOTES and quoted:
            quoted = False
            feats.append("qclose")
        elif ch == "(":
            paren, paren_wrapped = True, False
        elif ch == ")":
            paren = False
        if _attached(tokens, i):
            feats.append("glued")
        if quoted and "qopen" not in feats:
            feats.append("inq")
        if paren:
            feats.append("inpar")
        feats.append(f"lp{min(line_pos, 4)}")
        if ch in "–—" or ch == "-" and 0 < i < n - 1 and tokens[i - 1].end < tok.start < tokens[i + 1].start - 1:
            seen.add("after_dash")
        elif ch == ":":
            seen.add("after_colon")
        elif "year" in own[i]:
            seen.add("after_year")
        elif "qclose" in feats:
            seen.add("after_quote")
        elif ch in ".!?" and i + 1 < n and tokens[i + 1].text[:1].isupper():
            feats.append("sent_end")
        line_pos += 1
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                feats.extend(f"{off}:{f}" for f in short[j])
        if 0 < i < n - 1:
            feats.append(f"pair={short[i - 1][0] if short[i - 1] else ''}|{short[i + 1][0] if short[i + 1] else ''}")
        out.append(feats)
    return out
