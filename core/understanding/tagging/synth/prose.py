"""Requests in prose: the work named inside the patron's sentences, in the four languages.

Templates hold slots — {T} title, {A} author as written in running text, {Ag} the author inflected (genitive,
possessive, Turkish suffix), {C} journal or book, {E} editor, {P} publisher, {L} place, {Y} year, {G} pages,
{V} volume, {I} issue, {D} edition — and optional parts in [ ] that are kept when the record has their fields
(and a coin says so). The words around the slots are labelled O.
"""
from __future__ import annotations

import random
import re

from .inflect import given_genitive, hr_genitive, inflected_family
from .labelled import Labelled
from .records import Record

TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "book": [
            "Do you have {T}? ({A}[, {P}][ {Y}])",
            "{A}'s {T}[ ({Y})] - the {D} edition if possible.",
            "Could I borrow {A}, {T}[ ({L}: {P}, {Y})]?",
            "I'd like to borrow {T} by {A}[ ({P}, {Y})].",
            "Could you get me a copy of {Ag} {T}[, published by {P} in {Y}]?",
            "I am looking for the book {T}[ ({Y})] by {A}. Our library doesn't have it.",
            "For my thesis I need {A}, {T}[, {D} edition][, {L}: {P}][, {Y}].",
            "My supervisor recommended {T} by {A}[, the {D} edition][ from {Y}] - could you order it?",
            "Is it possible to get {Ag} book {T}[ ({L}, {Y})] through interlibrary loan?",
            "I need the {Y} edition of {T} by {A}[ ({P})].",
            "Please request {T}[ ({Y})] for me, it's by {A}[ and was published by {P}].",
            "Hi, do you have {T}? It's by {A}[, {P} {Y}]. If not, could you borrow it from another library?",
            "I'm after {A}'s {T}[ ({P}, {L}, {Y})].",
            "Could you order {T}[ ({P}, {Y})]? The author is {A}.",
            "I would need {T}[ ({P}[, {Y}])] written by {A}.",
        ],
        "article": [
            "{A}, '{T}', {C}[ {V}][ ({Y})][: {G}] - could you get me a copy?",
            "I need {Ag} article in {C}[ ({Y})], {T}[, pp. {G}].",
            "Could you please get me the article {T} by {A}, published in {C}[ {V}][({I})][ ({Y})][, pp. {G}]?",
            "I need a copy of {Ag} paper {T} from {C}[, vol. {V}][, no. {I}][, {Y}][, pages {G}].",
            "I'm looking for the article by {A} in {C}[ ({Y})] called {T}[, pp. {G}].",
            "Please order {T} ({A}, {C}[, {Y}][, {V}][({I})][: {G}]).",
            "There's an article {T} that {A} wrote for {C}[ in {Y}][ (volume {V}[, issue {I}])][, pp. {G}]; could you get it?",
        ],
        "chapter": [
            "Please scan {Ag} essay {T} in {C}[, ed. {E}][ ({L}: {P}, {Y})][, pp. {G}].",
            "I'd need the chapter {T} that {A} wrote in the volume {C} edited by {E}[, pp. {G}][, {L} {Y}].",
            "Could you scan the chapter by {A}, {T}, in {C}[ (ed. {E})][, {P}][, {Y}][, pp. {G}]?",
            "I need {Ag} chapter {T} from the book {C}[, edited by {E}][ ({P}, {Y})][, pages {G}].",
            "Please get me chapter {T} by {A} in {E} (ed.), {C}[, {L}: {P}][, {Y}][, pp. {G}].",
        ],
    },
    "tr": {
        "book": [
            "{Ag} \"{T}\" başlıklı kitabını[ ({P}, {Y})] kütüphanelerarası ödünç ile getirtebilir misiniz?",
            "{T} adlı eser ({A}[, {L}: {P}][, {Y}]) lazım.",
            "Hocamın tavsiyesi üzerine {Ag} {T} kitabını okumam gerekiyor[; {P}, {Y} baskısı].",
            "{A} - {T}[ ({P}, {Y})] kitabını istiyorum.",
            "{Ag} {T} adlı kitabını ödünç almak istiyorum[ ({P}, {Y})].",
            "Tezim için {A} tarafından yazılan {T} kitabına ihtiyacım var[ ({L}: {P}, {Y})].",
            "{T} ({A}[, {P}][, {Y}]) kitabını kütüphanelerarası ödünç yoluyla temin edebilir misiniz?",
            "Merhaba, {Ag} {T} isimli eserini arıyorum[, {P} {Y} baskısı].",
            "{A}[, {T}][, {D}. baskı][, {L}: {P}][, {Y}] kitabını rica ediyorum.",
            "Danışmanımın önerdiği {T} kitabını ({A}[, {Y}]) getirtebilir misiniz?",
            "{Y} yılında {P} tarafından basılan {Ag} {T} adlı kitabına ulaşmak istiyorum.",
            "{Ag} {T} kitabını[ ({P}, {Y})] rica ediyorum.",
            "{Ag} {T}'ını arıyorum[ ({P}[, {Y}])].",
        ],
        "article": [
            "{C} dergisinde çıkan {Ag} {T} makalesini istiyorum[ (cilt {V}][, sayı {I}][, {Y}][, ss. {G})].",
            "{Ag} {C} dergisinde yayımlanan {T} başlıklı makalesine ihtiyacım var[ (cilt {V}][, sayı {I}][, {Y}][, s. {G})].",
            "{A} tarafından yazılan {T} adlı makaleyi istiyorum[, {C}][, {Y}][, {V}][({I})][, ss. {G}].",
            "{C} dergisinin {Y} tarihli[ {V}. cildindeki] {T} makalesini ({A}[, s. {G}]) temin edebilir misiniz?",
        ],
        "chapter": [
            "{Ag} {C} adlı derlemedeki {T} bölümünü[ (ed. {E}][, {P}][, {Y}][, s. {G})] rica ediyorum.",
            "{E} editörlüğünde yayımlanan {C} kitabındaki {Ag} {T} bölümünü[ (s. {G})] rica ediyorum[, {L} {Y}].",
            "{A} tarafından yazılan {T} başlıklı bölüme ihtiyacım var; {C} içinde[, haz. {E}][, {P}][, {Y}][, s. {G}].",
            "{C} (ed. {E}[, {Y}]) kitabında yer alan {T} bölümünü ({A}[, ss. {G}]) istiyorum.",
        ],
    },
    "hr": {
        "book": [
            "Zanima me knjiga {T} ({A}[, {L}: {P}][, {Y}]).",
            "Trebala bih {T}[, {D}. izdanje], autor {A}[, {P}, {Y}].",
            "Molim Vas {Ag} studiju {T}[ ({L}, {Y})].",
            "Trebam {A}: {T}[, {P}][, {Y}].",
            "Trebao bih {Ag} knjigu {T}[ ({P}, {Y})].",
            "Molim Vas da mi nabavite knjigu {T} autora {Ag}[ ({L}, {Y})].",
            "Zanima me {T} od {Ag}[, {D}. izdanje][, {P}][, {Y}]. Možete li je posuditi iz druge knjižnice?",
            "Za diplomski rad trebam {A}, {T}[, {L}: {P}][, {Y}].",
            "Trebala bih {Ag} roman {T}[ iz {Y}.]",
            "Možete li mi posuditi {T} ({A}[, {P}][, {Y}])?",
            "Trebam {Ag} {T}[ ({P}, {Y})].",
            "Molim {T}[ ({P}[, {Y}])], autor je {A}.",
            "Tražim knjigu {T} koju je napisao {A}[, izdao {P}][ {Y}. godine].",
        ],
        "article": [
            "Trebam članak {Ag} {T}, objavljen u {C}[ ({Y})][, sv. {V}][, br. {I}][, str. {G}].",
            "Trebam članak {T} od {Ag} iz časopisa {C}[, god. {V}][, br. {I}][, {Y}][, str. {G}].",
            "Molim kopiju članka {T} ({A}), objavljenog u časopisu {C}[ {V}][({I})][, {Y}][, str. {G}].",
            "Zanima me {Ag} članak {T} u {C}[ ({Y})][, str. {G}].",
        ],
        "chapter": [
            "Molim poglavlje {T} {Ag} u zborniku {C}[, ur. {E}][ ({L}: {P}, {Y})][, str. {G}].",
            "Zanima me poglavlje {T} koje je {A} napisao u zborniku {C}[ (ur. {E})][, str. {G}][, {L} {Y}].",
            "Trebam {Ag} poglavlje {T} iz knjige {C}[, ur. {E}][, {P}][, {Y}][, str. {G}].",
            "Molim poglavlje {T} ({A}) u knjizi {C} koju je uredio {E}[, {L}: {P}][, {Y}][, str. {G}].",
        ],
    },
    "lt": {
        "book": [
            "Reikalinga {Ag} monografija {T}[ ({L}: {P}, {Y})].",
            "Gal galite užsakyti {T}? Autorius – {A}[, {P}, {Y}].",
            "Norėčiau pasiskolinti {A} „{T}“[ ({P}, {Y})].",
            "Norėčiau gauti {Ag} knygą {T}[ ({P}, {Y})].",
            "Prašau užsakyti {T} ({A}[, {L}][, {Y}]) iš kitos bibliotekos.",
            "Magistro darbui man reikia {Ag} knygos {T}[, {P}][, {Y}].",
            "Ar galėtumėte pasiskolinti {Ag} knygą {T}[, išleistą {Y} m.]?",
            "Ieškau knygos {T}, kurią parašė {A}[ ({L}: {P}, {Y})].",
            "Norėčiau {Ag} {T}[ ({P}[, {Y}])].",
            "Man reikėtų {A}[, {T}][, {D}-asis leidimas][, {L}: {P}][, {Y}].",
        ],
        "article": [
            "Reikia {Ag} straipsnio {T} ({C}[, {Y}][, t. {V}][, Nr. {I}][, p. {G}]).",
            "Prašau užsakyti {Ag} straipsnį {T}, išspausdintą žurnale {C}[ ({Y}][, t. {V}][, nr. {I}][, p. {G})].",
            "Norėčiau straipsnio {T} kopijos ({A}, {C}[, {Y}][, {V}][({I})][, p. {G}]).",
            "Reikia {Ag} straipsnio {T} iš žurnalo {C}[, {Y} m.][, p. {G}].",
        ],
        "chapter": [
            "Prašau {Ag} skyriaus {T} iš rinkinio {C}[ (sud. {E})][ ({L}: {P}, {Y})][, p. {G}].",
            "Man reikėtų skyriaus {T}, kurį {A} parašė knygoje {C}[ (sud. {E})][, p. {G}][, {L}, {Y}].",
            "Prašau nuskenuoti {Ag} skyrių {T} iš knygos {C}[, sud. {E}][, {P}][, {Y}][, p. {G}].",
        ],
    },
}
# More phrasings, written after reading how other patrons put it (not copied from any labelled message): the work
# named after the context, the details in a second sentence, a genitive author before an unquoted title
MORE_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "book": [
            "My supervisor recommended {Ag} {T} for the seminar; I think it came out in {Y}[ with {P}].",
            "The book is {T} by {A}[ ({L}: {P}, {Y})]. We only have the later edition.",
            "Could you request {A}'s {T}? [It was published by {P} in {Y}.]",
            "I am looking for {T}[ ({Y})], written by {A}[, published by {P}]. Any edition is fine.",
            "Would it be possible to borrow {T} ({A}[, {D} ed.][, {P}][, {Y}]) from another library?",
            "For my dissertation I need {Ag} book, {T}[, {L}: {P}][, {Y}].",
            "I need two things, first {A}, {T}[ ({P}, {Y})].",
        ],
        "article": [
            "The first is {Ag} paper {T}, published in {C} in {Y}[, vol. {V}][, pp. {G}].",
            "I need {A}'s article {T} ({C}[, {Y}][, {V}][({I})][, {G}]).",
            "Could you get me a PDF of {T} by {A}? It appeared in {C}[ {V}][, no. {I}][ ({Y})][, pp. {G}].",
        ],
        "chapter": [
            "I need the chapter by {A}, {T}, which is in {C}[, edited by {E}][ ({P}, {Y})][, pp. {G}].",
            "{Ag} chapter {T} appears in {C}[ (ed. {E}][, {L}: {P}, {Y})][, pages {G}]; a scan would be enough.",
        ],
    },
    "tr": {
        "book": [
            "Hocamız {Ag} {T} kitabını önerdi[, sanırım {Y} yılında {P} tarafından basıldı].",
            "{Ag} {T} kitabını kütüphanelerarası ödünç ile isteyebilir miyim? [{P} {Y} baskısı.]",
            "{A}[ ({Y})], {T}[, {L}: {P}] kitabına tezim için ihtiyacım var.",
            "Aradığım kitap {T}, yazarı {A}[, {P}][, {Y}].",
            "{Ag} \"{T}\" adlı eserine ulaşamadım[, {P} {Y}].",
            "{T} ({A}[, {D}. baskı][, {P}][, {Y}]) kitabını ödünç almak istiyorum.",
            "{Ag} \"{T}\" kitabına ihtiyacım var. {P}'ndan {Y}'te çıkan baskıyı istiyorum.",
            "{Ag} {T} kitabını KAÖ ile isteyebilir miyim?[ {P} {Y} baskısı olursa iyi olur.]",
        ],
        "article": [
            "{Ag} {C} dergisinde yayımlanan \"{T}\" başlıklı makalesine ihtiyacım var[ (cilt {V}, sayı {I}, {Y}, s. {G})].",
            "{A}, \"{T}\", {C}[, {Y}][, c. {V}][, s. {I}][, ss. {G}] makalesinin PDF kopyasını rica ediyorum.",
        ],
        "chapter": [
            "{E} tarafından derlenen {C} kitabındaki {Ag} \"{T}\" başlıklı bölüme ihtiyacım var[ ({P}, {Y}, s. {G})].",
        ],
    },
    "hr": {
        "book": [
            "Profesor nam je preporučio knjigu {Ag} {T}, mislim da je izašla {Y}.",
            "Trebala bih knjigu {Ag} {T}[ ({L}: {P}, {Y}.)].",
            "Zanima me {T}[, {D}. izd.], autor {A}[ ({L}: {P}, {Y}.)].",
            "Molim Vas da naručite {Ag} {T}[ ({P}, {Y}.)] iz neke druge knjižnice.",
            "Za seminar mi treba {T} ({A}[, {L}: {P}][, {Y}.]).",
            "Tražim {Ag} knjigu {T}[, izdanu u {P} {Y}. godine].",
            "Za seminar mi treba {T} {Ag}[, ono izdanje u nakladi {P}][ ({L}, {Y}.)].",
            "Trebam {T} {Ag}[, izašla je {Y}.][ u nakladi {P}].",
            "Molim {Ag} {T}[, {D}. izdanje][ ({P}, {Y}.)], ako je moguće.",
        ],
        "article": [
            "Prvi je članak {Ag} „{T}“, objavljen u {C} {Y}., sv. {V}[, br. {I}], str. {G}.",
            "Treba mi rad {Ag} „{T}“ iz časopisa {C}[, sv. {V}][, br. {I}][ ({Y}.)][, str. {G}].",
            "Trebala bih presliku članka {T} ({A}, {C}[, {Y}][, {V}][({I})][: {G}]).",
        ],
        "chapter": [
            "Treba mi rad {Ag} „{T}“, koji je objavljen u zborniku {C}[ (ur. {E}, {P}, {Y}.)][, na str. {G}].",
            "Molim poglavlje {Ag} {T} iz knjige {C}[ (ur. {E})][, {L}: {P}, {Y}.][, str. {G}].",
        ],
    },
    "lt": {
        "book": [
            "Dėstytojas rekomendavo {Ag} knygą „{T}“[, išleistą {Y} m.].",
            "Ieškau {Ag} knygos {T}[ ({L}: {P}, {Y})]; mūsų bibliotekoje jos nėra.",
            "Prašyčiau užsakyti {A} „{T}“[ ({P}, {Y})] iš kitos bibliotekos.",
            "Man reikia {T} ({A}[, {L}][: {P}][, {Y}]).",
            "Norėčiau pasiskolinti {Ag} veikalą {T}[, {D}-asis leidimas][, {Y}].",
            "Norėčiau užsisakyti {Ag} monografiją „{T}“, kurią {Y} m. {L} išleido {P}.",
            "Man reikalinga {Ag} knyga {T}[ ({P}, {Y} m.)], bet kuris leidimas tinka.",
        ],
        "article": [
            "Man reikėtų {Ag} straipsnio „{T}“, paskelbto žurnale {C}[ {Y} m.][, t. {V}][, nr. {I}][, p. {G}].",
            "Prašau {Ag} straipsnio {T} kopijos ({C}[, {Y}][, Nr. {I}][, p. {G}]).",
        ],
        "chapter": [
            "Reikia {Ag} skyriaus „{T}“ iš knygos {C}[ (sud. {E}, {L}: {P}, {Y})][, p. {G}].",
        ],
    },
}
# Chapters named with the edited volume first, and works given with their details in parentheses after a
# quoted title ('Coase'un "…" makalesi (Journal, 1960)'), as the kinds of issue 13 describe them
CHAPTER_AND_PAREN_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "article": [
            "I need {Ag} \"{T}\" ({C}[, {Y}]), and a PDF is fine.",
            "Could you get {Ag} \"{T}[,]\" {C}[ {V}][, no. {I}][ ({Y})][, pp. {G}]?",
        ],
        "chapter": [
            "I'd need {Ag} \"{T}\" -- it's the chapter on pp. {G} of {C}[, edited by {E}][ ({L}: {P}, {Y})].",
            "It is {Ag} chapter, \"{T},\" in {E} (ed.), {C}[ ({P}, {Y})][, pp. {G}].",
        ],
    },
    "tr": {
        "book": [
            "{Ag} {T} kitabını[ ({P}, {Y})] ve ayrıca bir makaleyi istiyorum.",
        ],
        "article": [
            "{Ag} \"{T}\" makalesi ({C}[, {Y}])",
            "{Ag} {C} dergisinde çıkan \"{T}\" makalesini[ ({Y}[, cilt {V}][, sayı {I}][, s. {G}])] istiyorum.",
        ],
        "chapter": [
            "{E} editörlüğünü yaptığı \"{C}\" adlı derlemede[ ({P}, {Y})] {Ag} yazdığı \"{T}\" başlıklı bölüme ihtiyacım var[ (s. {G})].",
            "{Ag} \"{T}\" bölümü ({C} içinde[, ed. {E}][, {P}][, {Y}][, ss. {G}]) lazım.",
        ],
    },
    "hr": {
        "article": [
            "{Ag} „{T}“ ({C}[, {Y}.])",
        ],
        "chapter": [
            "U zborniku {C}[ (ur. {E}][, {P}, {Y}.)] trebam poglavlje {Ag} „{T}“[, str. {G}].",
        ],
    },
    "lt": {
        "article": [
            "{Ag} straipsnis „{T}“ ({C}[, {Y}])",
        ],
        "chapter": [
            "Man reikėtų {Ag} straipsnio „{T}“, išspausdinto rinkinyje „{C}“[ ({P}, {Y})][, p. {G}].",
        ],
    },
}
# The work named the short way inside a sentence, "Author, Title" or "Title (Author)", with nothing else around it
# ("Merhaba, Şevket Pamuk, Türkiye'nin Sosyal ve Ekonomik Tarihi kitabını …", "Mühendislik Matematiği (Kreyszig)
# kitabını KÖH ile istiyorum", "I would like to borrow Cormen, Introduction to Algorithms for my course")
SHORT_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "book": [
            "Hello, I would like to borrow {A}, {T} for my course.",
            "Could I get {A}, {T}[ ({Y})] from another library?",
            "I need {T} ({A}) for my course[, any edition after {Y}].",
            "Do you have {A}, {T}? I could not find it in the catalogue.",
        ],
    },
    "tr": {
        "book": [
            "Merhaba, {A}, {T} kitabını ödünç almak istiyorum.",
            "{T} ({A}) kitabını KÖH ile istiyorum.",
            "{A}, {T} kitabını[ ({P}, {Y})] rica ederim.",
            "Kütüphanede {A}, {T} var mı? Yoksa başka kütüphaneden getirtebilir misiniz?",
            "{T} ({A}[, {Y}]) kitabına ihtiyacım var.",
        ],
    },
    "hr": {
        "book": [
            "Trebam {T} ({A}) za seminar.",
            "Molim {A}, {T}[ ({Y}.)] iz druge knjižnice.",
            "Imate li {A}, {T}? Ako nemate, možete li je posuditi?",
        ],
    },
    "lt": {
        "book": [
            "Prašau užsakyti {A}, {T}[ ({Y})].",
            "{T} ({A}) – ar galite užsakyti iš kitos bibliotekos?",
            "Ar turite {A}, {T}? Jei ne, gal galite pasiskolinti?",
        ],
    },
}
for _lang, _kinds in CHAPTER_AND_PAREN_TEMPLATES.items():
    for _kind, _templates in _kinds.items():
        MORE_TEMPLATES[_lang][_kind] = MORE_TEMPLATES[_lang].get(_kind, []) + _templates
for _lang, _kinds in MORE_TEMPLATES.items():
    for _kind, _templates in _kinds.items():
        TEMPLATES[_lang][_kind] = TEMPLATES[_lang][_kind] + _templates

QUOTES = [("\"", "\""), ("“", "”"), ("„", "“"), ("«", "»"), ("»", "«"), ("'", "'"), ("‘", "’"), ("*", "*"),
          ("", ""), ("", ""), ("", "")]


def author_forms(rec: Record, rng: random.Random, inflect: bool) -> tuple[str, str]:
    """(as written, label) of the first author(s) in running text."""
    family, given = rec.authors[0]
    style = rng.random()
    if inflect and rec.lang in ("hr", "lt") and style < 0.5:
        # with the given name the family name is in the genitive too (a possessive stands alone: "Krležin roman")
        family_form = hr_genitive(family) if rec.lang == "hr" else inflected_family(family, rec.lang, rng)
        text = f"{given_genitive(given, rec.lang)} {family_form}"
    elif inflect:
        text = inflected_family(family, rec.lang, rng) if style < 0.6 or rec.lang == "hr" else \
            f"{given} {inflected_family(family, rec.lang, rng)}"
    elif style < 0.6:
        text = f"{given} {family}"
    elif style < 0.8:
        text = family
    else:
        text = f"{given[0]}. {family}"
    if len(rec.authors) > 1 and not inflect and rng.random() < 0.5:
        f2, g2 = rec.authors[1]
        conj = {"en": "and", "tr": "ve", "hr": "i", "lt": "ir"}[rec.lang]
        text += f" {conj} {g2} {f2}"
    return text, "author"


def _slot(rec: Record, name: str, rng: random.Random, quoted: bool = False) -> Labelled | None:
    out = Labelled()
    if name == "T":
        left, right = ("", "") if quoted else rng.choice(QUOTES)      # the template quotes it already
        return out.add(left).add(rec.title, "title").add(right)
    if name in ("A", "Ag"):
        text, label = author_forms(rec, rng, name == "Ag")
        return out.add(text, label)
    if name == "C" and rec.container:
        left, right = rng.choice(QUOTES[:5] + [("", "")] * 4)
        return out.add(left).add(rec.container, "container").add(right)
    if name == "E" and rec.editors:
        family, given = rec.editors[0]
        return out.add(f"{given} {family}" if rng.random() < 0.7 else f"{given[0]}. {family}", "editor")
    values = {"P": (rec.publisher, "publisher"), "L": (rec.place, "place"), "Y": (str(rec.year), "year"),
              "V": (rec.volume, "volume"), "I": (rec.issue, "issue"), "D": (rec.edition, "edition")}
    if name in values and values[name][0]:
        return out.add(*values[name])
    if name == "G" and rec.pages:
        first, last = rec.pages
        dash = rng.choice(("-", "–", "-", "–", " - "))
        shown = str(last)[-2:] if rng.random() < 0.15 and last > 99 and last // 100 == first // 100 else str(last)
        return out.add(f"{first}{dash}{shown}", "pages")
    return None


_PART = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(Ag|[A-Z])\}")


def fill(template: str, rec: Record, rng: random.Random) -> Labelled | None:
    """The template with its slots filled; optional parts dropped when empty or by chance."""
    def keep(m: re.Match) -> str:
        part = m.group(1)
        slots = _SLOT.findall(part)
        if all(_slot(rec, s, random.Random(0)) for s in slots) and rng.random() < 0.75:
            return part
        return ""
    text = template
    while _PART.search(text):
        text = _PART.sub(keep, text)
    out = Labelled()
    pos = 0
    for m in _SLOT.finditer(text):
        out.add(text[pos:m.start()])
        piece = _slot(rec, m.group(1), rng, quoted=text[m.start() - 1:m.start()] in "\"„“«»‘'")
        if piece is None:
            return None
        out.extend(piece)
        pos = m.end()
    out.add(text[pos:])
    return out


def prose(rec: Record, rng: random.Random) -> Labelled | None:
    kind = rec.type if rec.type in ("book", "article", "chapter") else "book"
    # the short forms are few against the many phrasings, and would be drowned among them
    short = SHORT_TEMPLATES[rec.lang].get(kind) if rng.random() < 0.15 else None
    for _ in range(4):
        filled = fill(rng.choice(short or TEMPLATES[rec.lang][kind]), rec, rng)
        if filled:
            return filled
    return None


MENTIONS = ["{Ag} {T}[ ({L}: {P}, {Y})]", "{Ag} {T}[ ({P}, {Y})]", "{T} by {A}[ ({Y})]", "{A}, {T}[ ({Y})]",
            "{T} ({A}[, {Y}])"]


def mention(rec: Record, rng: random.Random) -> Labelled | None:
    """A second work named in passing: 'and Jono Kazlausko „…“ (Vilnius: Mintis, 1968)'."""
    template = rng.choice(MENTIONS if rec.lang == "en" else [m for m in MENTIONS if " by " not in m])
    return fill(template, rec, rng)
