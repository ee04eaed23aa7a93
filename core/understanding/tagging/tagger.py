"""The learned citation tagger at run time: tokens of a block in, one field label and its probability out.

The model (`citation.crfsuite`, made by `python -m core.understanding.tagging.train`) is loaded once, on first
use. CRFsuite's tagger is not safe to share between threads, so each thread gets its own.
"""
from __future__ import annotations

import pathlib
import threading
from dataclasses import dataclass

from .tokens import Token, features, tokenize

MODEL = pathlib.Path(__file__).with_name("citation.crfsuite")
_local = threading.local()
_current = {"model": MODEL}


def use_model(model: pathlib.Path | None) -> None:
    """Tag with another model file from now on (None: the committed one) — for scoring a retrained model
    (bench/score_parse.py --model, bench/crossval.py) without replacing the committed file."""
    _current["model"] = pathlib.Path(model) if model else MODEL


@dataclass(frozen=True)
class Tagged:
    token: Token
    label: str
    confidence: float       # the marginal probability of `label` at this token


def _tagger(model: pathlib.Path = MODEL):
    cache = getattr(_local, "taggers", None)
    if cache is None:
        cache = _local.taggers = {}
    if model not in cache:
        import pycrfsuite
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        cache[model] = tagger
    return cache[model]


def tag(text: str, model: pathlib.Path | None = None) -> list[Tagged]:
    tokens = tokenize(text)
    if not tokens:
        return []
    tagger = _tagger(model or _current["model"])
    labels = tagger.tag(features(tokens))
    out = []
    for i, (token, label) in enumerate(zip(tokens, labels)):
        confidence = tagger.marginal(label, i) if label != "O" else 1.0
        out.append(Tagged(token, label, confidence))
    return out
