"""`loanbot catalogue search "…"`: ask every configured catalogue as a new ILL request would, and print what each
answered (or why it did not), for checking a configuration."""
from __future__ import annotations

import asyncio
import json
import sys

import typer
from rich.console import Console
from rich.table import Table

from core.catalogue.search import SearchResult, search_work
from core.domain.works import Work
from core.understanding.identifiers import normalize_doi, normalize_isbn, normalize_issn

catalogue_app = typer.Typer(help="Union catalogues and Crossref: check what they answer.", no_args_is_help=True)


def work_from(text: str, author: str | None, kind: str) -> Work:
    """An ISBN, ISSN or DOI in the text is searched as such; anything else is a title."""
    isbn, doi = normalize_isbn(text, labelled=True), normalize_doi(text)
    issn = normalize_issn(text) if not (isbn or doi) and len(text.strip()) <= 10 else None
    title = None if (isbn or doi or issn) else text.strip()
    work_type = "article" if (doi or issn) and kind == "book" else kind
    return Work(type=work_type, title=title, authors=[author] if author else [], isbn=isbn, issn=issn, doi=doi)


def search(settings, own_library: str, work: Work) -> SearchResult:
    return asyncio.run(search_work(settings, work, own_library))


def print_result(result: SearchResult, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps({
            "targets": [{**o.summary(), "queries": o.queries,
                         "found": [{"matched_by": f.matched_by, "title": f.record.title, "authors": f.record.authors,
                                    "year": f.record.year, "isbn": f.record.isbns, "doi": f.record.doi,
                                    "holdings": [h.__dict__ for h in f.record.holdings]} for f in o.found]}
                        for o in result.outcomes],
            "holdings": [{k: v for k, v in h.items() if k != "copies"} for h in result.holdings]},
            ensure_ascii=False, indent=1) + "\n")
        return
    console = Console()
    for outcome in result.outcomes:
        state = "[green]answered[/]" if outcome.ok else f"[red]did not answer:[/] {outcome.error}"
        console.print(f"[bold]{outcome.name}[/] ({outcome.seconds:.2f} s): {state}", highlight=False)
        for query in outcome.queries:
            console.print(f"  asked: {query}", highlight=False, markup=False, soft_wrap=True)
        for found in outcome.found:
            record = found.record
            who = "; ".join(record.authors[:3])
            console.print(f"  found by {found.matched_by}: {who + ', ' if who else ''}«{record.title}»"
                          f"{', ' + str(record.year) if record.year else ''}"
                          f"{', ISBN ' + record.isbns[0] if record.isbns else ''}"
                          f" — {len(record.holdings)} holding(s)", highlight=False, markup=False, soft_wrap=True)
        if outcome.ok and not outcome.found:
            console.print("  nothing found")
    table = Table(title="Libraries that hold it, best first")
    for column in ("#", "library", "call number", "catalogue", "found by"):
        table.add_column(column)
    for number, holding in enumerate(result.holdings, 1):
        table.add_row(str(number), holding["library"], holding.get("call_number") or "", holding["target"],
                      holding["matched_by"])
    console.print(table)
