"""The libraries offered when staff `locate` a borrowing request: those the catalogue look-up found holding its work,
best first, as stored with the request (`IllRequest.holdings`, core/catalogue/lookups.py). The desk's
`LenderCandidates`: "locate 2" by e-mail, a holding library's button on Telegram and the staff messages' numbered
list all count from the same list, so the number staff read is the library they get.
"""
from __future__ import annotations

from sqlalchemy import select

from core.domain.ill import parse_reference
from core.library import Library
from core.staff.desk import Lender
from core.storage.models import IllRequest

SHOWN_AS_BUTTONS = 5   # holding libraries offered as buttons under a staff message (all of them by number)


def lenders_of(holdings: list[dict] | None) -> list[Lender]:
    """The stored holdings as lenders, in their order (the look-up ranks them and keeps one entry per library)."""
    return [Lender(h["library"], bool(h.get("foreign"))) for h in holdings or [] if (h.get("library") or "").strip()]


class HoldingLibraries:
    """`LenderCandidates` from the union-catalogue holdings stored on the request (none before its look-up)."""

    def __init__(self, library: Library):
        self.library = library

    async def for_request(self, reference: str) -> list[Lender]:
        number = parse_reference(reference or "", "ILL")
        if number is None:
            return []
        async with self.library.ctx.transaction() as session:
            holdings = await session.scalar(select(IllRequest.holdings).where(IllRequest.id == number))
        return lenders_of(holdings)
