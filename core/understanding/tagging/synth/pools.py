"""Word pools for synthetic works: names, title words, journals, publishers and their places, per language.

The works are invented (the tagger learns where a title or a publisher stands, not which ones exist), but their
parts are real words of each language, so that capitalisation, diacritics and word endings look as they do in a
patron's mail.
"""
from __future__ import annotations

FAMILY = {
    "tr": """Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara
        Koç Kurt Özkan Şimşek Polat Korkmaz Karaca Erdoğan Ortaylı İnalcık Karpat Berkes Mardin Timur Kafadar
        Tanpınar Ülken Göçek Keyder Tekeli Akşin Kongar Erünsal Köprülü Halaçoğlu Ocak Kuran Pamuk Somel
        Toprak Zürcher Kıray Baykara Güven Akarlı Ahmad Dursun Emiroğlu Faroqhi Sarıkaya Ünal Uçar Eren""",
    "hr": """Horvat Kovačević Babić Marić Jurić Novak Kovačić Knežević Vuković Marković Petrović Matić Tomić Pavlović
        Krleža Andrić Ujević Matoš Marulić Šenoa Kranjčević Ugrešić Drakulić Slamnig Marinković Desnica Katičić
        Klaić Goldstein Budak Raukar Jakovljević Mihaljević Frangeš Ivančević Biletić Pranjić Barac Žmegač
        Kravar Bošković Jelčić Solar Šicel Brešić Fališevac Mardešić Petrač Paljetak Vidović Lasić Zima""",
    "lt": """Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas Urbonas
        Kavaliauskas Zinkevičius Gimbutienė Donelaitis Mažvydas Jablonskis Basanavičius Maironis Kudirka
        Sruoga Vaižgantas Greimas Baranauskas Kreivėnas Šapoka Ivinskis Kiaupa Bumblauskas Gudavičius Girdenis
        Ambrazas Palionis Dambrauskaitė Valančius Sabaliauskas Savukynas Kavolis Vaitkevičiūtė Jurkutė
        Rowell Kiaupienė Venclova Kubilius Daujotytė Martinaitis Jonynas Aleksandravičius Misiūnas Truska""",
    "en": """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin
        Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson
        Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris
        Kuhn Geertz Bourdieu Foucault Habermas Giddens Anderson Hobsbawm Said Butler Latour Weber Durkheim
        Chomsky Pinker Kahneman Tversky Knuth Cormen Dijkstra Lamport Goffman Berger Luckmann Rawls Sen""",
}
GIVEN = {
    "tr": """Ahmet Mehmet Mustafa Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Emre Can Burak Serkan Ayşe
        Fatma Emine Hatice Zeynep Elif Merve Şükrü Halil Kemal Nazım Orhan Ahmet Hamdi Cemal Şerif Niyazi İlber
        Kemal Suraiya Fikret Ziya""",
    "hr": """Ivan Marko Josip Stjepan Tomislav Ante Luka Petar Nikola Miroslav Tin Antun Gustav August Vladimir
        Ana Marija Ivana Dubravka Slavenka Ivo Radoslav Ranko Neven Vlado Zdenko Mirjana Dunja Krešimir Nada""",
    "lt": """Jonas Petras Antanas Kazimieras Vytautas Algirdas Juozas Zigmas Marija Ona Rūta Jūratė Vytautas
        Kristijonas Martynas Simonas Vincas Balys Zenonas Egidijus Alfredas Tomas Rimvydas Viktorija Aldona
        Irena Ieva Giedrė Zita Edvardas""",
    "en": """John James Robert Michael William David Richard Joseph Thomas Charles Mary Patricia Jennifer Linda
        Elizabeth Susan Margaret Thomas Clifford Pierre Michel Jürgen Anthony Benedict Eric Edward Judith Bruno
        Max Émile Noam Steven Daniel Amos Donald Thomas Erving Peter John Amartya Christine Paul""",
}

# Pieces of titles: nouns and adjectives that a title in that language is made of, and patterns to join them.
TITLE_WORDS = {
    "tr": {
        "noun": """Tarih Devlet Toplum Kültür Edebiyat Dil Kimlik Modernleşme Siyaset Ekonomi Kent Göç Din Eğitim
            Hukuk Felsefe Sanat Mimari Kadın Aile Nüfus Köy Millet Cumhuriyet İmparatorluk Düşünce Roman Şiir
            Kütüphane Bellek Gelenek Reform Anayasa Bilim""",
        "adj": """Osmanlı Türk Modern Çağdaş Klasik Yeni Erken Geç Anadolu İslam Batı Doğu Toplumsal Siyasal
            Ekonomik Kültürel Tarihsel""",
        "pattern": ["{adj} {noun}", "{adj} {noun} ve {noun}", "{noun} ve {noun}", "{adj} {noun}: {noun} ve {noun}",
                    "{adj} {noun} Tarihi", "{adj} Devleti'nde {noun}", "{noun}in {adj} {noun}u",
                    "{adj} {noun}da {noun}", "{noun} Üzerine", "{adj} {noun}: {adj} Bir {noun}",
                    "{prop} {adj} ve {adj} Tarihi", "{prop} {adj} {noun}", "{prop} {noun} Tarihi"],
        # a proper name in the genitive opens many titles ("Türkiye'nin Sosyal ve Ekonomik Tarihi"): not an author
        "prop": """Türkiye'nin İstanbul'un Anadolu'nun Avrupa'nın Osmanlı_İmparatorluğu'nun Cumhuriyet'in
            Türkiye'de Osmanlı'da Balkanlar'da""",
    },
    "hr": {
        "noun": """Povijest Jezik Književnost Kultura Društvo Država Grad Identitet Povratak Glembajevi Roman Pjesme
            Eseji Rat Mir Sjećanje Obitelj Zemlja More Otok Pripovijest Kazalište Umjetnost Filozofija
            Gramatika Rječnik Pravopis Hrvatska Dalmacija Zagreb Baština""",
        "adj": """Hrvatska Hrvatski Novija Starija Moderna Suvremena Srednjovjekovna Europska Slavenska Mala Velika
            Nova Stara Dubrovačka Primijenjena""",
        "pattern": ["{adj} {noun}", "{noun} i {noun}", "{adj} {noun} i {noun}", "{noun} {noun2}",
                    "{adj} {noun}: {noun} i {noun}", "Povijest {gen}", "O {noun}", "{noun} u {noun}",
                    "{adj} {noun} od {noun} do {noun}"],
    },
    "lt": {
        "noun": """Istorija Kalba Kultūra Visuomenė Valstybė Tauta Literatūra Poezija Kraštas Atmintis Tapatybė
            Mitologija Tradicija Žemė Miestas Metai Dainos Gramatika Tarmės Bažnyčia Mokykla Šeima Knyga
            Lietuva Vilnius Baltai Kunigaikštystė""",
        "adj": """Lietuvių Lietuvos Senosios Naujoji Baltų Lietuviška Šiuolaikinė Tautinė Krikščioniška Kaimo
            Didžioji Modernioji Sovietinė""",
        "pattern": ["{adj} {noun}", "{adj} kalbos {noun}", "{adj} {noun} ir {noun}", "{noun} ir {noun}",
                    "{adj} {noun}: {noun} ir {noun}", "{adj} istorijos {noun}", "{noun} {adj} kultūroje",
                    "{adj} literatūros {noun}"],
    },
    "en": {
        "noun": """History Structure Theory Culture Society State Nation Language Power Knowledge Identity Memory
            Revolution Religion Economy Capital Modernity Empire Networks Learning Algorithms Systems Mind
            Practice Science Interpretation Imagination Communities Order Justice Reason Evolution Data""",
        "adj": """Modern Social Political Cultural Historical Scientific Imagined Invisible Critical Global Early
            Late New Ottoman European Baltic Digital Practical Formal Comparative""",
        "pattern": ["The {adj} {noun}", "{adj} {noun}", "{noun} and {noun}", "The {noun} of {adj} {noun}s",
                    "{adj} {noun}: {noun} and {noun} in {adj} {noun}", "On {noun}", "A Theory of {noun}",
                    "{noun}, {noun}, and {noun}", "The {noun} of {noun}", "{adj} {noun}s: A {adj} Introduction",
                    "{prop} {adj} {noun}", "{prop} {noun}: {adj} {noun}"],
        "prop": "Turkey's Europe's America's Britain's Russia's Lithuania's Croatia's",
    },
}
JOURNALS = {
    "tr": """Türk Kütüphaneciliği|Belleten|Tarih Dergisi|Osmanlı Araştırmaları|Toplum ve Bilim|Türkiyat
        Mecmuası|Bilig|Kebikeç|İnsan ve Toplum|Türk Dili|Sosyoloji Dergisi|Ankara Üniversitesi Dil ve
        Tarih-Coğrafya Fakültesi Dergisi""",
    "hr": """Radovi Zavoda za hrvatsku povijest|Croatica|Filologija|Rasprave|Jezik|Časopis za suvremenu
        povijest|Vjesnik bibliotekara Hrvatske|Društvena istraživanja|Politička misao|Revija za sociologiju|
        Kolo|Forum|Anali Zavoda za povijesne znanosti""",
    "lt": """Baltistica|Lietuvių kalba|Lituanistica|Acta Baltica|Darbai ir dienos|Kalbotyra|Knygotyra|Filosofija.
        Sociologija|Lietuvos istorijos metraštis|Archaeologia Lituana|Medicina|Informacijos mokslai|Tautosakos
        darbai""",
    "en": """Journal of Documentation|American Sociological Review|Nature|Science|Past & Present|Library
        Quarterly|Journal of the American Society for Information Science|Slavic Review|Journal of Baltic
        Studies|International Journal of Middle East Studies|Communications of the ACM|The Lancet|Mind|Econometrica|
        IEEE Transactions on Information Theory|Physical Review Letters|Journal of the American Chemical Society|
        Proceedings of the National Academy of Sciences|IEEE Transactions on Pattern Analysis and Machine
        Intelligence|Journal of Financial Economics|Annals of Mathematics""",
}
PUBLISHERS = {
    "tr": [("İstanbul", "İletişim Yayınları"), ("İstanbul", "Yapı Kredi Yayınları"), ("Ankara", "Türk Tarih Kurumu"),
           ("İstanbul", "Metis Yayınları"), ("İstanbul", "Timaş Yayınları"), ("İstanbul", "Dergâh Yayınları"),
           ("Ankara", "İmge Kitabevi"), ("İstanbul", "Kitap Yayınevi"), ("İstanbul", "Alfa"),
           ("İstanbul", "Tarih Vakfı Yurt Yayınları"), ("Ankara", "Türk Dil Kurumu Yayınları"),
           ("İstanbul", "Remzi Kitabevi"), ("İstanbul", "Can Yayınları"), ("İstanbul", "Ötüken"), ("Ankara", "Dost")],
    "hr": [("Zagreb", "Školska knjiga"), ("Zagreb", "Matica hrvatska"), ("Zagreb", "Naklada Ljevak"),
           ("Zagreb", "Fraktura"), ("Zagreb", "Nakladni zavod Globus"), ("Zagreb", "Profil"),
           ("Zagreb", "Durieux"), ("Split", "Književni krug"), ("Zagreb", "Leykam international"),
           ("Zagreb", "Hrvatska sveučilišna naklada"), ("Zagreb", "Naklada Jesenski i Turk"),
           ("Zagreb", "Zora"), ("Zagreb", "Liber"), ("Zagreb", "Mladost"), ("Zagreb", "Znanje"), ("Zagreb", "Alfa")],
    "lt": [("Vilnius", "Vaga"), ("Vilnius", "Baltos lankos"), ("Vilnius", "Mokslo ir enciklopedijų leidybos centras"),
           ("Vilnius", "Lietuvių literatūros ir tautosakos institutas"), ("Kaunas", "Šviesa"),
           ("Vilnius", "Versus aureus"), ("Vilnius", "Vilniaus universiteto leidykla"), ("Vilnius", "Alma littera"),
           ("Vilnius", "Lietuvos istorijos instituto leidykla"), ("Vilnius", "Mintis"),
           ("Vilnius", "Mokslas"), ("Vilnius", "Vyturys"), ("Vilnius", "Tyto alba"), ("Vilnius", "Aidai")],
    "en": [("Cambridge", "Cambridge University Press"), ("Oxford", "Oxford University Press"),
           ("Chicago", "University of Chicago Press"), ("Cambridge, MA", "MIT Press"), ("London", "Routledge"),
           ("London", "Verso"), ("Princeton", "Princeton University Press"), ("New York", "Basic Books"),
           ("New York", "Penguin"), ("Berlin", "Springer"), ("Leiden", "Brill"), ("Hoboken, NJ", "Wiley"),
           ("London", "Sage"), ("Stanford", "Stanford University Press"), ("New Haven", "Yale University Press"),
           ("New York", "Knopf"), ("London", "Allen Lane"), ("New York", "Harper"), ("London", "Fontana"),
           # imprints with commas and initials, as American publishers are named
           ("New York", "Farrar, Straus and Giroux"), ("New York", "Holt, Rinehart and Winston"),
           ("New York", "W. W. Norton"), ("Englewood Cliffs, NJ", "Prentice Hall"), ("Reading, MA", "Addison-Wesley"),
           ("New York", "McGraw-Hill"), ("Boston", "Little, Brown"), ("New York", "Harcourt, Brace & World"),
           ("London", "Thames and Hudson"), ("Boston", "Beacon Press"), ("New York", "Simon & Schuster"),
           ("Cambridge, MA", "Belknap Press of Harvard University Press"), ("San Diego", "Academic Press")],
}


def words(text: str) -> list[str]:
    return text.split()


def items(text: str) -> list[str]:
    return [" ".join(x.split()) for x in text.split("|")]
