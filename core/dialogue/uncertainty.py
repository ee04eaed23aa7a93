"""What loanbot is unsure it read right in a request, said to the patron (to correct it) and to staff (to check it).

The understanding gives each field it read with the learned tagger a confidence (`Work.confidence`); fields below
`UNCERTAIN_BELOW` are named here. An ISBN whose check digit fails (`isbn_as_written`) is always named: the patron
may have mistyped it, and staff must not search for it as if it were right.
"""
from __future__ import annotations

from core.domain.works import Work
from core.plumbing.i18n import Translator


def field_name(tr: Translator, name: str) -> str:
    return {
        "title": lambda: tr.gettext("title"), "authors": lambda: tr.gettext("authors"),
        "year": lambda: tr.gettext("year"), "publisher": lambda: tr.gettext("publisher"),
        "container": lambda: tr.gettext("journal or book"), "volume": lambda: tr.gettext("volume"),
        "issue": lambda: tr.gettext("issue"), "pages": lambda: tr.gettext("pages"),
        "edition": lambda: tr.gettext("edition"),
    }.get(name, lambda: name)()


def _names(tr: Translator, fields: list[str]) -> str:
    return ", ".join(field_name(tr, f) for f in fields)


def patron_check_lines(tr: Translator, work: Work) -> list[str]:
    """Lines under a work in the reply: which details to check, and an ISBN whose check digit fails."""
    lines = []
    uncertain = work.uncertain_fields()
    if uncertain:
        lines.append("  " + tr.gettext("We are not sure we read these details right: {fields}. If anything above "
                                       "is wrong, please reply with the correction.", fields=_names(tr, uncertain)))
    if work.isbn_as_written:
        lines.append("  " + tr.gettext("The ISBN {isbn} does not look right (its check digit does not match); "
                                       "please check it.", isbn=work.isbn_as_written))
    return lines


def staff_check_lines(tr: Translator, uncertain_fields: list[str] | None, isbn_as_written: str | None) -> list[str]:
    """Lines in the staff notification of a new request: the fields to check before ordering."""
    lines = []
    if uncertain_fields:
        lines.append(tr.gettext("Uncertain fields (check them before ordering): {fields}",
                                fields=_names(tr, uncertain_fields)))
    if isbn_as_written:
        lines.append(tr.gettext("ISBN as written: {isbn} (check digit does not match)", isbn=isbn_as_written))
    return lines
