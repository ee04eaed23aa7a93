"""`loanbot holds`: the hold shelf at the desk (items waiting for the patrons who reserved them)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

holds_app = typer.Typer(help="Reserved items waiting at the desk: list them, give more days, end a hold.",
                        no_args_is_help=True)
ConfigOption = typer.Option(None, "--config", "-c", help="Configuration file (TOML); none: the embedded default.")
StaffOption = typer.Option(None, "--staff", help="Who acts (an address in staff_emails; default: the first).")


def _run(config: Optional[Path], work):
    from loanbot.cli import _config, _with_library
    return _with_library(_config(config), work)


def _actor(library, staff: Optional[str]):
    from core.plumbing.context import Actor
    from loanbot.cli import fail

    addresses = library.policy.library.staff_emails
    name = staff or (addresses[0] if addresses else "cli")
    if staff is not None and not library.policy.is_staff(staff):
        fail(f"--staff: {staff!r} is not in the policy's staff_emails")
    return Actor("staff", name, "cli")


@holds_app.command("list")
def holds_list(late: bool = typer.Option(False, "--late", help="Only those past their last day."),
               config: Optional[Path] = ConfigOption):
    """Items waiting at the desk for their patrons, with the last day to collect each."""
    from loanbot.config import service_now

    async def work(library):
        return await library.hold_shelf.waiting(service_now(library.calendar.zone), overdue_only=late)
    out = Table(title="Hold shelf" + (": not collected in time" if late else ""))
    for column in ("item", "title", "patron", "ready since", "collect by"):
        out.add_column(column)
    for hold in _run(config, work):
        out.add_row(hold.barcode, hold.title, f"{hold.patron_name} ({hold.patron})".strip(),
                    hold.ready_at.date().isoformat(), hold.pickup_by.isoformat())
    Console().print(out)


@holds_app.command("extend")
def holds_extend(patron: str, item: str, days: int = typer.Option(7, "--days", min=1, max=365,
                                                                  help="Days more to collect it."),
                 staff: Optional[str] = StaffOption, config: Optional[Path] = ConfigOption):
    """Give a patron more days to collect a reserved item waiting at the desk."""
    from loanbot.config import service_now

    async def work(library):
        return await library.hold_shelf.extend(patron, item, days, service_now(library.calendar.zone),
                                               _actor(library, staff))
    result = _run(config, work)
    if not result.ok:
        Console().print(f"refused: {result.error}")
        raise typer.Exit(1)
    Console().print(f"{item} waits for {patron} until {result.pickup_by.isoformat()}")


@holds_app.command("expire")
def holds_expire(patron: str, item: str, staff: Optional[str] = StaffOption,
                 config: Optional[Path] = ConfigOption):
    """End a hold not collected in time; the item goes to the next patron in line, who is told."""
    from loanbot.config import service_now

    async def work(library):
        return await library.hold_shelf.expire(patron, item, service_now(library.calendar.zone),
                                               _actor(library, staff))
    result = _run(config, work)
    if not result.ok:
        Console().print(f"refused: {result.error}")
        raise typer.Exit(1)
    following = f"; it now waits for {result.next_patron}, who will be told" if result.next_patron else \
        "; nobody else reserved it: it can go back on the shelf"
    Console().print(f"hold of {patron} on {item} ended{following}")
