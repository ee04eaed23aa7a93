"""The policy file (contracts §1): valid files load, and every mistake is a PolicyError naming file, table, key."""
from __future__ import annotations

import copy
import os
import subprocess
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from core.domain.policy import PolicyError, load_policy, parse_policy
from tests.conftest import DATA, ROOT, policy_data

POLICIES = sorted((DATA / "policies").glob("*.toml"))
EXAMPLES = sorted(Path("/work/shared/examples/policies").glob("*.toml"))
LOANBOT = ROOT / ".venv" / "bin" / "loanbot"


def refusal(data: dict, source: str = "lib.toml") -> str:
    with pytest.raises(PolicyError) as caught:
        parse_policy(data, source)
    return str(caught.value)


def write_policy(tmp_path: Path, text: str, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", POLICIES + EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_like_policies_load(path):
    policy = load_policy(path)
    assert policy.patron_category and policy.item_type and policy.rule


def test_money_in_a_policy_is_an_exact_decimal():
    policy = parse_policy(policy_data())
    assert policy.ill.foreign_fee == Decimal("5.00")
    assert policy.rule_for("student", "book").fine == Decimal("0.20")
    assert policy.category("student").fine_block_renewal == Decimal("2.90")


def test_most_specific_rule_wins():
    policy = parse_policy(policy_data())
    assert policy.rule_for("student", "book").loan_period == 21        # (cat, type)
    assert policy.rule_for("staff", "book").loan_period == 28          # (*, type)
    assert policy.rule_for("staff", "unknown-type").loan_period == 14  # (*, *)


def test_unknown_key_names_the_file_the_table_and_the_key(tmp_path):
    data = tomllib.loads((DATA / "policies" / "lending.toml").read_text())
    text = (DATA / "policies" / "lending.toml").read_text().replace(
        "loan_period = 21\n", "loan_period = 21\nfnie = 0.20\n")
    path = write_policy(tmp_path, text)
    assert data["rule"][2]["loan_period"] == 21  # the student × book rule is rule[2]
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert str(path) in message and "rule[2].fnie" in message and "unknown key" in message


def test_unknown_key_in_a_plain_table_is_named():
    message = refusal(policy_data(rules={"renew_form": "now"}))
    assert "lib.toml" in message and "rules.renew_form" in message and "unknown key" in message


def test_unknown_top_level_table_is_named():
    data = policy_data()
    data["notice"] = {"due_soon_days": 2}
    assert "notice" in refusal(data)


def test_wrong_type_names_the_key():
    data = policy_data()
    data["rule"][2]["loan_period"] = "three weeks"
    message = refusal(data)
    assert "lib.toml" in message and "rule[2].loan_period" in message


def test_wrong_boolean_names_the_key():
    assert "rules.holds_block_renewal" in refusal(policy_data(rules={"holds_block_renewal": "maybe"}))


def test_unknown_due_date_mode_is_refused():
    assert "rules.due_date_mode" in refusal(policy_data(rules={"due_date_mode": "weekly"}))


def test_negative_money_is_refused():
    data = policy_data()
    data["rule"][0]["fine"] = -0.10
    assert "rule[0].fine" in refusal(data)


def test_rule_naming_an_undefined_category_is_refused():
    data = policy_data()
    data["rule"][2]["patron_category"] = "phd"
    message = refusal(data)
    assert "rule[2].patron_category" in message and "phd" in message


def test_rule_naming_an_undefined_item_type_is_refused():
    data = policy_data()
    data["rule"][1]["item_type"] = "dvd"
    message = refusal(data)
    assert "rule[1].item_type" in message and "dvd" in message


def test_two_rules_for_one_pair_are_refused():
    data = policy_data()
    data["rule"].append(copy.deepcopy(data["rule"][2]))
    assert f"rule[{len(data['rule']) - 1}]" in refusal(data)


def test_overlapping_terms_are_refused():
    message = refusal(policy_data(term=[
        {"name": "autumn", "start": "2026-09-01", "end": "2027-01-31"},
        {"name": "spring", "start": "2027-01-15", "end": "2027-06-30"}]))
    assert "term" in message and "overlap" in message


def test_term_ending_before_it_starts_is_refused():
    message = refusal(policy_data(term=[{"name": "autumn", "start": "2027-01-31", "end": "2026-09-01"}]))
    assert "term[0]" in message


def test_impossible_holiday_date_is_refused():
    assert "library.holidays[0]" in refusal(policy_data(library={"holidays": ["2026-02-30"]}))


def test_holiday_that_is_not_a_date_is_refused():
    assert "library.holidays[1]" in refusal(policy_data(library={"holidays": ["2026-12-24", "Christmas"]}))


def test_badly_written_renewal_cutoff_is_refused():
    assert "rules.renewal_cutoff" in refusal(policy_data(rules={"renewal_cutoff": "7-15"}))


def test_renewal_cutoff_on_a_day_that_does_not_exist_is_refused():
    assert "rules.renewal_cutoff" in refusal(policy_data(rules={"renewal_cutoff": "04-31"}))


def test_term_loans_without_terms_are_refused():
    message = refusal(policy_data(term=[]))
    assert "rule[6].unit" in message


def test_file_that_is_not_toml_is_refused_with_its_name(tmp_path):
    path = write_policy(tmp_path, "[library\nname = 1\n")
    with pytest.raises(PolicyError, match="not valid TOML"):
        load_policy(path)


def test_missing_file_is_refused_with_its_name(tmp_path):
    with pytest.raises(PolicyError, match="no such policy file"):
        load_policy(tmp_path / "absent.toml")


def run_loanbot(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([str(LOANBOT), *args], capture_output=True, text=True, env=env, timeout=60)


def test_policy_check_on_a_bad_file_exits_2_with_the_message_and_no_traceback(tmp_path):
    text = (DATA / "policies" / "lending.toml").read_text().replace(
        "loan_period = 21\n", "loan_period = 21\nfnie = 0.20\n")
    path = write_policy(tmp_path, text)
    result = run_loanbot("policy", "check", str(path))
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "rule[2].fnie" in output and "unknown key" in output
    assert "Traceback" not in output


def test_policy_check_on_a_good_file_prints_the_rule_matrix():
    result = run_loanbot("policy", "check", str(DATA / "policies" / "lending.toml"))
    assert result.returncode == 0, result.stderr
    assert "effective rules" in result.stdout
    for category in ("student", "staff", "visitor"):
        assert category in result.stdout
    assert "21 days" in result.stdout and "16 hours" in result.stdout and "1 term" in result.stdout
    assert "valid" in result.stdout


def test_staff_language_defaults_to_the_first_reply_language_and_may_be_set_apart():
    assert parse_policy(policy_data()).library.staff_lang == policy_data()["library"]["languages"][0]
    policy = parse_policy(policy_data(library={**policy_data()["library"], "staff_language": "tr"}))
    assert policy.library.staff_lang == "tr"


def test_unknown_staff_language_is_refused_with_its_key():
    message = refusal(policy_data(library={**policy_data()["library"], "staff_language": "de"}))
    assert "library.staff_language" in message


def test_hold_pickup_days_defaults_to_a_week_and_must_be_positive():
    assert parse_policy(policy_data()).library.hold_pickup_days == 7
    assert "library.hold_pickup_days" in refusal(policy_data(library={**policy_data()["library"],
                                                                       "hold_pickup_days": 0}))


# --- texts people read, per language -------------------------------------------------------------------------------
def test_a_category_name_may_be_given_per_language_and_is_shown_instead_of_the_code():
    data = policy_data()
    data["patron_category"][0]["name"] = {"lt": "Studentai", "en": "Students"}
    policy = parse_policy(data)
    assert policy.category_label("student", "lt") == "Studentai"
    assert policy.category_label("student", "tr") == "Studentai"     # the library's first language, lt
    assert policy.category_label("staff", "hr") == "Staff"            # one name for every language
    assert policy.category_label("nobody", "en") == "nobody"          # an unknown code is shown as it is


def test_pickup_places_and_opening_hours_are_optional_texts_per_language():
    policy = parse_policy(policy_data(library={"pickup_place": {"en": "Loan desk"}, "opening_hours": "9-17"},
                                      ill={"pickup_place": "Room 105"}))
    assert policy.library.pickup_place == {"en": "Loan desk"} and policy.library.opening_hours == "9-17"
    assert policy.ill.pickup_place == "Room 105" and policy.ill.opening_hours is None


def test_a_text_in_an_unknown_language_names_the_key():
    message = refusal(policy_data(ill={"pickup_place": {"de": "Fernleihe"}}))
    assert "ill.pickup_place" in message and "unknown language 'de'" in message


def test_an_empty_table_of_texts_is_refused():
    assert "library.opening_hours" in refusal(policy_data(library={"opening_hours": {}}))
