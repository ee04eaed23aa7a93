"""The tables. Moments are UTC (`UTCDateTime`); the library-local dates that rules and notices compare are kept
beside them (`due_date`, `checkout_date`) so that set-based SQL never has to do time-zone arithmetic."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, MetaData,
                        String, Text, UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.storage.types import Money, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Patron(Base):
    __tablename__ = "patrons"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)          # card number / scenario id
    name: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="en")
    email: Mapped[str | None] = mapped_column(String(320), unique=True)  # stored lower-case
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    preferred_channel: Mapped[str] = mapped_column(String(16), default="auto")  # auto | email | telegram
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    barcode: Mapped[str] = mapped_column(String(64), unique=True)
    item_type: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, default="")
    # The title folded (lower case, no diacritics) for finding an item by the words a patron wrote (a hold by
    # title); written by the registry (migration 0003).
    title_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # What the copy is and where it stands, for telling a patron "we have it" (migration 0005).
    isbn: Mapped[str | None] = mapped_column(String(13), index=True)
    authors: Mapped[list] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    call_number: Mapped[str | None] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(Text)


class ItemWord(Base):
    """The first letters of each word of an item's title and authors (core.domain.titles.search_keys): how the
    items that may be a work a patron names are found among many, before they are compared in full."""
    __tablename__ = "item_words"
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), primary_key=True)
    word: Mapped[str] = mapped_column(String(16), primary_key=True)
    # (word, item_id): the candidate query reads the index alone, never the table (bench/bench_catalogue.py)
    __table_args__ = (Index("ix_item_words_word", "word", "item_id"),)


class Loan(Base):
    __tablename__ = "loans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    checked_out_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    checkout_date: Mapped[dt.date] = mapped_column(Date)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    due_date: Mapped[dt.date] = mapped_column(Date)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    self_renewals: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (
        # One open loan per item: the database, not a check in Python, settles two simultaneous checkouts.
        Index("uq_loans_open_item", "item_id", unique=True,
              sqlite_where=text("returned_at IS NULL"), postgresql_where=text("returned_at IS NULL")),
        Index("ix_loans_patron_open", "patron_id", "returned_at"),
        # Covers the notice queries (due date, checkout date, patron; returned_at so SQLite sees it covering):
        # generate(now) reads open loans from the index alone, never from the table (migration 0002).
        Index("ix_loans_open_due", "due_date", "checkout_date", "patron_id", "returned_at",
              sqlite_where=text("returned_at IS NULL"), postgresql_where=text("returned_at IS NULL")),
    )


class Hold(Base):
    __tablename__ = "holds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    placed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | fulfilled | cancelled
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set when a check-in fills the hold: the item waits at the desk for this patron until `pickup_by` (local day).
    ready_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    pickup_by: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        Index("ix_holds_item_status", "item_id", "status"),
        Index("ix_holds_patron_status", "patron_id", "status"),
        Index("uq_holds_active", "patron_id", "item_id", unique=True,
              sqlite_where=text("status = 'active'"), postgresql_where=text("status = 'active'")),
    )


class Charge(Base):
    """A debt on a patron's account: an overdue fine, an ILL fee, a lost item, a repeat order."""
    __tablename__ = "charges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # fine | ill_fee | ill_lost | ill_repeat | ...
    amount: Mapped[Decimal] = mapped_column(Money)
    paid: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))   # settled: paid, or waived by staff
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"))
    ill_request_id: Mapped[int | None] = mapped_column(ForeignKey("ill_requests.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(16))


class AuditEntry(Base):
    """Every state change: who, when, through which channel, what."""
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor_kind: Mapped[str] = mapped_column(String(16))  # patron | staff | lender | system
    actor: Mapped[str] = mapped_column(String(320))
    channel: Mapped[str] = mapped_column(String(16))     # email | telegram | cli | simulate | scheduler
    action: Mapped[str] = mapped_column(String(48))
    subject: Mapped[str] = mapped_column(String(64))     # e.g. "loan:12", "ILL-3"
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    __table_args__ = (Index("ix_audit_log_subject", "subject"),)


class IllRequest(Base):
    """A borrowing request: this library asks another for a work a patron needs."""
    __tablename__ = "ill_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # shown as ILL-<id>
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"), index=True)
    state: Mapped[str] = mapped_column(String(24), index=True)
    work_type: Mapped[str] = mapped_column(String(16))  # book | article | chapter | thesis | other
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    publisher: Mapped[str | None] = mapped_column(Text)
    isbn: Mapped[str | None] = mapped_column(String(13))
    isbn_as_written: Mapped[str | None] = mapped_column(String(32))   # check digit fails: as the patron wrote it
    uncertain_fields: Mapped[list | None] = mapped_column(JSON, default=list)  # read with low confidence
    issn: Mapped[str | None] = mapped_column(String(9))
    doi: Mapped[str | None] = mapped_column(String(255))
    container: Mapped[str | None] = mapped_column(Text)
    volume: Mapped[str | None] = mapped_column(String(32))
    issue: Mapped[str | None] = mapped_column(String(32))
    pages: Mapped[str | None] = mapped_column(String(32))
    edition: Mapped[str | None] = mapped_column(String(32))
    material: Mapped[str | None] = mapped_column(String(64))  # an item type code, for copy_only checks
    match_key: Mapped[str] = mapped_column(String(400), index=True)  # normalized title+author for repeats
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("ill_requests.id"))
    lender: Mapped[str | None] = mapped_column(Text)
    alternatives: Mapped[list] = mapped_column(JSON, default=list)
    foreign: Mapped[bool] = mapped_column(Boolean, default=False)
    lender_due: Mapped[dt.date | None] = mapped_column(Date)
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    checkout_date: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)  # the lender's or staff's rejection reason
    approval_secret: Mapped[str] = mapped_column(String(64))  # returned by a staff reply to prove it is real
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    arrived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # From the union-catalogue look-up (migration 0005): the libraries that hold the work, best first, each
    # {"library", "call_number", "target", "matched_by"}; and where each completed or corrected field came from,
    # {"field": {"source", "was"}}.
    holdings: Mapped[list] = mapped_column(JSON, default=list)
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)

    @property
    def reference(self) -> str:
        return f"ILL-{self.id}"

    @property
    def label(self) -> str:
        return request_label(self.reference, self.title, self.isbn, self.issn, self.doi)


def request_label(reference: str, title: str | None, isbn: str | None = None, issn: str | None = None,
                  doi: str | None = None) -> str:
    """ILL-3 «Title»; a request registered from an identifier alone is ILL-3 (ISBN …)."""
    if title:
        return f"{reference} «{title}»"
    for name, value in (("ISBN", isbn), ("ISSN", issn), ("DOI", doi)):
        if value:
            return f"{reference} ({name} {value})"
    return reference


class CatalogueLookup(Base):
    """A union-catalogue look-up waiting for, or done by, the background worker: written in the same transaction
    as the request, so that a restart never loses one; the patron's reply never waits for it."""
    __tablename__ = "catalogue_lookups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("ill_requests.id"), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    targets: Mapped[list] = mapped_column(JSON, default=list)   # per target: name, ok, error, records
    error: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_catalogue_lookups_due", "state", "not_before"),)


class HoldingOffer(Base):
    """A patron asked for a work the library owns and was told so instead of getting an ILL number: kept so that
    their answer ("yes, place a hold", "I need it from another library anyway") can be acted on."""
    __tablename__ = "holding_offers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    work: Mapped[dict] = mapped_column(JSON)             # the work as asked (WorkRequest fields)
    barcodes: Mapped[list] = mapped_column(JSON)         # the library's copies of it, best first
    hold_offered: Mapped[bool] = mapped_column(Boolean)  # every copy was out: a hold was offered
    state: Mapped[str] = mapped_column(String(16), default="open")  # open | hold | ill | declined
    outcome: Mapped[str | None] = mapped_column(String(64))  # the hold's barcode or the ILL reference
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_holding_offers_patron_state", "patron_id", "state"),)


class IllEvent(Base):
    __tablename__ = "ill_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("ill_requests.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    event: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(320))
    channel: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class LendRequest(Base):
    """A lending request: another library asks this one for an item or an article copy."""
    __tablename__ = "lend_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # shown as LEND-<id>
    library: Mapped[str] = mapped_column(Text)
    foreign: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(8))  # loan | copy
    title: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), index=True)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    charge: Mapped[Decimal] = mapped_column(Money)
    vouchers: Mapped[Decimal] = mapped_column(Money)  # IFLA vouchers the borrower owes (0 for domestic)
    reason: Mapped[str | None] = mapped_column(Text)
    # returned by a staff reply to prove it comes from someone who received the request's notification (§5)
    reply_secret: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    @property
    def reference(self) -> str:
        return f"LEND-{self.id}"


class LendEvent(Base):
    __tablename__ = "lend_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("lend_requests.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    event: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(320))
    channel: Mapped[str] = mapped_column(String(16))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class VoucherMovement(Base):
    """IFLA voucher ledger: bought (+), received from borrowers (+), used to pay lenders or written off (−)."""
    __tablename__ = "voucher_movements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # bought | received | used
    quantity: Mapped[Decimal] = mapped_column(Money)
    reference: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Notice(Base):
    """One reminder: (subject, kind, due date) is unique, so a notice can never be produced twice."""
    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(8))  # loan | ill | hold
    subject_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    # The loan's due date it is about; for ILL events the event's day; for hold_ready the last day to collect.
    due_date: Mapped[dt.date] = mapped_column(Date)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"), index=True)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # when it became due
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # handed to a channel (or reported)
    channel: Mapped[str | None] = mapped_column(String(16))
    __table_args__ = (
        UniqueConstraint("subject_kind", "subject_id", "kind", "due_date", name="uq_notices_key"),
        Index("ix_notices_pending", "dispatched_at", "due_at"),
    )


class OutboxMessage(Base):
    """A reply or notice to send, written in the same transaction as the change it reports."""
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))  # email | telegram
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)  # thread headers, reply markup…
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # permanent failure, shown to staff
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_outbox_pending", "channel", "sent_at", "failed_at", "not_before"),)


class InboundMessage(Base):
    """A message taken in, stored before it is worked on; `status` says how it ended (done or shunted)."""
    __tablename__ = "inbound_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # imap | maildir | telegram
    mailbox: Mapped[str] = mapped_column(String(200))
    uidvalidity: Mapped[int] = mapped_column(BigInteger, default=0)
    uid: Mapped[str] = mapped_column(String(200))
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    sender: Mapped[str | None] = mapped_column(String(320))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="new")  # new | done | ignored | shunted
    error: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    __table_args__ = (UniqueConstraint("source", "mailbox", "uidvalidity", "uid", name="uq_inbound_position"),)


class LinkCode(Base):
    """A one-time code e-mailed to a patron to link a Telegram account."""
    __tablename__ = "link_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    code_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Conversation(Base):
    """A chat dialogue's state, so that conversations survive a restart."""
    __tablename__ = "conversations"
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    state: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    language: Mapped[str | None] = mapped_column(String(8))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ServiceState(Base):
    """Small facts the service keeps between runs: last digest day, last intake, …"""
    __tablename__ = "service_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
