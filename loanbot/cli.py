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
from rich.table import Table

from core.policy import PolicyError, load_policy
from core.scenario import ScenarioError, ScenarioRunner, load_scenario

app = typer.Typer(help="loanbot: library circulation and interlibrary-loan assistant.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
policy_app = typer.Typer(help="Policy files: validate and show the effective rules.", no_args_is_help=True)
report_app = typer.Typer(help="Reports for staff.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")
app.add_typer(report_app, name="report")

err = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


# --- simulate ----------------------------------------------------------------------------------------------------
async def _simulate(scenario, emit) -> None:
    from core.library import Library
    from core.storage.database import Database, sqlite_url

    with tempfile.TemporaryDirectory(prefix="loanbot-sim-") as tmp:
        db = Database(sqlite_url(Path(tmp) / "simulate.db"))
        try:
            await db.migrate()
            runner = ScenarioRunner(Library(db, scenario.policy))
            async for line in runner.run(scenario):
                emit(line)
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

    asyncio.run(_simulate(scenario, emit))
    if table:
        _print_steps(scenario, lines)


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
def load(file: Path = typer.Argument(..., help="TOML with [[patron]], [[item]] and [[loan]] tables."),
         config: Optional[Path] = ConfigOption):
    """Add patrons and items to the configured database and check out each [[loan]] as staff would."""
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
    Console().print(f"loaded {file}: {counts['patrons']} patrons and {counts['items']} items added or changed, "
                    f"{counts['loans']} loans checked out" +
                    (f", {counts['loans_refused']} refused" if counts["loans_refused"] else ""))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
