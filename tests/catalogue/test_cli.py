"""`loanbot catalogue search`: what each configured catalogue answers, for checking a configuration."""
from __future__ import annotations

import json

from tests.servers.httpstub import closed_port
from tests.test_cli import POLICY, loanbot


def config_file(tmp_path, *targets: tuple[str, str]) -> str:
    path = tmp_path / "loanbot.toml"
    text = f'database = "sqlite+aiosqlite:///lib.db"\npolicy = "{POLICY}"\n'
    for name, url in targets:
        text += f'[[catalogue]]\nname = "{name}"\nurl = "{url}"\ntimeout = 2\n'
    path.write_text(text)
    return str(path)


def test_search_prints_what_each_catalogue_answered_and_the_libraries_best_first(tmp_path, union_url):
    config = config_file(tmp_path, ("TOKAT", union_url))
    result = loanbot("catalogue", "search", "Osmanli imparatorlugu", "--author", "Inalcik", "--config", config)
    assert result.returncode == 0, result.stderr
    assert "TOKAT" in result.stdout and "answered" in result.stdout and "dc.title all" in result.stdout
    assert result.stdout.index("Ankara Üniversitesi") < result.stdout.index("Hacettepe Üniversitesi")


def test_search_by_isbn_as_json_and_exit_1_when_a_catalogue_did_not_answer(tmp_path, union_url):
    config = config_file(tmp_path, ("DOWN", f"http://127.0.0.1:{closed_port()}/db"), ("NSK", union_url))
    result = loanbot("catalogue", "search", "953-169-000-6", "--json", "--config", config)
    assert result.returncode == 1
    answer = json.loads(result.stdout)
    assert [(t["name"], t["ok"]) for t in answer["targets"]] == [("DOWN", False), ("NSK", True)]
    assert answer["targets"][1]["found"][0]["matched_by"] == "isbn"
    assert answer["holdings"][0]["library"] == "Nacionalna i sveučilišna knjižnica u Zagrebu"


def test_search_without_catalogues_says_so(tmp_path):
    result = loanbot("catalogue", "search", "anything", "--config", config_file(tmp_path))
    assert result.returncode == 2 and "[[catalogue]]" in result.stderr


def test_a_malformed_catalogue_table_is_refused_naming_the_key(tmp_path):
    path = tmp_path / "loanbot.toml"
    path.write_text(f'policy = "{POLICY}"\n[[catalogue]]\nname = "X"\nurl = "http://127.0.0.1/x"\nlibrary = "852a"\n')
    result = loanbot("catalogue", "search", "x", "--config", path)
    assert result.returncode == 2 and "catalogue[0].library" in result.stderr.replace("\n", "")
