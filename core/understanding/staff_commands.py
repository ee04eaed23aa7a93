"""What a staff member's reply asks for: an event of a borrowing or lending request and its data (contracts §5).

The reply's first line decides. The canonical English form always works (`locate Ankara Üniversitesi`,
`locate foreign British Library`, `arrive 2027-01-15`, `renewal_granted 2027-02-01`, `reject <reason>`, …), and
so do the ways staff naturally write in Turkish, Croatian, Lithuanian and English ("Bulundu: Ankara
Üniversitesi", "Talep KİTS üzerinden gönderildi", "Stiglo, rok vraćanja 15. 1. 2027.", "Atkeliavo, grąžinti iki
2027-01-15", "It arrived, due back 15 January 2027"). Turkish puts the verb last, so a phrase may stand anywhere
in the line; where two phrases match, the longer wins ("uzatma reddedildi" is a refused extension, not a
rejection). The phrase tells the language the staff member wrote in (None for the canonical form).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import find_date
from .textfold import fold

ILL_EVENTS = ("locate", "send", "approve", "reject", "ship", "arrive", "checkout", "request_renewal",
              "renewal_granted", "renewal_refused", "return", "ship_back", "close", "cancel", "correct_due")
LEND_EVENTS = ("approve", "reject", "ship", "request_renewal", "return", "close")
DATE_EVENTS = {"ill": ("arrive", "renewal_granted", "correct_due"), "lend": ("ship", "request_renewal")}
REASON_EVENTS = ("reject", "cancel", "renewal_refused")

# (event, language, folded pattern) for borrowing requests; lending requests have their own table below.
ILL_PHRASES: list[tuple[str, str, str]] = [
    # English
    ("locate", "en", r"(?:located(?: at)?|found (?:it )?(?:at|in)|found(?: it)? (?:abroad|domestically)|found(?=\s*:)|"
                     r"lender is|lending library is)"),
    ("send", "en", r"(?:(?:request )?sent(?: to)?|ordered from|requested from|placed with)"),
    ("approve", "en", r"(?:(?:the )?lender (?:approved|accepted|agreed)|approved by the lender|approved|"
                      r"(?:got|received) (?:the |their )?approval|approval (?:came|received|arrived|granted))"),
    ("reject", "en", r"(?:rejected|declined|not available)"),
    ("ship", "en", r"(?:(?:the )?lender (?:shipped|sent|posted) it|shipped|dispatched|on (?:its|the) way)"),
    ("arrive", "en", r"(?:(?:it )?(?:has )?arrived|came in)"),
    ("checkout", "en", r"(?:lent to the patron|issued to the patron|checked out|picked up|collected)"),
    # "we asked the Staatsbibliothek for an extension": the lender's name may stand between
    ("request_renewal", "en", r"(?:(?:asked|requested) (?:[\w'.-]+ ){0,4}?(?:for )?(?:an? )?(?:renewal|extension)|"
                              r"(?:renewal|extension) (?:requested|asked)|"
                              r"asked (?:[\w'.-]+ ){1,4}?(?:to extend|for more time))"),
    ("renewal_granted", "en", r"(?:(?:renewal|extension) granted|extended(?: until| to| till)?)"),
    ("renewal_refused", "en", r"(?:(?:renewal|extension) (?:refused|declined|denied)|not extended|no extension|"
                              r"(?:did not|didn'?t|would not|won'?t|refused to|declined to) (?:extend|renew))"),
    ("return", "en", r"(?:returned(?: by the patron)?|brought back)"),
    ("ship_back", "en", r"(?:(?:shipped|sent|posted|mailed|couriered) (?:it |them |the (?:book|item|volume) )?back|"
                        r"returned (?:it |the (?:book|item|volume) )?to the (?:lender|lending library))"),
    # "Berlin confirmed receipt, we can close it": the lender has it back, nothing more to do
    ("close", "en", r"(?:closed|(?:we )?(?:can|may|could) close(?: it| the request)?|close the request|"
                    r"confirmed (?:the )?receipt|(?:lender|lending library|they) (?:has|have|got) it back)"),
    ("cancel", "en", r"(?:cancell?ed|withdrawn)"),
    ("correct_due", "en", r"(?:(?:lender'?s )?due date (?:corrected|was wrong|is wrong)(?: to| it is)?|"
                          r"correct(?:ed)? (?:the )?(?:lender'?s )?due date(?: to)?|"
                          r"(?:wrote|gave|entered|typed|put) (?:the )?(?:lender'?s )?due date wrong(?:ly)?|"
                          r"wrong (?:lender'?s )?due date)"),
    # Turkish (folded: ı→i, ş→s, ğ→g, ü→u, ö→o, ç→c)
    ("locate", "tr", r"(?:bulundu)"),
    ("send", "tr", r"(?:gonderildi|gonderdi(?:m|k)|talep edildi|istendi|kits'?e (?:girildi|islendi)|"
                   r"kits'?(?:ten|den|ten talep) (?:gonderdi\w*|istedi\w*))"),
    ("approve", "tr", r"(?:onaylandi|onayladi|onayla|kabul edildi|kabul etti|onay (?:geldi|verildi|verdi))"),
    ("reject", "tr", r"(?:reddedildi|reddetti|reddet|red|ret|temin edilemedi)"),
    ("ship", "tr", r"(?:kargoya verildi|kargolandi|kargoda|yola cikti|postalandi)"),
    ("arrive", "tr", r"(?:geldi|ulasti|teslim alindi)"),
    ("checkout", "tr", r"(?:odunc verildi|okuyucuya (?:verildi|verdim|teslim edildi|teslim ettim)|teslim edildi)"),
    # "Staatsbibliothek'ten süre uzatımı istedik": the lender in the ablative stands before, and is no locate
    ("request_renewal", "tr", r"(?:(?:sure )?uzat(?:ma|imi) (?:talebi(?:ni)? )?(?:istendi|talep edildi|"
                              r"(?:istedi|talep etti|rica etti|ilettik|gonderdi|yaptik)(?:m|k)?))"),
    ("renewal_granted", "tr", r"(?:uzatildi|uzatma onaylandi|sure uzatildi|uzatti(?:lar)?|sureyi uzatti)"),
    ("renewal_refused", "tr", r"(?:uzatma reddedildi|uzatilmadi|uzatma kabul edilmedi|uzatma(?:yi)? kabul etmedi|"
                              r"uzatmadi(?:lar)?|uzatmayi reddetti)"),
    ("return", "tr", r"(?:iade edildi|iade etti|geri getirdi|geri getirildi)"),
    ("ship_back", "tr", r"(?:(?:geri|iade) (?:gonderildi|yollandi|kargolandi|(?:gonderdi|yolladi|kargoladi)(?:m|k)?)|"
                        r"geri kargoya (?:verildi|verdi(?:m|k)?))"),
    # "Berlin kitabın ulaştığını bildirdi, talebi kapatabiliriz": the lender has it back
    ("close", "tr", r"(?:kapatildi|kapandi|(?:talebi |talep )?(?:kapatabiliriz|kapatilabilir|"
                    r"kapat(?:ti|iyoru)(?:m|z|k)|kapatalim|kapatin(?:iz)?)|"
                    r"(?:ulastigini|teslim aldigini|geri aldigini) (?:bildirdi\w*|teyit etti\w*|dogruladi\w*))"),
    ("cancel", "tr", r"(?:iptal edildi|iptal)"),
    ("correct_due", "tr", r"(?:(?:iade )?tarihi(?:ni)? duzelt\w*|tarih duzeltildi|"
                          r"(?:iade )?tarih(?:i|ini)? (?:yanlis|hatali)\w*|yanlis (?:iade )?tarih\w*)"),
    # Croatian (folded: č/ć→c, š→s, ž→z, đ→d)
    ("locate", "hr", r"(?:pronaden[oa]?|naden[oa]?)"),
    ("send", "hr", r"(?:poslano|poslan zahtjev|zahtjev (?:je )?poslan|naruceno|naruceni?|upuceno)"),
    ("approve", "hr", r"(?:odobreno|odobrio|odobrila|odobri|prihvaceno|odobrenje (?:je )?stiglo)"),
    ("reject", "hr", r"(?:odbijeno|odbijen|odbio|odbila|odbij)"),
    ("ship", "hr", r"(?:otpremljen[oa]?|na putu|poslali su)"),
    ("arrive", "hr", r"(?:stiglo|stigla|stigao|stigle|zaprimljeno|primljeno)"),
    ("checkout", "hr", r"(?:posudeno korisniku|posudeno|zaduzen[oa]?|izdano|preuzeo|preuzela)"),
    ("request_renewal", "hr", r"(?:zatrazeno produljenje|zatrazili smo (?:\w+ ){0,4}?produljenje|"
                              r"trazimo produljenje|poslali smo zahtjev za produljenje|"
                              r"zamolil[ia] (?:smo |sam )?(?:\w+ ){0,4}?za produljenje)"),
    ("renewal_granted", "hr", r"(?:produljenje odobreno|produljeno|produzeno|produlji(?:la|o|li)|produzi(?:la|o|li))"),
    ("renewal_refused", "hr", r"(?:produljenje odbijeno|nije produljeno|bez produljenja|"
                              r"(?:nije|nisu) (?:produlji|produzi)\w*|odbil[aio] (?:su |je )?produljenje)"),
    ("return", "hr", r"(?:vraceno|vratio|vratila)"),
    ("ship_back", "hr", r"(?:vraceno (?:knjiznici|davatelju|posuditelju)|poslano natrag|vraceno postom|"
                        r"(?:poslali|vratili)(?: smo)? (?:\w+ ){0,3}?(?:natrag|nazad|knjiznici davateljici|davatelju|"
                        r"posuditelju)|(?:poslao|poslala) (?:sam )?(?:\w+ ){0,3}?(?:natrag|nazad)|"
                        r"(?:vratio|vratila) sam (?:\w+ ){0,3}?(?:knjiznici davateljici|davatelju|posuditelju))"),
    ("close", "hr", r"(?:zatvoreno|zakljuceno|(?:mozemo|moze se|mozete) zatvoriti|zatvaramo|zatvorite|"
                    r"potvrdil[aio] (?:je |su )?primitak|primitak (?:je )?potvrden)"),
    ("cancel", "hr", r"(?:otkazano|ponisteno)"),
    ("correct_due", "hr", r"(?:ispravak roka|rok (?:je )?ispravljen|ispravljen rok|ispravi(?:ti)? rok|"
                          r"(?:krivo|pogresno) (?:sam |smo )?(?:upisa|napisa|unije|unio)\w* (?:\w+ )??(?:rok|datum)\w*|"
                          r"(?:rok|datum)\w* (?:je )?(?:krivo|pogresno) (?:upisan|napisan|unesen)\w*)"),
    # Lithuanian (folded: ą→a, č→c, ę/ė→e, į→i, š→s, ų/ū→u, ž→z)
    ("locate", "lt", r"(?:surasta|rasta|rastas|skolinanti biblioteka yra)"),
    ("send", "lt", r"(?:issiusta|issiustas|uzsakyta|uzsakymas (?:issiustas|pateiktas)|pateikta)"),
    ("approve", "lt", r"(?:patvirtino|patvirtinta|patvirtinti|sutiko|gavome patvirtinim\w*|patvirtinimas gautas)"),
    ("reject", "lt", r"(?:atmesta|atmete|atmesti|atsisake)"),
    ("ship", "lt", r"(?:issiunte|siunciama|pakeliui)"),
    ("arrive", "lt", r"(?:atkeliavo|gauta|gavome)"),
    ("checkout", "lt", r"(?:isduota|isduotas|atsieme)"),
    ("request_renewal", "lt", r"(?:paprasyta pratesti|paprasem pratesti|prasoma pratesti|"
                              r"(?:papraseme|paprasyta|paprasiau) (?:\w+ ){0,3}(?:pratesti|pratesimo))"),
    ("renewal_granted", "lt", r"(?:pratesta|pratestas|pratesimas patvirtintas|pratese)"),
    ("renewal_refused", "lt", r"(?:nepratesta|nepratese|pratesimas atmestas|atsisake pratesti|"
                              r"termino nepratese)"),
    ("return", "lt", r"(?:grazinta|grazino|grazintas)"),
    ("ship_back", "lt", r"(?:issiusta atgal|grazinta (?:bibliotekai|skolinanciai bibliotekai)|issiuntem atgal|"
                        r"(?:issiunteme|issiunciau|issiuntem|grazinome|grazinau) (?:\w+ ){0,4}?(?:atgal|"
                        r"skolinanciai bibliotekai))"),
    ("close", "lt", r"(?:uzdaryta|uzbaigta|(?:galime|galima|galite) uzdaryti|uzdarome|uzdarykite|"
                    r"patvirtino (?:\w+ )?gavim\w*|gavimas patvirtintas)"),
    ("cancel", "lt", r"(?:atsaukta|atsauktas)"),
    ("correct_due", "lt", r"(?:terminas (?:buvo )?pataisytas|pataisytas terminas|pataisyti termina|"
                          r"termino pataisymas|neteisingai (?:\w+ ){0,2}?(?:termin|dat)\w*|"
                          r"(?:termin|dat)\w* (?:buvo )?neteising\w*)"),
]
# Lending: the other library asks us; "approve" is our yes, "ship" is our sending it, "return" its coming back.
LEND_PHRASES: list[tuple[str, str, str]] = [
    ("approve", "en", r"(?:approved|we can (?:lend|supply) it|agreed)"),
    ("reject", "en", r"(?:rejected|declined|not available)"),
    ("ship", "en", r"(?:shipped|sent(?: to them)?|posted|dispatched)"),
    ("request_renewal", "en", r"(?:(?:they )?(?:asked|requested) (?:for )?(?:an? )?(?:renewal|extension)|extended)"),
    ("return", "en", r"(?:returned|came back|(?:it )?arrived back)"),
    ("close", "en", r"(?:closed)"),
    ("approve", "tr", r"(?:onaylandi|kabul edildi)"), ("reject", "tr", r"(?:reddedildi|red\b|ret\b)"),
    ("ship", "tr", r"(?:gonderildi|kargoya verildi|kargolandi)"), ("request_renewal", "tr", r"(?:uzatma istedi)"),
    ("return", "tr", r"(?:iade edildi|iade etti(?:ler)?|geri (?:geldi|gonderdi\w*)|bugun geldi)"),
    ("close", "tr", r"(?:kapatildi)"),
    ("approve", "hr", r"(?:odobreno)"), ("reject", "hr", r"(?:odbijeno)"),
    ("ship", "hr", r"(?:poslano|otpremljeno)"), ("request_renewal", "hr", r"(?:traze produljenje|produljenje)"),
    ("return", "hr", r"(?:vraceno|vratili su)"), ("close", "hr", r"(?:zatvoreno)"),
    ("approve", "lt", r"(?:patvirtinta)"), ("reject", "lt", r"(?:atmesta)"),
    ("ship", "lt", r"(?:issiusta|issiuntem)"), ("request_renewal", "lt", r"(?:prase pratesti|pratesimas)"),
    ("return", "lt", r"(?:grazino|grazinta)"), ("close", "lt", r"(?:uzdaryta)"),
]
# Words that name the lender as a sentence's subject ("the lender", "Skolinanti biblioteka …"): a locate only when
# no other event is said in the line ("Skolinanti biblioteka termino nepratęsė" is a refused extension).
SUBJECT_PHRASES: list[tuple[str, str, str]] = [
    ("locate", "en", r"(?:the )?(?:lender|lending library)"),
    ("locate", "tr", r"(?:odunc veren(?: kutuphane)?|saglayan kutuphane|temin edilecek kutuphane)"),
    ("locate", "hr", r"(?:posuditelj(?:ica)?|knjiznica davateljica|davatelj)"),
    ("locate", "lt", r"(?:skolinanti biblioteka)"),
]
FOREIGN = r"(?:foreign|abroad|international|yurt ?disi(?:nda|ndan|ndaki)?|yabanci|(?:u |iz )?inozem\w*|strana|" \
          r"strani|uzsienio|uzsienyje|is uzsienio)"
DOMESTIC = r"(?:domestic(?:ally)?|national|in the country|yurt ?ici(?:nde|nden|ndeki)?|domac\w*|u hrvatskoj|" \
           r"iz hrvatske|lietuvoje|lietuvos|vietine)"
# "not found", "nije pronađeno", "ne išsiųsta": a negated phrase names no event (Turkish negates inside the verb)
_NEGATION = re.compile(r"(?:^|\s)(?:not|never|no longer|nije|nisu|nismo|ne)\s+$")
# what may stand between the event's words and the lender's name: "found it abroad, at the British Library"
_LENDER_LEAD = re.compile(r"^(?:at|in|from|with|kod|iz|is)\s+", re.IGNORECASE)
_GREETING = re.compile(r"^(?:hi|hello|dear \w+|merhaba|selam|iyi gunler|bok|pozdrav|dobar dan|postovan\w*|"
                       r"laba diena|sveiki|labas)\b[\s,!.:]*")
_REFERENCE = re.compile(r"[\[(#]*\b(ill|lend)[ \t\-_#:.]{0,3}(\d{1,9})\b[\])]?[\s:,.\-]*", re.IGNORECASE)


@dataclass(frozen=True)
class StaffCommand:
    event: str
    language: str | None            # the language of the phrasing; None: the canonical English form
    reference: str | None = None    # ILL-7 / LEND-3 named in the line
    lender: str | None = None
    foreign: bool | None = None
    choice: int | None = None       # "locate 2": the second of the candidate lenders offered
    date: dt.date | None = None
    unreadable_date: str | None = None   # what was written where a date should be, when it is no date
    reason: str | None = None


def command_line(body: str) -> tuple[str, list[str]]:
    """The reply's first line of its own (a greeting alone on a line is skipped) and the lines of its paragraph."""
    lines = [line.rstrip() for line in (body or "").splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and _GREETING.fullmatch(fold(lines[0].strip())):
        lines.pop(0)
        while lines and not lines[0].strip():
            lines.pop(0)
    if not lines:
        return "", []
    first = lines[0].strip()
    greeting = _GREETING.match(fold(first))
    if greeting and greeting.end() < len(first):
        first = first[greeting.end():]
    paragraph = []
    for line in lines[1:]:
        if not line.strip() or line.lstrip().startswith(">"):
            break
        paragraph.append(line.strip())
    return first, paragraph


def read_staff_command(body: str, kind: str = "ill") -> StaffCommand | None:
    """The event and data the reply opens with, or None when its first line names no event."""
    line, paragraph = command_line(body)
    reference = None
    found = _REFERENCE.search(line)
    if found:
        reference = f"{found[1].upper()}-{int(found[2])}"
        line = (line[:found.start()] + " " + line[found.end():]).strip()
    if not line:
        return None
    event, language, start, end = _event_in(line, kind)
    if event is None:
        return None
    before, after = line[:start].strip(" ,;:-–—"), line[end:].strip()
    return _with_data(StaffCommand(event, language, reference), kind, before, after, paragraph, line)


def _event_in(line: str, kind: str) -> tuple[str | None, str | None, int, int]:
    folded = fold(line)
    events = ILL_EVENTS if kind == "ill" else LEND_EVENTS
    canonical = re.match(r"\s*(" + "|".join(e.replace("_", "[ _-]") for e in sorted(events, key=len, reverse=True))
                         + r")(?![\w-])", folded)
    if canonical:
        event = re.sub(r"[ -]", "_", canonical[1])
        return event, None, canonical.start(1), canonical.end(1)
    best = None
    for event, language, pattern in _phrases(kind):
        for match in pattern.finditer(folded):
            if _NEGATION.search(folded[:match.start()]):
                continue
            key = (match.end() - match.start(), -match.start())
            if best is None or key > best[0]:
                best = (key, event, language, match.start(), match.end())
    if best is None and kind == "ill":
        for event, language, pattern in _subject_phrases():
            for match in pattern.finditer(folded):
                key = (match.end() - match.start(), -match.start())
                if best is None or key > best[0]:
                    best = (key, event, language, match.start(), match.end())
    if best is None:
        return None, None, 0, 0
    return best[1], best[2], best[3], best[4]


@lru_cache(maxsize=1)
def _subject_phrases() -> list[tuple[str, str, re.Pattern]]:
    return [(event, language, re.compile(r"(?<![\w])" + pattern + r"(?![\w])"))
            for event, language, pattern in SUBJECT_PHRASES]


@lru_cache(maxsize=2)
def _phrases(kind: str) -> list[tuple[str, str, re.Pattern]]:
    table = ILL_PHRASES if kind == "ill" else LEND_PHRASES
    return [(event, language, re.compile(r"(?<![\w])" + pattern + r"(?![\w])")) for event, language, pattern in table]


def _with_data(command: StaffCommand, kind: str, before: str, after: str, paragraph: list[str],
               line: str = "") -> StaffCommand:
    event = command.event
    values: dict = {}
    if event in DATE_EVENTS[kind]:
        text = f"{before} {after}".strip()
        found = find_date(text)
        if found is not None:
            values["date"] = found.date
        elif re.search(r"\d", text):
            values["unreadable_date"] = re.sub(r"^[^\w]+", "", after or before).strip() or text
    elif event == "locate":
        values.update(_lender(before, after, line))
    elif event in REASON_EVENTS:
        # a refused extension's sentence opens with who refused ("Hacettepe uzatmayı kabul etmedi, …"): not a reason
        lead = _clean(after) or ("" if event == "renewal_refused" else _clean(before))
        reason = " ".join([lead] + paragraph).strip()
        values["reason"] = reason or None
    return StaffCommand(**{**command.__dict__, **values})


def _lender(before: str, after: str = "", line: str = "") -> dict:
    """"foreign British Library", "Ankara Üniversitesi (yurt içi)", "Yurt dışında bulundu: Staatsbibliothek",
    "2" (a candidate's number). Abroad or at home may be said on either side of the event's words; the name is
    what follows them, else what precedes them (Turkish: "Ankara Üniversitesi'nde bulundu")."""
    folded = fold(line or f"{before} {after}")
    values: dict = {}
    if re.search(r"(?<![\w])" + FOREIGN + r"(?![\w])", folded):
        values["foreign"] = True
    elif re.search(r"(?<![\w])" + DOMESTIC + r"(?![\w])", folded):
        values["foreign"] = False
    name = _name_part(after) or _name_part(_without_case_suffix(_name_part(before)))
    choice = re.fullmatch(r"#?(\d{1,2})", name)
    if choice:
        values["choice"] = int(choice[1])
    elif name:
        values["lender"] = name[:300]
    return values


def _name_part(text: str) -> str:
    """`text` without the words for abroad or at home, empty brackets and leading connectives."""
    for pattern in (FOREIGN, DOMESTIC):
        text = _cut(text, pattern)
    text = _clean(re.sub(r"\(\s*\)", "", text))
    return _clean(_LENDER_LEAD.sub("", text))


def _cut(text: str, pattern: str) -> str:
    """`text` without the words `pattern` matches (matched on the folded text, cut from the original)."""
    folded = fold(text)
    for match in reversed(list(re.finditer(r"(?<![\w])" + pattern + r"(?![\w])", folded))):
        text = text[:match.start()] + text[match.end():]
    return text


def _without_case_suffix(text: str) -> str:
    """"Ankara Üniversitesi'nde" -> "Ankara Üniversitesi" (the Turkish locative/ablative before "bulundu")."""
    return re.sub(r"['’](?:n?[dt][ae]n?|n?[ae]|y[ae])$", "", text.strip())


def _clean(text: str) -> str:
    return re.sub(r"^[\s:;,.\-–—]+|[\s,;:]+$", "", text or "").strip()


def data_for(event: str, text: str, kind: str = "ill") -> StaffCommand:
    """The data of `event` read from `text` alone (a Telegram prompt's answer: a lender's name, a date, a reason)."""
    return _with_data(StaffCommand(event, None), kind, "", (text or "").strip(), [])
