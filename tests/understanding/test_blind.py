"""Mail written blind, by people who never read core/understanding/ (tests/data/mail_blind_dev…_dev12, _test).

The test set is scored here in aggregate only (no message is named or shown: it must stay unread, so that it keeps
measuring how the understanding generalises); the issue's targets are at least 95 % of the fields right overall
and no language below 92 %, counted as the contract checker counts (bench/score_parse.py). The development sets
dev…dev11 may be read and tuned on. dev12 is kept like the test set: scored in aggregate, never read, never tuned
on; it scored 522/582 (89.7 %) before round 6 and 523/582 (89.9 %) after it.

The test set's figures, round by round (2026-12-01): 443/812 (54.6 %) before the tagger, 650 (80.0 %) after the
first round, 758 (93.3 %) after the second, 756 (93.1 %) after the third and the fourth, 769 (94.7 %) after the
fifth and 777/812 (95.7 %; tr 95.5, hr 94.0, lt 97.9, en 95.4) after the sixth, when the targets were first met.
"""

from tests.understanding.scoring import ROOT, score_parse

DATA = ROOT / "tests" / "data"
OVERALL_TARGET = 0.95
LANGUAGE_TARGET = 0.92


def test_blind_sets_are_large_enough_and_cover_the_four_languages():
    for name, least in (("mail_blind_dev", 60), ("mail_blind_dev2", 60), ("mail_blind_dev3", 60),
                        ("mail_blind_dev4", 60), ("mail_blind_dev5", 40), ("mail_blind_dev6", 40),
                        ("mail_blind_dev7", 44), ("mail_blind_dev8", 44), ("mail_blind_dev9", 40),
                        ("mail_blind_dev10", 40), ("mail_blind_dev11", 40), ("mail_blind_dev12", 40),
                        ("mail_blind_test", 60)):
        cases = list((DATA / name).glob("*.eml"))
        assert len(cases) >= least
        assert {c.name[:2] for c in cases} == {"tr", "hr", "lt", "en"}


def test_blind_test_set_meets_the_targets(capsys):
    scorer = score_parse()
    scores, _ = scorer.score_folder(DATA / "mail_blind_test")
    with capsys.disabled():
        print("\nblind test set (aggregate only)\n" + scorer.table(scores))
    overall = scores["all"].right / scores["all"].total
    below = {lang: round(scores[lang].right / scores[lang].total, 3) for lang in ("tr", "hr", "lt", "en")
             if scores[lang].right / scores[lang].total < LANGUAGE_TARGET}
    assert overall >= OVERALL_TARGET and not below, f"overall {overall:.3f}; languages below target: {below}"
