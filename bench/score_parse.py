"""Per-field precision and recall of `parse_email` on a folder of .eml messages with their expected .json.

    python bench/score_parse.py tests/data/mail_blind_dev              # tables, then every miss by message
    python bench/score_parse.py tests/data/mail_blind_test --aggregate  # tables only: no names, no contents

A field is right when it equals the answer with the comparisons of the contract checker
(`/work/shared/tools/check-contracts`, copied here): titles, publishers, containers and reasons loosely
(ratio >= 0.85 after folding case, diacritics and punctuation), authors by their family names, pages by their
digit groups, everything else exactly after folding. Items are paired by position, as the checker does.

- recall of a field: right / answers that are not null;
- precision of a field: right / values the parser gave that are not null (a value where the answer is null
  is wrong; so is every field of an item the answer does not have);
- "fields right" (the issue's figure, counted as the checker counts): language, intent, request and reason where
  the answer has them, the number of items, and every item field whose answer is not null.

`--aggregate` is for the blind test set, which must be scored without anyone reading it: it prints figures only.
"""
from __future__ import annotations

import argparse
import difflib
import json
import pathlib
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parents[1]
LANGUAGES = ("tr", "hr", "lt", "en")
ITEM_FIELDS = ("type", "title", "authors", "year", "publisher", "isbn", "isbn_as_written", "issn", "doi",
               "container", "volume", "issue", "pages", "edition")
TOP_FIELDS = ("language", "intent", "request", "reason")


def fold(s) -> str:
    s = unicodedata.normalize("NFKD", str(s)).casefold().replace("ı", "i")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", s).strip()


def same(key: str, exp, got) -> bool:
    if got is None:
        return False
    if key in ("title", "publisher", "container", "reason"):
        return difflib.SequenceMatcher(None, fold(exp), fold(got)).ratio() >= 0.85
    if key == "authors":
        fam = lambda a: fold(a.split(",")[0]) if "," in a else fold((a.split() or [""])[-1])  # noqa: E731
        return sorted(map(fam, map(str, exp))) == sorted(map(fam, map(str, got or [])))
    if key == "pages":
        return re.sub(r"\D+", "-", str(exp)) == re.sub(r"\D+", "-", str(got))
    return fold(exp) == fold(got)


def _given(value) -> bool:
    return value is not None and value != []


@dataclass
class Tally:
    right: int = 0          # answer given and matched
    expected: int = 0       # answer not null
    predicted: int = 0      # parser's value not null
    predicted_right: int = 0

    def add(self, other: "Tally") -> None:
        self.right += other.right
        self.expected += other.expected
        self.predicted += other.predicted
        self.predicted_right += other.predicted_right


@dataclass
class Score:
    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    right: int = 0          # the checker's count
    total: int = 0
    misses: list[str] = field(default_factory=list)


def score_message(exp: dict, got: dict, score: Score) -> None:
    """Adds one message's comparison to `score` (misses as 'field: expected vs got' lines)."""
    def check(key: str, want, have, where: str) -> None:
        tally = score.fields[key]
        ok = _given(want) and same(key, want, have)
        if _given(want):
            tally.expected += 1
            score.total += 1
            tally.right += ok
            score.right += ok
        if _given(have):
            tally.predicted += 1
            tally.predicted_right += ok
        if (_given(want) or _given(have)) and not ok:
            score.misses.append(f"{where}{key}: {want!r} vs {have!r}")

    for key in TOP_FIELDS:
        if _given(exp.get(key)):
            check(key, exp[key], got.get(key), "")
    items = got.get("items") or []
    if exp.get("items"):
        score.total += 1
        score.fields["items"].expected += 1
        score.fields["items"].predicted += 1
        if len(items) == len(exp["items"]):
            score.right += 1
            score.fields["items"].right += 1
            score.fields["items"].predicted_right += 1
        else:
            score.misses.append(f"items: {len(exp['items'])} vs {len(items)}")
    for i in range(max(len(exp.get("items") or []), len(items))):
        want = exp["items"][i] if i < len(exp.get("items") or []) else {}
        have = items[i] if i < len(items) else {}
        for key in ITEM_FIELDS:
            check(key, want.get(key), have.get(key), f"items[{i}].")


def score_folder(folder: pathlib.Path, model: pathlib.Path | None = None
                 ) -> tuple[dict[str, Score], dict[str, list[str]]]:
    """Scores per language (and 'all'), and the misses of each message by its file name; `model` is a tagger
    model file to use instead of the committed one."""
    sys.path.insert(0, str(ROOT))
    from core.understanding import NotAnEmail, parse_email
    from core.understanding.tagging.tagger import use_model

    use_model(model)

    scores: dict[str, Score] = defaultdict(Score)
    misses: dict[str, list[str]] = {}
    for eml in sorted(folder.glob("*.eml")):
        exp = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
        try:
            got = parse_email(eml.read_bytes()).to_dict()
        except NotAnEmail:
            got = {}
        one = Score()
        score_message(exp, got, one)
        for bucket in (exp.get("language", "?"), "all"):
            target = scores[bucket]
            target.right += one.right
            target.total += one.total
            for key, tally in one.fields.items():
                target.fields[key].add(tally)
        if one.misses:
            misses[eml.name] = one.misses
    return scores, misses


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}" if b else "    -"


def table(scores: dict[str, Score]) -> str:
    buckets = [b for b in (*LANGUAGES, "all") if b in scores]
    keys = [k for k in (*TOP_FIELDS, "items", *ITEM_FIELDS) if any(k in scores[b].fields for b in buckets)]
    lines = ["fields right (the checker's count): " + ", ".join(
        f"{b} {scores[b].right}/{scores[b].total} = {_pct(scores[b].right, scores[b].total).strip()} %"
        for b in buckets), "",
        "precision / recall, % (n = answers not null)",
        f"{'field':16}" + "".join(f"{b:>22}" for b in buckets)]
    for key in keys:
        row = f"{key:16}"
        for b in buckets:
            t = scores[b].fields.get(key, Tally())
            row += f"{_pct(t.predicted_right, t.predicted)} / {_pct(t.right, t.expected)} n={t.expected:<4}"
        lines.append(row)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=pathlib.Path)
    parser.add_argument("--aggregate", action="store_true",
                        help="figures only: no message names, no contents (for the blind test set)")
    parser.add_argument("--model", type=pathlib.Path, help="a tagger model to use instead of the committed one")
    args = parser.parse_args(argv)
    if not any(args.folder.glob("*.eml")):
        print(f"no .eml messages in {args.folder}", file=sys.stderr)
        return 2
    scores, misses = score_folder(args.folder, args.model)
    print(f"{sum(1 for _ in args.folder.glob('*.eml'))} messages in {args.folder.name}")
    print(table(scores))
    if not args.aggregate:
        for name, lines in misses.items():
            print(f"\n{name}\n  " + "\n  ".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
