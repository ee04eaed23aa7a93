"""Word classes the tagger knows a word by, in the four languages (folded: lower case, no diacritics).

A class is a hint, not a rule: "u" is Croatian "in" (a chapter's book) and also a plain preposition; the tagger
weighs it against the words around it. Adding a word is adding it here (and retraining).
"""
from __future__ import annotations

import pathlib

_CLASSES: dict[str, str] = {
    "ed": """ed eds edited editor editors edit hrsg herausgegeben ur urs uredio uredila uredili urednik urednica
        urednici priredio priredila prir haz hazirlayan hazirlayanlar editor editorler editoru derleyen derl
        editorlugunu editorlugunde editorlugundeki editorlugu editorlugundeki sud sudare sudarytojas sudarytoja sudarytojai red redaktorius redaktore redagavo parengė parenge""",
    "in": """in u icinde icinde knygoje is knygoje: zborniku zbornik zbornika rinkinyje leidinyje""",
    "pg": """pp p pages page str stranice stranica strana s ss sayfa sayfalar sayfalari psl puslapiai puslapis
        puslapiuose pgs""",
    "vol": """vol volume volumes cilt c god godiste godina svezak sv t tomas tom tome band bd""",
    "iss": """no nr number issue br broj sayi num numeris nos iss""",
    "edn": """edition edn baski baskisi bs izdanje izd izdanja leidimas leid leidimo rev revised dopunjeno
        gozden gecirilmis pataisytas""",
    "ord": """first second third fourth fifth sixth 1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th birinci ikinci
        ucuncu prvo drugo trece pirmasis antrasis treciasis st nd rd th ilki ikincisi ucuncusu birincisi sonuncusu
        prvi prva drugi druga treci treca pirmoji antroji trecioji pirma antra ilkinin ikincisinin ucuncusunun
        birincisinin ikincisini ilkini""",
    "pub": """press university universitet universiteta universitetas universiteto universitesi publishing
        publishers publisher books verlag editions academic yayinlari yayinevi yayinlar yayincilik kitabevi
        kitaplari naklada nakladnik izdavac izdavacka zavod leidykla leidybos centras institutas sveuciliste
        sveucilista skolska knjiga matica hrvatska hazu akademija akademijos mokslo enciklopediju leidybos
        vaga baltos lankos fraktura ljevak profil durieux jesenski turk algoritam iletisim metis timas yapi
        kredi ttk yky dergah routledge springer elsevier wiley sage penguin macmillan palgrave norton vintage
        blackwell brill gruyter polity verso""",
    "chap": """chapter chapters poglavlje poglavlja poglavlju bolum bolumu bolumunu bolumun skyrius skyriu
        skyriaus skyriuje skyriu""",
    "book": """book books knjiga knjigu knjige knjizi monografija monograph kitap kitabi kitabini kitabinin
        kitabinda eser eserini eseri knyga knygos knyga knygoje knyga monografija monografijos zbornik rinkinys
        roman romani romana romanini romaninin romanina romaninda novel novelle kitabinin kitabina eserinin
        eserine calismasini calismasi derlemesi derlemesindeki""",
    "art": """article articles paper clanak clanka clanku rad rada makale makalesi makalesini makaleyi straipsnis
        straipsnio straipsni straipsniu""",
    "journal": """journal journals casopis casopisa casopisu dergi dergisi dergisinde dergisinin zurnalas zurnale
        zurnalo review quarterly studies annals bulletin""",
    "thesis": """thesis dissertation doctoral phd tez tezi tezini doktora lisans disertacija disertacije
        doktorski magistarski diplomski disertacija magistro bakalauro daktaro darbas darba""",
    "req": """need needed would like want get order borrow obtain request copy please could looking
        trebam trebao trebala treba trebala bih molim nabaviti nabavu posuditi posudbu zanima
        istiyorum isterim rica ederim lutfen ihtiyacim ihtiyacim temin getirtebilir bulabilir misiniz
        noreciau prasau prasyciau reikia reiketu gauti uzsakyti pasiskolinti galetumete galite""",
    "greet": """hi hello dear thanks thank regards best sincerely merhaba selam sayin hocam tesekkurler
        tesekkur saygilarimla iyi postovani postovana bok pozdrav lijep lijepi srdacan hvala unaprijed laba
        diena sveiki labas aciu dekoju pagarbiai apologies sorry ozur ozurler ispricavam oprostite oprosti
        atsiprasau atleiskite""",
    "by": """by od autora autorice tarafindan yazan yazdigi yazarin yazari parase parasyta parasytas
        autoriaus autores""",
    "conj": """and ve ile i ir et und""",
    "also": """also too another other ayrica ayrica da de takoder takodjer jos i taip pat dar""",
    "month": """january february march april may june july august september october november december jan
        feb mar apr jun jul aug sep sept oct nov dec ocak subat mart nisan mayis haziran temmuz agustos eylul
        ekim kasim aralik sijecanj veljaca ozujak travanj svibanj lipanj srpanj kolovoz rujan listopad
        studeni prosinac sausis vasaris kovas balandis geguze birzelis liepa rugpjutis rugsejis spalis
        lapkritis gruodis""",
    "avail": """available accessed retrieved online viewed pristupljeno dostupno erisim erisildi prieiga
        ziureta""",
    "place": """london york oxford cambridge princeton chicago boston berkeley haven baltimore ithaca
        durham minneapolis stanford philadelphia washington amsterdam leiden paris berlin wien vienna munchen
        frankfurt zagreb split rijeka osijek zadar beograd sarajevo ljubljana vilnius kaunas klaipeda siauliai
        istanbul ankara izmir bursa konya erzurum trabzon basingstoke abingdon hoboken malden thousand oaks
        harmondsworth""",
    "role": """supervisor advisor adviser professor prof dr doc mentor colleague danismanim danismanimin danisman
        hocam hocamin hocamiz profesor profesorica mentor mentorica mentorom mentora kolega kolegica vadovas
        vadove vadovo profesorius profesore docentas docente destytojas destytoja""",
    "the": """the a an of on to for with from at der die das la le de bir""",
    # where a reference was copied from: 'Google Scholar's "Cite" button' names no author
    "site": """google scholar zotero mendeley endnote worldcat amazon jstor pubmed scopus wikipedia koha
        researchgate academia crossref""",
    # given names, which tell a person from a title in "Title – Name Surname" and in sentences
    "given": """ahmet mehmet mustafa ali huseyin hasan ibrahim ismail osman yusuf murat emre can burak serkan ayse
        fatma emine hatice zeynep elif merve sukru halil kemal nazim orhan hamdi cemal serif niyazi ilber suraiya
        fikret ziya halil dogan muharrem taner sina yasar sabahattin oguz tanil baskin sevket erol nermin ece
        gulsum ozlem selim tarik bulent cevdet enver fuat hilmi ihsan kenan levent nihat omer recep sait tevfik
        ivan marko josip stjepan tomislav ante luka petar nikola miroslav tin antun gustav august vladimir ana
        marija ivana dubravka slavenka ivo radoslav ranko neven vlado zdenko mirjana dunja kresimir nada eugenija
        stjepan zlatko vjekoslav dalibor ljudevit vesna snjezana drago zeljko mladen ferdo franjo matija ksaver
        jonas petras antanas kazimieras vytautas algirdas juozas zigmas ona ruta jurate kristijonas martynas
        simonas vincas balys zenonas egidijus alfredas tomas rimvydas viktorija aldona irena ieva giedre zita
        edvardas marija algis arvydas zenonas gintare dalia jurgis justinas mikalojus motiejus salomeja
        john james robert michael william david richard joseph thomas charles mary patricia jennifer linda
        elizabeth susan margaret clifford pierre michel jurgen anthony benedict eric edward judith bruno max
        emile noam steven daniel amos donald erving peter amartya christine paul george mark ludwig harold
        gerald alfred monica ravi jeffrey brian rob andrew jared roy stuart hannah ben victor roman yoshua
        ian aaron albert laszlo reka duncan jean jacques karl friedrich hannah simone umberto italo gabriel
        jorge milan franz leo fyodor anton""",
}

CLASSES_WITHOUT_NAMES = _CLASSES
# Given names of many countries (synth/people.py writes the file from Faker's lists): words of the other classes
# are left out of it, so "Umut" is a name and "press" never one
_GIVEN_FILE = pathlib.Path(__file__).with_name("given_names.txt")
if _GIVEN_FILE.exists():
    _CLASSES = {**_CLASSES, "given": _CLASSES["given"] + "\n" + _GIVEN_FILE.read_text(encoding="utf-8")}

LEXICON: dict[str, tuple[str, ...]] = {}
for _name, _words in _CLASSES.items():
    for _word in _words.split():
        LEXICON[_word] = tuple(dict.fromkeys(LEXICON.get(_word, ()) + (_name,)))
