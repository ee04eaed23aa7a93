"""Putting single bibliographic values in the contract's form (year, pages, edition, volume, names)."""
from __future__ import annotations

import re

from .textfold import fold
from .vocabulary import ORDINAL_WORDS, PUBLISHER_WORDS, THESIS_WORDS

_THESIS = re.compile("|".join(THESIS_WORDS))

YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"


def year_of(text: str | None) -> int | None:
    m = YEAR.search(text or "")
    return int(m.group(1)) if m else None


def pages_of(text: str | None) -> str | None:
    """'pp. 211–243', 's. 12-34', 'str. 5', '345-52', '112-9' -> '211-243', '12-34', '5', '345-352', '112-119'."""
    if not text:
        return None
    article_number = re.fullmatch(r"\s*(?:pp?\.?\s*)?(e\d{3,8})\s*\.?\s*", text, re.I)
    if article_number:          # 'PLoS Med. 2009;6(7):e1000097': an electronic article's number is its page
        return article_number.group(1).lower()
    m = re.search(rf"(\d+)\s*(?:[{_DASH}]+|\b(?:to|do|iki|ile)\b|…|\.\.)\s*(\d+)|(\d+)", text)
    if not m:
        return None
    return f"{m.group(1)}-{full_last_page(m.group(1), m.group(2))}" if m.group(1) else m.group(3)


def full_last_page(first: str, last: str) -> str:
    """Vancouver and Chicago abbreviate a range's end ('345-52'); the contract writes it out ('345-352').

    The missing leading digits are the first page's; a shorter end that would then still come before the first
    page is not an abbreviation we can read, and is left as written.
    """
    if len(last) >= len(first):
        return last
    full = first[:len(first) - len(last)] + last
    return full if int(full) >= int(first) else last


def edition_of(text: str | None) -> str | None:
    """'3rd ed.' -> '3', '2. baskı' -> '2', '3-asis leidimas' -> '3', 'second edition' -> '2'."""
    if not text:
        return None
    m = re.search(r"(\d{1,2})", text)
    if m:
        return str(int(m.group(1)))
    for word in re.findall(r"[a-z]+", fold(text)):
        if word in ORDINAL_WORDS:
            return ORDINAL_WORDS[word]
    return None


def number_of(text: str | None) -> str | None:
    """Volume or issue as a string: 'Vol. 56' -> '56', 'no. 3-4' -> '3-4', 'Cilt: XII' -> 'XII'."""
    if not text:
        return None
    text = re.sub(r"^\s*(?:vol(?:ume)?|no|nr|num(?:ber)?|br(?:oj)?|cilt|sayi|sayı|t|tomas|issue|svezak|god)\.?\s*",
                  "", text.strip(), flags=re.I)
    m = re.match(rf"\s*([0-9]+(?:\s*[{_DASH}/]\s*[0-9]+)?|[IVXLC]+\b|[0-9A-Za-z]+)", text)
    if not m:
        return None
    return re.sub(rf"\s*[{_DASH}]\s*", "-", m.group(1)).replace(" ", "")


def clean_name(text: str | None) -> str | None:
    """Trim a title, container or similar value of wrapping quotes and trailing punctuation."""
    if not text:
        return None
    # "(Doktora tezi)", "[magistro darbas]": the type, said in the title's place
    text = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]\s*$", lambda m: "" if _THESIS.search(fold(m.group(0))) else m.group(0), text)
    text = " ".join(text.split()).replace(" : ", ": ")       # ISBD's "Title : subtitle"
    text = text.strip(" \t,;:.-–—*_|")
    # ') and Osmanlı Ekonomisi …': the end of the bracket before it and the word joining it to the work before
    text = re.sub(r"^[)\]]\s*(?:(?:and|ve|i|ir|&)\s+)?", "", text)
    if len(text) >= 2 and text[0] in "\"'“„«‘*_" and text[-1] in "\"'”“»’*_":
        text = text[1:-1].strip()
    text = text.strip(" \t,;:-–—")
    return text or None


def clean_publisher(text: str | None) -> str | None:
    """'Cambridge, MA: MIT Press, 2015.' -> 'MIT Press'; 'İstanbul: Timaş' -> 'Timaş'."""
    if not text:
        return None
    text = YEAR.sub("", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    # "Translated by Willard R. Trask, Princeton UP": the translator or editor before the publisher
    text = re.sub(r"(?i)^\s*(?:translated|trans\.|edited|ed\.|introduced|çev\.|prev\.|ur\.|vertė)\s+(?:by\s+)?[^,:]+,\s*",
                  "", text)
    if ":" in text:
        # "Zagreb : HAZU : Globus": the place, then the publishers; the first named is the publisher
        text = [p for p in text.split(":")[1:] if p.strip(" ,.;")][:1][0] if text.split(":", 1)[1].strip(" ,.;") \
            else text.split(":")[0]
    text = clean_name(text)
    if text and "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        known = [p for p in parts if any(w in fold(p) for w in PUBLISHER_WORDS)]
        text = known[0] if known else text
    return clean_name(text)


_VOLUME_IN_TITLE = re.compile(r"\s*[,.;:]\s*(?:knj(?:iga)?|sv(?:ezak)?|vol(?:ume)?|t|tom(?:as|e)?|cilt|c|bd|band|"
                              r"kn)\.?\s*(\d{1,3}|[IVX]{1,5})\b.*$", re.I)


def volume_in_title(title: str | None) -> tuple[str | None, str | None]:
    """'Etimologijski rječnik …, knj. 1' / 'Lietuvos istorija. T. 1, Nuo seniausių laikų …' -> the title and the
    volume ('1'): a catalogue writes the volume after the work's title, and what follows it names the volume."""
    if not title:
        return title, None
    m = _VOLUME_IN_TITLE.search(title)
    if not m or m.start() < 3:
        return title, None
    # 'Lietuvos istorija. T. 1: Nuo seniausių laikų …', 'The Art of Computer Programming, Vol. 1: Fundamental
    # Algorithms': after a colon, the volume's own title is the work's subtitle (after a comma, a note of it)
    own = re.match(r"\s*:\s*(\S.*)$", title[m.end(1):])
    if own:
        return f"{title[:m.start()]}: {own.group(1)}", m.group(1)
    return title[:m.start()], m.group(1)


_VOLUME_IN = re.compile(r"(?i)\b(?:vol(?:ume)?|cilt|c|god(?:i[sš]te)?|sv(?:ezak)?|t|tom(?:as)?|bd|band)\.?\s*(\d+)")
_ISSUE_IN = re.compile(r"(?i)\b(?:no|nr|br(?:oj)?|say[ıi]|issue|iss|numeris|num)\.?\s*(\d+(?:\s*[-/–]\s*\d+)?)")
_PAGES_IN = re.compile(r"(?i)\b(?:pp?|ss?|str|psl|pages?|sayfa)\.?\s*(\d+(?:\s*[-–—]\s*\d+)?)"
                       r"|:\s*(\d+(?:\s*[-–—]\s*\d+)?)\s*\.?\s*$|,\s*(\d+\s*[-–—]\s*\d+)\s*\.?\s*$"
                       r"|[,:]\s*(e\d{3,8})\b")
_BARE_VOLUME = re.compile(r"(?<![\d\w])(\d{1,4})\s*\(\s*(\d+(?:\s*[-/–]\s*\d+)?)\s*\)")


_VOLUME_YEAR_ISSUE = re.compile(r"\s(\d{1,4})\s*\(((?:1[5-9]|20)\d\d)\)\s*,\s*(\d{1,4})\b"
                                r"(?:\s*[;:,]\s*(\d+\s*[-–]\s*\d+))?")


def source_parts(value: str) -> dict[str, str]:
    """'Nature, 1998, Vol.393 (6684), p.440-442' (a catalogue's 'Is Part Of', a journal line) -> the journal's
    name and its year, volume, issue and pages; the name alone when nothing follows it."""
    out: dict[str, str] = {}
    issn = re.search(r"\(\s*(?:ISSN\s*)?(\d{4}-\d{3}[\dXx])\s*\)", value)
    if issn:            # 'Croatian Medical Journal (0353-9504) 40 (1999), 4; 508-514', as CROSBI writes it
        out["issn"] = issn.group(1)
        value = (value[:issn.start()] + value[issn.end():]).replace("  ", " ")
    mla = re.match(r"^(.+?)[,.]?\s+(\d+)\.(\d+)\s*\(\s*((?:1[5-9]|20)\d\d)\s*\)\s*"
                   r"(?::\s*(\d+\s*[-–—]\s*\d+|\d+))?\W*$", value)
    if mla:             # MLA: 'The quarterly journal of economics 70.1 (1956): 65-94'
        out.update(container=mla.group(1), volume=mla.group(2), issue=mla.group(3), year=mla.group(4))
        if mla.group(5):
            out["pages"] = mla.group(5)
        return out
    crosbi = _VOLUME_YEAR_ISSUE.search(value)
    if crosbi:
        out.update(container=value[:crosbi.start()].strip(" ,."), volume=crosbi.group(1), year=crosbi.group(2),
                   issue=crosbi.group(3))
        if crosbi.group(4):
            out["pages"] = crosbi.group(4)
        return out
    cut = re.search(r"[,.;]?\s*(?:\(?(?:1[5-9]|20)\d\d\b|\b(?:vol|cilt|god|sv|t|tom|tomas|no|nr|br|say[ıi]|iss|"
                    r"issue|pp?|ss?|str|psl)\b\.?\s*\d|\d+\s*\(|\d+\s*[:,]\s*\d)", value, re.I)
    out["container"] = value[:cut.start()] if cut else value
    rest = value[cut.start():] if cut else ""
    if not rest:
        return out
    year = YEAR.search(rest)
    if year:
        out["year"] = year.group(0)
    bare = _BARE_VOLUME.search(rest)
    vol = _VOLUME_IN.search(rest)
    iss = _ISSUE_IN.search(rest)
    if vol or bare:
        out["volume"] = vol.group(1) if vol else bare.group(1)
    if iss or bare:
        out["issue"] = iss.group(1) if iss else bare.group(2)
    pg = _PAGES_IN.search(rest)
    if pg:
        out["pages"] = pg.group(1) or pg.group(2) or pg.group(3) or pg.group(4)
    return out


# "for my thesis", "za diplomski rad", "magistro darbui", "tezim için": the patron's own thesis, not the work's type
_OWN_THESIS = re.compile(r"(?:\bmy|\bour|\bfor|\bmoj\w*|\bmog\w*|\bsvoj\w*|\bza|\bmano|\bsavo|\bbenim|\bdel)\s+"
                         r"(?:[\w'’\-]+\s+){0,2}$")


def is_thesis(folded: str) -> bool:
    """The text calls the work a thesis ('PhD thesis', 'doktorska disertacija', 'yüksek lisans tezi'), not the
    patron's own ('for my thesis', 'za diplomski rad', 'tezim için')."""
    for m in _THESIS.finditer(folded):
        if _OWN_THESIS.search(folded[max(0, m.start() - 40):m.start()]) or folded[m.end():m.end() + 1] == "m" \
                or re.match(r"\s+(?:candidate|student|researcher|programme|program|advisor|adviser|supervisor|"
                            r"danisman|mentor|vadov|committee|komisij|(?:icin|konum|yaziyorum|hazirliyorum)\b)",
                            folded[m.end():]):
            continue
        return True
    return False
