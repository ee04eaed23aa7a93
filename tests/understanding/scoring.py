"""bench/score_parse.py, the contract checker's way of counting fields, loaded for the tests that score mail."""
import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def score_parse():
    """The bench's scorer as a module (registered, so that its dataclasses find their module)."""
    if "score_parse" not in sys.modules:
        spec = importlib.util.spec_from_file_location("score_parse", ROOT / "bench" / "score_parse.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["score_parse"] = module
        spec.loader.exec_module(module)
    return sys.modules["score_parse"]
