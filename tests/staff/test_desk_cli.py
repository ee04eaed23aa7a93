"""`loanbot desk|ill|lend` (contracts §5): every step of the test scenarios, run through the command line one at a
time with LOANBOT_NOW at the step's moment, prints with --json exactly what `simulate` prints for that step; exit
0 when done, 1 when refused, 2 on bad input; `ill show` gives the whole history."""
from __future__ import annotations

import asyncio
import json
import tempfile
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.library import Library
from core.scenario import ScenarioRunner, load_scenario
from core.storage.database import Database, sqlite_url
from loanbot.cli import app

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "tests" / "data" / "scenarios").glob("*.toml"))
TOKAT = ROOT / "tests" / "data" / "policies" / "tokat.toml"


def desk_argv(step: dict) -> list[str] | None:
    """The §5 command for one scenario step (None: not a desk action)."""
    action = step["action"]

    def flags(*keys):
        return [x for k in keys if k in step for x in ("--" + k.replace("_", "-"), str(step[k]))]
    if action in ("checkout", "renew"):
        return ["desk", action, step["patron"], step["item"]] + (["--override"] if step.get("override") else [])
    if action == "checkin":
        return ["desk", "checkin", step["item"]]
    if action in ("hold", "cancel_hold", "restrict", "unrestrict"):
        return ["desk", action.replace("_", "-"), step["patron"]] + ([step["item"]] if "item" in step else [])
    if action == "pay":
        return ["desk", "pay", step["patron"], str(step["amount"])]
    if action == "balance":
        return ["desk", "balance", step["patron"]]
    if action == "ill_request":
        argv = ["ill", "new", step["patron"], "--type", step["type"], "--title", step["title"]]
        return argv + [x for a in step.get("authors", []) for x in ("--authors", a)] + flags(
            "isbn", "issn", "doi", "year", "container", "material")
    if action == "ill":
        return ["ill", step["request"], step["event"]] + flags("lender", "lender_due", "reason") + (
            ["--foreign"] if step.get("foreign") else [])
    if action == "lend_request":
        return ["lend", "new", "--library", step["library"], "--kind", step["kind"], "--title", step["title"]] + (
            ["--foreign"] if step.get("foreign") else [])
    if action == "lend":
        return ["lend", step["request"], step["event"]] + flags("due", "reason")
    return None


async def simulated(path: Path) -> list[dict]:
    scenario = load_scenario(path)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(sqlite_url(Path(tmp) / "sim.db"))
        try:
            await db.migrate()
            return [line async for line in ScenarioRunner(Library(db, scenario.policy)).run(scenario)]
        finally:
            await db.dispose()


class Desk:
    """The command line on the test's database, as staff at the desk use it."""

    def __init__(self, db, tmp_path: Path, policy: Path):
        self.config = tmp_path / "loanbot.toml"
        self.config.write_text(f"database = {json.dumps(db.url)}\npolicy = {json.dumps(str(policy))}\n")
        self.runner = CliRunner()

    async def __call__(self, *argv: str, at: str = "2026-11-02T10:00"):
        # on a thread: the command runs its own event loop, as it does in a shell
        return await asyncio.to_thread(self.runner.invoke, app, [*argv, "--config", str(self.config)],
                                       env={"LOANBOT_NOW": at})

    async def json(self, *argv: str, at: str = "2026-11-02T10:00") -> tuple[int, dict]:
        result = await self(*argv, "--json", at=at)
        text = result.stdout
        return result.exit_code, (json.loads(text[text.index("{"):]) if "{" in text else {})


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
async def test_every_desk_step_prints_what_simulate_prints(db, tmp_path, path):
    data = tomllib.loads(path.read_text())
    desk = Desk(db, tmp_path, (path.parent / data["policy"]).resolve())
    people = tmp_path / "people.toml"
    people.write_text("".join(
        f"[[{table}]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in row.items()) + "\n"
        for table in ("patron", "item") for row in data.get(table, [])))
    assert (await desk("load", str(people))).exit_code == 0
    expected = await simulated(path)
    compared = 0
    for index, step in enumerate(data["step"]):
        if step["action"] == "renew" and step.get("via", "self") != "staff":
            break   # a patron's own renewal is no desk action; what follows depends on it
        argv = desk_argv(step)
        if argv is None:
            continue
        code, got = await desk.json(*argv, at=step["at"])
        want = {k: v for k, v in expected[index].items() if k not in ("step", "action")}
        assert got == want, f"step {index}: {argv}"
        refused = want.get("ok") is False or "error" in want and want["error"] is not None
        assert code == (1 if refused else 0), f"step {index}: {argv} exited {code}"
        compared += 1
    assert compared >= 1


@pytest.fixture
async def desk(db, tmp_path):
    desk = Desk(db, tmp_path, TOKAT)
    people = tmp_path / "people.toml"
    people.write_text('[[patron]]\nid = "P1"\ncategory = "student"\nlanguage = "tr"\nemail = "elif@example.edu.tr"\n'
                      'name = "Elif Kaya"\n[[item]]\nbarcode = "200001"\ntype = "book"\ntitle = "Nutuk"\n')
    assert (await desk("load", str(people))).exit_code == 0
    return desk


async def test_bad_input_exits_2_naming_what_is_wrong(desk):
    assert (await desk.json("ill", "new", "P1", "--type", "book", "--title", "Nutuk"))[0] == 0
    cases = [(["ill", "ILL-1", "locate", "--colour", "red"], "--colour"),
             (["ill", "ILL-1", "arrive", "--lender-due", "31.02.2027"], "--lender-due"),
             (["ill", "ILL-1", "arrive"], "--lender-due"),
             (["desk", "pay", "P1", "ten"], "ten"),
             (["ill", "ILL-1", "send", "--staff", "someone@example.org"], "someone@example.org"),
             (["ill", "ILL-1", "teleport"], "teleport")]
    for argv, named in cases:
        result = await desk(*argv)
        assert result.exit_code == 2, (argv, result.output)
        assert named in result.output, (argv, result.output)


async def test_refusals_exit_1_with_the_code(desk):
    assert await desk.json("desk", "pay", "P1", "-3") == (1, {"ok": False, "error": "invalid_amount", "balance": "0.00"})
    assert await desk.json("ill", "ILL-9", "send") == (1, {"ok": False, "state": None, "error": "unknown_request"})
    result = await desk("desk", "checkout", "P9", "200001")
    assert result.exit_code == 1 and "unknown_patron" in result.output


async def test_ill_show_gives_the_whole_history_with_who_when_channel_and_reason(desk):
    await desk.json("ill", "new", "P1", "--type", "book", "--title", "Nutuk", at="2026-11-24T10:00")
    await desk.json("ill", "ILL-1", "locate", "--lender", "Ankara Üniversitesi", at="2026-11-24T11:00")
    await desk.json("ill", "ILL-1", "send", "--staff", "kutuphane-okuyucu@uni.example.edu.tr", at="2026-11-24T12:00")
    await desk.json("ill", "ILL-1", "reject", "--reason", "Lender's copy is lost", at="2026-11-25T09:00")
    code, shown = await desk.json("ill", "show", "ILL-1")
    assert code == 0
    assert {k: shown[k] for k in ("request", "state", "patron", "lender", "foreign", "lender_due", "due")} == {
        "request": "ILL-1", "state": "rejected", "patron": "P1", "lender": "Ankara Üniversitesi", "foreign": False,
        "lender_due": None, "due": None}
    assert [(h["event"], h["from"], h["to"], h["when"], h["channel"], h["reason"]) for h in shown["history"]] == [
        ("request", None, "requested", "2026-11-24T10:00", "cli", None),
        ("locate", "requested", "located", "2026-11-24T11:00", "cli", None),
        ("send", "located", "sent", "2026-11-24T12:00", "cli", None),
        ("reject", "sent", "rejected", "2026-11-25T09:00", "cli", "Lender's copy is lost")]
    assert {h["who"] for h in shown["history"][1:]} == {"kutuphane-okuyucu@uni.example.edu.tr"}
    assert await desk.json("ill", "show", "ILL-7") == (1, {"ok": False, "request": "ILL-7", "state": None,
                                                     "error": "unknown_request"})
    table = await desk("ill", "show", "ILL-1")
    assert table.exit_code == 0 and "Ankara Üniversitesi" in table.output and "reject" in table.output


async def test_a_human_answer_is_in_the_staff_language(desk):
    await desk.json("ill", "new", "P1", "--type", "book", "--title", "Nutuk")
    result = await desk("ill", "ILL-1", "send")
    assert result.exit_code == 1
    assert "talebin şu anki durumunda bu adım mümkün değil" in result.output


async def approved_request(desk, at: str, *then: list[str]) -> None:
    """ILL-1 for P1 («Nutuk») taken from the desk to approved at Ankara, then the steps `then`, each done."""
    for argv in (["ill", "new", "P1", "--type", "book", "--title", "Nutuk"],
                 ["ill", "ILL-1", "locate", "--lender", "Ankara Üniversitesi"], ["ill", "ILL-1", "send"],
                 ["ill", "ILL-1", "approve"], *then):
        assert (await desk.json(*argv, at=at))[0] == 0, argv


async def test_a_past_lender_due_date_is_recorded_as_simulate_does_with_a_warning_and_can_be_corrected(desk):
    """The command line gives `simulate`'s result for the same step (contracts §5), so a lender's due date before
    today is recorded, with a warning naming it and the way out; `correct_due` puts it right and is in the history."""
    at = "2026-11-26T10:00"
    await approved_request(desk, at)
    result = await desk("ill", "ILL-1", "arrive", "--lender-due", "2026-01-15", "--json", at=at)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "state": "arrived", "error": None, "fee": "0.00"}
    assert "15 Ocak 2026" in result.stderr and "26 Kasım 2026" in result.stderr and "correct_due" in result.stderr
    assert await desk.json("ill", "ILL-1", "correct_due", "--lender-due", "2027-01-15", at=at) == (
        0, {"ok": True, "state": "arrived", "error": None, "due": "2027-01-12T23:59"})
    assert await desk.json("ill", "ILL-1", "checkout", at=at) == (
        0, {"ok": True, "state": "checked_out", "error": None, "due": "2027-01-12T23:59"})
    code, shown = await desk.json("ill", "show", "ILL-1")
    assert [h["event"] for h in shown["history"]][-2:] == ["correct_due", "checkout"]
    assert "correct_due" in shown["events"]
    result = await desk("ill", "ILL-1", "correct_due", at=at)
    assert result.exit_code == 2 and "--lender-due" in result.output


async def test_a_lender_date_too_close_for_the_return_buffer_is_recorded_with_a_warning(desk):
    """A lender's date after today can still leave the patron a due date already gone (the buffer of open days kept
    for the return is longer than the time left): recorded as `simulate` does, and staff are warned."""
    at = "2026-11-26T10:00"
    await approved_request(desk, at)
    result = await desk("ill", "ILL-1", "arrive", "--lender-due", "2026-11-27", "--json", at=at)
    assert result.exit_code == 0 and json.loads(result.stdout)["state"] == "arrived"
    assert "Dikkat" in result.stderr and "27 Kasım 2026" in result.stderr
    result = await desk("ill", "ILL-1", "correct_due", "--lender-due", "2027-01-15", at=at)
    assert result.exit_code == 0 and "Dikkat" not in result.stderr


async def test_a_charge_is_waived_at_the_desk_with_who_and_why(desk, db):
    """A fine that followed from a wrongly recorded date is let go: the balance falls, no payment is recorded,
    and the audit trail names the staff member and the reason."""
    at = "2026-11-26T10:00"
    await approved_request(desk, at, ["ill", "ILL-1", "arrive", "--lender-due", "2026-11-10"],
                           ["ill", "ILL-1", "checkout"])
    code, returned = await desk.json("ill", "ILL-1", "return", at=at)
    assert returned["fine"] != "0.00"
    [fine] = json.loads((await desk("desk", "charges", "P1", "--json", at=at)).stdout)
    assert fine["kind"] == "fine" and fine["owed"] == returned["fine"]
    result = await desk("desk", "waive", "P1", str(fine["charge"]), at=at)
    assert result.exit_code == 2 and "--reason" in result.output
    assert await desk.json("desk", "waive", "P1", "999", "--reason", "x", at=at) == (
        1, {"ok": False, "error": "unknown_charge", "waived": None, "balance": returned["fine"]})
    assert await desk.json("desk", "waive", "P1", str(fine["charge"]), "--reason",
                           "Lender's due date was typed a year early", at=at) == (
        0, {"ok": True, "error": None, "waived": returned["fine"], "balance": "0.00"})
    assert json.loads((await desk("desk", "charges", "P1", "--json", at=at)).stdout) == []
    from sqlalchemy import select
    from core.storage.models import AuditEntry, Payment
    async with db.session() as session:
        [entry] = (await session.execute(select(AuditEntry).where(AuditEntry.action == "waive"))).scalars().all()
        assert (await session.execute(select(Payment))).scalars().all() == []
    assert entry.actor == "kutuphane-okuyucu@uni.example.edu.tr" and entry.channel == "cli"
    assert entry.detail["reason"] == "Lender's due date was typed a year early"


async def test_a_locate_answer_repeats_the_lender_and_whether_it_is_abroad(desk):
    from core.plumbing.i18n import Translator
    tr = Translator("tr")
    await desk.json("ill", "new", "P1", "--type", "book", "--title", "Nutuk")
    result = await desk("ill", "ILL-1", "locate", "--lender", "British Library", "--foreign")
    assert tr.gettext("Lending library: {lender} ({where}).", lender="British Library",
                      where=tr.gettext("abroad")) in result.output
    result = await desk("ill", "ILL-1", "locate", "--lender", "Ankara Üniversitesi")
    assert tr.gettext("Lending library: {lender} ({where}).", lender="Ankara Üniversitesi",
                      where=tr.gettext("in the country")) in result.output


async def test_refusals_at_the_desk_speak_of_the_patron_not_to_them(desk):
    from core.plumbing.i18n import Translator
    tr = Translator("tr")
    result = await desk("desk", "pay", "P1", "5")
    assert result.exit_code == 1
    assert tr.gettext("the amount is more than the patron owes") in result.output
    assert tr.gettext("the amount is more than you owe") not in result.output


async def test_tables_and_reports_are_in_the_staff_language_with_dates_as_people_write_them(desk):
    """A Turkish staff set-up reads Turkish headers and '24 Kasım 2026', never ISO dates or English labels."""
    from core.plumbing.i18n import Translator
    tr = Translator("tr")
    at = "2026-11-24T10:00"
    await approved_request(desk, at, ["ill", "ILL-1", "arrive", "--lender-due", "2027-03-03"],
                           ["lend", "new", "--library", "ODTÜ Kütüphanesi", "--kind", "loan", "--title", "Nutuk"])
    shown = (await desk("ill", "show", "ILL-1", at=at)).output
    assert tr.gettext("Event") in shown and "3 Mart 2027" in shown and "24 Kasım 2026" in shown
    assert "2027-03-03" not in shown and "event" not in shown
    listed = (await desk("ill", "list", at=at)).output
    assert tr.gettext("Request") in listed and "Mart" in listed and "2027-03-03" not in listed   # a narrow table wraps
    lent = (await desk("lend", "show", "LEND-1", at=at)).output
    assert f"{tr.gettext('Kind')}: {tr.gettext('a loan')}" in lent and "loan\n" not in lent and "0.00" not in lent
    report = (await desk("report", "ill", at=at)).output
    assert tr.gettext("Interlibrary loan requests by state") in report and "fill rate" not in report
    vouchers = (await desk("report", "vouchers", "--month", "2026-11", at=at)).output
    assert tr.gettext("IFLA vouchers written off in {month}", month="2026-11") in vouchers
