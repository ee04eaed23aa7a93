"""Every scenario in tests/data/scenarios runs with its [step.expect] tables, on each database backend."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.library import Library
from core.scenario import ScenarioRunner, load_scenario

SCENARIOS = sorted((Path(__file__).parent / "data" / "scenarios").glob("*.toml"))


def normalized(value):
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
async def test_scenario_meets_its_expectations(db, path):
    scenario = load_scenario(path)
    runner = ScenarioRunner(Library(db, scenario.policy))
    lines = [line async for line in runner.run(scenario)]
    assert len(lines) == len(scenario.steps)
    mismatches = []
    for step, line in zip(scenario.steps, lines):
        for key, want in (step.expect or {}).items():
            if normalized(want) != normalized(line.get(key, "<missing>")):
                mismatches.append(f"step {line['step']} ({step.action}) {key}: want {want!r}, got {line.get(key)!r}")
    assert not mismatches, "\n".join(mismatches)
