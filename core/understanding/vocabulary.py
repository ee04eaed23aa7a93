"""The four-language word lists, as data.

Everything here is written *folded* (see textfold.fold: lower case, no diacritics, ı→i, đ→d),
because that is the form the text is matched in. Keyword entries are regular-expression fragments
matched at the start of a word, so a stem such as "produz" matches produženje, produžiti,
produžite... Adding a word is adding a string here; no code changes.
"""
from __future__ import annotations

LANGUAGES = ("tr", "hr", "lt", "en")

# ---------------------------------------------------------------- labels of bibliographic fields
# folded label -> field. Fields: authors, title, article_title, chapter_title, book_title,
# container, publisher, place, year, volume, issue, pages, edition, isbn, issn, doi, type, editors.
LABELS: dict[str, str] = {}


def _labels(field: str, *names: str) -> None:
    for name in names:
        LABELS[name] = field


_labels("authors",
        "author", "authors", "author(s)", "author name", "authors names", "by", "creator",
        "yazar", "yazarlar", "yazar(lar)", "yazar adi", "yazarin adi", "yazar ad soyad",
        "yazarlari", "autor", "autori", "autor(i)", "autorica", "autorice", "ime autora",
        "autorius", "autoriai", "autore", "autorius(-iai)", "autoriu")
_labels("title",
        "title", "work", "baslik", "eser", "eser adi", "eserin adi", "kitap", "kitap adi",
        "kitabin adi", "kitap ismi", "kitabin ismi", "naslov", "naslov djela", "djelo",
        "pavadinimas", "antraste", "knyga", "knygos pavadinimas", "leidinio pavadinimas",
        "book", "book title", "title of book", "title of the book", "naslov knjige", "knjiga")
_labels("article_title",
        "article", "article title", "title of article", "title of the article", "paper", "paper title",
        "makale", "makale adi", "makale basligi", "makalenin adi", "naslov clanka", "clanak",
        "naslov rada", "rad", "straipsnis", "straipsnio pavadinimas", "straipsnio antraste")
_labels("chapter_title",
        "chapter", "chapter title", "title of chapter", "bolum", "bolum adi", "bolumun adi",
        "poglavlje", "naslov poglavlja", "skyrius", "skyriaus pavadinimas")
_labels("container",
        "journal", "journal title", "journal name", "periodical", "magazine", "source", "in",
        "published in", "container", "dergi", "dergi adi", "derginin adi", "kaynak",
        "casopis", "naziv casopisa", "naslov casopisa", "izvor", "u", "zurnalas", "zurnalo pavadinimas",
        "leidinys", "saltinis", "periodinis leidinys", "zbornik", "knjiga u kojoj je", "kitabin icinde")
_labels("publisher",
        "publisher", "published by", "publishing house", "press", "yayinevi", "yayin evi", "yayinci",
        "basimevi", "nakladnik", "izdavac", "izdavatelj", "naklada", "leidykla", "leidejas")
# "Place : Publisher, Year" in one line, as catalogues display it
_labels("imprint", "imprint", "publication", "publication info", "publication information", "publication details",
        "published", "publisher/place", "yayin bilgisi", "yayin bilgileri", "yayim bilgisi", "basim bilgisi",
        "impresum", "izdanje i impresum", "nakladnicki podaci", "leidimo duomenys", "leidimo informacija",
        "isleidimo duomenys", "leidyba", "yayin", "yayim", "yayinlanma")
# What a catalogue display says besides the work itself: read and left aside (not a field, not a new work)
_labels("ignore", "language", "subject", "subjects", "physical description", "description", "notes", "note",
        "series", "call number", "location", "holdings", "status", "format", "extent", "genre", "contents",
        "summary", "identifier", "permalink", "link", "url", "availability",
        "subject(s)", "uniform title", "series title", "physical details", "isbn/price", "edition/format",
        "rating", "type of material", "lc classification", "dewey class no", "other system no", "lccn",
        "content type", "media type", "carrier type", "bibliography", "responsibility",
        "barcode", "barkod", "due date", "iade tarihi", "current library", "home library", "gecerli kutuphane",
        "ev kutuphanesi", "collection", "koleksiyon", "original title", "ozgun baslik", "orijinal baslik",
        "izvorni naslov", "originalo antraste", "loc siniflama", "katkida bulunan(lar)", "katkida bulunanlar",
        "orijinal dil", "temos", "aprasas", "sifra", "inventarni broj", "item status", "copy", "nusha",
        "egzempliorius", "egzemplioriai", "primjerak", "primjerci", "call no", "shelfmark",
        "dil", "konu", "konular", "konu basliklari", "tekduzen baslik", "seri adi", "basim yeri ve tarihi",
        "eser turu", "fiziksel tanimlama", "fiziksel tanim", "notlar", "not", "seri",
        "yer numarasi", "demirbas", "bulundugu yer", "durum", "ozet", "icerik",
        "jezik", "predmet", "jedinstveni naslov", "nakladnicka cjelina", "predmetne odrednice", "predmetnice", "nakladnicka cjelina", "materijalni opis",
        "napomena", "napomene", "signatura", "udk", "sadrzaj", "lokacija", "dostupnost", "status primjerka",
        "kalba", "dalykas", "unifikuota antraste", "serijos antraste", "dalykai", "apimtis", "fizinis aprasas", "pastabos", "serija", "saugojimo vieta",
        "turinys", "anotacija", "prieinamumas", "vieta bibliotekoje", "fizinis apibudinimas")
# the co-authors a catalogue lists apart ('Other authors: Helm, Richard. | Johnson, Ralph.'), among whom it also
# names translators and editors by their role ('Sonnenfeld, Viktor D. [prevoditelj]'): these are left out
_labels("other_authors", "other authors", "added author", "ek yazar", "diger yazarlar", "ortak yazar", "ostali autori",
        "kiti autoriai")
_labels("place", "place", "place of publication", "city", "basim yeri", "yayin yeri", "sehir",
        "mjesto", "mjesto izdanja", "leidimo vieta", "vieta", "miestas")
_labels("year",
        "year", "date", "publication year", "year of publication", "yil", "yayin yili",
        "basim yili", "tarih", "godina", "godina izdanja", "god", "metai", "leidimo metai",
        "isleidimo metai", "data")
_labels("volume",
        "volume", "vol", "vol.", "cilt", "godiste", "svezak", "volumen", "vol", "tomas", "t", "t.")
_labels("issue",
        "issue", "number", "no", "no.", "nr", "nr.", "num", "sayi", "broj", "br", "br.", "numeris",
        "nr")
_labels("pages",
        "pages", "page", "pp", "pp.", "page range", "sayfa", "sayfalar", "sayfa araligi", "sayfa no",
        "ss", "s", "stranice", "stranica", "str", "str.", "puslapiai", "puslapis", "psl", "psl.")
_labels("edition", "edition", "ed", "ed.", "baski", "basim", "izdanje", "leidimas")
_labels("isbn", "isbn", "isbn-10", "isbn-13", "isbn10", "isbn13", "isbn no", "isbn numarasi", "isbn broj")
_labels("issn", "issn", "e-issn", "eissn", "issn no")
_labels("doi", "doi", "doi number", "doi no", "doi broj")
_labels("type", "type", "material", "document type", "tur", "materyal", "materyal turu", "item type", "vrsta", "vrsta grade",
        "tip", "tipas", "dokumento tipas")
_labels("editors", "editor", "editors", "ed(s)", "eds", "editor", "editor(ler)", "editorler",
        "urednik", "urednici", "urednica", "redaktorius", "redaktoriai", "sudarytojas")

# Labels of the catalogue displays patrons copy from (Alma/Primo, Koha, Aleph, CROLIST, LIBIS, Yordam, WorldCat,
# Hrčak, CROSBI), in the four languages
_labels("authors", "main author", "personal name", "author/creator", "creator/contributor", "authors/creators",
        "main entry", "sorumluluk", "yazar/editor", "yazar bilgisi", "yazarlar/editorler", "glavni autor",
        "osobni autor", "autor/urednik", "pagrindinis autorius", "autorius/sudarytojas", "asmenvardis",
        "autorius(-e)", "author/editor")
_labels("title", "main title", "title statement", "title and statement of responsibility", "title/author", "title / author",
        "uniform title of the work", "naslov i odgovornost", "naslov i podnaslov", "stvarni naslov",
        "glavni stvarni naslov", "naslov/odgovornost", "eser adi/sorumluluk", "eser adi / sorumluluk",
        "baslik/sorumluluk", "baslik / sorumluluk", "baslik bilgisi", "antraste ir atsakomybes duomenys",
        "antraste/atsakomybe", "antraste / atsakomybe", "pagrindine antraste")
_labels("container", "is part of", "part of", "source title", "host item", "in journal", "sadrzano u",
        "objavljeno u", "izvornik", "naslov izvora", "yayinlandigi dergi", "yayinlandigi yer", "kaynak eser",
        "dergi/kitap", "leidinyje", "paskelbta", "saltinio antraste", "journal/book")
_labels("publisher", "publisher name", "yayinlayan", "yayin kurulusu", "izdavac/nakladnik", "leidejas/leidykla")
_labels("imprint", "published/created", "publication/distribution", "publication, distribution, etc",
        "production/publication", "izdavanje", "izdavacki podaci", "mjesto, izdavac, godina", "isleista",
        "leidimo vieta, leidejas, metai", "yayin yeri, yayinevi, tarih", "yayin yeri/yayinevi/tarih")
_labels("year", "creation date", "date of publication", "publication date", "date published", "published date",
        "yayin tarihi", "yayim tarihi", "basim tarihi", "yayin yili", "datum izdavanja", "godina objavljivanja",
        "isleidimo data", "leidimo data", "isleidimo metai", "publication year")
_labels("edition", "edition statement", "baski bilgisi", "izdanje (oznaka)", "leidimo zyma")
_labels("pages", "page numbers", "page(s)", "sayfa sayisi", "sayfa numaralari", "raspon stranica",
        "stranice od-do", "puslapiu intervalas")
_labels("volume", "tom", "sv", "sv.", "volumen/godiste", "tomas/numeris")
_labels("issue", "nr./issue", "numara", "sayi no")
_labels("ignore", "material type", "format/description", "physical desc", "physical desc.", "physical descr",
        "extent/format", "resource type", "type of resource", "bibliography", "biljeska", "biljeske",
        "bibliografija", "sazetak", "kljucne rijeci", "anahtar kelimeler", "anahtar sozcukler", "raktazodziai",
        "santrauka", "nakladnicka cjelina (serija)", "bibliografine nuoroda", "klasifikacija", "classification",
        "dewey", "lcc", "oclc", "record number", "barcode", "kayit no", "demirbas no", "inventarni broj",
        "inventorinis numeris", "bibliografinis irasas", "hedefe yonelik", "kutuphane", "library", "knjiznica",
        "biblioteka", "copies", "nusha", "primjerci", "egzemplioriai", "online access", "full text", "tam metin",
        "cijeli tekst", "visas tekstas", "source of description", "additional information", "keywords", "subject headings",
        "audience", "target audience", "dil kodu", "jezik teksta", "originalo kalba", "original language",
        # the row-number column of a table (tables.py)
        "sira", "sira no", "rb", "r.b", "r. br", "redni broj", "eil. nr", "eil nr", "#", "item", "ref")

# ---------------------------------------------------------------- intent keywords (folded stems)
INTENT_WORDS: dict[str, list[str]] = {
    "renew": [
        r"renew", r"renw", r"extend\b", r"extension", r"more time",
        # "biraz daha süre alabilir miyim", "još malo vremena", "daugiau laiko"
        r"(?:biraz )?daha (?:fazla )?sure\b", r"ek sure", r"jos (?:malo )?vremena", r"vise vremena",
        r"daugiau laiko", r"for longer\b",
        r"prolong", r"keep .{0,40}longer", r"daha uzun (?:sure|tut)", r"dulje (?:zadrz|imati)", r"ilgiau (?:pasilik|laik)",
        r"uzat", r"sure(?:sini|yi)? uzat", r"yenile", r"iade (?:suresi|tarihi)(?:ni)? uzat",
        r"produz", r"produljen", r"produlj", r"prolongac",
        r"prates", r"pratest", r"prailgin", r"pratesim",
    ],
    "fines": [
        r"fines\b", r"my fine\b", r"fine (?:do|i|for)\b", r"overdue (?:fee|charge)", r"late fee",
        r"how much (?:do )?i owe", r"\bowe\b", r"penalt", r"outstanding (?:balance|amount)", r"my balance",
        # the word for a fine, not the law's word for "criminal" or "obligations" (Ceza Hukuku, Borçlar Hukuku,
        # Kazneno pravo, Baudžiamoji teisė are books patrons ask for)
        r"ceza(?!\w* (?:hukuk|muhakeme|kanun|usul|adalet))", r"borc(?!lar hukuk)", r"gecikme (?:bedeli|ucreti)",
        r"zakasnin", r"kazn(?:a|e|u|i|om)\b", r"duguj", r"dugovan", r"koliko (?:moram )?platiti",
        r"delspinig", r"baud(?:a|os|u|ai|as|ų|q)\b", r"skol(?:a|os|u|ai|ingas|inga)\b", r"nesumoket",
        r"mokest(?!\w* teis)",
        # "is there anything outstanding on my account", "kütüphaneye ne kadar ödemem gerekiyor",
        # "jesam li vam nešto dužan", "kiek turiu sumokėti už vėlavimą"
        r"(?:anything|something|money) (?:outstanding|owing|due)", r"outstanding on my", r"unpaid",
        r"how much (?:do )?i (?:need|have) to pay", r"do i (?:have to|need to) pay",
        r"odenmemis", r"ne kadar (?:odemem|odeme|odeyecek|para)", r"odemem gereken", r"odemem gerek",
        r"duzan\b", r"duzna\b", r"nepodmiren", r"podmirit", r"koliko (?:trebam|moram) (?:platiti|uplatiti)",
        r"kiek .{0,20}(?:su)?moket", r"ar (?:turiu|reikia) (?:ka )?(?:su)?moket", r"ar esu skoling",
    ],
    "status": [
        r"status", r"where is my", r"any news", r"update on", r"has (?:it|my \w+) (?:arrived|been)",
        r"what happened", r"progress", r"when will (?:it|my|the book)", r"any update", r"news (?:on|about)",
        r"durum", r"ne oldu", r"ne asamada", r"haber", r"geldi mi", r"ulasti mi", r"akibet",
        r"stanje", r"gdje je", r"sto je s", r"sta je s", r"ima li (?:kakvih )?novost", r"novost",
        r"je li (?:stigl|stigao|stigla)", r"kada ce (?:stici|biti)",
        r"busen", r"kur (?:yra|dingo)", r"kas naujo", r"ar jau", r"atkeliav", r"kada gausiu",
        r"statusas", r"kokia .{0,20}busena", r"naujien",
        # typed in haste: "whats teh staus of ILL-9", "di je moja narudžba ILL-2"
        r"staus", r"stauts", r"statsu", r"satus", r"sttus", r"statuss", r"di je\b",
    ],
    "loans": [
        r"my loans", r"what (?:books )?(?:do )?i (?:have|currently have)", r"borrowed (?:books|items)",
        r"checked out", r"on loan", r"list of (?:my )?(?:books|loans)", r"due dates?", r"(?:current|active) loans",
        r"what (?:have|did) i borrow",
        r"books i have", r"when (?:is|are|r) (?:my|the) .{0,30}due", r"my (?:books|loans|items) (?:are )?due",
        r"odunc aldig", r"uzerimde", r"iade tarih", r"hangi kitap", r"kitaplarim", r"odunclerim",
        r"odunc (?:listem|durumum)",
        r"moje posudbe", r"koje knjige", r"posudene knjige", r"posudjene knjige", r"rok (?:za )?vracanj",
        r"zaduzen", r"sto imam posud", r"koliko knjiga imam", r"moja zaduzenja",
        r"pasiskolint", r"paimt\w* knyg", r"kokias knygas", r"grazinimo termin", r"mano knygos",
        r"turimos knygos", r"skolinuosi", r"kada grazinti", r"kada (?:turiu|reikia|privalau) grazinti",
        r"kada (?:moram|trebam|treba) vratiti", r"do kada (?:moram|trebam)", r"ne zaman iade", r"when (?:do|must|should) i return",
        # "which books are currently out on my card", "kokius leidinius turiu paėmusi"
        r"(?:out|checked out|borrowed|issued) (?:on|to|under) my (?:card|account|name)",
        r"which (?:books|items) (?:are|do i|have i)", r"what (?:books|items) (?:are|do i|have i)",
        r"kokius (?:leidinius|knygas)", r"kokias (?:knygas|leidinius)", r"(?:pa|pasi)em(?:es|usi|iau)\b",
        r"kitaplari(?:m)? neler", r"hangi kitaplar", r"koje (?:sve )?(?:knjige|jedinice)", r"sto (?:sve )?imam (?:posud|kod sebe)",
    ],
    "help": [
        r"help", r"how (?:do|can) i", r"what can you do", r"commands?\b", r"instructions",
        r"yardim", r"nasil (?:yapabilirim|yaparim|kullan)", r"komut",
        r"pomoc", r"kako (?:mogu|da)", r"upute", r"naredb",
        r"pagalb", r"kaip (?:galiu|man)", r"instrukcij", r"komand",
        # "what kinds of things can I ask you", "ne yapabilirsin", "što sve možeš", "ką gali"
        r"what (?:kinds? of |sort of )?(?:things|questions) can i", r"what can i ask", r"what (?:do|can) you (?:do|offer)",
        r"what are you able", r"how does this (?:work|service)",
        r"ne(?:ler)? yapabilir(?:sin|siniz)", r"neler (?:sorabilirim|yapabilirim)", r"ne ise yar",
        r"sto (?:sve )?(?:mozes|mozete|znas|umijes)", r"cemu sluzi", r"sta (?:sve )?(?:mozes|mozete|znas)",
        r"ka (?:tu )?(?:gali|galite|moki|mokate|sugebi)\b", r"ka (?:galiu|galima) (?:paklausti|klausti|daryti)",
    ],
    # a patron cancelling a request of theirs ("cancel ILL-7", "ILL-7 talebimi iptal edin", "otkažite ILL-7",
    # "atšaukite ILL-7")
    "cancel": [
        r"cancel", r"withdraw (?:my|the|it)", r"no longer need", r"iptal", r"vazgec", r"otkaz", r"ponisti",
        r"odustaj", r"atsauk", r"nebereikia",
    ],
    # a loaned item lost or damaged: a librarian answers (the lender's charge, a replacement)
    "lost": [
        r"(?:i )?lost (?:the|my|it|a|an|ill)", r"(?:i|we|i'?ve|we'?ve|have|has) lost\b",
        r"(?:is|was|got|been) damaged", r"damaged", r"kaybett", r"kaybold",
        r"kayboldu", r"hasar (?:gordu|gormus)", r"zarar gordu", r"izgubi", r"ostecen", r"unisten", r"pamec",
        r"pamest", r"sugadin", r"sugadint",
    ],
    # a hold (reservation) on an item that is out
    "hold": [
        r"(?:put|place) (?:a )?hold", r"hold (?:it|this|that|the book|for me)", r"reserve", r"reservation",
        r"ayirt", r"rezerv", r"ayir(?:abilir|in|mak)", r"rezervir", r"rezervaci", r"rezervuo", r"rezervac",
        r"rezervuot",
    ],
    # words that name the interlibrary-loan service itself, also by the abbreviations libraries use in their own
    # letters: KÖH (Kütüphanelerarası Ödünç Hizmeti), MKP (međuknjižnična posudba), TBA (tarpbibliotekinis
    # abonementas), ILL
    "ill_request": [
        r"interlibrary", r"inter-library", r"inter library", r"ill request", r"ill\b", r"document delivery",
        r"kutuphanelerarasi", r"kutuphaneler arasi", r"koh\b", r"meduknjiznic", r"medjuknjiznic", r"meduknjizn",
        r"mkp\b", r"tarpbibliotek", r"tba\b",
    ],
}
# Asking for a hold in so many words: with a work's full details too, "… kitabını ayırtmak istiyorum" asks to
# reserve the library's own copy, not for an interlibrary loan (unless the message names that service).
HOLD_REQUESTS = [
    r"(?:please |could you |can you |would you |i'?d like to |i would like to |i want to )(?:put a hold on|reserve)",
    r"ayirt(?:mak ist|ir mi|abilir|in\b|iniz\b)", r"rezerv(?:e etmek|asyon yap)",
    r"rezervirajte", r"rezervirati", r"rezervirate", r"rezervuokite", r"rezervuoti", r"norec\w* rezerv",
]
# A loss said in the first person ("I lost …", "kaybettim", "izgubila sam", "pamečiau"): looked for in the whole
# message, also inside what the bibliographic reader took for a title ("… Klasik Çağ kitabını otobüste kaybettim
# galiba" read as one title); no title is worded so.
LOSS_IN_OWN_WORDS = [
    r"i(?: think i| may have| might have| have|'ve)? lost\b", r"we(?: have|'ve)? lost\b",
    r"kaybet(?:tim|tik|mis(?:im|iz))\b", r"kayboldu\b",
    r"izgubi(?:o|la|li) sam\b", r"izgubili smo\b", r"sam izgubi(?:o|la)\b",
    r"pameciau\b", r"pameteme\b", r"pamesiau\b",
]
# A message that only thanks (and greets, and signs): answered "you're welcome", never a librarian's task.
THANKS_STEMS = r"(?:thank|thx|\bty\b|tesekkur|sagol|eyvallah|hvala|zahvalj|aciu|dekoj|dekui)"
THANKS_WORDS = set("""thanks thank you very much so a lot many thx ty tesekkur tesekkurler ederim ederiz cok
    sagol sagolun eyvallah iyi calismalar gunler dilerim hvala puno lijepa lijepo vam ti zahvaljujem najljepsa
    aciu labai dekoju dekui didelis nuosirdziai ok okay great perfect super kind regards best wishes and have
    nice good day pozdrav pozdravi lijep lp pagarbiai saygilarimla selamlar sevgiler geros dienos for your help
    yardiminiz icin na pomoci uz pagalba hi hello dear merhaba bok sveiki labas again tekrar jos karta""".split())

# Words that say "get me this work": enough, with a quoted title, to make a request.
REQUEST_VERBS = [
    r"obtain", r"order (?:this|the|a|it|them|these|for me)", r"borrow", r"request", r"get (?:me|hold of|a copy)",
    r"copy of", r"i (?:would like|need|am looking|want)", r"looking for", r"could you (?:please )?(?:get|find|order)",
    r"odunc", r"talep", r"istiyorum", r"temin", r"siparis", r"getirt", r"ihtiyacim", r"rica ediyorum",
    r"bulabilir", r"isteyebilir",
    r"posudb", r"posudit", r"nabav", r"naruc", r"trebam", r"trebao bih", r"trebala bih", r"potreb", r"zelio bih",
    r"zeljela bih", r"molim",
    r"uzsak", r"gauti", r"reikia", r"reiketu", r"noreciau", r"prasyciau", r"prasau", r"kopij",
]

# Staff replies: the word that opens the reply decides.
APPROVE_WORDS = [
    r"approve", r"approved", r"ok\b", r"okay", r"yes\b", r"accept", r"confirm", r"go ahead", r"agreed",
    r"onay", r"tamam", r"kabul", r"evet", r"uygun",
    r"odobr", r"u redu", r"prihvac", r"slazem", r"moze\b", r"da\b",
    r"patvirtin", r"tvirtinu", r"gerai", r"sutinku", r"taip\b",
]
REJECT_WORDS = [
    r"reject", r"decline", r"denied", r"deny", r"refuse", r"not approved", r"no\b",
    r"red\b", r"reddet", r"reddedil", r"ret\b", r"onaylanmadi", r"onaylamiyorum", r"hayir",
    r"odbij", r"odbacen", r"odbaci", r"ne odobr", r"nije odobr", r"ne\b",
    r"atmest", r"atmet", r"atmesta", r"nepatvirtin", r"atsisak", r"ne\b",
]

# ---------------------------------------------------------------- language cues
# Frequent short words and greetings, folded. Words shared between two of the languages are left out.
LANGUAGE_WORDS: dict[str, set[str]] = {
    "tr": set("""merhaba selam selamlar sayin hocam tesekkur tesekkurler tesekkurederim sagolun
        saygilarimla iyi gunler calismalar lutfen rica ederim istiyorum kitap kitabi kitabin kitabim
        icin bir ve bu ile olan olarak var yok  mu misiniz musunuz nasil ne kadar kutuphane
        kutuphanesi talep talebi odunc ediyorum edebilir miyim bana benim beni makale dergi
        yazar yil sayi cilt hakkinda acaba gerekiyor lazim simdi zaman iade ederim""".split()),
    "hr": set("""postovani postovana dobar dan bok pozdrav lijep lijepi srdacan srdacno hvala molim
        mozete mozete li knjigu knjige knjiga za sam smo je li sto kako gdje koji koja koje trebam
        bih biste vas vam  moj moja moje posudbu posudba posudbe produzenje knjiznica knjiznice
        unaprijed zahvaljujem clanak casopis godina naslov nakladnik autor rok jos vec takoder
        ili nije imam ima""".split()),
    "lt": set("""laba diena sveiki labas sveikas aciu dekoju pagarbiai prasau noreciau galetumete
        galite knyga knygos knyga knygu straipsnis straipsnio kopija kopijos ir yra  kaip mano
          jus jusu del kur ar jau dar biblioteka bibliotekos uzsakymas uzsakyti
        pratesti metai zurnalas autorius pavadinimas leidykla sio siuo turiu nesumoketu
        kiek tai taip per su""".split()),
    "en": set("""hello hi dear please thanks thank you regards best kind sincerely the and  are
        my  could would should can will this that these those for with from have has had which
        what where when how book books article journal request library loan need like get
        obtain yet already any many much our your their it its was were been""".split()),
}

# Letters that by themselves point to one language (ć, đ are Croatian, not Lithuanian).
STRONG_LETTERS = {"tr": "ıİşŞğĞ", "hr": "ćĆđĐ", "lt": "ąĄęĘėĖįĮųŲūŪ"}
WEAK_LETTERS = {"tr": "öÖüÜçÇ", "hr": "čČšŠžŽ", "lt": "čČšŠžŽ"}

# ---------------------------------------------------------------- reply and signature markers
# "On Mon, 2 Nov 2026, X wrote:" and its translations; matched on folded lines.
ATTRIBUTION_PATTERNS = [
    r"^on .{0,200}wrote:\s*$", r".{0,200}\bwrote:\s*$", r".{0,200}\byazdi:\s*$",
    r".{0,200}\bje napisao:\s*$", r".{0,200}\bje napisala:\s*$", r".{0,200}\bnapisa[ol]a? je:\s*$",
    r".{0,200}\bje napisa[ol]a?\b.{0,40}:\s*$", r".{0,200}\b(?:para)?rase:\s*$",
    r".{0,200}\bschrieb\b.{0,40}:\s*$",
]
ORIGINAL_MESSAGE_MARKERS = [
    r"^-{2,}\s*(?:original message|orijinal mesaj|ozgun mesaj|izvorna poruka|originalna poruka|"
    r"pradinis laiskas|originalus laiskas)\s*-{2,}\s*$",
    r"^_{10,}\s*$",
]
# A forwarded message: the patron sends it on because of what it says (a reading list, a citation), so its
# body is kept; only the marker and the header block under it are dropped.
FORWARD_MARKERS = [
    r"^-{2,}\s*(?:forwarded message|iletilen mesaj|yonlendirilen (?:ileti|mesaj)|proslijedena poruka|"
    r"prosljedena poruka|persiustas laiskas|persiunciamas laiskas)\s*-{2,}\s*$",
    r"^begin forwarded message:\s*$",
]
# The header block an Outlook-style reply quotes the original with.
QUOTED_HEADER_FIRST = r"^(?:from|kimden|gonderen|od|salje|nuo|siuntejas):\s"
QUOTED_HEADER_NEXT = r"^(?:sent|date|to|subject|tarih|gonderildi|kime|konu|poslano|datum|za|prima|predmet|tema|" \
                     r"issiusta|data|kam|tema):\s"
MOBILE_FOOTERS = [
    r"^sent from my ", r"^get outlook for", r"iphone'?(?:umdan|imdan|dan) gonderildi", r"^poslano s(?:a)? (?:mog|moga)",
    r"^issiusta is ", r"^android'?(?:den|dan) gonderildi", r"^sent from (?:mail|outlook)",
]
# Short closing lines after which only a name/affiliation follows.
VALEDICTION_PHRASES = [
    "thanks", "thank you", "many thanks", "thanks a lot", "thank you very much", "thank you in advance",
    "best regards", "kind regards", "regards", "best wishes", "best", "sincerely", "yours sincerely",
    "cheers", "all the best", "with thanks", "warm regards",
    "tesekkurler", "tesekkur ederim", "saygilarimla", "iyi calismalar", "iyi gunler", "sevgiler", "saygilar",
    "selamlar", "simdiden tesekkurler", "tesekkurler simdiden",
    "hvala", "hvala vam", "hvala unaprijed", "unaprijed hvala", "lijep pozdrav", "lijepi pozdrav",
    "srdacan pozdrav", "srdacno", "s postovanjem", "pozdrav", "pozdravi", "unaprijed zahvaljujem",
    "aciu", "labai aciu", "is anksto aciu", "dekoju", "pagarbiai", "su pagarba", "geros dienos", "linkejimai",
    "thanks so much", "thanks in advance", "many thanks in advance", "thank you so much", "all best", "best wishes",
    "yardiminiz icin tesekkurler", "yardiminiz icin tesekkur ederim", "simdiden cok tesekkur ederim", "kolay gelsin",
    "iyi calismalar dilerim", "cok tesekkurler", "hvala puno", "hvala lijepa", "hvala i lijep pozdrav",
    "unaprijed hvala na pomoci", "lp", "is anksto dekoju", "nuosirdziai dekoju", "labai dekoju", "aciu labai",
]

# ---------------------------------------------------------------- bibliographic words
# A work the patron says they have already or do not need ("Kafadar'ın kitabı bende var, o lazım değil", "I have X
# already", "već imam", "jau turiu"): named, not requested (folded: lower case, no diacritics)
ALREADY_HAD = [
    r"\balready have\b", r"\bhave (?!been\b)(?:got )?(?:it|them|that one|this one|[^.,;]{3,80}?) already\b",
    r"\b(?:do not|don't|dont) need\b", r"\bno need for\b", r"\bplease (?:disregard|ignore)\b",
    r"\bbende (?:zaten )?var\b", r"\belimde (?:zaten )?var\b", r"\bzaten (?:bende|elimde) var\b",
    r"\blazim degil\b", r"\bgerek yok\b", r"\bihtiyacim yok\b",
    r"\bvec imam\b", r"\bimam vec\b", r"\bne trebam\b", r"\bnije mi potreb", r"\bne treba mi\b",
    r"\bjau turiu\b", r"\bturiu jau\b", r"\bnereikia\b", r"\bnebereikia\b",
]
THESIS_WORDS = [
    r"thesis", r"dissertation", r"ph\.? ?d\b", r"doctoral", r"master'?s thesis",
    r"\btez\b", r"\btezi\b", r"doktora tezi", r"yuksek lisans tezi",
    r"disertacij", r"doktorski rad", r"magistarski rad", r"diplomski rad", r"zavrsni rad",
    r"magistro darbas", r"bakalauro darbas", r"daktaro disertacija", r"magistrinis darbas",
]
CHAPTER_WORDS = [r"chapter", r"poglavlj", r"bolum", r"skyri"]
# "In: Editor (Ed.), Book" — the word that introduces the containing book.
IN_WORDS = r"(?:in|u|icinde|knygoje|iš|is)"
EDITOR_MARKS = r"\((?:eds?|ed\.|eds\.|hrsg\.?|ur\.?|urs?\.|ed\(s\)|der\.?|haz\.?|sud\.?|red\.?)\)"
PUBLISHER_WORDS = [
    "press", "publish", "verlag", "books", "editions", "edition", "university", "universit", "yayin",
    "yayinlari", "yayinevi", "kitabevi", "naklad", "naklada", "izdava", "leidykla", "leidybos", "routledge",
    "springer", "elsevier", "wiley", "sage", "penguin", "random house", "fraktura", "skolska knjiga",
    "vaga", "baltos lankos", "oxford", "cambridge", "harvard", "mit", "kluwer", "brill", "gruyter",
    "palgrave", "macmillan", "norton", "vintage", "ilet", "iletisim", "can", "timas", "metis", "alfa",
    "profil", "jesenski", "leykam", "durieux", "algoritam", "mokslo", "lituanistik", "academic",
]
ORDINAL_WORDS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7",
    "eighth": "8", "ninth": "9", "tenth": "10",
    "birinci": "1", "ikinci": "2", "ucuncu": "3", "dorduncu": "4", "besinci": "5",
    "prvo": "1", "drugo": "2", "trece": "3", "cetvrto": "4", "peto": "5",
    "pirmasis": "1", "antrasis": "2", "treciasis": "3", "ketvirtasis": "4", "penktasis": "5",
    "pirmas": "1", "antras": "2", "trecias": "3",
}
