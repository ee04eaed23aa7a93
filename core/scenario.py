"""Scenario files (contracts §2): a policy, patrons, items and timed steps, run on a fresh database.

`load_scenario` validates the whole file first, so a malformed scenario is refused before anything runs, with the
file, the step and the key named. `run_scenario` gives one JSON-ready dict per step.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.plumbing.context import Actor
from core.domain.event_notices import CONTRACT_KINDS
from core.domain.ill import WorkRequest
from core.library import Library
from core.domain.policy import Policy, PolicyError, load_policy, read_toml, toml_path
from core.domain.registry import ItemRecord, PatronRecord
from core.domain.works import isbn13

SIM_STAFF = Actor("staff", "staff", "simulate")


class ScenarioError(ValueError):
    """A scenario that cannot be run; the message names the file, the step and the key."""


def _moment(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value.strip())
    raise ValueError(f"expected a date and time YYYY-MM-DDTHH:MM, got {value!r}")


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioPatron(_Record):
    id: str = Field(min_length=1)
    category: str
    language: Literal["tr", "hr", "lt", "en"] = "en"
    email: str | None = None
    name: str = ""


class ScenarioItem(_Record):
    barcode: str = Field(min_length=1)
    type: str
    title: str = ""
    isbn: str | None = None            # ISBN-10 or -13, hyphens allowed; kept as 13 digits
    authors: list[str] = []            # "Family, Given"; one string is one author
    year: int | None = None
    call_number: str | None = None
    location: str | None = None        # where the copy stands ("Main library, 2nd floor")

    @field_validator("isbn", mode="before")
    @classmethod
    def _isbn(cls, value: object) -> str | None:
        if value is None:
            return None
        digits = isbn13(str(value))
        if digits is None:
            raise ValueError(f"not a valid ISBN: {value!r}")
        return digits

    @field_validator("authors", mode="before")
    @classmethod
    def _authors(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    def record(self) -> ItemRecord:
        return ItemRecord(self.barcode, self.type, self.title, self.isbn, tuple(self.authors), self.year,
                          self.call_number, self.location)


class Step(BaseModel):
    """One step; which keys it needs depends on its action (checked in `_check_step`)."""
    model_config = ConfigDict(extra="allow")
    at: dt.datetime
    action: str
    expect: dict | None = None

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: object) -> dt.datetime:
        return _moment(value)


# action -> (required keys, optional keys)
WORK_KEYS = ("material", "authors", "isbn", "issn", "doi", "year", "container", "publisher", "volume", "issue",
             "pages", "edition")
ACTION_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "checkout": (("patron", "item"), ("via", "override")),
    "renew": (("patron", "item"), ("via", "override")),
    "renew_all": (("patron",), ("via",)),
    "checkin": (("item",), ()),
    "hold": (("patron", "item"), ()),
    "cancel_hold": (("patron", "item"), ()),
    "balance": (("patron",), ()),
    "pay": (("patron", "amount"), ()),
    "restrict": (("patron",), ()),
    "unrestrict": (("patron",), ()),
    "ill_request": (("patron", "type", "title"), WORK_KEYS),
    "ill": (("request", "event"), ("lender", "foreign", "reason", "lender_due", "alternatives", "amount")),
    "lend_request": (("library", "foreign", "kind", "title"), ()),
    "lend": (("request", "event"), ("due", "reason")),
    "notices": ((), ()),
}
STRING_KEYS = ("patron", "item", "request", "event", "lender", "reason", "title", "type", "library", "kind",
               "material", "isbn", "issn", "doi", "container", "publisher", "volume", "issue", "pages", "edition")


class Scenario(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    path: Path
    policy: Policy
    patrons: list[ScenarioPatron]
    items: list[ScenarioItem]
    steps: list[Step]
    warnings: list[str] = []


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    data = read_toml(path, "scenario", ScenarioError)
    unknown = set(data) - {"policy", "patron", "item", "step", "loan"}
    if unknown:
        raise ScenarioError(f"{path}: unknown key {sorted(unknown)[0]!r}")
    if not isinstance(data.get("policy"), str):
        raise ScenarioError(f"{path}: policy: required, the policy file's path relative to the scenario")
    try:
        policy = load_policy(path.parent / data["policy"])
    except PolicyError as exc:
        raise ScenarioError(f"{path}: policy: {exc}") from None
    patrons, items = people_and_items(path, data, policy)
    steps, warnings = [], []
    for index, raw in enumerate(data.get("step", [])):
        if not isinstance(raw, dict):
            raise ScenarioError(f"{path}: step {index}: not a table")
        try:
            step = Step.model_validate(raw)
        except ValidationError as exc:
            problem = exc.errors()[0]
            key = toml_path(problem["loc"]) or "?"
            message = "required key is missing" if problem["type"] == "missing" else problem["msg"]
            raise ScenarioError(f"{path}: step {index}: {key}: {message}") from None
        warnings += _check_step(path, index, step)
        if steps and step.at < steps[-1].at:
            raise ScenarioError(f"{path}: step {index}: at: {step.at.isoformat(timespec='minutes')} is before step "
                                f"{index - 1}'s {steps[-1].at.isoformat(timespec='minutes')}; steps must not go "
                                f"back in time")
        steps.append(step)
    return Scenario(path=path, policy=policy, patrons=patrons, items=items, steps=steps, warnings=warnings)


def people_and_items(path: Path, data: dict, policy: Policy) -> tuple[list[ScenarioPatron], list[ScenarioItem]]:
    """The [[patron]] and [[item]] tables of a scenario or library file, checked against the policy's codes."""
    patrons = _records(path, data, "patron", ScenarioPatron)
    items = _records(path, data, "item", ScenarioItem)
    for index, patron in enumerate(patrons):
        if policy.category(patron.category) is None:
            raise ScenarioError(f"{path}: patron[{index}].category: undefined category {patron.category!r}")
    for index, item in enumerate(items):
        if policy.item_type_of(item.type) is None:
            raise ScenarioError(f"{path}: item[{index}].type: undefined item type {item.type!r}")
    return patrons, items


def _records(path: Path, data: dict, table: str, model: type[BaseModel]) -> list:
    out = []
    for index, raw in enumerate(data.get(table, [])):
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            problem = exc.errors()[0]
            message = "unknown key" if problem["type"] == "extra_forbidden" else (
                "required key is missing" if problem["type"] == "missing" else problem["msg"])
            raise ScenarioError(f"{path}: {table}[{index}].{toml_path(problem['loc'])}: {message}") from None
    return out


def _check_step(path: Path, index: int, step: Step) -> list[str]:
    where = f"{path}: step {index}"
    if step.action not in ACTION_KEYS:
        raise ScenarioError(f"{where}: action: unknown action {step.action!r}")
    required, optional = ACTION_KEYS[step.action]
    extra = dict(step.model_extra or {})
    for key in required:
        if key not in extra:
            raise ScenarioError(f"{where}: {key}: required for action {step.action!r}")
    for key in STRING_KEYS:
        if key in extra and not isinstance(extra[key], str):
            raise ScenarioError(f"{where}: {key}: expected a string, got {extra[key]!r}")
    for key in ("foreign", "override"):
        if key in extra and not isinstance(extra[key], bool):
            raise ScenarioError(f"{where}: {key}: expected true or false, got {extra[key]!r}")
    if "via" in extra and extra["via"] not in ("self", "staff"):
        raise ScenarioError(f"{where}: via: expected \"self\" or \"staff\", got {extra['via']!r}")
    for key in ("lender_due", "due"):
        if key in extra:
            try:
                extra[key] = _day(extra[key])
            except ValueError as exc:
                raise ScenarioError(f"{where}: {key}: {exc}") from None
    if "authors" in extra and not (isinstance(extra["authors"], list)
                                   and all(isinstance(a, str) for a in extra["authors"])):
        raise ScenarioError(f"{where}: authors: expected a list of strings")
    if "year" in extra and not isinstance(extra["year"], int):
        raise ScenarioError(f"{where}: year: expected a whole number")
    step.__pydantic_extra__.update(extra)
    unknown = set(extra) - set(required) - set(optional)
    return [f"{where}: key {k!r} is not used by action {step.action!r}" for k in sorted(unknown)]


# --- running -----------------------------------------------------------------------------------------------------
def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class ScenarioRunner:
    """The §2 actions on one library, each giving exactly its contract result. `simulate` runs them from a file;
    the staff desk (`core.staff.desk`) runs one at a time as the staff member who acts, so that `loanbot desk|ill|
    lend --json` prints what `simulate` prints for the same step."""

    def __init__(self, library: Library, staff: Actor = SIM_STAFF):
        self.library = library
        self.staff = staff
        self.failures: list[str] = []  # steps that could not run (a defect), reported after the run

    def moment(self, value: dt.datetime) -> dt.datetime:
        return self.library.ctx.aware(value)

    def local(self, value: dt.datetime | None) -> str | None:
        if value is None:
            return None
        return self.library.calendar.local(value).strftime("%Y-%m-%dT%H:%M")

    async def load_people_and_items(self, scenario: Scenario, now: dt.datetime) -> None:
        registry = self.library.registry
        await registry.upsert_patrons([PatronRecord(p.id, p.category, p.language, p.email, p.name)
                                       for p in scenario.patrons], now, SIM_STAFF)
        await registry.upsert_items([i.record() for i in scenario.items], now, SIM_STAFF)

    async def run(self, scenario: Scenario):
        start = self.moment(min((s.at for s in scenario.steps), default=dt.datetime(2000, 1, 1)))
        await self.load_people_and_items(scenario, start)
        for index, step in enumerate(scenario.steps):
            try:
                result = await self.step(step)
            except Exception as exc:  # a defect must not hide the later steps' results; it is reported
                self.failures.append(f"{scenario.path}: step {index} ({step.action}): {type(exc).__name__}: {exc}")
                result = {"ok": False, "error": "internal_error"}
            yield {"step": index, "action": step.action, **result}

    async def step(self, step: Step) -> dict[str, Any]:
        return await self.action(step.action, step.model_extra or {}, step.at)

    async def action(self, action: str, keys: dict, at: dt.datetime) -> dict[str, Any]:
        """One action with its step keys (checked as `load_scenario` checks them), at a moment."""
        handler = getattr(self, f"_{action}")
        return await handler(keys, self.moment(at), self._actor(keys))

    def _actor(self, keys: dict) -> Actor:
        if keys.get("via") == "staff":
            return self.staff
        return Actor("patron", keys.get("patron", "patron"), self.staff.channel)

    async def _checkout(self, keys, now, actor):
        r = await self.library.circulation.checkout(keys["patron"], keys["item"], now, actor,
                                                    override=keys.get("override", False))
        return {"ok": r.ok, "due": self.local(r.due) if r.ok else None, "error": r.error}

    async def _renew(self, keys, now, actor):
        r = await self.library.circulation.renew(keys["patron"], keys["item"], now, actor,
                                                 override=keys.get("override", False))
        return {"ok": r.ok, "due": self.local(r.due), "error": r.error, "renewals_left": r.renewals_left,
                "self_renewals_left": r.self_renewals_left, "fine": money(r.fine)}

    async def _renew_all(self, keys, now, actor):
        results = await self.library.circulation.renew_all(keys["patron"], now, actor)
        return {"ok": all(r.ok for r in results),
                "results": [{"item": r.barcode, "ok": r.ok, "due": self.local(r.due), "error": r.error}
                            for r in results]}

    async def _checkin(self, keys, now, actor):
        r = await self.library.circulation.checkin(keys["item"], now, self.staff)
        return {"ok": r.ok, "days_late": r.days_late, "fine": money(r.fine), "error": r.error}

    async def _hold(self, keys, now, actor):
        r = await self.library.circulation.place_hold(keys["patron"], keys["item"], now, actor)
        return {"ok": r.ok, "error": r.error}

    async def _cancel_hold(self, keys, now, actor):
        r = await self.library.circulation.cancel_hold(keys["patron"], keys["item"], now, actor)
        return {"ok": r.ok, "error": r.error}

    async def _balance(self, keys, now, actor):
        balance = await self.library.accounts.balance(keys["patron"], now)
        return {"balance": money(balance)} | ({} if balance is not None else {"error": "unknown_patron"})

    async def _pay(self, keys, now, actor):
        r = await self.library.accounts.pay(keys["patron"], keys["amount"], now, self.staff)
        return {"ok": r.ok, "error": r.error, "balance": money(r.balance)}

    async def _restrict(self, keys, now, actor):
        ok = await self.library.circulation.set_restricted(keys["patron"], True, now, self.staff)
        return {"ok": ok} | ({} if ok else {"error": "unknown_patron"})

    async def _unrestrict(self, keys, now, actor):
        ok = await self.library.circulation.set_restricted(keys["patron"], False, now, self.staff)
        return {"ok": ok} | ({} if ok else {"error": "unknown_patron"})

    async def _ill_request(self, keys, now, actor):
        work = WorkRequest(type=keys["type"], title=keys["title"],
                           **{k: keys[k] for k in WORK_KEYS if k in keys})
        r = await self.library.ill.request(keys["patron"], work, now, actor)
        return {"ok": r.ok, "request": r.request, "state": r.state, "error": r.error}

    async def _ill(self, keys, now, actor):
        event = keys["event"]
        # A scenario speaks for the lender where the lender acts; at the desk the staff member who records it acts.
        who = Actor("lender", keys.get("lender") or "lender", "simulate") if self.staff is SIM_STAFF and event in (
            "approve", "ship", "renewal_granted", "renewal_refused", "close") else self.staff
        amount = keys.get("amount")
        r = await self.library.ill.event(
            keys["request"], event, now, who, lender=keys.get("lender"), foreign=keys.get("foreign"),
            reason=keys.get("reason"), lender_due=keys.get("lender_due"), alternatives=keys.get("alternatives"),
            amount=Decimal(str(amount)) if amount is not None else None)
        out = {"ok": r.ok, "state": r.state, "error": r.error}
        if r.due is not None:
            out["due"] = self.local(r.due)
        if r.fee is not None:
            out["fee"] = money(r.fee)
        if r.days_late is not None:
            out.update(days_late=r.days_late, fine=money(r.fine))
        return out

    async def _lend_request(self, keys, now, actor):
        r = await self.library.lending.receive(keys["library"], keys["foreign"], keys["kind"], keys["title"], now,
                                               self.staff)
        return {"ok": r.ok, "request": r.request, "state": r.state, "charge": money(r.charge), "error": r.error}

    async def _lend(self, keys, now, actor):
        r = await self.library.lending.event(keys["request"], keys["event"], now, self.staff, due=keys.get("due"),
                                             reason=keys.get("reason"))
        out = {"ok": r.ok, "state": r.state, "error": r.error}
        if r.charge is not None:
            out["charge"] = money(r.charge)
        if r.due is not None:
            out["due"] = r.due.isoformat()
        return out

    async def _notices(self, keys, now, actor):
        await self.library.notices.generate(now)
        notices = await self.library.notices.take_due(now)
        # Letters beyond the contract (an ILL renewal granted, …) are taken too, but §2 lists only its own kinds.
        return {"notices": [{"patron": n.patron, "kind": n.kind,
                             **({"item": n.item} if n.item else {"request": n.request})}
                            for n in notices if n.kind in CONTRACT_KINDS]}
