"""Cross-validation over the labelled development sets: each set scored by a model trained without it.

    python bench/crossval.py                                  # every blind development set, one fold each
    python bench/crossval.py --hold tests/data/mail_blind_dev2 --blocks 6000 --jobs 2

The committed model learns from every labelled set, so scoring a development set with it says little about mail
nobody has seen. Here each held-out set gets a model trained on the synthetic data and on the other labelled sets
only (`core.understanding.tagging.train`, same seed), and is scored with `bench/score_parse.py`'s counting. The
pooled figure over the folds is what features and training data are chosen by; the test set is never part of it.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import importlib.util
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Loaded before any fold starts (the folds are forked from this process): a run measures the code as it was when
# it started, even if files change while it trains
import core.understanding  # noqa: E402,F401
import core.understanding.tagging.train  # noqa: E402,F401


def _scorer():
    spec = importlib.util.spec_from_file_location("score_parse", ROOT / "bench" / "score_parse.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_parse"] = module         # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _fold(held: str, blocks: int, seed: int, out: pathlib.Path, params: dict, weight: int) -> pathlib.Path:
    from core.understanding.tagging.train import REAL_SETS, train
    train(blocks, seed, out, quiet=True, real_sets=tuple(s for s in REAL_SETS if s != held), params=params,
          real_weight=weight)
    return out


def main(argv: list[str] | None = None) -> int:
    from core.understanding.tagging.train import BLOCKS, REAL_SETS, REAL_WEIGHT, SEED

    blind = [s for s in REAL_SETS if "blind" in s]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold", nargs="*", default=blind, help="the sets to hold out, one fold each")
    parser.add_argument("--blocks", type=int, default=BLOCKS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jobs", type=int, default=1, help="folds trained at once")
    parser.add_argument("--misses", action="store_true", help="print every miss of every held-out message")
    parser.add_argument("--param", nargs="*", default=[], metavar="NAME=VALUE",
                        help="CRFsuite training parameters to change (c1=0.1 feature.minfreq=3)")
    parser.add_argument("--weight", type=int, default=REAL_WEIGHT, help="copies of each labelled message")
    args = parser.parse_args(argv)
    params = {k: float(v) if "." in v else int(v) for k, v in (p.split("=", 1) for p in args.param)}
    scorer = _scorer()
    with tempfile.TemporaryDirectory() as tmp:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
            models = {held: pool.submit(_fold, held, args.blocks, args.seed,
                                        pathlib.Path(tmp) / f"{pathlib.Path(held).name}.crfsuite", params, args.weight)
                      for held in args.hold}
            models = {held: future.result() for held, future in models.items()}
        pooled: dict = {}
        for held, model in models.items():
            scores, misses = scorer.score_folder(ROOT / held, model)
            print(f"\n== {held}, scored by a model trained without it")
            print(scorer.table(scores))
            if args.misses:
                for name, lines in misses.items():
                    print(f"\n{name}\n  " + "\n  ".join(lines))
            for bucket, score in scores.items():
                target = pooled.setdefault(bucket, scorer.Score())
                target.right += score.right
                target.total += score.total
                for key, tally in score.fields.items():
                    target.fields[key].add(tally)
        if len(models) > 1:
            print("\n== pooled over the folds")
            print(scorer.table(pooled))
    return 0


if __name__ == "__main__":
    sys.exit(main())
