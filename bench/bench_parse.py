"""Throughput and memory of core.understanding.parse_email.

    python bench/bench_parse.py [--rounds 20] [--flat 10000]

1. messages/second over the test corpus (tests/data/mail/*.eml) repeated `--rounds` times, one core;
   target: at least 500 messages/s (issue 13).
2. peak traced memory while parsing `--flat` messages one after another, measured after the first
   1,000 and at the end: the two should be about equal (nothing accumulates per message).
"""
from __future__ import annotations

import argparse
import itertools
import pathlib
import sys
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.understanding import NotAnEmail, parse_email  # noqa: E402


def corpus() -> list[bytes]:
    return [p.read_bytes() for p in sorted((ROOT / "tests" / "data" / "mail").glob("*.eml"))]


def parse(raw: bytes) -> None:
    try:
        parse_email(raw)
    except NotAnEmail:
        pass


def throughput(messages: list[bytes], rounds: int) -> float:
    parse(messages[0])                       # build the language detector outside the timing
    start = time.perf_counter()
    for _ in range(rounds):
        for raw in messages:
            parse(raw)
    return rounds * len(messages) / (time.perf_counter() - start)


def flat_memory(messages: list[bytes], count: int) -> tuple[float, float]:
    tracemalloc.start()
    stream = itertools.islice(itertools.cycle(messages), count)
    early = 0.0
    for i, raw in enumerate(stream, 1):
        parse(raw)
        if i == 1000:
            early = tracemalloc.get_traced_memory()[1] / 2**10
            tracemalloc.reset_peak()
    late = tracemalloc.get_traced_memory()[1] / 2**10
    tracemalloc.stop()
    return early, late


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--flat", type=int, default=10_000)
    args = ap.parse_args()
    messages = corpus()
    rate = throughput(messages, args.rounds)
    print(f"parse_email: {rate:.0f} messages/s over {len(messages)} messages x {args.rounds} rounds "
          f"({'ok' if rate >= 500 else 'BELOW'} target 500/s)")
    early, late = flat_memory(messages, args.flat)
    print(f"peak traced memory: {early:.0f} KiB in the first 1,000 messages, {late:.0f} KiB in the "
          f"remaining {args.flat - 1000:,} ({'flat' if late <= early * 1.2 + 64 else 'GROWING'})")
    try:
        import resource
        print(f"max RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    except ImportError:
        pass


if __name__ == "__main__":
    main()
