"""Mail written blind, by people who never read core/understanding/ (tests/data/mail_blind_dev…_dev9, _test).

The test set is scored here in aggregate only (no message is named or shown: it must stay unread, so that it keeps
measuring how the understanding generalises); the issue's targets are at least 95 % of the fields right overall
and no language below 92 %, counted as the contract checker counts (bench/score_parse.py). The development sets may
be read and tuned on; their figures are printed for information. dev9 is not yet among the sets the tagger learns
from and was tuned on by no one: after round 5 it scored 460/471 fields (97.7 %), read once before anything else.
"""

import pytest

from tests.understanding.scoring import ROOT, score_parse

DATA = ROOT / "tests" / "data"
OVERALL_TARGET = 0.95
LANGUAGE_TARGET = 0.92


def test_blind_sets_are_large_enough_and_cover_the_four_languages():
    for name, least in (("mail_blind_dev", 60), ("mail_blind_dev2", 60), ("mail_blind_dev3", 60),
                        ("mail_blind_dev4", 60), ("mail_blind_dev5", 40), ("mail_blind_dev6", 40),
                        ("mail_blind_dev7", 44), ("mail_blind_dev8", 44), ("mail_blind_dev9", 40),
                        ("mail_blind_test", 60)):
        cases = list((DATA / name).glob("*.eml"))
        assert len(cases) >= least
        assert {c.name[:2] for c in cases} == {"tr", "hr", "lt", "en"}


@pytest.mark.xfail(strict=True, reason=(
    "issue 13's targets not reached yet: the blind test set scored 769/812 fields (94.7 %; tr 93.5, hr 94.0, "
    "lt 97.4, en 94.0) on 2026-12-01 after the fifth round, 756/812 (93.1 %) after the fourth and the third, "
    "758/812 (93.3 %) after the second, 650/812 (80.0 %) "
    "after the first and 443/812 (54.6 %) before the tagger; strict, so that reaching the targets makes this "
    "marker fail and be removed"))
def test_blind_test_set_meets_the_targets(capsys):
    scorer = score_parse()
    scores, _ = scorer.score_folder(DATA / "mail_blind_test")
    with capsys.disabled():
        print("\nblind test set (aggregate only)\n" + scorer.table(scores))
    overall = scores["all"].right / scores["all"].total
    below = {lang: round(scores[lang].right / scores[lang].total, 3) for lang in ("tr", "hr", "lt", "en")
             if scores[lang].right / scores[lang].total < LANGUAGE_TARGET}
    assert overall >= OVERALL_TARGET and not below, f"overall {overall:.3f}; languages below target: {below}"
