"""One library's rules, read from its policy file (contracts §1) and validated with pydantic.

Every table of the file has a model here; unknown keys are errors that name the key, so a typo in a policy never
silently changes how a library lends.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
import weakref
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.functional_validators import BeforeValidator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REPLY_LANGUAGES = ("tr", "hr", "lt", "en")


def _money(value: object) -> Decimal:
    """Money in a policy is a decimal amount; TOML gives a float, so go through its shortest text form."""
    if isinstance(value, bool):
        raise ValueError("an amount of money, not a boolean")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value))
    except Exception as exc:  # decimal.InvalidOperation has no useful text
        raise ValueError(f"not an amount of money: {value!r}") from exc
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"an amount of money must be 0 or more, got {value!r}")
    return amount.quantize(Decimal("0.01"))


Money = Annotated[Decimal, BeforeValidator(_money)]


def _localized(value: object) -> object:
    """A text people read: one string for every language, or a table of them by language code."""
    if isinstance(value, dict):
        unknown = [key for key in value if key not in REPLY_LANGUAGES]
        if unknown:
            raise ValueError(f"unknown language {unknown[0]!r}: expected one of {', '.join(REPLY_LANGUAGES)}")
        if not value:
            raise ValueError("an empty table: give the text in at least one language")
    return value


# `"Reading room, 2nd floor"` or `{ lt = "Skaitykla, II a.", en = "Reading room, 2nd floor" }`
Localized = Annotated[str | dict[str, str], BeforeValidator(_localized)]


def text_in(value: str | dict[str, str] | None, language: str, fallback: str) -> str | None:
    """The text of a `Localized` value for a reader of `language`: theirs, else the library's first language's
    (`fallback`), else English, else any; None when the policy gives none."""
    if value is None or isinstance(value, str):
        return value or None
    for candidate in (language, fallback, "en"):
        if value.get(candidate):
            return value[candidate]
    return next((text for text in value.values() if text), None)


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Library(_Table):
    name: str
    timezone: str
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    languages: list[Literal["tr", "hr", "lt", "en"]] = Field(min_length=1)
    closed_weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = []
    holidays: list[dt.date] = []
    staff_emails: list[str] = []
    staff_language: Literal["tr", "hr", "lt", "en"] | None = None  # default: the first of `languages`
    hold_pickup_days: int = Field(default=7, ge=1, le=365)          # days a filled hold waits at the desk
    pickup_place: Localized | None = None    # where reserved items are collected (default: "the library desk")
    opening_hours: Localized | None = None   # when that desk is open, as the letters should say it

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("staff_emails")
    @classmethod
    def _lower_emails(cls, value: list[str]) -> list[str]:
        for address in value:
            if not re.fullmatch(r"[^@\s]+@[^@\s]+", address):
                raise ValueError(f"not an e-mail address: {address!r}")
        return [a.lower() for a in value]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def staff_lang(self) -> str:
        """The language of staff mail, digests and staff chat: `staff_language`, else the first reply language."""
        return self.staff_language or self.languages[0]


class Rules(_Table):
    due_date_mode: Literal["days", "calendar", "push"] = "push"
    count_closed_days_for_fines: bool = True
    renew_from: Literal["due_date", "now"] = "due_date"
    staff_override_not_for_loan: bool = False
    staff_override_renewal_limit: bool = False
    holds_block_renewal: bool = True
    overdue_blocks_renewal: bool = False
    renewal_cutoff: str | None = None

    @field_validator("renewal_cutoff")
    @classmethod
    def _month_day(cls, value: str | None) -> str | None:
        if value is None:
            return None
        match = re.fullmatch(r"(\d\d)-(\d\d)", value)
        if not match:
            raise ValueError(f"expected MM-DD, got {value!r}")
        try:  # 2024 is a leap year, so 02-29 is accepted as a day that exists
            dt.date(2024, int(match[1]), int(match[2]))
        except ValueError as exc:
            raise ValueError(f"no such day: {value!r}") from exc
        return value

    def cutoff_on_or_after(self, day: dt.date) -> dt.date | None:
        """The next renewal cut-off day on or after `day` (Feb 29 falls back to Feb 28 in common years)."""
        if self.renewal_cutoff is None:
            return None
        month, mday = (int(p) for p in self.renewal_cutoff.split("-"))
        for year in (day.year, day.year + 1):
            try:
                candidate = dt.date(year, month, mday)
            except ValueError:
                candidate = dt.date(year, month, mday - 1)
            if candidate >= day:
                return candidate
        raise AssertionError("unreachable: next year's cut-off is always after day")


class Term(_Table):
    name: str
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> "Term":
        if self.end < self.start:
            raise ValueError(f"term {self.name!r} ends ({self.end}) before it starts ({self.start})")
        return self


class PatronCategory(_Table):
    code: str = Field(min_length=1)
    name: Localized = ""    # what people are shown instead of the code, in one language or per language
    home_loans: bool = True
    max_loans: int | None = Field(default=None, ge=0)
    max_holds: int | None = Field(default=None, ge=0)
    fine_block_checkout: Money | None = None
    fine_block_renewal: Money | None = None
    fine_block_hold: Money | None = None
    ill: bool = True
    overdue_notices: bool = True  # seed 002: each category says whether it gets overdue notices


class ItemType(_Table):
    code: str = Field(min_length=1)
    name: Localized = ""
    loanable: bool = True
    renewable: bool = True
    self_renewable: bool = True
    copy_only: bool = False


class Rule(_Table):
    patron_category: str
    item_type: str
    loan_period: int = Field(ge=0)
    unit: Literal["days", "hours", "term"] = "days"
    max_loans: int | None = Field(default=None, ge=0)
    renewals: int = Field(default=0, ge=0)
    self_renewals: int = Field(default=0, ge=0)
    renewal_period: int | None = Field(default=None, ge=0)
    fine: Money = Decimal("0.00")
    fine_interval_days: int = Field(default=1, ge=1)
    grace_days: int = Field(default=0, ge=0)
    fine_cap: Money = Decimal("0.00")

    @property
    def effective_renewal_period(self) -> int:
        return self.loan_period if self.renewal_period is None else self.renewal_period

    @property
    def specificity(self) -> int:
        """(cat,type) > (cat,*) > (*,type) > (*,*), as in Koha's get_effective_rule."""
        return (2 if self.patron_category != "*" else 0) + (1 if self.item_type != "*" else 0)


class Ill(_Table):
    max_open_requests: int = Field(default=5, ge=0)
    max_balance: Money = Decimal("0.00")
    foreign_fee: Money = Decimal("0.00")
    home_loan: bool = True
    return_buffer_working_days: int = Field(default=0, ge=0)
    renewal_notice_working_days: int = Field(default=0, ge=0)
    ifla_voucher: Money = Decimal("8.00")
    lend_loan_vouchers: Decimal = Field(default=Decimal("1.0"), ge=0)
    lend_copy_vouchers: Decimal = Field(default=Decimal("0.5"), ge=0)
    domestic_copy_price: Money = Decimal("0.00")
    lost_item_fee: Money = Decimal("0.00")  # used when the lender names no price for a lost or damaged item
    repeat_order_fee: Money = Decimal("0.00")  # seeds/004: ordering the same title again costs the patron this
    pickup_place: Localized | None = None    # where ILL items are collected (default: "the interlibrary loan desk")
    opening_hours: Localized | None = None   # when that desk is open (default: the library's opening_hours)


class Notices(_Table):
    due_soon_days: int = Field(default=2, ge=0)
    overdue_days: list[int] = Field(default=[1, 7, 14], min_length=1, max_length=3)
    digest_time: dt.time = dt.time(8, 0)
    quiet_hours: tuple[dt.time, dt.time] | None = None  # (start, end), local: no patron notice is sent inside

    @field_validator("overdue_days")
    @classmethod
    def _increasing(cls, value: list[int]) -> list[int]:
        if any(d < 1 for d in value) or value != sorted(set(value)):
            raise ValueError("overdue_days must be increasing whole days, each 1 or more")
        return value

    @field_validator("digest_time", mode="before")
    @classmethod
    def _hh_mm(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(r"\d\d:\d\d", value):
            raise ValueError(f"expected HH:MM, got {value!r}")
        return value


class Policy(_Table):
    library: Library
    rules: Rules = Rules()
    term: list[Term] = []
    patron_category: list[PatronCategory] = Field(min_length=1)
    item_type: list[ItemType] = Field(min_length=1)
    rule: list[Rule] = Field(min_length=1)
    ill: Ill = Ill()
    notices: Notices = Notices()

    @model_validator(mode="after")
    def _consistent(self) -> "Policy":
        categories = [c.code for c in self.patron_category]
        types = [t.code for t in self.item_type]
        for kind, codes in (("patron_category", categories), ("item_type", types)):
            dupes = {c for c in codes if codes.count(c) > 1}
            if dupes:
                raise ValueError(f"{kind}: code defined twice: {', '.join(sorted(dupes))}")
        seen: set[tuple[str, str]] = set()
        for index, rule in enumerate(self.rule):
            if rule.patron_category != "*" and rule.patron_category not in categories:
                raise ValueError(f"rule[{index}].patron_category: undefined category {rule.patron_category!r}")
            if rule.item_type != "*" and rule.item_type not in types:
                raise ValueError(f"rule[{index}].item_type: undefined item type {rule.item_type!r}")
            pair = (rule.patron_category, rule.item_type)
            if pair in seen:
                raise ValueError(f"rule[{index}]: a second rule for {pair[0]} × {pair[1]}")
            seen.add(pair)
            if rule.unit == "term" and not self.term:
                raise ValueError(f"rule[{index}].unit: 'term' loans need at least one [[term]]")
        terms = sorted(self.term, key=lambda t: t.start)
        for earlier, later in zip(terms, terms[1:]):
            if later.start <= earlier.end:
                raise ValueError(f"term: {earlier.name!r} and {later.name!r} overlap")
        return self

    # --- lookups -----------------------------------------------------------------------------------------------
    def category(self, code: str) -> PatronCategory | None:
        return _lookups(self).categories.get(code)

    def item_type_of(self, code: str) -> ItemType | None:
        return _lookups(self).item_types.get(code)

    def rule_for(self, category: str, item_type: str) -> Rule | None:
        """The most specific rule matching (category, item type), the one lookup every decision goes through."""
        rules = _lookups(self).rules
        key = (category, item_type)
        if key not in rules:
            matching = [r for r in self.rule
                        if r.patron_category in (category, "*") and r.item_type in (item_type, "*")]
            rules[key] = max(matching, key=lambda r: r.specificity, default=None)
        return rules[key]

    def is_staff(self, address: str) -> bool:
        return address.strip().lower() in self.library.staff_emails

    def category_label(self, code: str, language: str) -> str:
        """A patron category as people read it: its policy name in `language`, else its code."""
        category = self.category(code)
        name = None if category is None else text_in(category.name, language, self.library.default_language)
        return name or code


class _Lookups:
    """A policy's answers to category / item type / rule look-ups, computed once: the policy is immutable (frozen)
    and every use case asks them several times. Kept outside the model so that equality and dumps are unchanged."""

    __slots__ = ("categories", "item_types", "rules", "__weakref__")

    def __init__(self, policy: Policy) -> None:
        self.categories: dict[str, PatronCategory] = {}
        for category in policy.patron_category:
            self.categories.setdefault(category.code, category)
        self.item_types: dict[str, ItemType] = {}
        for item_type in policy.item_type:
            self.item_types.setdefault(item_type.code, item_type)
        self.rules: dict[tuple[str, str], Rule | None] = {}


_LOOKUPS: dict[int, tuple[weakref.ref, _Lookups]] = {}


def _lookups(policy: Policy) -> _Lookups:
    entry = _LOOKUPS.get(id(policy))
    if entry is None or entry[0]() is not policy:
        key = id(policy)
        entry = (weakref.ref(policy, lambda _ref, key=key: _LOOKUPS.pop(key, None)), _Lookups(policy))
        _LOOKUPS[key] = entry
    return entry[1]


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file, the table and the key."""


def describe_validation_error(error: ValidationError, source: str) -> str:
    lines = []
    for problem in error.errors():
        where = toml_path(problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
        elif problem["type"] == "missing":
            message = "required key is missing"
        lines.append(f"{source}: {where}: {message}" if where else f"{source}: {message}")
    return "\n".join(lines)


def toml_path(loc: tuple) -> str:
    """('rule', 2, 'fine') -> 'rule[2].fine' — the table and key as the file writes them."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith(("function-", "list[", "union[")):
            continue
        else:
            text += ("." if text else "") + str(part)
    return text


def parse_policy(data: dict, source: str = "<policy>") -> Policy:
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(describe_validation_error(exc, source)) from None


def read_toml(path: Path, kind: str, error: type[Exception]) -> dict:
    """A TOML file's tables, or `error` naming the file and what is wrong with it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: no such {kind} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None


def load_policy(path: str | Path) -> Policy:
    path = Path(path)
    return parse_policy(read_toml(path, "policy", PolicyError), str(path))
