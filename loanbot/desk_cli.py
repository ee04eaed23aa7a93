"""`loanbot desk|ill|lend`: the staff desk on the command line (contracts §5).

Each command is the scenario action of the same name run through `core.staff.desk.StaffDesk` as `--staff`
(default: the first of `staff_emails`) at the service's "now" (LOANBOT_NOW): `--json` prints exactly the action's
result keys, as `simulate` does; without it a short answer in the staff language. Exit 0 when done, 1 when
refused (the code is printed), 2 on bad input (an unknown option, a malformed date or amount, an event's missing
data, a `--staff` address that is not staff).
"""
from __future__ import annotations

import asyncio
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from typer.core import TyperGroup

from loanbot.desk_output import print_list, print_show, say_outcome, show_json

ConfigOption = typer.Option(None, "--config", "-c", help="Configuration file (TOML); none: the embedded default.")
StaffOption = typer.Option(None, "--staff", help="Act as this staff address (one of staff_emails; default the first).")
JsonOption = typer.Option(False, "--json", help="Print the result as one JSON object (the scenario action's keys).")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")

err = Console(stderr=True)


class RequestCommands(TyperGroup):
    """`loanbot ill new|list|show …`, and `loanbot ill REF EVENT …` for anything that is not a subcommand."""

    def resolve_command(self, ctx, args):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            return "event", self.get_command(ctx, "event"), args
        return super().resolve_command(ctx, args)


desk_app = typer.Typer(help="The circulation desk: checkout, renew, checkin, holds, payments.", no_args_is_help=True)
ill_app = typer.Typer(cls=RequestCommands, no_args_is_help=True,
                      help="Borrowing requests: `ill new`, `ill list`, `ill show REF`, `ill REF EVENT`.")
lend_app = typer.Typer(cls=RequestCommands, no_args_is_help=True,
                       help="Lending requests: `lend new`, `lend list`, `lend show REF`, `lend REF EVENT`.")


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


# --- running one staff action ------------------------------------------------------------------------------------
def run_action(action: str, keys: dict, config: Optional[Path], staff: Optional[str], as_json: bool,
               precheck=None) -> None:
    """Open the configured library, act as the staff member, print the result, exit 0 or 1. A due date before
    today is recorded as given (the result must be `simulate`'s for the same step), with a warning on stderr."""
    from core.staff.desk import NotStaff
    from loanbot.wiring import staff_desk

    async def work(library):
        desk = staff_desk(library)
        try:
            actor = desk.staff(staff, "cli")
        except NotStaff as exc:
            return f"--staff: {exc} is not one of the policy's staff_emails" if staff else f"no staff: {exc}"
        if precheck is not None:
            problem = await precheck(library)
            if problem:
                return problem
        now = _now(library)
        past = desk.past_due_date(action, keys.get("event", ""), keys, now) if action in ("ill", "lend") else None
        outcome = await desk.act(action, keys, now, actor)
        say_outcome(library, outcome, as_json)
        if past is not None and outcome.ok:
            err.print(past_date_warning(library, action, keys, past, now), highlight=False, markup=False)
        return outcome

    outcome = with_library(config, work)
    if isinstance(outcome, str):
        fail(outcome)
    if not outcome.ok:
        if not as_json:
            err.print(f"refused: {outcome.error}", highlight=False)
        raise typer.Exit(1)


def past_date_warning(library, action: str, keys: dict, past, now) -> str:
    today = library.calendar.local_date(now)
    fix = (f"loanbot ill {keys['request']} correct_due --lender-due DATE" if action == "ill"
           else f"loanbot lend {keys['request']} request_renewal --due DATE")
    return (f"warning: the due date {past.isoformat()} is before today ({today.isoformat()}); it was recorded as "
            f"given. If it is wrong: {fix}")


def with_library(config: Optional[Path], work):
    from core.domain.policy import PolicyError
    from loanbot.config import ConfigError, load_config
    from loanbot.wiring import open_library

    try:
        settings = load_config(config)
    except ConfigError as exc:
        fail(str(exc))

    async def run():
        async with open_library(settings) as library:
            return await work(library)
    try:
        return asyncio.run(run())
    except (PolicyError, ConfigError) as exc:
        fail(str(exc))


def _now(library):
    from loanbot.config import service_now
    return service_now(library.calendar.zone)


def date_option(value: Optional[str], option: str):
    from core.understanding.dates import read_date

    if value is None:
        return None
    day = read_date(value)
    if day is None:
        fail(f"{option}: not a date: {value!r} (write it as 2027-01-15, 15.01.2027, 15/01/2027 or 15 January 2027)")
    return day


def amount_argument(value: str) -> str:
    if not _NUMBER.fullmatch(value.strip()):
        fail(f"AMOUNT: not a decimal number: {value!r}")
    return value.strip()


# --- the circulation desk ----------------------------------------------------------------------------------------
@desk_app.command("checkout")
def desk_checkout(patron: str, item: str, override: bool = typer.Option(False, "--override"),
                  config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption,
                  as_json: bool = JsonOption):
    """Lend ITEM to PATRON (--override: past "not for loan", where the policy allows it)."""
    run_action("checkout", {"patron": patron, "item": item, "override": override}, config, staff, as_json)


@desk_app.command("renew")
def desk_renew(patron: str, item: str, override: bool = typer.Option(False, "--override"),
               config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption,
               as_json: bool = JsonOption):
    """Renew PATRON's loan of ITEM as staff (--override: past the renewal limit, where the policy allows it)."""
    run_action("renew", {"patron": patron, "item": item, "override": override}, config, staff, as_json)


@desk_app.command("checkin")
def desk_checkin(item: str, config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption,
                 as_json: bool = JsonOption):
    """Take ITEM back: the fine, if late, becomes a charge; a reservation waiting for it is named."""
    run_action("checkin", {"item": item}, config, staff, as_json)


@desk_app.command("hold")
def desk_hold(patron: str, item: str, config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption,
              as_json: bool = JsonOption):
    """Reserve ITEM for PATRON."""
    run_action("hold", {"patron": patron, "item": item}, config, staff, as_json)


@desk_app.command("cancel-hold")
def desk_cancel_hold(patron: str, item: str, config: Optional[Path] = ConfigOption,
                     staff: Optional[str] = StaffOption, as_json: bool = JsonOption):
    """Cancel PATRON's reservation of ITEM."""
    run_action("cancel_hold", {"patron": patron, "item": item}, config, staff, as_json)


@desk_app.command("pay", context_settings={"ignore_unknown_options": True})   # "-3" is an amount
def desk_pay(patron: str, amount: str, config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption,
             as_json: bool = JsonOption):
    """Record a payment of AMOUNT by PATRON (oldest charges first)."""
    run_action("pay", {"patron": patron, "amount": amount_argument(amount)}, config, staff, as_json)


@desk_app.command("charges")
def desk_charges(patron: str, config: Optional[Path] = ConfigOption, as_json: bool = JsonOption):
    """PATRON's unpaid charges, each with the number `desk waive` takes."""
    from loanbot.desk_output import print_charges

    async def work(library):
        return library, await library.accounts.owed_charges(patron)

    library, charges = with_library(config, work)
    if charges is None:
        fail(f"PATRON: unknown patron {patron!r}", 1)
    print_charges(library, charges, as_json)


@desk_app.command("waive")
def desk_waive(patron: str, charge: int = typer.Argument(..., help="The charge's number (loanbot desk charges)."),
               reason: str = typer.Option(..., "--reason", help="Why it is waived (kept in the audit trail)."),
               amount: Optional[str] = typer.Option(None, "--amount", help="Only this much of it (default: all)."),
               config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption, as_json: bool = JsonOption):
    """Waive PATRON's charge CHARGE (a fine after a wrongly recorded date, a fee charged by mistake)."""
    from core.staff.desk import NotStaff, StaffDesk
    from loanbot.desk_output import say_outcome

    if not reason.strip():
        fail("--reason: say why the charge is waived")
    value = amount_argument(amount) if amount is not None else None

    async def work(library):
        desk = StaffDesk(library)
        try:
            actor = desk.staff(staff, "cli")
        except NotStaff as exc:
            return f"--staff: {exc} is not one of the policy's staff_emails"
        outcome = await desk.waive(patron, charge, value, reason.strip(), _now(library), actor)
        say_outcome(library, outcome, as_json)
        return outcome

    outcome = with_library(config, work)
    if isinstance(outcome, str):
        fail(outcome)
    if not outcome.ok:
        if not as_json:
            err.print(f"refused: {outcome.error}", highlight=False)
        raise typer.Exit(1)


@desk_app.command("balance")
def desk_balance(patron: str, config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption,
                 as_json: bool = JsonOption):
    """What PATRON owes now (charges and fines still growing)."""
    run_action("balance", {"patron": patron}, config, staff, as_json)


@desk_app.command("restrict")
def desk_restrict(patron: str, config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption,
                  as_json: bool = JsonOption):
    """Put a restriction on PATRON's account (no loans, renewals or holds until lifted)."""
    run_action("restrict", {"patron": patron}, config, staff, as_json)


@desk_app.command("unrestrict")
def desk_unrestrict(patron: str, config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption,
                    as_json: bool = JsonOption):
    """Lift PATRON's restriction."""
    run_action("unrestrict", {"patron": patron}, config, staff, as_json)


# --- borrowing requests ------------------------------------------------------------------------------------------
@ill_app.command("new")
def ill_new(patron: str, work_type: str = typer.Option(..., "--type", help="book, article, chapter, thesis, other"),
            title: str = typer.Option(..., "--title"),
            authors: list[str] = typer.Option([], "--authors", help="Once per author: \"Family, Given\"."),
            isbn: Optional[str] = typer.Option(None, "--isbn"), issn: Optional[str] = typer.Option(None, "--issn"),
            doi: Optional[str] = typer.Option(None, "--doi"), year: Optional[int] = typer.Option(None, "--year"),
            container: Optional[str] = typer.Option(None, "--container", help="The journal or book it is in."),
            material: Optional[str] = typer.Option(None, "--material", help="Item type code of the material."),
            config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption, as_json: bool = JsonOption):
    """Register a borrowing request for PATRON (staff are told, as for a patron's own request)."""
    keys = {"patron": patron, "type": work_type, "title": title, "authors": list(authors)}
    keys.update({k: v for k, v in (("isbn", isbn), ("issn", issn), ("doi", doi), ("year", year),
                                    ("container", container), ("material", material)) if v is not None})
    run_action("ill_request", keys, config, staff, as_json)


@ill_app.command("list")
def ill_list(state: Optional[str] = typer.Option(None, "--state", help="Only requests in this state."),
             config: Optional[Path] = ConfigOption, as_json: bool = JsonOption):
    """Borrowing requests (open ones, or those in --state), as a table."""
    from core.domain.ill import OPEN_STATES, TRANSITIONS
    from core.staff.views import ill_views

    states = sorted({to for _, to in TRANSITIONS.values() if to} | {"requested"})
    _list("ill", state, states, ill_views, OPEN_STATES, config, as_json)


@ill_app.command("show")
def ill_show(reference: str, config: Optional[Path] = ConfigOption, as_json: bool = JsonOption):
    """One borrowing request with its whole history: event, from → to, who, when, channel, reason."""
    _show(reference, "ill", config, as_json)


@ill_app.command("event", hidden=True)
def ill_event(reference: str, event: str, lender: Optional[str] = typer.Option(None, "--lender"),
              foreign: bool = typer.Option(False, "--foreign", help="The lender is abroad (locate)."),
              lender_due: Optional[str] = typer.Option(None, "--lender-due", help="The lender's due date."),
              reason: Optional[str] = typer.Option(None, "--reason"),
              amount: Optional[str] = typer.Option(None, "--amount", help="lost: what the lender charges."),
              config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption, as_json: bool = JsonOption):
    """loanbot ill REF EVENT: one event of a borrowing request (contracts §2)."""
    from core.domain.ill import EVENTS
    from core.staff.desk import StaffDesk

    if event not in EVENTS:
        fail(f"EVENT: unknown event {event!r} (one of {', '.join(EVENTS)})")
    # a lender named without --foreign is a domestic one (a change of lender may go from abroad to home)
    keys = {"request": reference, "event": event, "lender": lender,
            "foreign": foreign if event == "locate" and (lender or foreign) else (True if foreign else None),
            "reason": reason, "lender_due": date_option(lender_due, "--lender-due")}
    if amount is not None:
        keys["amount"] = Decimal(amount_argument(amount).replace(",", "."))
    missing = StaffDesk.missing_data("ill", event, keys)
    if missing:
        fail(f"{event} needs --{missing.replace('_', '-')}")
    run_action("ill", {k: v for k, v in keys.items() if v is not None}, config, staff, as_json)


# --- lending requests --------------------------------------------------------------------------------------------
@lend_app.command("new")
def lend_new(library_name: str = typer.Option(..., "--library", help="The library asking us."),
             foreign: bool = typer.Option(False, "--foreign"),
             kind: str = typer.Option(..., "--kind", help="loan or copy"), title: str = typer.Option(..., "--title"),
             config: Optional[Path] = ConfigOption, staff: Optional[str] = StaffOption, as_json: bool = JsonOption):
    """Register a request from another library for one of our items (a loan) or an article copy."""
    if kind not in ("loan", "copy"):
        fail(f"--kind: expected loan or copy, got {kind!r}")
    run_action("lend_request", {"library": library_name, "foreign": foreign, "kind": kind, "title": title},
               config, staff, as_json)


@lend_app.command("list")
def lend_list(state: Optional[str] = typer.Option(None, "--state", help="Only requests in this state."),
              config: Optional[Path] = ConfigOption, as_json: bool = JsonOption):
    """Lending requests (open ones, or those in --state), as a table."""
    from core.staff.views import LEND_OPEN_STATES, lend_views

    states = ["received", "approved", "rejected", "shipped", "returned", "closed"]
    _list("lend", state, states, lend_views, LEND_OPEN_STATES, config, as_json)


@lend_app.command("show")
def lend_show(reference: str, config: Optional[Path] = ConfigOption, as_json: bool = JsonOption):
    """One lending request with its whole history."""
    _show(reference, "lend", config, as_json)


@lend_app.command("event", hidden=True)
def lend_event(reference: str, event: str, due: Optional[str] = typer.Option(None, "--due"),
               reason: Optional[str] = typer.Option(None, "--reason"), config: Optional[Path] = ConfigOption,
               staff: Optional[str] = StaffOption, as_json: bool = JsonOption):
    """loanbot lend REF EVENT: one event of a lending request (contracts §2)."""
    from core.domain.lending import LEND_TRANSITIONS
    from core.staff.desk import StaffDesk
    from core.staff.views import request_view

    if event not in LEND_TRANSITIONS:
        fail(f"EVENT: unknown event {event!r} (one of {', '.join(LEND_TRANSITIONS)})")
    keys = {"request": reference, "event": event, "due": date_option(due, "--due"), "reason": reason}

    async def loan_needs_due(library):
        view = await request_view(library, reference, history=False)
        missing = StaffDesk.missing_data("lend", event, keys, view.lend_kind if view else "copy")
        return f"a loan's {event} needs --{missing}" if missing else None

    run_action("lend", {k: v for k, v in keys.items() if v is not None}, config, staff, as_json,
               precheck=loan_needs_due)


# --- reading -----------------------------------------------------------------------------------------------------
def _list(kind: str, state: Optional[str], states: list[str], views_of, open_states: tuple[str, ...],
          config: Optional[Path], as_json: bool) -> None:
    """The requests of one kind in --state (checked against `states`), or the open ones, as a table."""
    if state is not None and state not in states:
        fail(f"--state: unknown state {state!r} (one of {', '.join(states)})")

    async def listed(library):
        return library, await views_of(library, (state,) if state else open_states)

    print_list(*with_library(config, listed), kind, as_json)


def _show(reference: str, kind: str, config: Optional[Path], as_json: bool) -> None:
    from core.staff.desk import request_kind
    from core.staff.views import request_view

    async def work(library):
        view = await request_view(library, reference) if request_kind(reference) == kind else None
        return library, view

    library, view = with_library(config, work)
    if view is None:
        if as_json:
            sys.stdout.write(json.dumps({"ok": False, "request": reference, "state": None,
                                         "error": "unknown_request"}) + "\n")
        else:
            err.print(f"{reference}: unknown_request", highlight=False)
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(show_json(library, view), ensure_ascii=False) + "\n")
    else:
        print_show(library, view)
