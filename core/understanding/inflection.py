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
from .textfold import fold

_APOSTROPHE_SUFFIX = re.compile(r"['’][a-zçğıöşü]{1,5}$")
_HR = [(re.compile(r"(ić|ič|ic)(?:ev|eva|evu|eve|evom|evoj|evi|evih|evog|a|u|em|i)$"), r"\1"),
       # after a labial the possessive takes an 'lj': 'Županovljeva knjiga' -> Županov
       (re.compile(r"(?<=\w{3}[bpmvf])lj(?:ev|eva|evu|eve|evom|evoj|evog|evi|evih)$"), ""),
       (re.compile(r"(?<=[^aeiou])(?:ov|ova|ovu|ove|ovom|ovoj|ovi|ovih|ovog|ev|eva|evu|eve|evom|evoj|evog)$"), ""),
       (re.compile(r"(?<=ei[nm])(?:a|u|om)$"), ""),        # Goldsteina, Wittgensteinu: the genitive of -ein
       (re.compile(r"(?<=\w{3})(?:in|ina|inu|ine|inom|inoj|inog|inih)$"), "a"),
       (re.compile(r"(?<=\w{3}[žšćčđ])e$"), "a")]
_HR_GENITIVE = [(re.compile(r"(ić|ič|ic)(?:a|u|em|i)$"), r"\1"), (re.compile(r"(?<=ei[nm])(?:a|u|om)$"), ""),
                (re.compile(r"(?<=\w{3}[žšćčđ])e$"), "a")]
_LT = [(re.compile(r"iaus$"), "ius"), (re.compile(r"aus$"), "us"), (re.compile(r"čio$"), "tis"),
       (re.compile(r"džio$"), "dis"), (re.compile(r"io$"), "is"), (re.compile(r"ienės$"), "ienė"),
       (re.compile(r"ės$"), "ė"), (re.compile(r"(?<=\w{2})o$"), "as"), (re.compile(r"(?<=\w{2})os$"), "a")]


def nominative_family(family: str, language: str, with_given: bool = False) -> str:
    """`with_given`: the name was written with its given name, which a Croatian possessive ('Krležin roman') never
    is: then only the genitive's endings are taken off ('Ivo Goldstein' stays Goldstein)."""
    family = _APOSTROPHE_SUFFIX.sub("", family)
    rules = {"hr": _HR_GENITIVE if with_given else _HR, "lt": _LT}.get(language, [])
    for pattern, repl in rules:
        if pattern.search(family):
            return pattern.sub(repl, family, count=1)
    return family


def _known_given(word: str) -> bool:
    from .tagging.lexicon import LEXICON
    return "given" in LEXICON.get(fold(word), ())


def _hr_given_nominative(word: str, family: str) -> tuple[str, str]:
    """A Croatian genitive of a given name, by the names the lexicon knows: 'Roberta' -> ('Robert', 'm'),
    'Ranka' -> ('Ranko', 'm'), 'Nade' -> ('Nada', 'f'), 'Ive' -> ('Ivo', 'm') beside 'Goldsteina' (a woman's
    family name takes no -a); ('', '') when the word is no such form."""
    male = []
    if len(word) > 3 and word.endswith("a"):
        if word[-2] not in "aeiou" and _known_given(word[:-1]):
            male.append(word[:-1])
        if _known_given(word[:-1] + "o"):
            male.append(word[:-1] + "o")
    if len(word) > 2 and word.endswith("e") and _known_given(word[:-1] + "o"):
        male.append(word[:-1] + "o")
    female = word[:-1] + "a" if len(word) > 2 and word.endswith("e") and _known_given(word[:-1] + "a") else ""
    if male and (not female or family.endswith("a")):
        return male[0], "m"
    if female:
        return female, "f"
    return "", ""


def _hr_genitive_pair(family: str, given: str) -> tuple[str, str]:
    """'Halla, Stuarta' / 'Maya, Roberta M.' / 'Goldsteina, Ive' / 'Klaić, Nade': a name in the genitive, read by
    its given name; a man's family name loses the -a the genitive gave it ('Banca' -> 'Banac')."""
    words = given.split()
    if not words:
        return family, given
    first, sex = _hr_given_nominative(words[0], family)
    if not first:
        return family, given
    given = " ".join([first] + words[1:])
    if sex == "m" and family.endswith("a") and not family.endswith(("ića", "ica")) and len(family) > 3:
        if re.search(r"[eiy]ja$", family):
            return family[:-2], given          # Pikettyja -> Piketty, Hattieja -> Hattie (a -j- before the ending)
        if re.search(r"[^aeiou]ca$", family):
            return family[:-2] + "ac", given    # Banca -> Banac (the fleeting a)
        return family[:-1], given
    return family, given


_NOT_LITHUANIAN = re.compile(r"[wqx]|th|ph|ck|gh|ee|oo|([bdfgklmnprst])\1", re.I)


def _lt_foreign(family: str, given: list[str]) -> bool:
    """A foreign name in a Lithuanian genitive: its letters are not Lithuanian spelling ('Greenbergo', 'Garretto'),
    or its given name without the -o is a name the lexicon knows and with a Lithuanian ending is not ('Josepho':
    Joseph, not Josephas; 'Jono' is Jonas)."""
    if not family.endswith("o") or family.endswith("io"):
        return False
    if _NOT_LITHUANIAN.search(family[:-1]):
        return True
    first = given[0] if given else ""
    if len(first) > 3 and first.endswith("o"):
        stem = first[:-1]
        if _NOT_LITHUANIAN.search(stem):
            return True
        return _known_given(stem) and not any(_known_given(stem + end) for end in ("as", "is", "us", "ys"))
    return False


def _lt_foreign_given(word: str) -> str:
    """'Josepho' -> Joseph, 'Thomo' -> Thomas (a name of its own ending in -as takes -o for it as well)."""
    if len(word) <= 3 or not word.endswith("o"):
        return word
    return word[:-1] + "as" if _known_given(word[:-1] + "as") else word[:-1]


def nominative(name: str, language: str) -> str:
    family, sep, given = name.partition(",")
    if language == "hr" and given:
        paired, given_nom = _hr_genitive_pair(family.strip(), given.strip())
        if (paired, given_nom) != (family.strip(), given.strip()):
            if paired == family.strip():
                paired = nominative_family(paired, language, with_given=True)    # 'Andrića, Ive' -> 'Andrić, Ivo'
            return f"{paired}{sep} {given_nom}"
    if language == "lt" and given:
        if _lt_foreign(family.strip(), given.split()):
            # 'Josepho H. Greenbergo' -> Greenberg, Joseph H.: a foreign name takes the genitive's -o on its own
            # nominative; it loses that ending and gets no Lithuanian one
            words = [_lt_foreign_given(g) for g in given.split()]
            family = family.strip()
            family = family[:-1] if len(family) > 3 and family.endswith("o") else nominative_family(family, "lt")
            return f"{family}{sep} {' '.join(words)}"
        given = " ".join(nominative_family(g, "lt") if len(g) > 2 else g for g in given.split())
        given = " " + given
    return nominative_family(family.strip(), language, with_given=bool(given.strip())) + (sep + given if sep else "")


def nominative_authors(work: Work, uninverted: list[str], language: str) -> Work:
    """`work` with the authors it named in running text put in the nominative."""
    if not work.authors:
        return work
    authors = [nominative(a, language) if a in uninverted else _APOSTROPHE_SUFFIX.sub("", a.split(",")[0]) +
               ("," + a.split(",", 1)[1] if "," in a else "") for a in work.authors]
    return work if authors == work.authors else replace(work, authors=authors)
