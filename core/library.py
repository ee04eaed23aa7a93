"""The use cases of one library, in one place: what the front ends, the scheduler and `simulate` call."""
from __future__ import annotations

from core.catalogue.settings import CatalogueSettings
from core.domain.accounts import Accounts
from core.domain.circulation import Circulation
from core.domain.holdings import Holdings
from core.domain.holdshelf import HoldShelf
from core.plumbing.context import Context
from core.domain.ill import InterlibraryLoans
from core.domain.ill_extensions import IllExtensions
from core.domain.lending import Lending
from core.domain.notices import Notices
from core.domain.policy import Policy
from core.domain.registry import Registry
from core.storage.database import Database


class Library:
    def __init__(self, db: Database, policy: Policy, catalogues: CatalogueSettings | None = None):
        self.db = db
        self.policy = policy
        self.catalogues = catalogues   # the union catalogues and Crossref asked about new ILL requests
        self.ctx = Context(db, policy)
        self.calendar = self.ctx.calendar
        self.registry = Registry(self.ctx)
        self.circulation = Circulation(self.ctx)
        self.holdings = Holdings(self.ctx)
        self.hold_shelf = self.circulation.shelf
        self.accounts = Accounts(self.ctx)
        self.ill = InterlibraryLoans(self.ctx)
        self.ill_extensions = IllExtensions(self.ill)
        self.lending = Lending(self.ctx)
        self.notices = Notices(self.ctx)
