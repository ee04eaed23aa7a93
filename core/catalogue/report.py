"""The lines staff read about a request's catalogue look-up: the libraries that hold the work (numbered, best first,
with call numbers: "locate 2" picks the second), the fields completed or corrected and where they came from, and
which catalogues did not answer. core/staff/notify.py puts them into the staff messages."""
from __future__ import annotations

from core.catalogue.search import SearchResult
from core.plumbing.i18n import Translator


def field_label(tr: Translator, name: str) -> str:
    return {"title": tr.gettext("title"), "authors": tr.gettext("authors"), "year": tr.gettext("year"),
            "publisher": tr.gettext("publisher"), "isbn": "ISBN", "issn": "ISSN", "container": tr.gettext("journal"),
            "volume": tr.gettext("volume"), "issue": tr.gettext("issue"), "pages": tr.gettext("pages")}.get(name, name)


def _shown(value) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def provenance_lines(tr: Translator, provenance: dict) -> list[str]:
    lines = []
    for name, origin in provenance.items():
        label = field_label(tr, name)
        if origin.get("source") == "patron":
            lines.append("  • " + tr.gettext("{field}: the patron wrote it so, {source} has «{value}»", field=label,
                                             source=origin.get("record_source", "?"), value=_shown(origin["record"])))
        elif "was" in origin:
            lines.append("  • " + tr.gettext("{field}: corrected from {source} (the patron wrote «{was}»)",
                                             field=label, source=origin["source"], was=_shown(origin["was"])))
        else:
            lines.append("  • " + tr.gettext("{field}: from {source}", field=label, source=origin["source"]))
    return lines


def holdings_lines(tr: Translator, holdings: list[dict]) -> list[str]:
    if not holdings:
        return [tr.gettext("No library in the catalogues was found to hold it.")]
    lines = [tr.gettext("Libraries that hold it, best first:")]
    for number, holding in enumerate(holdings, 1):
        where = holding["library"] + (f", {holding['call_number']}" if holding.get("call_number") else "")
        note = holding["target"] + (", " + tr.gettext("abroad") if holding.get("foreign") else "")
        if holding.get("matched_by") == "title":
            note += ", " + tr.gettext("found by title")
        lines.append(f"  {number}. {where} ({note})")
    return lines


def silent_lines(tr: Translator, result: SearchResult) -> list[str]:
    if not result.silent:
        return []
    return [tr.gettext("Did not answer: {targets}", targets="; ".join(f"{o.name} ({o.error})" for o in result.silent))]
