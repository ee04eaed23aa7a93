"""Real labelled mail as training blocks: the expected answers (.json) aligned back onto the message's paragraphs.

Hand-written sets already say what each message holds (title, authors, year, …); finding those values in the
text labels its characters, so the tagger also learns from mail as people write it. Matching is on the folded
text (same length as the original, so spans carry over): a title or a container is found whole or by its longest
stretch; an author by the family name, inflected forms included (the first letters of the name, then any ending),
with the given name or initials beside it; numbers near the title. A paragraph whose work cannot be found with its
title is left out rather than taught wrong.
"""
from __future__ import annotations

import difflib
import json
import pathlib
import re

from ...textfold import fold
from .labelled import Labelled

_TEXT_FIELDS = (("title", "title"), ("container", "container"), ("publisher", "publisher"))


def _find_text(folded: str, value: str, labels: list[str]) -> tuple[int, int] | None:
    want = fold(value).strip()
    if len(want) < 2:
        return None
    for candidate in (want, want.split(":")[0].strip(), re.sub(r"\s*:\s*", " : ", want), re.sub(r"\s*:\s*", ". ", want)):
        i = folded.find(candidate)
        while i >= 0 and any(x != "O" for x in labels[i:i + len(candidate)]):
            i = folded.find(candidate, i + 1)
        if i >= 0 and len(candidate) >= min(len(want), 4):
            return i, i + len(candidate)
    m = difflib.SequenceMatcher(None, folded, want, autojunk=False).find_longest_match(0, len(folded), 0, len(want))
    if m.size >= max(8, 0.7 * len(want)):
        return m.a, m.a + m.size
    return None


def _find_family(folded: str, family: str, labels: list[str]) -> tuple[int, int] | None:
    fam = fold(family).strip()
    if not fam:
        return None
    stem = fam[:max(3, len(fam) - 2)] if len(fam) > 4 else fam
    for m in re.finditer(rf"(?<![\w]){re.escape(stem)}[\w'’]*", folded):
        if all(x == "O" for x in labels[m.start():m.end()]):
            return m.start(), m.end()
    return None


def _extend_name(text: str, folded: str, span: tuple[int, int], given: str) -> tuple[int, int]:
    """Takes in the given name or initials written next to the family name."""
    a, b = span
    parts = [fold(p) for p in re.split(r"[\s.\-]+", given) if p]
    if not parts:
        return a, b
    for m in reversed(list(re.finditer(r"[\w'’\-]+\.?\s+", text[max(0, a - 40):a]))):
        w = fold(m.group(0)).strip(" .")
        if m.end() != len(text[max(0, a - 40):a]) - (a - (max(0, a - 40) + len(text[max(0, a - 40):a]))):
            pass
        if text[max(0, a - 40) + m.end():a].strip() or not any(
                w.startswith(p[:3]) or (len(w) == 1 and p.startswith(w)) for p in parts):
            break
        a = max(0, a - 40) + m.start()
    right = re.match(r"(,?\s*(?:[\w'’\-]+\.?\s*){1,3})", text[b:b + 40])
    if right:
        kept = 0
        for m in re.finditer(r",?\s*([\w'’\-]+)\.?", right.group(1)):
            w = fold(m.group(1))
            if any(w.startswith(p[:3]) or (len(w) <= 2 and p.startswith(w[:1])) for p in parts):
                kept = m.end()
            else:
                break
        b += kept
    return a, b


def _mark(labels: list[str], span: tuple[int, int] | None, label: str) -> bool:
    if not span:
        return False
    a, b = span
    labels[a:b] = [label] * (b - a)
    return True


def _near(pattern: str, folded: str, labels: list[str], center: int, label: str, radius: int = 250) -> bool:
    best = None
    for m in re.finditer(pattern, folded):
        if all(x == "O" for x in labels[m.start(1):m.end(1)]) and abs(m.start() - center) <= radius:
            if best is None or abs(m.start() - center) < abs(best.start() - center):
                best = m
    return _mark(labels, (best.start(1), best.end(1)) if best else None, label)


_NAME_WORDS = r"((?:[A-ZČĆŠŽĐÇĞİÖŞÜĄĘĖĮŲŪ][\w'’\-]*\.?\s?){1,4})"
_EDITED_BY = re.compile(r"(?:edited by|eds?\.|ur\.|uredi[lo]a?|priredi[lo]a?|haz\.|hazırlayan|hazirlayan|sud\.|sudarė|"
                        r"sudare|red\.|editör|editor)\s+" + _NAME_WORDS)


def align_item(text: str, folded: str, labels: list[str], item: dict) -> bool:
    """Labels one expected work in the paragraph; False when its title (or, without one, anything) is missing."""
    found_title = None
    for key, label in _TEXT_FIELDS:
        if item.get(key):
            span = _find_text(folded, item[key], labels)
            if key == "title":
                if not span:
                    return False
                found_title = span
            _mark(labels, span, label)
    center = found_title[0] if found_title else 0
    if not found_title:
        return False
    for author in item.get("authors") or []:
        family, _, given = author.partition(",")
        span = _find_family(folded, family, labels)
        if span:
            _mark(labels, _extend_name(text, folded, span, given.strip()), "author")
    if item.get("year"):
        _near(rf"(?<!\d)({item['year']})(?!\d)", folded, labels, center, "year")
    for key in ("volume", "issue"):
        if item.get(key):
            _near(rf"(?<![\w]){'(' + re.escape(str(item[key])) + ')'}(?![\w])", folded, labels, center, key)
    if item.get("pages"):
        first, _, last = str(item["pages"]).partition("-")
        tail = "|".join(re.escape(last[i:]) for i in range(len(last))) if last else ""
        pattern = rf"(?<!\d)({first}\s*[-–—]+\s*(?:{tail})(?!\d))" if tail else rf"(?<!\d)({first})(?!\d)"
        _near(pattern, folded, labels, center, "pages", 400)
    if item.get("edition"):
        _near(rf"(?<!\d)({item['edition']}(?:\.|st|nd|rd|th|-?(?:asis|as|oji))?\s*(?:ed\b\.?|edn\b\.?|edition|"
              rf"izd\b\.?|izdanje|bask[ıi]|bs\.|leid\b\.?|leidimas))", folded, labels, center, "edition")
    for m in _EDITED_BY.finditer(text):
        if all(x == "O" for x in labels[m.start(1):m.end(1)]):
            _mark(labels, (m.start(1), m.end(1)), "editor")
    if item.get("publisher"):
        m = re.search(r"([A-Z][\w .,'’\-]{1,40}?)\s*:\s*$", text[:labels.index("publisher")]) \
            if "publisher" in labels else None
        if m and all(x == "O" for x in labels[m.start(1):m.end(1)]):
            _mark(labels, (m.start(1), m.end(1)), "place")
    return True


def aligned_blocks(folder: pathlib.Path, with_language: bool = False) -> list:
    """Training blocks from every message of `folder` whose works could be found in its text (with the
    message's language, when asked)."""
    from ...labels import labelled_records
    from ...mime import read_email
    from ..reader import paragraphs

    out: list[Labelled] = []
    for eml in sorted(folder.glob("*.eml")):
        expected = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
        if expected.get("intent") != "ill_request" and expected.get("items"):
            continue
        try:
            body = read_email(eml.read_bytes()).body_text
        except ValueError:
            continue
        lines = body.splitlines()
        _, used = labelled_records(body)
        blocks = []
        for first, end in paragraphs(lines, used):
            text = "\n".join(lines[first:end])
            blocks.append([text, fold(text), ["O"] * len(text)])
        ok = True
        for item in expected.get("items") or []:
            if not item.get("title"):
                continue
            placed = any(_find_text(folded, item["title"], labels) and align_item(text, folded, labels, item)
                         for text, folded, labels in blocks)
            if not placed and not used:
                ok = False
        if not ok:
            continue
        for text, _, labels in blocks:
            block = Labelled()
            start = 0
            for i in range(1, len(text) + 1):
                if i == len(text) or labels[i] != labels[start]:
                    block.add(text[start:i], labels[start])
                    start = i
            out.append((block, expected.get("language") or "en") if with_language else block)
    return out
