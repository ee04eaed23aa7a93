"""The lock (requirements.lock) is what every set-up installs: it must agree with pyproject.toml, and the
environment the tests run in must be exactly the lock (what `pip freeze` lists equals what the lock pins)."""
from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("lockfile", ROOT / "scripts" / "lockfile.py")
lockfile = sys.modules["lockfile"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lockfile)


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_pyproject_and_the_lock_agree():
    assert lockfile.disagreements(project(), lockfile.read_lock()) == []


def test_a_dependency_added_to_pyproject_only_is_named():
    data = project()
    data["project"]["dependencies"].append("requests>=2")
    assert lockfile.disagreements(data, lockfile.read_lock()) == ["requests>=2: in pyproject.toml, not in the lock"]


def test_a_dependency_dropped_from_pyproject_but_left_in_the_lock_is_named():
    data = project()
    data["project"]["dependencies"] = [d for d in data["project"]["dependencies"] if not d.startswith("rich")]
    assert lockfile.disagreements(data, lockfile.read_lock()) == [
        "rich: the lock pins it for pyproject.toml, which does not ask for it"]


def test_a_pin_outside_the_range_is_named(tmp_path):
    lock = tmp_path / "requirements.lock"
    text = (ROOT / "requirements.lock").read_text()
    lock.write_text(re.sub(r"^typer==\S+", "typer==0.9.0", text, flags=re.M))
    problems = lockfile.disagreements(project(), lockfile.read_lock(lock))
    assert problems == ["typer==0.9.0: the lock's pin is outside pyproject.toml's >=0.12"]


def test_a_package_added_to_the_lock_by_hand_is_named(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text((ROOT / "requirements.lock").read_text() + "leftpad==1.0 \\\n    --hash=sha256:00\n")
    assert lockfile.disagreements(project(), lockfile.read_lock(lock)) == [
        "leftpad: in the lock, needed by nothing in it"]


def test_every_pin_carries_hashes():
    text = (ROOT / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert blocks and all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_the_environment_is_exactly_the_lock():
    """`bash scripts/setup` installs the lock and removes anything else: a newer release on PyPI changes nothing."""
    assert lockfile.differences(lockfile.read_lock()) == []
