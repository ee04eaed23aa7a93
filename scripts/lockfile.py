"""The lock (requirements.lock, written by `bash scripts/lock`): what it pins, and making a virtualenv match it.

    python scripts/lockfile.py sync     removes from the running interpreter's environment every distribution the
                                        lock does not pin for it (after `pip install -r requirements.lock`), so
                                        that `pip freeze` equals the lock
    python scripts/lockfile.py check    exits 1, naming the difference, when the environment is not the lock

Used by scripts/setup and tests/test_lock.py. Needs `packaging`, which the lock itself installs.
"""
from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
# What pip itself brings into every virtualenv and `pip freeze` never lists.
INSTALLER = {"pip", "setuptools", "wheel", "distribute"}
PROJECT_SOURCE = "pyproject.toml"


@dataclass(frozen=True)
class Pin:
    name: str              # canonical (lower case, dashes)
    version: str
    marker: Marker | None  # the environments it is for; None: all
    via: tuple[str, ...]   # what needs it: other pins' names, or "loanbot (pyproject.toml)"

    def applies(self) -> bool:
        return self.marker is None or self.marker.evaluate()


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def read_lock(path: Path = LOCK) -> list[Pin]:
    """The pins of a uv/pip-compile style lock, with their `# via` annotations."""
    pins: list[Pin] = []
    current: dict | None = None

    def close() -> None:
        if current is not None:
            pins.append(Pin(current["name"], current["version"], current["marker"], tuple(current["via"])))

    in_via = False
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            close()
            name, version, marker = match.groups()
            current = {"name": canonicalize_name(name), "version": version,
                       "marker": Marker(marker) if marker else None, "via": []}
            in_via = False
            continue
        stripped = line.strip()
        if current is None or not stripped.startswith("#"):
            in_via = False
            continue
        comment = stripped.lstrip("#").strip()
        if comment.startswith("via"):
            rest = comment[3:].strip()
            if rest:
                current["via"].append(rest)
            in_via = not rest
        elif in_via and comment:
            current["via"].append(comment)
    close()
    return pins


def disagreements(project: dict, pins: list[Pin]) -> list[str]:
    """Where pyproject.toml (its `dependencies` and every optional extra) and the lock disagree: a dependency in one
    and not the other, or a pin outside pyproject's range. Empty when `bash scripts/lock` has nothing to do."""
    from packaging.requirements import Requirement

    declared = project["project"].get("dependencies", []) + [
        spec for extra in project["project"].get("optional-dependencies", {}).values() for spec in extra]
    requirements = [Requirement(spec) for spec in declared]
    direct = {canonicalize_name(r.name) for r in requirements}
    by_name: dict[str, list[Pin]] = {}
    for pin in pins:
        by_name.setdefault(pin.name, []).append(pin)
    problems = []
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        if name not in by_name:
            problems.append(f"{requirement}: in pyproject.toml, not in the lock")
            continue
        for pin in by_name[name]:
            if not requirement.specifier.contains(pin.version, prereleases=True):
                problems.append(f"{name}=={pin.version}: the lock's pin is outside pyproject.toml's "
                                f"{requirement.specifier}")
            if not _from_project(pin):
                problems.append(f"{name}: pyproject.toml asks for it, the lock does not say so")
    for pin in pins:
        if _from_project(pin) and pin.name not in direct:
            problems.append(f"{pin.name}: the lock pins it for pyproject.toml, which does not ask for it")
        elif not _from_project(pin) and not any(canonicalize_name(v) in by_name for v in pin.via):
            problems.append(f"{pin.name}: in the lock, needed by nothing in it")
    return problems


def _from_project(pin: Pin) -> bool:
    return any(via.endswith(f"({PROJECT_SOURCE})") for via in pin.via)


def wanted(pins: list[Pin]) -> dict[str, str]:
    """name -> version, of the pins that apply to the running interpreter."""
    return {pin.name: pin.version for pin in pins if pin.applies()}


def installed() -> dict[str, str]:
    """name -> version of every distribution in the running environment, except the installer's own."""
    out = {}
    for dist in importlib.metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"] or "")
        if name and name not in INSTALLER:
            out[name] = dist.version
    return out


def differences(pins: list[Pin]) -> list[str]:
    want, have = wanted(pins), installed()
    problems = [f"{name}: the lock pins {version}, installed: {have.get(name, 'nothing')}"
                for name, version in sorted(want.items()) if have.get(name) != version]
    problems += [f"{name} {version}: installed, not in the lock" for name, version in sorted(have.items())
                 if name not in want]
    return problems


def sync(pins: list[Pin]) -> None:
    extra = sorted(set(installed()) - set(wanted(pins)))
    if extra:
        print(f"removing what the lock no longer pins: {', '.join(extra)}")
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", *extra], check=True)


def main(argv: list[str]) -> int:
    pins = read_lock()
    if argv[1:] == ["sync"]:
        sync(pins)
        return 0
    if argv[1:] == ["check"]:
        problems = differences(pins)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
