"""Free-text citations (APA, Chicago, MLA, Harvard, Vancouver and looser ones) to field dictionaries.

Rather than one grammar per style, a citation is peeled in the order every style shares: identifiers,
edition and pages markers, then the authors (before "(year)" or up to the first full stop that closes a
name), the title (quoted, or up to the next sentence stop), and what remains is read as a journal with
volume/issue/pages, an "In: …(Eds.), Book" chapter source, or a "Place: Publisher, Year" imprint.
"""
from __future__ import annotations

import re

from .authors import split_authors
from .fields import YEAR, clean_name, clean_publisher, edition_of, is_thesis, pages_of, source_parts
from .identifiers import find_dois, find_isbn_typos, find_isbns, find_issns
from .textfold import fold
from .vocabulary import CHAPTER_WORDS, EDITOR_MARKS, THESIS_WORDS

_UP = "A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪÁÉÍÓÚÄËÏÖÜÀÈÌÒÙ"
# an apostrophe inside a word ('individual’s') does not close a title quoted with ‘ ’
_QUOTED = re.compile(r"[\"“„«‘]((?:[^\"“”„«»‘’]|(?<=[^\W\d_])’(?=[^\W\d_])){3,300}?)(?:[\"”“»]|’(?![^\W\d_]))")
_EDITION = re.compile(
    r"\(?\b(\d{1,2})\s*(?:st|nd|rd|th|\.|-?(?:asis|asis|as|oji|ji))?\s*(?:rev\.\s*)?"
    r"(?:ed\b\.?|edn\b\.?|edition|bask[ıi]|bs\.|izd\b\.?|izdanje|leid\b\.?|leidimas)\)?"
    r"|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:ed\.|edn\.?|edition)",
    re.I)
_PAGES = re.compile(r"\(?\b(?:pp?|ss?|str|psl|sayfa|pages?)\.?\s*(\d+\s*[-–—]\s*\d+|\d+)\)?", re.I)
_APA = re.compile(rf"^(.{{2,300}}?)\s*[\(\[]\s*((?:1[5-9]|20)\d\d)[a-z]?(?:,[^)\]]*)?\s*[\)\]]\s*[.,:]?\s*(.*)$")
_NAME_START = re.compile(rf"^[{_UP}][\w'’\-]+(?:\s+[{_UP}][\w'’\-]+)?,\s*(?:[{_UP}]\.|[{_UP}][\w'’\-]+)")
_STOP = re.compile(rf"(?<=[^\s])[.?!]\s+(?=[{_UP}0-9\"“„«(\[])")
_CHATTY = re.compile(r"^(?:i\b|i'd|i'm|my\b|please|could|would|can you|dear|hi\b|hello|we\b|thank|"
                     r"molim|trebam|zanima|postovan|mozete|hvala|"
                     r"prasau|noreciau|laba|sveiki|galite|aciu|"
                     r"merhaba|rica|istiyorum|tesekkur|asagidaki|kutuphane|sayin|bu\b|bir\b|lutfen)")


def _take(pattern: re.Pattern, text: str):
    m = pattern.search(text)
    if not m:
        return None, text
    before, after = text[:m.start()], text[m.end():]
    if m.group(0).endswith(".") and re.match(rf"\s+[{_UP}]", after):
        before = before.rstrip(" ,;") + "."     # '…, 3. izd. Addison-Wesley': the edition's stop ends the title
    rest = re.sub(r"\s+([.,;:])", r"\1", before + " " + after)
    return m, re.sub(r"\.\.+", ".", rest).strip()


def _identifiers(text: str, rec: dict) -> str:
    """Record ISBN/ISSN/DOI and cut them and any URL out of the text."""
    serial = re.search(r"([^,.;()]{3,80}?)\s*\(\s*(?:e-?)?ISSN\b", text, re.I)
    if serial:      # 'Lietuvos istorijos studijos (ISSN 1392-0448)': the name an ISSN stands after is a journal's
        rec["_serial"] = serial.group(1).strip()
    for key, finder in (("isbn", find_isbns), ("isbn_as_written", find_isbn_typos), ("issn", find_issns),
                        ("doi", find_dois)):
        found = finder(text)
        if found and not (key == "isbn_as_written" and "isbn" in rec):
            rec[key] = found[0][0]
            for _, (a, b) in sorted((f for f in found), key=lambda f: -f[1][0]):
                text = text[:a] + " " + text[b:]
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"\b(?:isbn|issn|doi|e-?issn)\b\s*[:#]?\s*(?:[\dXx\-\s]{0,4})?(?=[\s.,;]|$)", " ", text, flags=re.I)
    text = re.sub(r"\b(?:retrieved from|available (?:at|from)|accessed)\b.*$|\[online\]", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" ,;")


def _author_block_end(text: str) -> int:
    """Index where a Chicago/MLA/Vancouver author block ends (0 = none)."""
    if not _NAME_START.match(text) and not re.match(rf"^[{_UP}][\w'’\-]+\s+[{_UP}]{{1,3}}[,.]", text):
        return 0
    for m in re.finditer(r"\.\s+", text[:300]):
        before = text[:m.start()].split()[-1] if text[:m.start()].split() else ""
        after = text[m.end():]
        word = before.strip(",;")
        if re.fullmatch(rf"[{_UP}]{{1,3}}|[{_UP}]\.[{_UP}]|(?:[{_UP}]\.-?)+[{_UP}]", word) and re.search(
                rf"(?:\band|&|\bve|\bi|\bir)\s+(?:[{_UP}][\w'’\-]+\s+)?(?:[{_UP}]\.\s*)*[{_UP}]$", text[:m.start()]):
            continue            # "Calabresi, Guido, and A. Douglas Melamed.", "Kernighan, Brian W., and Dennis M.
                                # Ritchie.": the last name goes on after "and A." or "and Dennis M."
        if re.fullmatch(rf"[{_UP}]{{1,3}}|[{_UP}]\.[{_UP}]|(?:[{_UP}]\.-?)+[{_UP}]", word) or word in (
                "Jr", "Sr", "Dr", "St"):
            nxt = re.match(rf"([{_UP}][\w'’\-]*\.?)(\s*[,;.&]|\s+(?:and|ve|i|ir)\b)?", after)
            # more initials or another name follows ("…, T. H. and Jones", "Silić J. Pranjković, I."); not a title's
            # first word followed by "and" ("Sancar A. Structure and function of …")
            # a comma after the next word makes it another family name only when initials follow it ("Pranjković,
            # I."): "Kahneman, D. Thinking, Fast and Slow" has its title after the initials
            if re.match(rf"[{_UP}]\.|[,;&]|and\b|ve\b|ir\b|i\b", after) or (
                    nxt and nxt.group(2) and (nxt.group(2).strip() in (";", "&") or nxt.group(2).strip() == ","
                                              and re.match(rf"\s*[{_UP}]\.", after[nxt.end():]))):
                continue        # more initials or another name follows
            return m.end()
        if word.lower() in ("al", "eds", "ed", "ur", "hrsg", "haz", "sud", "der"):
            return m.end()
        return m.end()
    return 0


# "Marinković, Ranko: Kiklop." / "Silić, J., Pranjković, I.: Gramatika …": names, then a colon, then the title
_NAMES_COLON = re.compile(rf"^((?:[{_UP}][\w'’\-]+,\s+(?:[{_UP}]\.\s*)+|[{_UP}][\w'’\-]+,\s+[{_UP}][\w'’\-]+"
                          rf"(?:\s+[{_UP}]\.)?)(?:\s*(?:[,;&]|\bi\b|\band\b|\bve\b|\bir\b)\s*"
                          rf"(?:[{_UP}][\w'’\-]+,\s+(?:[{_UP}]\.\s*)+|[{_UP}][\w'’\-]+,\s+[{_UP}][\w'’\-]+))*)\s*:\s+"
                          rf"(?=[{_UP}0-9\"“„«])")


# Chicago's footnote form: 'Thomas S. Kuhn, The Structure of Scientific Revolutions, 3rd ed. (Chicago: University of
# Chicago Press, 1996)', 'M. Fuad Köprülü, Osmanlı Devleti'nin Kuruluşu (Ankara: TTK, 1959)': names written given
# name first, a comma, the title, the imprint in parentheses
_GIVEN_FIRST = rf"(?:[{_UP}]\.\s*|[{_UP}][\w\-]+\s+)(?:[{_UP}]\.\s*|[{_UP}][\w\-]+\s+){{0,2}}[{_UP}][\w\-]+(?![\w'’])"
_NOTE_FORM = re.compile(rf"^(?P<n>{_GIVEN_FIRST}(?:\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*{_GIVEN_FIRST})*),?\s+"
                        rf"(?P<r>[\"“„«‘{_UP}0-9][^()]*?(?:\([^(),]*\)[^()]*?)?)\s*\((?P<imp>[^()]*?(?:1[5-9]|20)\d\d)\s*\)"
                        rf"(?P<after>[^()]*)$")


# the same names before a title with no parentheses after it: "George Lakoff and Mark Johnson, Metaphors We Live By.
# University of Chicago Press."
_NAMES_FIRST = re.compile(rf"^(?P<n>{_GIVEN_FIRST}(?:\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*{_GIVEN_FIRST}){{0,3}}),\s+"
                          rf"(?P<r>[\"“„«‘{_UP}0-9].*\S.*)$")


_NAMES_BEFORE_QUOTE = re.compile(rf"^(?P<n>{_GIVEN_FIRST}(?:\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*{_GIVEN_FIRST})*)"
                                 rf",\s*(?=[\"“„«])")


def _note_form(text: str, rec: dict) -> str | None:
    """The rest of a footnote-form reference after its authors (set in `rec`), or None when it is not one."""
    m = _NOTE_FORM.match(text)
    if not m:
        m = _NAMES_FIRST.match(text)
        names = [n for n in re.split(r"\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*", m.group("n")) if n] if m else []
        if not m or not all(_given_first(n) for n in names) or not _STOP.search(m.group("r")):
            return None
        rec["authors"] = m.group("n")
        return m.group("r")
    names = [n for n in re.split(r"\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*", m.group("n")) if n]
    cut = len(m.group("n"))
    if not all(_given_first(n) for n in names):
        # a title's first words taken for one more name ('Peter L. Berger, The Sacred Canopy: …'): the names end
        # where the names the lexicon knows as given-first end
        seps = [s.start() for s in re.finditer(r"\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*", m.group("n"))]
        known = next((k for k in range(len(names) - 1, 0, -1) if all(_given_first(n) for n in names[:k])), 0)
        if not known or len(seps) < known:
            return None
        cut = seps[known - 1]
    rec["authors"] = m.group("n")[:cut]
    imprint = m.group("imp")
    rest = (m.group("n")[cut:].lstrip(" ,") + " " + m.group("r")).strip().rstrip(" ,") if cut < len(m.group("n")) \
        else m.group("r").rstrip(" ,")
    year = YEAR.findall(imprint)[-1]
    if ":" in imprint or not re.fullmatch(r"\s*(?:1[5-9]|20)\d\d\s*", imprint):
        rec["year"] = year
        return f"{rest}. {imprint}"         # a book: the imprint is its place, publisher and year
    return text[m.start("r"):]              # an article: '“Title,” Journal 12, no. 3 (1998): 45–67'


def _given_first(name: str) -> bool:
    from .tagging.lexicon import LEXICON
    first = name.split()[0]
    return bool(re.fullmatch(rf"[{_UP}]\.", first)) or "given" in LEXICON.get(fold(first).strip(".").split("-")[0], ())


def _authors_and_year(text: str, rec: dict) -> str:
    if _QUOTED.match(text):
        return text
    rest = _note_form(text, rec)
    if rest is not None:
        return rest
    m = _NAMES_BEFORE_QUOTE.match(text)
    if m and all(_given_first(n) for n in re.split(r"\s*(?:,|&|\band\b|\bve\b|\bi\b|\bir\b)\s*", m.group("n")) if n):
        rec["authors"] = m.group("n")       # 'Y. LeCun, Y. Bengio & G. Hinton, "Deep learning", Nature, 2015'
        return text[m.end():]
    m = _NAMES_COLON.match(text)
    if m:
        rec["authors"] = m.group(1)
        return text[m.end():]
    m = _APA.match(text)
    if m and not _QUOTED.search(m.group(1)) and len(m.group(1)) < 250:
        rec["year"] = m.group(2)
        rec["authors"] = m.group(1)
        return m.group(3)
    end = _author_block_end(text)
    if not end:
        return _loose(text, rec)
    if end:
        rec["authors"] = text[:end]
        text = text[end:]
        y = re.match(r"^\(?((?:1[5-9]|20)\d\d)[a-z]?\)?[.,]\s*", text)      # Harvard: "Smith, J. 2010. Title"
        if y:
            rec["year"] = y.group(1)
            text = text[y.end():]
    return text


def _loose(text: str, rec: dict) -> str:
    """'Orhan Pamuk, Kar, İletişim Yayınları, 2002': name, title, publisher, year separated by commas."""
    parts = [p.strip() for p in text.split(",")]
    if not _STOP.search(text) and not re.fullmatch(rf"[{_UP}][\w'’\-]+(?:\s+[{_UP}]\.?[\w'’\-]*){{1,3}}", parts[0]) \
            and _title_first_loose(parts):
        rec["authors"] = parts[1]
        return f"{parts[0]}. " + ", ".join(parts[2:])
    if len(parts) < 3 or _STOP.search(text) or not re.fullmatch(
            rf"[{_UP}][\w'’\-]+(?:\s+[{_UP}]\.?[\w'’\-]*){{1,3}}", parts[0]):
        return text
    rec["authors"] = parts[0]
    rest = ", ".join(parts[2:])
    return f"{parts[1]}. {rest}"


def _title_first_loose(parts: list[str]) -> bool:
    """'Sapiens, Yuval Noah Harari, Kolektif Kitap, 2015': the name comes second."""
    return len(parts) >= 3 and bool(re.fullmatch(rf"[{_UP}][\w'’\-]+(?:\s+[{_UP}][\w'’\-]+){{1,2}}", parts[1]))


# Harvard's 'Title', Journal: single quotes only where a comma or full stop follows the closing one (an apostrophe
# inside a title never has one after it)
_SINGLE_QUOTED = re.compile(r"^['‘]((?:[^'‘’]|(?<=[^\W\d_])['’](?=[^\W\d_])){3,300}?)['’](?=[,.]\s)")
# 'Title, Journal of Business Economics and Management 11(2): 243–258': a journal with its numbers after the
# title's last comma, no full stop between
_TITLE_THEN_JOURNAL = re.compile(rf"^(?P<t>.{{3,300}}?),\s+(?P<s>[{_UP}][^,]{{2,120}}?\s*\d+\s*(?:\(\s*\d+[^)]*\)\s*[:,]\s*\d.*"
                                 rf"|\(\s*(?:1[5-9]|20)\d\d\s*\)\s*))$")      # "…, Nature 393 (1998)" too


def _title(text: str, rec: dict) -> str:
    m = _SINGLE_QUOTED.match(text)
    if m:
        rec["title"] = m.group(1)
        return text[m.end():].strip(" .,")
    m = _QUOTED.match(text) or (_QUOTED.search(text) if "authors" not in rec else None)
    if m and m.start() < 3:
        rec["title"] = m.group(1)
        return text[m.end():].strip(" .,")
    stop = _STOP.search(text)
    rec["title"] = text[:stop.start() + (1 if text[stop.start()] in "?!" else 0)] if stop else text
    rest = text[stop.end():] if stop else ""
    m = _TITLE_THEN_JOURNAL.match(rec["title"])
    if m:
        rec["title"] = m.group("t")
        rest = f"{m.group('s')}. {rest}".strip(" .")
    return rest


_EDITED_BY = (r",\s*(?:edited by|ed\.|eds\.|ur\.|uredi[lo]a?|priredi[lo]a?|haz\.|hazırlayan|hazirlayan|ed\.|"
              r"sud\.|sudarė|sudare|red\.|hrsg\. v\.)\s")
_IN = re.compile(r"^(?:In|U|İçinde|Icinde|Knygoje|Iš|in)\s*:?\s+(.*)$")


def _source(text: str, rec: dict) -> None:
    """What follows the title: a chapter's book, a journal's volume/issue/pages, or an imprint."""
    text = text.strip(" .,")
    m = _IN.match(text)
    editors = re.search(EDITOR_MARKS, text, re.I)
    if m and not editors and _journal_source(m.group(1), rec):
        return          # "In: Journal of Documentation, 2005, 61(3), 20-30": a journal, not a book
    if not m and not editors and re.match(r"^[^\d]+?,\s*\(?(?:1[5-9]|20)\d\d\)?\s*[,;]\s*\S", text) \
            and _journal_source(text, rec):
        return          # ISO 690: "Journal of Documentation, 2005, 61(3), 20-30" (the year before the volume)
    if m or editors:
        rec["chapter"] = True
        body = m.group(1) if m else text
        ed = re.search(EDITOR_MARKS + r"\s*,?\s*", body, re.I)
        if ed:
            body = body[ed.end():]
        # Chicago: "In Book, edited by A. Ong, 107–123. City: Publisher, 2005." / "U: Knjiga, ur. I. Perić, 112-140."
        pg = re.search(r",\s*(?:pp?\.\s*|str\.\s*|s\.\s*|p\.\s*)?(\d+\s*[-–—]\s*\d+)\.?(?=\s|$)", body)
        by = re.search(_EDITED_BY, body, re.I)
        if pg and re.fullmatch(r"(?:1[5-9]|20)\d\d\s*[-–—]\s*(?:1[5-9]|20)\d\d", pg.group(1)):
            pg = None       # "Proceedings 2010–2011": years, not pages
        if pg and (not by or by.start() < pg.start()):
            rec.setdefault("pages", pg.group(1))
            rec["container"] = body[:by.start() if by else pg.start()]
            rec["imprint"] = body[pg.end():]
            return
        parts = re.split(r"\s*\(pp?\.|\.\s+(?=[" + _UP + r"])|,\s*pp?\.", body, maxsplit=1)
        rec["container"] = parts[0]
        rec["imprint"] = parts[1] if len(parts) > 1 else ""
        return
    # Vancouver with a title that opens with a quoted phrase: '"Mini-mental state". A practical method for grading
    # … for the clinician. J Psychiatr Res. 1975;12(3):189-98.', 'Assessment of coma and impaired consciousness. A
    # practical scale. Lancet. 1974;2(7872):81-4.' — the sentence before the journal is the title's
    more = re.match(r"^(?P<more>[^;]{8,200}?)\.\s+(?=[^\d.;]+\.\s*(?:1[5-9]|20)\d\d[^;]*;\s*\d)", text)
    if more and rec.get("title") and len(more.group("more").split()) >= 3 and sum(
            w[:1].islower() and w not in ("of", "and", "the", "in", "for", "on") for w in more.group("more").split()) >= 2:
        rec["title"] = f"{rec['title'].rstrip('.')}. {more.group('more')}"
        text = text[more.end():]
    patterns = [
        r"^(?P<c>[^\d]+?)[,.]?\s+(?:vol\.?\s*)?(?P<v>\d+)\s*(?:\((?P<i>[^)]+)\))?\s*[,:]\s*(?:pp?\.\s*)?(?P<p>e?\d+(?:\s*[-–—]\s*\d+)?)",
        r"^(?P<c>[^\d]+?)\s+(?P<v>\d+)\s*(?:,\s*no\.\s*(?P<i>[\w\-/]+))?\s*\([^)]*\)\s*(?::\s*(?P<p>[\d\s\-–—]+))?",
        r"^(?P<c>[^\d]+?),\s*(?:vol|cilt|t|god|sv)\b\.?\s*(?P<v>\d[\w\-]*|[IVXLC]+\b)(?:,\s*(?:no|nr|sayı|sayi|br|issue)\b\.?\s*(?P<i>[\w\-/]+))?",
        r"^(?P<c>[^\d.;]+)\.\s*(?:(?:1[5-9]|20)\d\d)[^;]*;\s*(?P<v>\d+)(?:\((?P<i>[^)]+)\))?(?:\s*:\s*(?P<p>e?[\d\-–—]+))?",
    ]
    for pattern in patterns:
        m = re.match(pattern, text, re.I)
        if m and re.fullmatch(r"(?:1[5-9]|20)\d\d", m.group("v") or "") and not m.groupdict().get("p") \
                and not m.groupdict().get("i"):
            continue    # '…, Kültür Bakanlığı Yayınları, 1990 (2 cilt)': a year and an imprint, not a volume
        if m and len(m.group("c")) < 150:
            rec.update({k: v for k, v in m.groupdict().items() if v})
            rec["container"] = rec.pop("c")
            rec["volume"] = rec.pop("v", None)
            rec["issue"] = rec.pop("i", None)
            if rec["issue"] and re.fullmatch(r"\s*(?:1[5-9]|20)\d\d\s*", rec["issue"]):
                rec.setdefault("year", rec["issue"].strip())      # "… 3 (1960): 1–44": the year, not an issue
                rec["issue"] = None
            if rec.get("p"):
                rec["pages"] = rec.pop("p")
            return
    if not _journal_source(text, rec):
        rec["imprint"] = text


def _journal_source(text: str, rec: dict) -> bool:
    """'Information and Control, 1965, vol. 8, no. 3, p. 338-353': a journal with its numbers; taken into `rec`."""
    parts = source_parts(re.sub(r"^(?i:source|izvor|kaynak|šaltinis|saltinis|published in|objavljeno u)\s*:\s*", "",
                                text))
    if parts.keys() & {"volume", "issue"} and len(parts["container"]) < 150 and not re.search(
            r"(?i)\b(?:press|publish|verlag|yay[ıi]n|naklad|leidykl|izdava)", parts["container"]):
        rec.update({k: v for k, v in parts.items() if k != "year" or "year" not in rec})
        return True
    return False


_JOURNAL_LINE = re.compile(rf"^[{_UP}][^.,:;]{{1,80}}?,\s*(?:(?:1[5-9]|20)\d\d,\s*)?(?:vol|cilt|god|sv|t|tom|tomas|no|nr|br|"
                           r"say[ıi]|issue)\b\.?\s*\d", re.I)


_VOLUME_WITH_TITLE = re.compile(r"\s*[,.]\s*(?:vol(?:ume)?|t|tom(?:as|e)?|knj(?:iga)?|sv(?:ezak)?|cilt|bd)\.?\s*"
                                r"(\d{1,3}|[IVX]{1,5})\s*:\s*(?=[A-ZÇĞİÖŞÜČĆĐŠŽĄĘĖĮŲŪ])", re.I)


_BLUEBOOK = re.compile(r",\s+(\d{1,4})\s+([A-Z][A-Za-z.&' ]{1,60}?\.?)\s+(\d{1,5})(?:,\s*\d+(?:\s*[-–]\s*\d+)?)?\s*"
                       r"\((?:[^()]*?\s)?((?:1[5-9]|20)\d\d)\)\.?\s*$")


def parse_citation(text: str) -> dict:
    """Fields of one citation, as strings (normalised later by the caller)."""
    rec: dict = {}
    text = re.sub(r"^[\s>*•·\-–]*(?:\(?\d{1,3}[.)]\s+|\[\d{1,3}\]\s*)?", "", text).strip()
    text = _identifiers(text, rec)
    text = re.sub(r"\(\s*\)", "", re.sub(r"(?:,\s*){2,}", ", ", text))      # what the identifiers left behind
    text = text.lstrip(" —–-:,;")        # "https://doi.org/10.1038/30918 — Duncan J. Watts & …"
    wrapped = re.fullmatch(r"\((.{20,})\)\.?", text)
    if wrapped and "(" not in wrapped.group(1):
        text = wrapped.group(1)         # "doi:10.1038/… (Y. LeCun, …, \"Deep learning\", Nature, 2015)"
    if _JOURNAL_LINE.match(text):
        # "Psychological Review, ISSN 0033-295X, vol. 63, br. 2, str. 81–97" on a line of its own: the journal
        # of the reference above it (joining.journal_lines_to_previous)
        rec.update(source_parts(text))
        rec["thesis"] = False
        return rec
    # "(trans. W. Baskin)", "(çev. Ruşen Sezer)": the translator, not part of the title
    text = re.sub(r"\s*[\(\[](?:trans|transl|tr|translated by|çev|cev|çeviren|prev|preveo|prevela|vert|vertė)\b\.?[^)\]]*[\)\]]",
                  "", text, flags=re.I)
    bluebook = _BLUEBOOK.search(text)
    if bluebook:        # 'Title, 85 Harv. L. Rev. 1089 (1972)': the law reviews' volume, journal, first page, year
        rec.update(volume=bluebook.group(1), container=bluebook.group(2).strip(), pages=bluebook.group(3),
                   year=bluebook.group(4))
        text = text[:bluebook.start()]
        # the authors, given name first, end at the first comma after the last '&' ('Guido Calabresi & A. Douglas
        # Melamed, Property Rules, …'; three or more: 'A, B & C, Title')
        shape = rf"(?:[{_UP}]\.\s*|[{_UP}][\w'’\-]+\s+){{1,3}}[{_UP}][\w'’\-]+"
        parts = text.split(", ")
        last = next((k for k, part in enumerate(parts[:-1]) if re.search(r" & | and ", part)), 0)
        names = ", ".join(parts[:last + 1])
        if len(parts) > last + 1 and all(re.fullmatch(shape, n) for n in re.split(r"\s*(?:,|&|\band\b)\s*", names)
                                         if n):
            rec.update(authors=names, title=", ".join(parts[last + 1:]).strip(), thesis=False)
            return rec      # 'Ronald H. Coase, The Problem of Social Cost, 3 J.L. & Econ. 1 (1960)'

    folded = fold(text)
    rec["thesis"] = is_thesis(folded)
    m, text = _take(_EDITION, text)
    if m:
        rec["edition"] = m.group(1) or m.group(2)
    text = re.sub(r"\[[^\]]*\]", lambda b: " " if re.search("|".join(THESIS_WORDS), fold(b.group(0))) else b.group(0),
                  text)
    text = _authors_and_year(text, rec)
    m, text = _take(_PAGES, text)
    if m:
        rec["pages"] = m.group(1)
    # 'Lietuvos istorija. T. 1: Nuo seniausių laikų …', 'The Art of Computer Programming, Vol. 1: Fundamental
    # Algorithms, …': the volume's own title after a colon is the work's subtitle, and the number its volume
    vol = _VOLUME_WITH_TITLE.search(text)
    if vol:
        rec["volume"] = vol.group(1)
        text = text[:vol.start()] + ": " + text[vol.end():]
    text = _title(text.strip(), rec)
    _source(text, rec)
    if "year" not in rec:
        years = YEAR.findall(" ".join(str(v) for k, v in rec.items() if k in ("imprint", "container", "issue"))
                             + " " + text)
        if years:
            rec["year"] = years[-1]
    if any(re.search(w, fold(rec.get("title", ""))) for w in CHAPTER_WORDS) and rec.get("container"):
        rec["chapter"] = True
    return rec


def build_fields(rec: dict) -> dict:
    """Turn a parsed citation into Work keyword arguments."""
    container = clean_name(YEAR.sub("", rec["container"]).strip(" ,.()")) if rec.get("container") else None
    imprint = rec.get("imprint") or ""
    publisher = clean_publisher(re.sub(r"\(.*?\)", "", imprint)) if imprint and not container else None
    if rec.get("chapter") and imprint:
        publisher = clean_publisher(imprint)
    if publisher and (len(publisher) > 80 or not re.search(r"[^\W\d_]{2}", publisher)):
        publisher = None
    if publisher and rec.get("doi") and not rec.get("isbn") and not container and "/978" not in rec["doi"] \
            and not rec.get("chapter") and not re.search(r"(?i)\b(?:press|publish|verlag|books|yay[ıi]n|naklad|"
                                                         r"leidykl|izdava|universit|editions|media)", publisher) \
            and ":" not in imprint and len(publisher.split()) <= 4:
        container, publisher = publisher, None      # '(…, "Deep learning", Nature, 2015)' with its DOI: a journal
    title = clean_name(re.sub(r"\s*\(\s*\)\s*", " ", rec.get("title", "")))
    if title and len(title) > 300:
        title = title[:300]
    serial = rec.get("_serial")
    if serial and title and not container and fold(title).startswith(fold(serial)) and rec.get("issn"):
        # 'Titas Krutulys, Lietuvos istorijos studijos (ISSN …), t. 45': the journal alone names the article
        container, title = clean_name(serial), None
        if rec.get("issue") and re.fullmatch(r"(?:1[5-9]|20)\d\d", rec["issue"]):
            rec["year"], rec["issue"] = rec.get("year") or rec["issue"], None
    authors = split_authors(rec.get("authors", ""))
    if title and authors and re.fullmatch(rf"[{_UP}][\w'’\-]+\s+[{_UP}]{{1,3}}", title) \
            and re.search(rf"\s[{_UP}]{{1,3}}$", rec.get("authors", "").strip()):
        authors, title = authors + split_authors(title), None     # '(Bland JM, Altman DG, The Lancet, 1986)'

    kind = "thesis" if rec.get("thesis") else "chapter" if rec.get("chapter") else \
        "article" if container or rec.get("issn") or rec.get("doi") and not rec.get("isbn") and not publisher else \
        "book" if title or rec.get("isbn") else "other"
    return {"type": kind, "title": title, "authors": authors,
            "year": int(rec["year"]) if rec.get("year") else None, "publisher": publisher,
            "isbn": rec.get("isbn"), "isbn_as_written": rec.get("isbn_as_written"), "issn": rec.get("issn"), "doi": rec.get("doi"), "container": container,
            "volume": rec.get("volume"), "issue": rec.get("issue"), "pages": pages_of(rec.get("pages")),
            "edition": edition_of(rec.get("edition"))}


def citation_score(text: str) -> int:
    """How much a line looks like a reference rather than a sentence of the letter."""
    body = re.sub(r"^[\s>*•·\-–]*(?:\(?\d{1,3}[.)]\s+|\[\d{1,3}\]\s*)?", "", text)
    score = 0
    if find_isbns(body) or find_dois(body) or find_issns(body):
        score += 2
    if YEAR.search(body):
        score += 1
    if _APA.match(body) and len(_APA.match(body).group(1)) < 200:
        score += 1
    if _NAME_START.match(body) or re.match(rf"^[{_UP}][\w'’\-]+ [{_UP}]{{1,3}}[.,]", body):
        score += 1      # "Kuhn, T. S." / Vancouver's "Engel GL."
    if re.search(r"(?:1[5-9]|20)\d\d\s*;\s*\d+\s*(?:\(\s*\d+[^)]*\))?\s*:\s*\d+", body):
        score += 1      # Vancouver's "1977;196(4286):129-36"
    if re.search(rf"[{_UP}][\w.]+(?:,\s*[A-Z]{{2}})?:\s*[{_UP}][^,:]{{1,60}},\s*(?:1[5-9]|20)\d\d", body):
        score += 1      # "Zagreb: Fraktura, 2002" imprint
    elif body.count(",") >= 2 and re.search(r",\s*(?:1[5-9]|20)\d\d\.?\s*$", body):
        score += 1      # "Title, Author, Publisher, 2015"
    if _QUOTED.search(body):
        score += 1
    if _BLUEBOOK.search(body):
        score += 2      # '…, 85 Harv. L. Rev. 1089 (1972)'
    if re.search(r"\b(?:pp?\.|vol\.|no\.|eds?\.|In:|\(eds?\.\)|[Pp]ress|Yay[ıi]n|[Nn]aklad|[Ll]eidykla|"
                 r"[Uu]niversity|Üniversitesi|[Ss]veučilište|[Uu]niversitetas|izd\.|bask[ıi])|\d+\(\d+\)|:\s*\d+\s*[-–]\s*\d+",
                 body):
        score += 1
    if _CHATTY.match(fold(body)):
        score -= 3
    return score


def is_chatty(text: str) -> bool:
    """The text opens like a sentence of the letter ('Please get me …', 'Molim …', 'Merhaba …')."""
    return bool(_CHATTY.match(fold(text.strip())))
