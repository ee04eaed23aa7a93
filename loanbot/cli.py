"""The `loanbot` command: the one composition root that wires configuration, database, front ends and scheduler."""
from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from core.domain.policy import PolicyError, load_policy
from core.scenario import ScenarioError, ScenarioRunner, load_scenario
from loanbot.desk_cli import desk_app, ill_app, lend_app

app = typer.Typer(help="loanbot: library circulation and interlibrary-loan assistant.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
policy_app = typer.Typer(help="Policy files: validate and show the effective rules.", no_args_is_help=True)
report_app = typer.Typer(help="Reports for staff.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")
app.add_typer(report_app, name="report")
app.add_typer(desk_app, name="desk")
app.add_typer(ill_app, name="ill")
app.add_typer(lend_app, name="lend")

err = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    # escaped: a message may quote TOML ("[[catalogue]]"), which rich would take for markup and swallow
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


# --- simulate ----------------------------------------------------------------------------------------------------
async def _simulate(scenario, emit) -> list[str]:
    from core.library import Library
    from core.storage.database import Database, sqlite_url

    with tempfile.TemporaryDirectory(prefix="loanbot-sim-") as tmp:
        db = Database(sqlite_url(Path(tmp) / "simulate.db"))
        try:
            await db.migrate()
            runner = ScenarioRunner(Library(db, scenario.policy))
            async for line in runner.run(scenario):
                emit(line)
            return runner.failures
        finally:
            await db.dispose()


@app.command()
def simulate(file: Path = typer.Argument(..., help="Scenario file (TOML), see contracts §2."),
             table: bool = typer.Option(False, "--table", help="Show the results as a table instead of JSON lines.")):
    """Run a scenario on a fresh temporary database and print one JSON object per step."""
    try:
        scenario = load_scenario(file)
    except ScenarioError as exc:
        fail(str(exc))
    for warning in scenario.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    lines: list[dict] = []

    def emit(line: dict) -> None:
        if table:
            lines.append(line)
        else:
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stdout.flush()

    failures = asyncio.run(_simulate(scenario, emit))
    if table:
        _print_steps(scenario, lines)
    for failure in failures:
        err.print(f"[bold red]step failed:[/] {failure}", highlight=False, markup=True)
    if failures:
        raise typer.Exit(1)


def _print_steps(scenario, lines: list[dict]) -> None:
    out = Table(title=f"{scenario.policy.library.name} — {scenario.path.name}")
    for column in ("#", "at", "action", "who / what", "result"):
        out.add_column(column)
    for step, line in zip(scenario.steps, lines):
        keys = step.model_extra or {}
        who = " ".join(str(keys[k]) for k in ("patron", "item", "request", "event", "library") if k in keys)
        result = {k: v for k, v in line.items() if k not in ("step", "action") and v is not None}
        ok = result.pop("ok", None)
        mark = "" if ok is None else ("[green]ok[/] " if ok else "[red]refused[/] ")
        out.add_row(str(line["step"]), step.at.strftime("%Y-%m-%d %H:%M"), step.action, who,
                    mark + ", ".join(f"{k}={v}" for k, v in result.items()))
    Console().print(out)


# --- policy ------------------------------------------------------------------------------------------------------
@policy_app.command("check")
def policy_check(file: Path = typer.Argument(..., help="Policy file (TOML), see contracts §1.")):
    """Validate a policy file and print the effective rule matrix (category × item type)."""
    try:
        policy = load_policy(file)
    except PolicyError as exc:
        fail(str(exc))
    out = Table(title=f"{policy.library.name}: effective rules")
    for column in ("category", "item type", "loan", "renewals (self)", "max", "fine", "grace", "cap", "rule"):
        out.add_column(column)
    for category in policy.patron_category:
        for item_type in policy.item_type:
            rule = policy.rule_for(category.code, item_type.code)
            if rule is None:
                out.add_row(category.code, item_type.code, "[red]no rule: not lent[/]", "", "", "", "", "", "")
                continue
            loan = "reading room" if not item_type.loanable else (
                "library only" if not category.home_loans else f"{rule.loan_period} {rule.unit}")
            renewals = "no" if not item_type.renewable else f"{rule.renewals} ({rule.self_renewals})"
            fine = f"{rule.fine} / {rule.fine_interval_days} d" if rule.fine else "—"
            cap = str(rule.fine_cap) if rule.fine_cap else "—"
            maximum = "—" if rule.max_loans is None else str(rule.max_loans)
            out.add_row(category.code, item_type.code, loan, renewals, maximum, fine, str(rule.grace_days), cap,
                        f"{rule.patron_category} × {rule.item_type}")
    Console().print(out)
    Console().print(f"[green]{file}: valid[/]")


# --- parse -------------------------------------------------------------------------------------------------------
@app.command()
def parse(file: Path = typer.Argument(..., help="One e-mail message (.eml).")):
    """Print what the intake understands of one e-mail (contracts §3), without touching any database."""
    from core.understanding import NotAnEmail, parse_email

    try:
        raw = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: cannot be read: {exc.strerror}")
    try:
        understanding = parse_email(raw)
    except NotAnEmail as exc:
        fail(f"{file}: not an e-mail message: {exc}")
    sys.stdout.write(json.dumps(understanding.to_dict(), ensure_ascii=False, indent=1) + "\n")


# --- load --------------------------------------------------------------------------------------------------------
ConfigOption = typer.Option(None, "--config", "-c", help="Configuration file (TOML); none: the embedded default.")


def _config(path: Optional[Path]):
    from loanbot.config import ConfigError, load_config

    try:
        return load_config(path)
    except ConfigError as exc:
        fail(str(exc))


@app.command()
def load(file: Path = typer.Argument(..., help=r"TOML with \[\[patron]], \[\[item]] and \[\[loan]] tables."),
         config: Optional[Path] = ConfigOption):
    """Add patrons and items to the configured database and check out each listed loan as staff would."""
    from core.staff import words as staff_words
    from core.plumbing.i18n import Translator
    from loanbot.config import service_now
    from loanbot.wiring import load_library_file, open_library

    settings = _config(config)

    async def run():
        async with open_library(settings) as library:
            return await load_library_file(library, file, service_now(library.calendar.zone))

    try:
        counts = asyncio.run(run())
    except (ScenarioError, PolicyError) as exc:
        fail(str(exc))
    typer.echo(f"loaded {file}: {counts['patrons']} patrons and {counts['items']} items added or changed, "
               f"{counts['loans']} loans checked out" +
               (f", {counts['loans_refused']} refused:" if counts["loans_refused"] else ""))
    english = Translator("en")
    for refused in counts["refusals"]:
        typer.echo(f"  loan[{refused.index}] {refused.item} to {refused.patron} at "
                   f"{refused.at.strftime('%Y-%m-%dT%H:%M')}: {refused.error} "
                   f"({staff_words.refusal(english, refused.error)})")


# --- serve -------------------------------------------------------------------------------------------------------
@app.command()
def serve(config: Optional[Path] = ConfigOption,
          once: bool = typer.Option(False, "--once", help="One pass of each front end and the scheduler, then exit."),
          library_file: Optional[Path] = typer.Option(None, "--load", help="Load this library file first.")):
    """Run the configured front ends (mail, Telegram) and the scheduler until stopped."""
    import logging

    from loanbot.service import Service
    from loanbot.wiring import load_library_file, open_library

    settings = _config(config)
    configure_logging()

    async def run():
        async with open_library(settings) as library:
            service = Service(library, settings)
            if library_file is not None:
                await load_library_file(library, library_file, service.clock())
            if once:
                return await service.run_once()
            await service.run()

    try:
        report = asyncio.run(run())
    except (ScenarioError, PolicyError) as exc:
        fail(str(exc))
    if once:
        err.print(f"one pass done: {report}", highlight=False)


@app.command()
def chat(patron: str = typer.Option(..., "--as", help="The patron's id (card number)."),
         config: Optional[Path] = ConfigOption):
    """Talk to loanbot in the terminal as a patron (the same dialogue engine as e-mail and Telegram)."""
    from loanbot.config import service_now
    from loanbot.console import chat as run_chat

    code = _with_library(_config(config), lambda library: run_chat(
        library, patron, lambda: service_now(library.calendar.zone)))
    raise typer.Exit(code)


@app.command()
def status(config: Optional[Path] = ConfigOption):
    """Queue sizes, last intake, last digest and failed deliveries."""
    from loanbot.console import status as build_status

    Console().print(_with_library(_config(config), build_status))


def configure_logging() -> None:
    """Structured logs: one JSON object per line when LOANBOT_LOG=json, else readable lines."""
    import logging
    import os

    class JsonFormatter(logging.Formatter):
        def format(self, record):
            entry = {"at": self.formatTime(record), "level": record.levelname, "logger": record.name,
                     "message": record.getMessage()}
            if record.exc_info:
                entry["error"] = self.formatException(record.exc_info)
            return json.dumps(entry, ensure_ascii=False)

    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if os.environ.get("LOANBOT_LOG") == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    for noisy in ("httpx", "telegram", "aiosqlite", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


# --- reports -----------------------------------------------------------------------------------------------------
def _with_library(settings, work):
    from loanbot.wiring import open_library

    async def run():
        async with open_library(settings) as library:
            return await work(library)
    try:
        return asyncio.run(run())
    except PolicyError as exc:
        fail(str(exc))


@report_app.command("ill")
def report_ill(config: Optional[Path] = ConfigOption):
    """Borrowing requests by state, fill rate, and days from request to arrival against the 14-30 promised."""
    from babel.numbers import format_percent

    from core.staff import words
    from core.staff.reports import PROMISED_DAYS, ill_report

    async def work(library):
        return _staff_tr(library), await ill_report(library)
    tr, report = _with_library(_config(config), work)
    out = Table(title=tr.gettext("Interlibrary loan requests by state"))
    out.add_column(tr.gettext("State"))
    out.add_column(tr.gettext("Requests"), justify="right")
    for state, count in sorted(report.by_state.items()):
        out.add_row(words.state_words(tr, "ill", state), str(count))
    console = Console(highlight=False)
    console.print(out)
    rate = "—" if report.fill_rate is None else format_percent(report.fill_rate, locale=tr.language)
    console.print(tr.gettext("Fill rate: {rate} ({filled} filled, {unfilled} rejected or cancelled)", rate=rate,
                             filled=report.filled, unfilled=report.unfilled), markup=False)
    if report.days_to_arrival:
        console.print(tr.gettext("Days from request to arrival: median {median}, 90th percentile {p90} (promised "
                                 "{low}–{high}); {within} of {count} within {high} days",
                                 median=tr.number(report.median_days), p90=tr.number(round(report.p90_days, 1)),
                                 low=PROMISED_DAYS[0], high=PROMISED_DAYS[1], within=report.within_promise,
                                 count=len(report.days_to_arrival)), markup=False)
    else:
        console.print(tr.gettext("Days from request to arrival: no arrivals yet"), markup=False)


def _staff_tr(library):
    from core.plumbing.i18n import Translator
    return Translator(library.policy.library.staff_lang, library.calendar.zone)


@report_app.command("vouchers")
def report_vouchers(month: str = typer.Option(..., "--month", help="YYYY-MM"),
                    config: Optional[Path] = ConfigOption):
    """The monthly write-off record of IFLA vouchers, and whether it is time to buy more."""
    import re

    from babel.numbers import format_percent

    from core.staff.reports import WRITE_OFF_WARNING, voucher_month

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        fail(f"--month: expected YYYY-MM, got {month!r}")
    async def work(library):
        return _staff_tr(library), await voucher_month(library, month)
    tr, record = _with_library(_config(config), work)
    out = Table(title=tr.gettext("IFLA vouchers written off in {month}", month=month))
    for column in (tr.gettext("Date"), tr.gettext("Vouchers"), tr.gettext("Request"), tr.gettext("Lender")):
        out.add_column(column)
    for movement in record.used:
        out.add_row(tr.date(movement.at), tr.number(movement.quantity), movement.reference, movement.note)
    console = Console(highlight=False)
    console.print(out)
    console.print(tr.gettext("Written off this month: {used}; received from borrowers: {received}; held at the end "
                             "of the month: {held}", used=tr.number(record.used_total),
                             received=tr.number(record.received), held=tr.number(record.held)), markup=False)
    if record.last_purchase is not None:
        console.print(tr.gettext("Written off since the last purchase of {bought}: {used}",
                                 bought=tr.number(record.last_purchase),
                                 used=tr.number(record.written_off_since_purchase)), markup=False)
    if record.held < 0:
        console.print(tr.gettext("Warning: more vouchers were written off than were ever held ({held}): record the "
                                 "vouchers bought with loanbot vouchers buy N.", held=tr.number(record.held)),
                      markup=False)
    elif record.time_to_buy:
        console.print(tr.gettext("Warning: write-offs have reached {share} of the vouchers last bought: time to buy "
                                 "more.", share=format_percent(WRITE_OFF_WARNING, locale=tr.language)), markup=False)


vouchers_app = typer.Typer(help="Record IFLA vouchers bought or used.", no_args_is_help=True)
app.add_typer(vouchers_app, name="vouchers")


def _record_vouchers(kind: str, quantity: str, reference: str, note: str, config: Optional[Path]):
    from decimal import Decimal, InvalidOperation

    from core.plumbing.context import Actor
    from core.staff.reports import record_vouchers
    from loanbot.config import service_now

    try:
        amount = Decimal(quantity)
    except InvalidOperation:
        fail(f"not a number of vouchers: {quantity!r}")

    async def work(library):
        await record_vouchers(library, kind, amount, service_now(library.calendar.zone),
                              Actor("staff", "cli", "cli"), reference, note)
    try:
        _with_library(_config(config), work)
    except ValueError as exc:
        fail(str(exc))
    Console().print(f"recorded: {quantity} vouchers {kind}")


@vouchers_app.command("buy")
def vouchers_buy(quantity: str, note: str = typer.Option("", help="Invoice or supplier."),
                 config: Optional[Path] = ConfigOption):
    """Record IFLA vouchers bought."""
    _record_vouchers("bought", quantity, "", note, config)


@vouchers_app.command("use")
def vouchers_use(quantity: str, reference: str = typer.Option("", "--ref", help="The request they paid for."),
                 note: str = typer.Option("", help="The lender."), config: Optional[Path] = ConfigOption):
    """Record IFLA vouchers used (written off) outside an automatic ILL arrival."""
    _record_vouchers("used", quantity, reference, note, config)


# --- catalogue ---------------------------------------------------------------------------------------------------
from loanbot.catalogue_cli import catalogue_app  # noqa: E402 - the subcommand's own module

app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command("search")
def catalogue_search(text: str = typer.Argument(..., help="A title, an ISBN, an ISSN or a DOI."),
                     author: Optional[str] = typer.Option(None, "--author", help="An author (\"Family, Given\")."),
                     kind: str = typer.Option("book", "--type", help="book, article, chapter, thesis or other."),
                     as_json: bool = typer.Option(False, "--json", help="One JSON object instead of text."),
                     config: Optional[Path] = ConfigOption):
    """Ask every configured catalogue (and Crossref, for a DOI) as a new ILL request would, and print what each
    answered: for checking a configuration. Exit 1 when a catalogue did not answer."""
    from core.domain.policy import load_policy
    from loanbot.catalogue_cli import print_result, search, work_from

    settings = _config(config)
    if not settings.catalogues.enabled:
        fail("no [[catalogue]] table (and no [crossref]) in the configuration: nothing to ask")
    try:
        policy = load_policy(settings.policy_path)
    except PolicyError as exc:
        fail(str(exc))
    if kind not in ("book", "article", "chapter", "thesis", "other"):
        fail(f"--type: expected book, article, chapter, thesis or other, got {kind!r}")
    result = search(settings.catalogues, policy.library.name, work_from(text, author, kind))
    print_result(result, as_json)
    if result.silent:
        raise typer.Exit(1)


from loanbot.holds_cli import holds_app  # noqa: E402 - registered after the helpers it uses are defined

app.add_typer(holds_app, name="holds")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
