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
        return _tr(library), await library.hold_shelf.waiting(service_now(library.calendar.zone), overdue_only=late)
    tr, holds = _run(config, work)
    out = Table(title=tr.gettext("Hold shelf: not collected in time") if late else tr.gettext("Hold shelf"))
    for column in (tr.gettext("Item"), tr.gettext("Title"), tr.gettext("Patron"), tr.gettext("Ready since"),
                   tr.gettext("Collect by")):
        out.add_column(column)
    for hold in holds:
        out.add_row(hold.barcode, hold.title, f"{hold.patron_name} ({hold.patron})".strip(),
                    tr.date(hold.ready_at), tr.date(hold.pickup_by))
    Console().print(out)


def _tr(library):
    from core.plumbing.i18n import Translator
    return Translator(library.policy.library.staff_lang, library.calendar.zone)


def _refused(tr, error) -> None:
    from core.staff import words
    Console().print(tr.gettext("Refused: {reason} ({code}).", reason=words.refusal(tr, error), code=error),
                    markup=False)
    raise typer.Exit(1)


@holds_app.command("extend")
def holds_extend(patron: str, item: str, days: int = typer.Option(7, "--days", min=1, max=365,
                                                                  help="Days more to collect it."),
                 staff: Optional[str] = StaffOption, config: Optional[Path] = ConfigOption):
    """Give a patron more days to collect a reserved item waiting at the desk."""
    from loanbot.config import service_now

    async def work(library):
        return _tr(library), await library.hold_shelf.extend(patron, item, days, service_now(library.calendar.zone),
                                                             _actor(library, staff))
    tr, result = _run(config, work)
    if not result.ok:
        _refused(tr, result.error)
    Console().print(tr.gettext("{item} waits for {patron} until {date}.", item=item, patron=patron,
                               date=tr.date(result.pickup_by)), markup=False)


@holds_app.command("expire")
def holds_expire(patron: str, item: str, staff: Optional[str] = StaffOption,
                 config: Optional[Path] = ConfigOption):
    """End a hold not collected in time; the item goes to the next patron in line, who is told."""
    from loanbot.config import service_now

    async def work(library):
        return _tr(library), await library.hold_shelf.expire(patron, item, service_now(library.calendar.zone),
                                                             _actor(library, staff))
    tr, result = _run(config, work)
    if not result.ok:
        _refused(tr, result.error)
    if result.next_patron:
        text = tr.gettext("The hold of {patron} on {item} has ended; the item now waits for {next}, who will be "
                          "told.", patron=patron, item=item, next=result.next_patron)
    else:
        text = tr.gettext("The hold of {patron} on {item} has ended; nobody else reserved it: it can go back on "
                          "the shelf.", patron=patron, item=item)
    Console().print(text, markup=False)
