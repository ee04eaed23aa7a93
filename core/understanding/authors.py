"""Author names: splitting a list and writing each as "Family, Given".

"Family, G. H." stays as written; "Given Family" is turned round; Vancouver "Smith JA" becomes
"Smith, J. A."; "ERÜNSAL İsmail" (family in capitals first) becomes "Erünsal, İsmail".
"""
from __future__ import annotations

import re

from .textfold import fold

_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "le", "la", "bin", "al", "el",
              "ter", "ten", "dos", "das", "st.", "mc"}
_ROLE = re.compile(r"\s*(?:\((?:eds?|ed\.|eds\.|hrsg\.?|ur\.?|urs\.?|ed\(s\)|der\.?|haz\.?|sud\.?|red\.?|"
                   r"trans\.?|çev\.?|prev\.?|vert\.?|comp\.?)\)|,?\s+(?:eds?\.|ed\.|ur\.|haz\.|sud\.|der\.))\s*$",
                   re.I)
_CONNECTORS = re.compile(r"\s*(?:&|\band\b|\bve\b|\bi\b|\bir\b|\bund\b|\bet\b(?!\s+al)|\bile\b)\s*")
_INITIALS = re.compile(r"^(?:[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ]\.?[\s\-]*){1,4}$")


def family_key(name: str) -> str:
    """'Kuhn, Thomas S.' -> 'kuhn': a written author's family name, folded, to tell two readings' authors apart."""
    return fold(name.split(",")[0]).strip()


def _is_initials(piece: str) -> bool:
    return bool(_INITIALS.match(piece.strip()))


def _tidy(name: str) -> str:
    name = _ROLE.sub("", name)
    name = re.sub(r"\s+", " ", name).strip(" ,;:")
    if name.endswith(".") and not re.search(r"(?:^|[\s.\-])[^\W\d_]\.$", name):
        name = name[:-1]      # a sentence's full stop, not an initial's
    return name


def normalize_author(name: str) -> str | None:
    name = _tidy(name)
    if not name or not re.search(r"[^\W\d_]{2}", name) or len(name) > 80:
        return None
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        if family.isupper() and len(family) > 2 and not given.replace(".", "").replace(" ", "").isupper():
            family = _title_case(family, given)     # ISO 690's "KATIČIĆ, Radoslav" is Katičić
        elif family.isupper() and len(family) > 3 and re.fullmatch(r"(?:[^\W\d_]\.\s*)+", given or ""):
            family = _title_case(family)        # "ZINKEVIČIUS, Z."
        return f"{family}, {given}" if given else family
    tokens = name.split()
    if len(tokens) == 1:
        return tokens[0]
    initials = re.fullmatch(r"([^\W\d_][\w'’\-]+)\s+((?:[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ]\.\s*){1,3})", name)
    if initials and len(initials.group(1)) > 1 and not initials.group(1)[1:].isupper():
        return f"{initials.group(1)}, {initials.group(2).strip()}"          # "Sutton R. S." (family, then initials)
    if re.fullmatch(r"[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ]{1,3}", tokens[-1].rstrip(".")) and len(tokens) == 2:    # Vancouver: Smith JA
        return f"{tokens[0]}, " + " ".join(f"{c}." for c in tokens[-1].rstrip("."))
    if tokens[0].isupper() and tokens[0].replace("-", "").isalpha() and len(tokens[0]) > 2 \
            and not any(t.isupper() for t in tokens[1:]):
        return f"{tokens[0].title()}, {' '.join(tokens[1:])}"     # ERÜNSAL İsmail
    cut = len(tokens) - 1
    while cut > 1 and tokens[cut - 1].lower() in _PARTICLES:
        cut -= 1
    return f"{' '.join(tokens[cut:])}, {' '.join(tokens[:cut])}"


def _title_case(family: str, given: str = "") -> str:
    """'KATIČIĆ' -> 'Katičić', 'MYKOLAITIS-PUTINAS' -> 'Mykolaitis-Putinas', 'İNALCIK' -> 'İnalcık' (Turkish
    letters in the name: Turkish case, I -> ı and İ -> i)."""
    turkish = bool(re.search("[İŞĞşğı]", family + given))
    def lower(text: str) -> str:
        return text.replace("I", "ı").replace("İ", "i").lower() if turkish else text.lower()
    return "-".join(part[:1] + lower(part[1:]) for part in family.split("-"))


def split_authors(text: str) -> list[str]:
    """'Cormen, T. H., Leiserson, C. E., & Stein, C.' -> ['Cormen, T. H.', 'Leiserson, C. E.', 'Stein, C.']"""
    text = re.sub(r",?\s*\bet al\.?|,?\s*\bve (?:diğerleri|dig\.|ark\.)|,?\s*\bi sur\.?|,?\s*\bi dr\.?(?=\s*$|\s*[,;])|,?\s*\bir kt\.?", "",
                  text or "", flags=re.I)
    text = re.sub(r",?\s*\b(?:Jr|Sr)\b\.?(?=\s*(?:$|[,;&]|\band\b))", "", text)   # 'Nash, John F., Jr.'
    text = re.sub(r"\s*(?:\([^)]*\)|\[[^\]]*\])\s*", lambda m: m.group(0) if _ROLE.search(m.group(0)) else " ",
                  text)
    pieces = [p.strip() for p in re.split(r";", text)] if ";" in text else [text]
    names: list[str] = []
    for piece in pieces:
        names.extend(_pair_up([p.strip() for p in re.split(r",", _CONNECTORS.sub(", ", piece)) if p.strip()]))
    out = []
    for n in names:
        norm = normalize_author(n)
        if norm and norm not in out:
            out.append(norm)
    return out


def _pair_up(parts: list[str]) -> list[str]:
    """Join 'Family' with the 'Given' or initials piece that follows it."""
    names, i = [], 0
    while i < len(parts):
        part = parts[i]
        single = len(part.split()) == 1 or (len(part.split()) == 2 and part.split()[0].lower() in _PARTICLES)
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if single and nxt and (not _is_initials(part) or _capitals_family(part, nxt)) and (
                _is_initials(nxt) or (len(nxt.split()) <= 3 and not _looks_full_name_list(parts, i + 1))):
            names.append(f"{part}, {nxt}")
            i += 2
        else:
            names.append(part)
            i += 1
    return names


def _capitals_family(part: str, nxt: str) -> bool:
    """'FINE' or 'ECO' before 'John V. A.' / 'Umberto': a family name in capitals (ISO 690), not initials."""
    return part.isupper() and "." not in part and len(part) >= 3 \
        and bool(re.match(r"[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ][a-zçğıöşüčćđšžąęėįųū]", nxt))


def _looks_full_name_list(parts: list[str], i: int) -> bool:
    """After 'Kahneman, Daniel' come 'Given Family' names: 'Amos Tversky' is a name, not a given part."""
    nxt = parts[i]
    return len(nxt.split()) >= 2 and not _is_initials(nxt) and not any(t.endswith(".") for t in nxt.split()) \
        and i >= 2
