"""The use cases of one library, in one place: what the front ends, the scheduler and `simulate` call."""
from __future__ import annotations

from core.accounts import Accounts
from core.circulation import Circulation
from core.context import Context
from core.ill import InterlibraryLoans
from core.lending import Lending
from core.notices import Notices
from core.policy import Policy
from core.registry import Registry
from core.storage.database import Database


class Library:
    def __init__(self, db: Database, policy: Policy):
        self.db = db
        self.policy = policy
        self.ctx = Context(db, policy)
        self.calendar = self.ctx.calendar
        self.registry = Registry(self.ctx)
        self.circulation = Circulation(self.ctx)
        self.accounts = Accounts(self.ctx)
        self.ill = InterlibraryLoans(self.ctx)
        self.lending = Lending(self.ctx)
        self.notices = Notices(self.ctx)
