"""Which of tr, hr, lt, en the patron wrote in.

lingua (limited to our four languages) is good on sentences but unsure on two-line messages, so its
confidences are added to cues that are certain when present: letters only one language uses (ı ş ğ for
Turkish, ć đ for Croatian, ą ę ė į ų ū for Lithuanian) and the greetings and small words of each language
(also in their diacritic-less spellings, as patrons often type them).
"""
from __future__ import annotations

import re
import threading

from .textfold import fold
from .vocabulary import LANGUAGE_WORDS, LANGUAGES, STRONG_LETTERS, WEAK_LETTERS

_detector = None
_lock = threading.Lock()
_MAX_CHARS = 1000


def _lingua():
    """The detector is built once, on first use (loading its models takes about a second)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder
                _detector = LanguageDetectorBuilder.from_languages(
                    Language.TURKISH, Language.CROATIAN, Language.LITHUANIAN, Language.ENGLISH).build()
    return _detector


_CODES = {"TURKISH": "tr", "CROATIAN": "hr", "LITHUANIAN": "lt", "ENGLISH": "en"}


def _lingua_scores(text: str) -> dict[str, float]:
    try:
        values = _lingua().compute_language_confidence_values(text)
    except Exception:  # noqa: BLE001 - the detector must never take the message down with it
        return {}
    return {_CODES.get(v.language.name, "en"): v.value for v in values}


def _cue_scores(text: str) -> dict[str, float]:
    scores = dict.fromkeys(LANGUAGES, 0.0)
    for lang, letters in STRONG_LETTERS.items():
        scores[lang] += min(4.0, 1.0 * sum(text.count(c) for c in letters))
    if not any(text.count(c) for c in STRONG_LETTERS["lt"]) and any(text.count(c) for c in STRONG_LETTERS["hr"]):
        scores["hr"] += 0.3 * min(4, sum(text.count(c) for c in WEAK_LETTERS["hr"]))
    scores["tr"] += min(2.0, 0.4 * sum(text.count(c) for c in WEAK_LETTERS["tr"]))
    words = re.findall(r"[a-z']+", fold(text))
    for lang, vocab in LANGUAGE_WORDS.items():
        scores[lang] += min(4.0, 0.7 * sum(w in vocab for w in words))
    return scores


def detect_language(text: str, hint: str | None = None) -> str:
    """The most likely of tr/hr/lt/en; `hint` (e.g. a chat user's language) breaks near-ties."""
    text = (text or "")[:_MAX_CHARS]
    scores = _cue_scores(text)
    if re.search(r"[^\W\d_]{2}", text):
        # lingua is decisive on longer text; on a few words it is only one more voice
        weight = 3.0 if len(text.split()) >= 8 else 1.5
        for lang, value in _lingua_scores(text).items():
            scores[lang] += weight * value
    if hint in scores:
        scores[hint] += 0.5
    best = max(LANGUAGES, key=lambda lang: scores[lang])
    if scores[best] <= 0.0:
        return hint if hint in LANGUAGES else "en"
    return best
