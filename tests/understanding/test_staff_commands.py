"""A staff member's reply read as an event and its data: the canonical English form and the ways librarians
naturally write in Turkish, Croatian, Lithuanian and English (contracts §5)."""
from __future__ import annotations

import pytest

from core.understanding.staff_commands import read_staff_command


@pytest.mark.parametrize("words, lender, foreign", [
    ("Yurt dışında bulundu: Staatsbibliothek zu Berlin", "Staatsbibliothek zu Berlin", True),
    ("Bulundu: Staatsbibliothek zu Berlin (yurt dışı)", "Staatsbibliothek zu Berlin", True),
    ("Staatsbibliothek zu Berlin'de bulundu (yurt dışı)", "Staatsbibliothek zu Berlin", True),
    ("Yurt içinde bulundu: Ankara Üniversitesi", "Ankara Üniversitesi", False),
    ("found abroad: British Library", "British Library", True),
    ("Found it abroad, at the British Library", "the British Library", True),
    ("Pronađeno u inozemstvu: Österreichische Nationalbibliothek", "Österreichische Nationalbibliothek", True),
    ("Rasta užsienyje: Latvijas Nacionālā bibliotēka", "Latvijas Nacionālā bibliotēka", True),
    ("locate foreign British Library", "British Library", True),
    ("Bulundu: Ankara Üniversitesi", "Ankara Üniversitesi", None),
])
def test_a_lender_found_abroad_is_foreign_wherever_the_words_stand(words, lender, foreign):
    command = read_staff_command(words)
    assert (command.event, command.lender, command.foreign) == ("locate", lender, foreign)


@pytest.mark.parametrize("words", ["Not found anywhere in the country", "Nije pronađeno.", "ne išsiųsta"])
def test_a_negated_phrase_names_no_event(words):
    assert read_staff_command(words) is None


def test_a_turkish_dative_is_no_negation():
    assert read_staff_command("Talep bugün KİTS üzerinden Ankara Üniversitesi'ne gönderildi.").event == "send"
