"""MARC records the catalogue tests write into Zebra: Turkish, Croatian and Lithuanian works held by several
libraries, with their call numbers in 852 $a/$h as union catalogues record them."""
from __future__ import annotations

from pymarc import Field, Indicators, Record, Subfield

from core.catalogue.settings import CatalogueTarget


def marc(control: str, title: str, subtitle: str = "", *, author: str | None = None, isbn: str | None = None,
         year: int | None = None, publisher: str | None = None, doi: str | None = None,
         held: tuple[tuple[str, str], ...] = ()) -> Record:
    record = Record(force_utf8=True)
    record.add_field(Field(tag="001", data=control))
    if isbn:
        record.add_field(Field(tag="020", indicators=Indicators(" ", " "), subfields=[Subfield("a", isbn)]))
    if doi:
        record.add_field(Field(tag="024", indicators=Indicators("7", " "),
                               subfields=[Subfield("a", doi), Subfield("2", "doi")]))
    if author:
        record.add_field(Field(tag="100", indicators=Indicators("1", " "), subfields=[Subfield("a", author + ",")]))
    title_subfields = [Subfield("a", title + (" :" if subtitle else " /"))]
    if subtitle:
        title_subfields.append(Subfield("b", subtitle + " /"))
    record.add_field(Field(tag="245", indicators=Indicators("1", "0"), subfields=title_subfields))
    imprint = [Subfield("b", publisher + ",")] if publisher else []
    if year:
        imprint.append(Subfield("c", f"{year}."))
    if imprint:
        record.add_field(Field(tag="264", indicators=Indicators(" ", "1"), subfields=imprint))
    for library, call_number in held:
        record.add_field(Field(tag="852", indicators=Indicators(" ", " "),
                               subfields=[Subfield("a", library), Subfield("h", call_number)]))
    return record


OSMANLI = marc("tr-1", "Osmanlı İmparatorluğu", "klasik çağ (1300-1600)", author="İnalcık, Halil",
               isbn="975-08-0395-7 (ciltli)", year=2003, publisher="Yapı Kredi Yayınları",
               held=(("Ankara Üniversitesi", "DR486 .I53 2003"), ("Hacettepe Üniversitesi", "956.1 INA")))
OSMANLI_AGAIN = marc("tr-2", "Osmanlı İmparatorluğu", "klasik çağ (1300-1600)", author="İnalcık, Halil",
                     year=2003, held=(("Boğaziçi Üniversitesi", "DR486 .I5"), ("Ankara Üniversitesi", "DR486")))
POVIJEST = marc("hr-1", "Povijest hrvatske književnosti", "od Baščanske ploče do danas", author="Frangeš, Ivo",
                isbn="953-169-000-6", year=1987, publisher="Nakladni zavod Matice hrvatske",
                held=(("Nacionalna i sveučilišna knjižnica u Zagrebu", "821.163.42(091) FRA"),
                      ("Sveučilišna knjižnica Rijeka", "821.163.42 FRA p")))
POVIJEST_OTHER = marc("hr-2", "Povijest hrvatske književnosti", author="Novak, Slobodan Prosperov", year=2003,
                      held=(("Gradska knjižnica Zadar", "821.163.42 NOV"),))
GRAMATIKA = marc("lt-1", "Lietuvių kalbos gramatika", author="Ambrazas, Vytautas", isbn="9986-00-000-9", year=1997,
                 held=(("Vilniaus universiteto biblioteka", "811.172 Am-22"),
                       ("Lietuvos nacionalinė Martyno Mažvydo biblioteka", "LKG 1997")))
RECORDS = [OSMANLI, OSMANLI_AGAIN, POVIJEST, POVIJEST_OTHER, GRAMATIKA]


def target(name: str, url: str, **keys) -> CatalogueTarget:
    return CatalogueTarget(name=name, url=url, **{"timeout": 5.0, **keys})
