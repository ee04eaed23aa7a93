"""People's names of many countries, from Faker's per-locale name lists (MIT):

- `tagging/given_names.txt` (committed): given names, folded, one a line: the tagger's lexicon class "given"
  (tagging/lexicon.py) and the rules' test for a list of people ("Silent Spring – Rachel Carson", dashed.py) read
  it at run time;
- `people()`: given and family names per language for the synthetic records (records.py), so that the tagger
  learns names it has not seen as names by their shape and place, not from a short list.

    .venv/bin/python -m core.understanding.tagging.synth.people     # rewrites given_names.txt (training does too)

The same Faker version gives the same lists (sorted, no randomness).
"""
from __future__ import annotations

import functools
import importlib
import pathlib
import re

from ...textfold import fold

HERE = pathlib.Path(__file__).resolve().parent
GIVEN_FILE = HERE.parent / "given_names.txt"
# Latin-script locales: the patrons' own four, and the countries whose scholars they cite most
OWN = {"tr": ["tr_TR"], "hr": ["hr_HR", "sl_SI"], "lt": ["lt_LT"], "en": ["en_US", "en_GB", "en_IE"]}
FOREIGN = ["de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "sv_SE", "da_DK", "no_NO", "fi_FI", "pt_PT", "hu_HU",
           "ro_RO", "et_EE", "cs_CZ", "sk_SK", "pl_PL", "lv_LV"]


def _names(provider, *attributes: str) -> set[str]:
    out: set[str] = set()
    for attribute in attributes:
        value = getattr(provider, attribute, None) or ()
        out |= set(value.keys() if isinstance(value, dict) else value)
    return {n for n in out if re.fullmatch(r"[^\W\d_][^\W\d_'’\-]+(?:[\-'’][^\W\d_]+)?", n)}


def _locale(locale: str) -> tuple[set[str], set[str]]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    given = _names(provider, "first_names", "first_names_male", "first_names_female")
    family = _names(provider, "last_names", "last_names_male", "last_names_female")
    return given, family


def collect() -> tuple[list[str], dict[str, dict[str, list[str]]]]:
    """(the folded given names of every locale, {language: {"given": [...], "family": [...]}})."""
    every_given: set[str] = set()
    people: dict[str, dict[str, list[str]]] = {}
    for language, locales in [*OWN.items(), ("foreign", FOREIGN)]:
        given, family = set(), set()
        for locale in locales:
            g, f = _locale(locale)
            given |= g
            family |= f
        every_given |= given
        people[language] = {"given": sorted(given), "family": sorted(family)}
    from ..lexicon import CLASSES_WITHOUT_NAMES
    # a word of the letter or of a reference's frame is no name ("press", "may", "will"); "Tom" (also Croatian
    # for a volume) and "Ed" stay names
    taken = {w for name, words in CLASSES_WITHOUT_NAMES.items() if name not in ("given", "vol", "ed", "by", "role", "place")
             for w in words.split()}
    folded = sorted({fold(n) for n in every_given if len(n) >= 3} - taken)
    return folded, people


@functools.lru_cache(maxsize=1)
def people() -> dict[str, dict[str, list[str]]]:
    return collect()[1]


def write() -> None:
    given, _ = collect()
    GIVEN_FILE.write_text("\n".join(given) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"{GIVEN_FILE}: {len(GIVEN_FILE.read_text().split())} given names")
