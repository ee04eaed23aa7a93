"""Every e-mail in tests/data/mail is parsed and compared, field by field, with the .json beside it.

Titles, publishers, containers and reasons are compared after folding (case, diacritics, punctuation)
with a small tolerance; authors by family name; identifiers, types, numbers and nulls exactly.
"""
import difflib
import json
import pathlib
import re
import unicodedata

import pytest

from core.understanding import NotAnEmail, parse_email

MAIL_DIR = pathlib.Path(__file__).resolve().parents[1] / "data" / "mail"

CASES = sorted(MAIL_DIR.glob("*.eml"))
LOOSE = ("title", "publisher", "container", "reason")
EXACT_EVEN_WHEN_NULL = ("isbn", "issn", "doi", "request", "type")


def fold(s):
    s = unicodedata.normalize("NFKD", str(s)).casefold().replace("ı", "i")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", s).strip()


def family(name):
    return fold(name.split(",")[0]) if "," in name else fold((name.split() or [""])[-1])


def same(key, want, got):
    if want is None:
        return got is None or key not in EXACT_EVEN_WHEN_NULL
    if got is None:
        return False
    if key in LOOSE:
        return difflib.SequenceMatcher(None, fold(want), fold(got)).ratio() >= 0.9
    if key == "authors":
        return sorted(map(family, want)) == sorted(map(family, got))
    return want == got


def test_corpus_is_large_and_varied():
    assert len(CASES) >= 40
    languages = {json.loads(c.with_suffix(".json").read_text()).get("language") for c in CASES}
    assert {"tr", "hr", "lt", "en"} <= languages


@pytest.mark.parametrize("eml", CASES, ids=[c.stem for c in CASES])
def test_message_is_understood_as_expected(eml):
    want = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
    if want.get("not_an_email"):
        with pytest.raises(NotAnEmail):
            parse_email(eml.read_bytes())
        return
    got = parse_email(eml.read_bytes()).to_dict()
    assert set(got) == {"language", "intent", "request", "reason", "items"}
    wrong = [f"{k}: {want[k]!r} != {got[k]!r}" for k in ("language", "intent", "request", "reason")
             if not same(k, want[k], got[k])]
    assert len(got["items"]) == len(want["items"]), (wrong, got["items"])
    for i, (w, g) in enumerate(zip(want["items"], got["items"])):
        assert set(g) == set(w)
        wrong += [f"items[{i}].{k}: {w[k]!r} != {g[k]!r}" for k in w if not same(k, w[k], g[k])]
    assert not wrong, "\n".join(wrong)
