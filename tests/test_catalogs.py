"""The message catalogs under locales/ against the source as it is now.

Every message that core/, mail/, bot/ and loanbot/ pass to `Translator.gettext` / `.ngettext` must be in the
Turkish, Croatian, Lithuanian and English catalogs, translated, not fuzzy, with the same {placeholders} as the
msgid and every plural form filled; the catalogs must compile, and the compiled ones must be what
`core.plumbing.i18n.Translator` reads. To fix a failure: `bash scripts/i18n.sh update`, translate, `bash scripts/i18n.sh check`.
"""
from __future__ import annotations

import string
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
DOMAIN = "loanbot"
LANGUAGES = ("tr", "hr", "lt", "en")
TRANSLATED = ("tr", "hr", "lt")
KEYWORDS = {"gettext": None, "ngettext": (1, 2)}   # as scripts/i18n.sh extract: -k gettext -k ngettext:1,2


def source_messages() -> dict[str | tuple[str, str], list[str]]:
    """msgid (a string, or (singular, plural) for ngettext) -> where it is used, extracted right now."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str | tuple[str, str], list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        key = tuple(message) if isinstance(message, (tuple, list)) else message
        found.setdefault(key, []).append(f"{filename}:{lineno}")
    return found


SOURCE = source_messages()


def catalog(language: str):
    with open(LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as f:
        return read_po(f, locale=language)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_source_has_messages():
    assert len(SOURCE) > 50, "extraction found almost nothing: is babel.cfg still matching core/, mail/, bot/?"
    assert "Hello," in SOURCE


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_source_message_is_translated(language):
    cat = catalog(language)
    nplurals = get_plural(language).num_plurals
    assert cat.num_plurals == nplurals, f"Plural-Forms of {language} should be Babel's ({nplurals} forms)"
    problems = []
    for key, where in sorted(SOURCE.items(), key=lambda kv: str(kv[0])):
        label = f"{key!r} ({where[0]})"
        plural = isinstance(key, tuple)
        message = cat.get(key)
        if message is None:
            problems.append(f"missing: {label}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {label}")
        if plural != message.pluralizable:
            problems.append(f"plural in the source but not in the catalog, or the reverse: {label}")
            continue
        if plural:
            forms = list(message.string)
            wanted = fields(key[0]) | fields(key[1])
            if len(forms) != nplurals:
                problems.append(f"{len(forms)} plural forms instead of {nplurals}: {label}")
            for i, form in enumerate(forms):
                if not form:
                    problems.append(f"msgstr[{i}] untranslated: {label}")
                    continue
                # Form 0 may leave out {n}, as the English singular does; a form used for several numbers may not.
                need = (fields(key[1]) - {"n"}) | ({"n"} if "n" in wanted and (i > 0 or nplurals == 1) else set())
                if not need <= fields(form) <= wanted:
                    problems.append(f"msgstr[{i}] has placeholders {sorted(fields(form))}, "
                                    f"needs {sorted(need)} of {sorted(wanted)}: {label}")
        else:
            if not message.string:
                problems.append(f"untranslated: {label}")
            elif fields(message.string) != fields(key):
                problems.append(f"placeholders {sorted(fields(message.string))} instead of {sorted(fields(key))}: "
                                f"{label}")
    assert not problems, (f"locales/{language}/LC_MESSAGES/{DOMAIN}.po ({len(problems)} problems; run "
                          f"`bash scripts/i18n.sh update`, translate, `bash scripts/i18n.sh check`):\n  "
                          + "\n  ".join(problems))


def test_english_catalog_is_the_source_text():
    cat = catalog("en")
    wrong = [m.id for m in cat if m.id and m.string != (tuple(m.id) if m.pluralizable else m.id)]
    assert not wrong, f"English msgstr should equal the msgid (bash scripts/i18n.sh update does it): {wrong}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_bullets_and_guillemets_kept(language):
    """Translations keep the source's leading bullet, its «» around titles, and the "Ref:" line staff must keep."""
    cat = catalog(language)
    problems = []
    for message in cat:
        if not message.id or message.pluralizable:
            continue
        if message.id.startswith("• ") != message.string.startswith("• "):
            problems.append(f"bullet: {message.id!r}")
        if message.id.count("«") != message.string.count("«") or message.id.count("»") != message.string.count("»"):
            problems.append(f"«»: {message.id!r}")
        if "Ref:" in message.id and "Ref:" not in message.string:
            problems.append(f"Ref: {message.id!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_compiles(language, tmp_path):
    cat = catalog(language)
    target = tmp_path / f"{language}.mo"
    with open(target, "wb") as f:
        write_mo(f, cat)
    with open(target, "rb") as f:
        compiled = read_mo(f)
    assert compiled.num_plurals == cat.num_plurals
    translated = [m for m in cat if m.id and not m.fuzzy and (all(m.string) if m.pluralizable else m.string)]
    assert translated, f"{language}: nothing translated"
    for message in translated:
        assert compiled.get(message.id) is not None, f"{language}: {message.id!r} not in the compiled catalog"
        got = compiled.get(message.id).string
        assert (tuple(got) if message.pluralizable else got) == (tuple(message.string) if message.pluralizable
                                                                 else message.string)


@pytest.fixture(scope="module")
def compiled_catalogs():
    """Builds the real locales/*/LC_MESSAGES/loanbot.mo the way the set-up script does."""
    result = subprocess.run(["bash", str(ROOT / "scripts" / "i18n.sh"), "compile"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    import core.plumbing.i18n
    core.plumbing.i18n._catalog.cache_clear()   # a test before this one may have cached the fallback
    yield
    core.plumbing.i18n._catalog.cache_clear()


def test_translator_reads_the_compiled_catalogs(compiled_catalogs):
    from core.plumbing.i18n import Translator

    hr = catalog("hr")
    assert Translator("hr").gettext("Hello,") == hr.get("Hello,").string
    assert Translator("hr-HR").gettext("Hello,") != "Hello,"
    reason = Translator("hr").gettext("Not registered: {reason}.", reason="X")
    assert reason == hr.get("Not registered: {reason}.").string.format(reason="X")
    # plural forms: Croatian 1 / 2-4 / 5+ (and 21 takes the form of 1)
    key = ("you have {n} loan:", "you have {n} loans:")
    if key in SOURCE:
        forms = hr.get(key).string
        for n, form in ((1, 0), (3, 1), (5, 2), (11, 2), (21, 0), (22, 1)):
            assert Translator("hr").ngettext(*key, n) == forms[form].format(n=n)
    assert Translator("en").gettext("Hello,") == "Hello,"
    for language in TRANSLATED:
        assert Translator(language).gettext("Hello,") == catalog(language).get("Hello,").string


def test_a_date_ending_a_sentence_keeps_one_full_stop(compiled_catalogs):
    """Croatian and Lithuanian long dates end in a full stop ("10. prosinca 2026.", "2026 m. gruodžio 10 d."): at
    the end of a sentence that stop is the sentence's, not one more."""
    import datetime as dt

    from core.plumbing.i18n import Translator

    for language in ("hr", "lt"):
        tr = Translator(language)
        due = tr.date(dt.date(2026, 12, 10))
        assert due.endswith(".")
        for message in ("Please return it by {due}.", "You have it on loan yourself ({barcode}), until {due}."):
            text = tr.gettext(message, due=due, barcode="0012007")
            assert due in text and ".." not in text
    assert Translator("en").gettext("Please return it by {due}.", due="December 10, 2026") == \
        "Please return it by December 10, 2026."


# The help text gives example sentences a patron can send; in each language they must be understood as the
# request they illustrate, and the staff decision words must be the ones the understanding recognises.
HELP_EXAMPLES = {
    '"renew my loans";': "renew",
    '"what do I have on loan?";': "loans",
    '"how much do I owe?";': "fines",
    '"where is my request ILL-7?".': "status",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_examples_are_understood(language):
    from core.understanding import understand_text

    cat = catalog(language)
    for msgid, intent in HELP_EXAMPLES.items():
        message = cat.get(msgid)
        if message is None:   # the help text changed; the other tests say what is missing
            continue
        example = message.string.rstrip(";.").strip('"')
        understood = understand_text(example)
        assert understood.intent == intent, f"{language}: {example!r} is understood as {understood.intent!r}"


DECISIONS = {
    "tr": ("ONAYLA", "RED"), "hr": ("ODOBRI", "ODBIJ"), "lt": ("PATVIRTINTI", "ATMESTI"), "en": ("APPROVE", "REJECT"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_decision_words_are_understood(language):
    from core.understanding import understand_text

    approve, reject = DECISIONS[language]
    msgid = 'Reply with "APPROVE {reference}" or "REJECT {reference}: reason", keeping this line: Ref: {token}'
    message = catalog(language).get(msgid)
    if message is not None:
        assert f'"{approve} {{reference}}"' in message.string and f'"{reject} {{reference}}:' in message.string
    assert understand_text(f"{approve} ILL-5").intent == "approve"
    rejected = understand_text(f"{reject} ILL-5: out of print")
    assert (rejected.intent, rejected.reason) == ("reject", "out of print")
