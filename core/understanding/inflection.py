"""Author names written inside a sentence come inflected; the contract wants them in the nominative.

"Karpat'ın kitabı" -> Karpat, "Krležin roman" -> Krleža, "Andrićeva knjiga" / "od Andrića" -> Andrić,
"Zinkevičiaus knyga" -> Zinkevičius, "Donelaičio" -> Donelaitis, "Mažvydo" -> Mažvydas, "Kuhn's" -> Kuhn.
Only names the patron wrote "Given Family" in running text are touched (a reference or a catalogue record writes
them in the nominative already), and the rules are the language's own: a Lithuanian genitive ending means
nothing in an English sentence.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Work

_APOSTROPHE_SUFFIX = re.compile(r"['’][a-zçğıöşü]{1,5}$")
_HR = [(re.compile(r"(ić|ič|ic)(?:ev|eva|evu|eve|evom|evoj|evi|evih|evog|a|u|em|i)$"), r"\1"),
       (re.compile(r"(?<=[^aeiou])(?:ov|ova|ovu|ove|ovom|ovoj|ovi|ovih|ovog|ev|eva|evu|eve|evom|evoj|evog)$"), ""),
       (re.compile(r"(?<=\w{3})(?:in|ina|inu|ine|inom|inoj|inog|inih)$"), "a"),
       (re.compile(r"(?<=\w{3}[žšćčđ])e$"), "a")]
_LT = [(re.compile(r"iaus$"), "ius"), (re.compile(r"aus$"), "us"), (re.compile(r"čio$"), "tis"),
       (re.compile(r"džio$"), "dis"), (re.compile(r"io$"), "is"), (re.compile(r"ienės$"), "ienė"),
       (re.compile(r"ės$"), "ė"), (re.compile(r"(?<=\w{2})o$"), "as"), (re.compile(r"(?<=\w{2})os$"), "a")]


def nominative_family(family: str, language: str) -> str:
    family = _APOSTROPHE_SUFFIX.sub("", family)
    rules = {"hr": _HR, "lt": _LT}.get(language, [])
    for pattern, repl in rules:
        if pattern.search(family):
            return pattern.sub(repl, family, count=1)
    return family


def _hr_genitive_pair(family: str, given: str) -> str:
    """'Halla, Stuarta' / 'Pikettyja, Thomasa': a man's name in the genitive, both parts ending in -a."""
    given = given.strip()
    if given.endswith("a") and len(given) > 3 and given[-2] not in "aeiou" and family.endswith("a") \
            and not family.endswith(("ića", "ica")):
        return family[:-2] if family.endswith(("yja", "ija")) and family[-3] == "y" else family[:-1]
    return family


def nominative(name: str, language: str) -> str:
    family, sep, given = name.partition(",")
    if language == "hr" and given:
        paired = _hr_genitive_pair(family.strip(), given)
        if paired != family.strip():
            return paired + sep + given
    if language == "lt" and given:
        given = " ".join(nominative_family(g, "lt") if len(g) > 2 else g for g in given.split())
        given = " " + given
    return nominative_family(family.strip(), language) + (sep + given if sep else "")


def nominative_authors(work: Work, uninverted: list[str], language: str) -> Work:
    """`work` with the authors it named in running text put in the nominative."""
    if not work.authors:
        return work
    authors = [nominative(a, language) if a in uninverted else _APOSTROPHE_SUFFIX.sub("", a.split(",")[0]) +
               ("," + a.split(",", 1)[1] if "," in a else "") for a in work.authors]
    return work if authors == work.authors else replace(work, authors=authors)
