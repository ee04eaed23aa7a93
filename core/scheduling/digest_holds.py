"""The digest's section on the hold shelf: reserved items whose patron has not collected them by their last day.
Staff give the patron more days or end the hold (the item then goes to the next patron in line, who is told)."""
from __future__ import annotations

from core.domain.holdshelf import WaitingHold
from core.plumbing.i18n import Translator


def uncollected_holds_section(tr: Translator, holds: list[WaitingHold]) -> list[str]:
    if not holds:
        return []
    lines = [tr.gettext("Reserved items not collected in time ({count}):", count=len(holds))]
    for hold in holds:
        lines.append("• " + tr.gettext("«{title}» ({barcode}) for {patron}: to be collected by {date}",
                                       title=hold.title, barcode=hold.barcode,
                                       patron=f"{hold.patron_name} ({hold.patron})" if hold.patron_name
                                       else hold.patron, date=tr.date(hold.pickup_by)))
        lines.append("  " + tr.gettext("More days: {extend}. End the hold: {expire}.",
                                       extend=f"loanbot holds extend {hold.patron} {hold.barcode} --days 3",
                                       expire=f"loanbot holds expire {hold.patron} {hold.barcode}"))
    lines += ["  " + tr.gettext("An ended hold's item goes to the next reader in line, who is told."), ""]
    return lines
