"""The `loanbot` command as outside checks use it: exit codes, messages naming what is wrong, no tracebacks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "tests" / "data" / "policies" / "lending.toml"


def loanbot(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loanbot.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, **(env or {})}, timeout=120)


def scenario(tmp_path: Path, steps: str, extra: str = "") -> Path:
    path = tmp_path / "case.toml"
    path.write_text(f'policy = "{POLICY}"\n{extra}\n[[patron]]\nid = "p1"\ncategory = "student"\nlanguage = "lt"\n'
                    f'email = "p1@x.lt"\n[[item]]\nbarcode = "b1"\ntype = "book"\ntitle = "T"\n{steps}')
    return path


def test_simulate_prints_one_json_object_per_step_with_step_and_action(tmp_path):
    path = scenario(tmp_path, '[[step]]\nat = "2026-11-02T10:00"\naction = "checkout"\npatron = "p1"\nitem = "b1"\n'
                              '[[step]]\nat = "2026-11-02T10:01"\naction = "balance"\npatron = "p1"\n')
    result = loanbot("simulate", path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [{"step": 0, "action": "checkout", "ok": True, "due": "2026-11-23T23:59", "error": None},
                     {"step": 1, "action": "balance", "balance": "0.00"}]


@pytest.mark.parametrize("step, named", [
    ('[[step]]\nat = "2026-11-02T10:00"\naction = "checkout"\npatron = "p1"\n', "step 0: item"),
    ('[[step]]\nat = "yesterday"\naction = "balance"\npatron = "p1"\n', "step 0: at"),
    ('[[step]]\nat = "2026-11-02T10:00"\naction = "teleport"\n', "step 0: action"),
    ('[[step]]\nat = "2026-11-02T10:00"\naction = "ill"\nrequest = "ILL-1"\nevent = "arrive"\nlender_due = "soon"\n',
     "step 0: lender_due"),
])
def test_a_malformed_scenario_exits_2_naming_the_file_the_step_and_the_key(tmp_path, step, named):
    path = scenario(tmp_path, step)
    result = loanbot("simulate", path)
    assert result.returncode == 2
    assert str(path) in result.stderr.replace("\n", "") and named in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_scenario_whose_policy_is_broken_names_the_policy_key(tmp_path):
    policy = tmp_path / "bad.toml"
    policy.write_text(POLICY.read_text().replace("grace_days = 2", "grace_dayz = 2"))
    path = tmp_path / "case.toml"
    path.write_text(f'policy = "bad.toml"\n')
    result = loanbot("simulate", path)
    assert result.returncode == 2 and "grace_dayz" in result.stderr and "unknown key" in result.stderr


def test_parse_exits_2_on_a_file_that_is_not_an_email(tmp_path):
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"\x00\x01\x02 this is not mail")
    result = loanbot("parse", junk)
    assert result.returncode == 2 and "not an e-mail" in result.stderr


def test_load_twice_changes_nothing_and_matches_patrons_by_email(tmp_path):
    config = tmp_path / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{POLICY}"\n')
    library = tmp_path / "library.toml"
    library.write_text('[[patron]]\nid = "p1"\ncategory = "student"\nlanguage = "hr"\nemail = "Ana@Example.hr"\n'
                       '[[item]]\nbarcode = "b1"\ntype = "book"\ntitle = "Knjiga"\n'
                       '[[loan]]\npatron = "p1"\nitem = "b1"\nat = "2026-11-02T10:00"\n')
    env = {"LOANBOT_NOW": "2026-11-03T09:00"}
    first = loanbot("load", library, "--config", config, env=env)
    second = loanbot("load", library, "--config", config, env=env)
    assert first.returncode == second.returncode == 0, first.stderr
    assert "1 patrons and 1 items added or changed, 1 loans checked out" in first.stdout.replace("\n", " ")
    assert "0 patrons and 0 items added or changed, 0 loans checked out" in second.stdout.replace("\n", " ")


def test_report_vouchers_refuses_a_malformed_month(tmp_path):
    config = tmp_path / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{POLICY}"\n')
    result = loanbot("report", "vouchers", "--month", "2026-13", "--config", config)
    assert result.returncode == 2 and "--month" in result.stderr


def test_every_command_has_help():
    for command in (["simulate"], ["parse"], ["load"], ["serve"], ["chat"], ["status"], ["policy", "check"],
                    ["report", "ill"], ["report", "vouchers"], ["vouchers", "buy"]):
        result = loanbot(*command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, command


def test_simulate_refuses_a_step_that_goes_back_in_time_naming_it(tmp_path):
    path = scenario(tmp_path, '[[step]]\nat = "2026-11-02T10:00"\naction = "balance"\npatron = "p1"\n'
                              '[[step]]\nat = "2026-11-02T10:00"\naction = "balance"\npatron = "p1"\n'
                              '[[step]]\nat = "2026-11-01T09:00"\naction = "balance"\npatron = "p1"\n')
    result = loanbot("simulate", path)
    assert result.returncode == 2 and result.stdout == ""
    assert "step 2: at" in result.stderr and "back in time" in result.stderr and "Traceback" not in result.stderr


def test_load_help_shows_the_table_names_as_written():
    result = loanbot("load", "--help", env={"COLUMNS": "200"})
    assert "[[patron]], [[item]] and [[loan]]" in result.stdout


def test_load_names_the_reason_of_each_refused_loan(tmp_path):
    config = tmp_path / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{POLICY}"\n')
    library = tmp_path / "library.toml"
    library.write_text('[[patron]]\nid = "p1"\ncategory = "student"\nlanguage = "hr"\nemail = "ana@example.hr"\n'
                       '[[patron]]\nid = "v1"\ncategory = "visitor"\nlanguage = "en"\nemail = "v@example.org"\n'
                       '[[item]]\nbarcode = "b1"\ntype = "book"\ntitle = "Knjiga"\n'
                       '[[loan]]\npatron = "p1"\nitem = "b1"\nat = "2026-11-02T10:00"\n'
                       '[[loan]]\npatron = "p1"\nitem = "b1"\nat = "2026-11-02T11:00"\n'
                       '[[loan]]\npatron = "v1"\nitem = "zz"\nat = "2026-11-02T12:00"\n')
    result = loanbot("load", library, "--config", config, env={"LOANBOT_NOW": "2026-11-03T09:00", "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 loans checked out, 2 refused:" in out
    assert "loan[1] b1 to p1 at 2026-11-02T11:00: already_on_loan (the item is already on loan)" in out
    assert "loan[2] zz to v1 at 2026-11-02T12:00: unknown_item" in out


def test_status_speaks_the_staff_language(tmp_path):
    # Tokat's staff read Turkish: the operator's table too, with dates as people write them
    config = tmp_path / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{ROOT / "tests/data/policies/tokat.toml"}"\n')
    result = loanbot("status", "--config", config, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "loanbot durumu" in result.stdout and "alınan mesajlar" in result.stdout and "hiç" in result.stdout
    assert "messages taken in" not in result.stdout


def test_the_voucher_report_warns_when_more_were_written_off_than_held(tmp_path):
    config = tmp_path / "loanbot.toml"
    config.write_text(f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{POLICY}"\n')
    env = {"LOANBOT_NOW": "2026-11-10T10:00", "COLUMNS": "200"}
    assert loanbot("vouchers", "use", "1", "--ref", "ILL-1", "--config", config, env=env).returncode == 0
    result = loanbot("report", "vouchers", "--month", "2026-11", "--config", config, env=env)
    assert result.returncode == 0 and "loanbot vouchers buy" in result.stdout, result.stdout
    assert loanbot("vouchers", "buy", "2", "--config", config, env=env).returncode == 0
    assert "loanbot vouchers buy" not in loanbot("report", "vouchers", "--month", "2026-11", "--config", config,
                                                 env=env).stdout
