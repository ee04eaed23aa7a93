"""The words around the works: greetings, context, intros before a reference, thanks, signatures (all O)."""
from __future__ import annotations

GREETINGS = {
    "en": ["Dear Sir or Madam,", "Hello,", "Hi,", "Dear colleagues,", "Good morning,", "Dear library team,"],
    "tr": ["Merhaba,", "Sayın Yetkili,", "İyi günler,", "Merhabalar,", "Sayın kütüphane çalışanları,", "Hocam merhaba,"],
    "hr": ["Poštovani,", "Poštovana,", "Dobar dan,", "Pozdrav,", "Bok,", "Poštovani djelatnici knjižnice,"],
    "lt": ["Laba diena,", "Sveiki,", "Gerbiamieji,", "Labas,", "Laba diena, gerbiama bibliotekininke,"],
}
CONTEXT = {
    "en": ["I am a second-year PhD student in the Department of History.",
           "I am writing my master's thesis and our library does not hold the following.",
           "Sorry to bother you again.", "Our library catalogue shows no copy.",
           "I need it for a seminar paper due next month.", "It is not available in any library in the city."],
    "tr": ["Tarih bölümünde yüksek lisans öğrencisiyim.", "Tez çalışmam için aşağıdaki kaynağa ihtiyacım var.",
           "Kütüphanemizde bu kaynak bulunmuyor.", "Rahatsız ettiğim için özür dilerim.",
           "Kataloğunuzda göremedim.", "Seminer ödevim için gerekli."],
    "hr": ["Student sam druge godine doktorskog studija povijesti.", "Pišem diplomski rad i treba mi sljedeće.",
           "Nažalost, naša knjižnica to nema.", "Ispričavam se što opet smetam.",
           "U katalogu nisam našla primjerak.", "Treba mi za seminarski rad."],
    "lt": ["Esu istorijos doktorantas.", "Rašau magistro darbą ir man reikia šio leidinio.",
           "Mūsų bibliotekoje jo nėra.", "Atsiprašau, kad vėl trukdau.", "Kataloge neradau šio leidinio.",
           "Jo reikia seminaro darbui."],
}
INTROS = {
    "en": ["Could you please order the following through interlibrary loan:", "I would like to request:",
           "Please get me this book:", "I need the following article:", "Could you get me a copy of",
           "Here is the reference:", "The items I need are:"],
    "tr": ["Aşağıdaki kitabı kütüphanelerarası ödünç ile talep ediyorum:", "Şu kaynağı rica ediyorum:",
           "Aşağıdaki makaleye ihtiyacım var:", "Kaynak bilgisi şöyle:", "İstediğim eserler:"],
    "hr": ["Molim Vas da mi međuknjižničnom posudbom nabavite:", "Trebam sljedeću knjigu:",
           "Molim kopiju članka:", "Referenca je:", "Trebam sljedeće naslove:"],
    "lt": ["Prašau užsakyti tarpbibliotekiniu abonementu:", "Norėčiau gauti šią knygą:",
           "Man reikia šio straipsnio kopijos:", "Nuoroda:", "Reikalingi leidiniai:"],
}
CLOSINGS = {
    "en": ["Thank you in advance.", "Many thanks for your help!", "Best regards,\nAnna Kowalski",
           "Kind regards,\nDr. Mark Ellis\nDepartment of Sociology\nTel. +44 20 7946 0958"],
    "tr": ["Şimdiden teşekkür ederim.", "Yardımlarınız için teşekkürler.", "Saygılarımla,\nElif Demir",
           "İyi çalışmalar,\nArş. Gör. Mehmet Kaya\nTarih Bölümü\nTel: 0212 555 12 34"],
    "hr": ["Unaprijed hvala.", "Hvala na pomoći!", "Lijep pozdrav,\nIvana Horvat",
           "Srdačan pozdrav,\ndr. sc. Marko Babić\nOdsjek za povijest\ntel. 01 4092 123"],
    "lt": ["Iš anksto dėkoju.", "Ačiū už pagalbą!", "Pagarbiai,\nRūta Kazlauskienė",
           "Su pagarba,\ndoc. dr. Jonas Petrauskas\nIstorijos fakultetas\ntel. +370 5 268 7000"],
}
