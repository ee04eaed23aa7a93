"""One test per rule of the understanding module, named after the rule."""
from core.understanding import NotAnEmail, parse_email, read_email, understand_text
from core.understanding.authors import normalize_author, split_authors
from core.understanding.fields import clean_publisher, edition_of, pages_of
from core.understanding.htmltext import html_to_text
from core.understanding.identifiers import normalize_doi, normalize_isbn, normalize_issn
from core.understanding.language import detect_language

import pytest


def mail(body: bytes, subject=b"Test", ctype=b"text/plain; charset=utf-8", cte=b"8bit", extra=b"") -> bytes:
    return (b"From: Patron <p@example.edu>\r\nTo: library@example.edu\r\nSubject: " + subject + b"\r\n" + extra +
            b"MIME-Version: 1.0\r\nContent-Type: " + ctype + b"\r\nContent-Transfer-Encoding: " + cte + b"\r\n\r\n" + body)


# ------------------------------------------------------------------ identifiers
def test_isbn10_is_converted_to_isbn13():
    assert normalize_isbn("0-262-03384-4") == "9780262033848"


def test_isbn10_with_x_check_digit_is_accepted():
    assert normalize_isbn("0-8044-2957-X") == "9780804429573"


def test_invalid_isbn_checksum_is_dropped():
    assert normalize_isbn("0-262-03384-5") is None
    assert normalize_isbn("9780262033841") is None


def test_invalid_isbn_in_a_citation_is_not_emitted_but_kept_as_written():
    u = understand_text("Please get me this book through interlibrary loan:\n"
                        "Title: Some Book\nAuthor: Jane Doe\nISBN: 0-306-40615-3\n")
    assert u.intent == "ill_request" and u.items[0].isbn is None
    assert u.items[0].isbn_as_written == "0306406153"
    assert u.items[0].to_dict()["isbn_as_written"] == "0306406153"


def test_isbn13_with_a_wrong_check_digit_in_a_reference_is_kept_as_written():
    u = understand_text("Could you order this for me?\n\nEco, U. (1983). The Name of the Rose. "
                        "San Diego: Harcourt. ISBN 978-0-15-144647-7\n")
    assert u.items[0].isbn is None and u.items[0].isbn_as_written == "9780151446477"


def test_a_valid_isbn_leaves_isbn_as_written_empty():
    u = understand_text("Title: Some Book\nAuthor: Jane Doe\nISBN: 0-262-03384-4\n")
    assert u.items[0].isbn == "9780262033848" and u.items[0].isbn_as_written is None


def test_issn_is_validated_and_hyphenated():
    assert normalize_issn("03784371") == "0378-4371"
    assert normalize_issn("0378-4372") is None


def test_doi_from_link_is_lower_case_without_prefix_or_trailing_punctuation():
    assert normalize_doi("see https://doi.org/10.1000/ABC.123).") == "10.1000/abc.123"
    assert normalize_doi("doi: 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0") is not None


# ------------------------------------------------------------------ fields
def test_pages_accept_en_dash_and_page_abbreviations():
    assert pages_of("pp. 211–243") == "211-243"
    assert pages_of("s. 12 - 34") == "12-34"
    assert pages_of("str. 5") == "5"


def test_abbreviated_page_ranges_are_written_out_in_full():
    assert pages_of("345-52") == "345-352"
    assert pages_of("pp. 112–9") == "112-119"
    assert pages_of("1203-05") == "1203-1205"
    assert pages_of("99-101") == "99-101"
    assert pages_of("195-3") == "195-3"         # not an abbreviation anyone writes: left as written


def test_edition_is_the_number_in_every_language():
    assert edition_of("3rd ed.") == "3"
    assert edition_of("2. baskı") == "2"
    assert edition_of("2. izd.") == "2"
    assert edition_of("3-asis leidimas") == "3"
    assert edition_of("second edition") == "2"


def test_publisher_place_is_removed():
    assert clean_publisher("Cambridge, MA: MIT Press, 2015.") == "MIT Press"
    assert clean_publisher("İstanbul: Timaş Yayınları") == "Timaş Yayınları"
    assert clean_publisher("Farrar, Straus and Giroux") == "Farrar, Straus and Giroux"


# ------------------------------------------------------------------ authors
def test_given_family_is_turned_into_family_given():
    assert normalize_author("Dubravka Ugrešić") == "Ugrešić, Dubravka"
    assert normalize_author("İsmail E. Erünsal") == "Erünsal, İsmail E."


def test_family_initials_are_kept_as_written():
    assert normalize_author("Cormen, T. H.") == "Cormen, T. H."


def test_author_lists_split_on_commas_ampersand_and_conjunctions():
    assert split_authors("Cormen, T. H., Leiserson, C. E., & Stein, C.") == [
        "Cormen, T. H.", "Leiserson, C. E.", "Stein, C."]
    assert [a.split(",")[0] for a in split_authors("Ana Marić i Ivan Perić")] == ["Marić", "Perić"]
    assert [a.split(",")[0] for a in split_authors("Ahmet Yıldız ve Elif Şahin")] == ["Yıldız", "Şahin"]
    assert [a.split(",")[0] for a in split_authors("Jonas Jonaitis ir Petras Petraitis")] == ["Jonaitis", "Petraitis"]


def test_vancouver_names_get_initials():
    assert split_authors("Smith JA, Jones K") == ["Smith, J. A.", "Jones, K."]


# ------------------------------------------------------------------ language
@pytest.mark.parametrize("text,lang", [
    ("Merhaba, kitabı uzatabilir misiniz?", "tr"),
    ("Merhaba, kitabi uzatabilir misiniz?", "tr"),
    ("Poštovani, molim produženje. Hvala", "hr"),
    ("Postovani, molim produzenje. Hvala", "hr"),
    ("Laba diena, prašau pratęsti. Ačiū", "lt"),
    ("Laba diena, prasau pratesti. Aciu", "lt"),
    ("Hi, please renew my books. Thanks", "en"),
])
def test_language_is_right_even_for_two_line_messages(text, lang):
    assert detect_language(text) == lang


def test_c_acute_and_d_stroke_mean_croatian_not_lithuanian():
    assert detect_language("Što je s mojom knjigom? Hvala, Đurđa Matić") == "hr"


def test_english_citation_in_turkish_mail_is_still_turkish():
    u = understand_text("Merhaba,\nşu kitabı istiyorum:\n"
                        "Pinker, S. (2011). The Better Angels of Our Nature: Why Violence Has Declined. Viking.\n")
    assert u.language == "tr" and u.intent == "ill_request"


# ------------------------------------------------------------------ intent
@pytest.mark.parametrize("text,intent", [
    ("Molim vas da mi produžite posudbu.", "renew"),
    ("Ar galite pratęsti mano knygas?", "renew"),
    ("Kitabımı uzatmak istiyorum.", "renew"),
    ("How much do I owe in fines?", "fines"),
    ("Kiek turiu delspinigių?", "fines"),
    ("Borcum ne kadar?", "fines"),
    ("Which books do I have checked out?", "loans"),
    ("Trebam pomoć, kako mogu koristiti ovu uslugu?", "help"),
    ("Nice weather today.", "unknown"),
])
def test_patron_intents_in_four_languages(text, intent):
    assert understand_text(text).intent == intent


def test_staff_approve_words_in_four_languages():
    for word in ("approve", "ONAYLA", "odobri", "Odobreno.", "patvirtinti", "OK"):
        assert understand_text(word, subject="Re: [ILL-3] New request").intent == "approve", word


def test_reject_reason_is_the_text_after_the_word_and_separator():
    cases = {"reject: out of print": "out of print", "RED: gerekçe burada": "gerekçe burada",
             "odbij: nema u fondu": "nema u fondu", "atmesti - nėra fonde": "nėra fonde"}
    for text, reason in cases.items():
        u = understand_text(text, subject="Re: [ILL-9] x")
        assert (u.intent, u.reason, u.request) == ("reject", reason, "ILL-9"), text


def test_reject_reason_is_kept_whole_up_to_the_closing():
    u = understand_text("Reject: out of print. We tried three lenders.\nRegards")
    assert u.reason == "out of print. We tried three lenders."


def test_reject_reason_keeps_the_lines_that_continue_it():
    text = ("RED: Eser yurt içindeki hiçbir kütüphanede bulunamadı.\nYurt dışından istenebilir, ancak 5 € "
            "ücreti vardır; isterseniz bize yazın.\n\nSaygılarımla,\nAyşe")
    u = understand_text(text, subject="Re: [ILL-3] Yeni talep")
    assert u.reason == ("Eser yurt içindeki hiçbir kütüphanede bulunamadı.\nYurt dışından istenebilir, ancak 5 € "
                        "ücreti vardır; isterseniz bize yazın.")


def test_a_reason_on_the_line_after_the_decision_word_is_taken_whole():
    u = understand_text("Rejected.\n\nThe lender does not lend theses.\nA copy of chapter 2 is possible.\n\nBest,\nAna",
                        subject="Re: [ILL-75] x")
    assert u.reason == "The lender does not lend theses.\nA copy of chapter 2 is possible."


def test_request_reference_is_normalised_to_upper_case():
    for text in ("status of ill-7?", "where is ILL 7?", "#ILL-7 any news?", "[ill_7] status?"):
        assert understand_text(text).request == "ILL-7", text


def test_request_reference_comes_from_subject_when_body_has_none():
    assert understand_text("ONAYLA", subject="Re: [ILL-12] Yeni talep").request == "ILL-12"


def test_patron_asking_about_a_named_request_is_status():
    assert understand_text("Has ILL-4 been shipped yet?").intent == "status"


def test_ok_inside_a_patron_sentence_is_not_an_approval():
    assert understand_text("Is it ok if I return the book late? I need more time.").intent == "renew"


def test_items_are_empty_for_non_ill_intents():
    u = understand_text("Please renew: Title: Some Book\nAuthor: Jane Doe")
    assert u.intent == "renew" and u.items == []


# ------------------------------------------------------------------ citations
def test_several_works_give_one_item_each():
    u = understand_text("Please obtain via ILL:\n1. Eco, U. (1983). The name of the rose. Harcourt.\n"
                        "2. Calvino, I. (1981). If on a winter's night a traveler. Harcourt.\n")
    assert [w.title for w in u.items] == ["The name of the rose", "If on a winter's night a traveler"]


def test_journal_article_is_an_article_with_volume_issue_pages():
    u = understand_text("I need a copy of: Lee, K. (2018). Reading habits. Journal of Reading, 12(3), 45–67.")
    w = u.items[0]
    assert (w.type, w.container, w.volume, w.issue, w.pages) == ("article", "Journal of Reading", "12", "3", "45-67")


def test_chapter_with_editors_is_a_chapter_with_container():
    u = understand_text("Please get: Doe, J. (2001). A chapter. In A. Smith (Ed.), The Big Book (pp. 1-20). Routledge.")
    w = u.items[0]
    assert (w.type, w.container, w.pages) == ("chapter", "The Big Book", "1-20")


def test_dissertation_is_a_thesis():
    u = understand_text("Molim posudbu:\nAutor: Ivo Ivić\nNaslov: Hrvatski glagoljski rukopisi (doktorski rad)\nGodina: 2015\n")
    assert u.items[0].type == "thesis"


def test_labelled_fields_split_into_works_when_a_label_repeats():
    u = understand_text("Kitap talebi:\nYazar: A B\nKitap adı: Bir\nYıl: 2001\n\nYazar: C D\nKitap adı: İki\nYıl: 2002\n")
    assert [(w.title, w.year) for w in u.items] == [("Bir", 2001), ("İki", 2002)]


def test_labelled_isbn10_is_emitted_as_isbn13():
    u = understand_text("Please order via interlibrary loan:\nTitle: Introduction to Algorithms\nISBN: 0262033844")
    assert u.items[0].isbn == "9780262033848"


def test_bare_doi_link_is_a_request_for_an_article():
    u = understand_text("Could you get me https://doi.org/10.1000/XYZ.5 please?")
    assert u.intent == "ill_request" and u.items[0].doi == "10.1000/xyz.5"


def test_unknown_fields_are_null_in_the_output():
    item = understand_text("Title: A Book\nAuthor: Jane Doe\nPlease order it.").to_dict()["items"][0]
    assert item["isbn"] is None and item["pages"] is None and item["edition"] is None


# ------------------------------------------------------------------ MIME
def test_quoted_reply_and_signature_are_left_out():
    raw = mail(b"Thanks!\n\nOn Mon, 1 Jan 2026, Library <l@x> wrote:\n> reject: reason\n\n-- \nJane\n")
    assert read_email(raw).body_text == "Thanks!"


def test_turkish_croatian_lithuanian_attribution_lines_end_the_text():
    for line in ("24 Kas 2026 tarihinde Kütüphane şunu yazdı:", "Knjižnica je napisala:",
                 "2026-11-24, Biblioteka rašė:"):
        raw = mail(("Moj tekst\n\n" + line + "\nstari tekst bez navodnika\n").encode())
        assert read_email(raw).body_text == "Moj tekst", line


def test_html_table_becomes_label_value_lines_and_scripts_are_dropped():
    text = html_to_text("<script>x=1</script><table><tr><td>Autor</td><td>Ivo Andrić</td></tr></table><p>a<br>b</p>")
    assert "Autor: Ivo Andrić" in text and "x=1" not in text and "a\nb" in text


def test_hostile_html_never_crashes():
    for html in ("<" * 5000, "<table><tr><td>" * 2000, "<![CDATA[", "<script>", "&#xFFFFFFFF;", "<a href='x"):
        assert isinstance(html_to_text(html), str)


def test_multipart_prefers_plain_text_and_ignores_attachments():
    raw = (b"From: a@b.c\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/plain\r\n\r\nplain words\r\n--b\r\nContent-Type: text/plain\r\n"
           b"Content-Disposition: attachment; filename=a.txt\r\n\r\nattached words\r\n--b--\r\n")
    assert read_email(raw).body_text == "plain words"


def test_declared_but_wrong_charset_falls_back():
    raw = mail("Poštovani, molim produženje.".encode("windows-1250"), ctype=b"text/plain; charset=utf-8")
    assert "Poštovani" in read_email(raw).body_text


def test_unknown_charset_does_not_crash():
    raw = mail("Ačiū".encode("windows-1257"), ctype=b"text/plain; charset=x-no-such-charset")
    assert read_email(raw).body_text == "Ačiū"


def test_rfc2047_subject_and_sender_are_decoded():
    raw = mail(b"x", subject=b"=?utf-8?q?Produ=C5=BEenje?= posudbe",
               extra=b"Reply-To: r@x.y\r\n").replace(b"From: Patron", b"From: =?utf-8?q?Ivana_Kova=C4=8D?=")
    m = read_email(raw)
    assert m.subject == "Produženje posudbe" and m.sender_name == "Ivana Kovač" and m.sender_address == "p@example.edu"


def test_header_newlines_are_cleaned():
    raw = mail(b"x", subject=b"=?utf-8?q?a=0D=0ABcc=3A_x=40y.z?=")
    assert "\n" not in read_email(raw).subject and "\r" not in read_email(raw).subject


def test_auto_reply_headers_are_reported():
    m = read_email(mail(b"x", extra=b"Auto-Submitted: auto-replied\r\nPrecedence: bulk\r\nList-Id: <l.x>\r\n"))
    assert m.auto_submitted == "auto-replied" and m.precedence == "bulk" and m.list_id and m.is_automatic


def test_threading_headers_are_read():
    m = read_email(mail(b"x", extra=b"Message-ID: <a@b>\r\nIn-Reply-To: <c@d>\r\nReferences: <e@f> <c@d>\r\n"))
    assert (m.message_id, m.in_reply_to, m.references) == ("<a@b>", "<c@d>", ["<e@f>", "<c@d>"])


@pytest.mark.parametrize("raw", [b"", b"hello world", b"\x00\x01\x02garbage", b"Dear library,\n\nplease renew.\n"])
def test_non_email_bytes_raise_not_an_email(raw):
    with pytest.raises(NotAnEmail):
        parse_email(raw)


def test_message_over_10_mb_is_read_without_crash():
    raw = mail(b"Please renew my books.\n" + b"x" * (11 * 1024 * 1024))
    m = read_email(raw)
    assert m.truncated and m.size > 10 * 1024 * 1024
    assert parse_email(raw).intent == "renew"


def test_citation_inline_after_a_request_sentence_is_found():
    u = understand_text("Merhaba,\nşu kitabı ödünç almak istiyorum: Sapiens: Hayvanlardan Tanrılara, "
                        "Yuval Noah Harari, Kolektif Kitap, 2015.\n")
    w = u.items[0]
    assert (u.intent, w.title, w.authors, w.year) == ("ill_request", "Sapiens: Hayvanlardan Tanrılara",
                                                       ["Harari, Yuval Noah"], 2015)


def test_chicago_citation_inside_a_sentence_starts_at_the_inverted_name():
    u = understand_text("Dear ILL staff, can you please get me a copy of Kuhn, T. S. The Structure of Scientific "
                        "Revolutions. 2nd ed. Chicago: University of Chicago Press, 1970.")
    w = u.items[0]
    assert (w.title, w.edition, w.publisher) == ("The Structure of Scientific Revolutions", "2",
                                                 "University of Chicago Press")


def test_asking_when_books_are_due_is_loans():
    assert understand_text("Kada moram vratiti knjige?").intent == "loans"


def test_a_folded_encoded_subject_keeps_the_space_at_the_fold():
    raw = (b"From: Jonas <jonas@example.lt>\r\nTo: library@example.edu\r\n"
           b"Subject: =?utf-8?q?U=C5=BEsakymas=3A_Lietuvi=C5=B3?=\r\n kalbos istorija\r\n"
           b"Message-ID: <fold@example.lt>\r\n\r\nSveiki\r\n")
    assert read_email(raw).subject == "Užsakymas: Lietuvių kalbos istorija"


def test_white_space_between_two_encoded_words_is_not_text():
    raw = (b"From: Jonas <jonas@example.lt>\r\nSubject: =?utf-8?q?Lietuvi=C5=B3?=\r\n =?utf-8?q?_kalbos?=\r\n\r\nx\r\n")
    assert read_email(raw).subject == "Lietuvių kalbos"
