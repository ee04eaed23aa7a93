#!/usr/bin/env bash
# Message catalogs of the `loanbot` gettext domain (Babel), for tr, hr, lt and en.
#
#   bash scripts/i18n.sh extract   source (babel.cfg) -> locales/loanbot.pot
#   bash scripts/i18n.sh update    extract, then merge the .pot into locales/{tr,hr,lt,en}/LC_MESSAGES/loanbot.po
#                                  (creating a missing catalog; the English one always gets msgstr = msgid)
#   bash scripts/i18n.sh compile   .po -> .mo next to them (the .mo files are built here, never committed)
#   bash scripts/i18n.sh check     fails (exit 1) when a message of the source is missing, untranslated or fuzzy
#                                  in any of the four catalogs, when a translation's {placeholders} differ from
#                                  the msgid's, or when a catalog does not compile
#
# Uses .venv/bin/python when present, else $PYTHON, else python3 (Babel must be importable).
set -euo pipefail
cd "$(dirname "$0")/.."

LANGS=(tr hr lt en)
DOMAIN=loanbot
POT=locales/$DOMAIN.pot
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON
elif [ -x .venv/bin/python ]; then PY=.venv/bin/python
else PY=python3
fi

pybabel() {
  "$PY" -c 'import sys; from babel.messages.frontend import main; sys.exit(main())' "$@"
}

# Writes the template to $1: keywords gettext(msgid) and ngettext(singular, plural, n), no source locations
# and sorted, so that moving code around changes nothing and new messages show up as small diffs.
extract_to() {
  local log
  log=$(mktemp)
  if ! pybabel extract -F babel.cfg --no-default-keywords -k gettext -k ngettext:1,2 --add-comments=Translators: \
      --no-location --sort-output --no-wrap --project loanbot --copyright-holder "loanbot" \
      -o "$1" . >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "i18n: extraction failed" >&2
    return 1
  fi
  rm -f "$log"
}

# Two catalogs that differ only in their creation/revision dates are the same.
same_but_dates() {
  [ -f "$1" ] && [ -f "$2" ] &&
    diff -q <(grep -v '^"POT-Creation-Date: \|^"PO-Revision-Date: ' "$1") \
            <(grep -v '^"POT-Creation-Date: \|^"PO-Revision-Date: ' "$2") >/dev/null
}

extract() {
  local tmp
  tmp=$(mktemp -d)
  extract_to "$tmp/$DOMAIN.pot"
  mkdir -p locales
  if same_but_dates "$POT" "$tmp/$DOMAIN.pot"; then
    echo "$POT: unchanged"
  else
    mv "$tmp/$DOMAIN.pot" "$POT"
    echo "$POT: $(grep -c '^msgid ' "$POT") entries (with the header)"
  fi
  rm -rf "$tmp"
}

update() {
  extract
  local lang po
  for lang in "${LANGS[@]}"; do
    po=locales/$lang/LC_MESSAGES/$DOMAIN.po
    if [ ! -f "$po" ]; then
      pybabel init --no-wrap -i "$POT" -d locales -D "$DOMAIN" -l "$lang"
    fi
    pybabel update --no-wrap --ignore-obsolete --previous --ignore-pot-creation-date \
      -i "$POT" -d locales -D "$DOMAIN" -l "$lang" 2>&1 | grep -v '^updating catalog' || true
  done
  # English is the source language: its catalog says exactly what the source says.
  "$PY" - "locales/en/LC_MESSAGES/$DOMAIN.po" <<'EOF'
import sys
from babel.messages.pofile import read_po, write_po
path = sys.argv[1]
with open(path, "rb") as f:
    catalog = read_po(f, locale="en")
for message in catalog:
    if not message.id:
        continue
    message.string = tuple(message.id) if message.pluralizable else message.id
    message.flags.discard("fuzzy")
    message.previous_id = []
    # Babel reads gettext's "#| msgid …" (the msgid a fuzzy match came from) back as a translator comment "| …"
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
with open(path, "wb") as f:
    write_po(f, catalog, width=0, ignore_obsolete=True, include_previous=True)
EOF
  stats
}

compile() {
  pybabel compile -d locales -D "$DOMAIN" --statistics
}

stats() {
  "$PY" - "$DOMAIN" "${LANGS[@]}" <<'EOF'
import sys
from babel.messages.pofile import read_po
domain, *langs = sys.argv[1:]
for lang in langs:
    with open(f"locales/{lang}/LC_MESSAGES/{domain}.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    messages = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy)
    untranslated = sum(1 for m in messages if not (all(m.string) if m.pluralizable else m.string))
    print(f"{lang}: {len(messages)} messages, {untranslated} untranslated, {fuzzy} fuzzy")
EOF
}

check() {
  local tmp status=0
  tmp=$(mktemp -d)
  extract_to "$tmp/$DOMAIN.pot"
  "$PY" - "$tmp/$DOMAIN.pot" "$DOMAIN" "${LANGS[@]}" <<'EOF' || status=$?
import io, string, sys
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

pot_path, domain, *langs = sys.argv[1:]
with open(pot_path, "rb") as f:
    template = [m for m in read_po(f) if m.id]

def fields(text):
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        return {f"<malformed: {error}>"}

problems = []
for lang in langs:
    path = f"locales/{lang}/LC_MESSAGES/{domain}.po"
    try:
        with open(path, "rb") as f:
            catalog = read_po(f, locale=lang)
    except FileNotFoundError:
        problems.append(f"{path}: missing (run: bash scripts/i18n.sh update)")
        continue
    nplurals = get_plural(lang).num_plurals
    if catalog.num_plurals != nplurals:
        problems.append(f"{path}: Plural-Forms has nplurals={catalog.num_plurals}, Babel says {nplurals}")
    for source in template:
        key = source.id[0] if source.pluralizable else source.id
        message = catalog.get(source.id)
        label = f"{path}: {key!r}"
        if message is None:
            problems.append(f"{label}: missing (run: bash scripts/i18n.sh update, then translate)")
            continue
        if message.fuzzy:
            problems.append(f"{label}: fuzzy")
        if source.pluralizable:
            forms = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
            wanted = fields(source.id[0]) | fields(source.id[1])
            required = fields(source.id[1]) - {"n"}
            if len(forms) != nplurals:
                problems.append(f"{label}: {len(forms)} plural forms, want {nplurals}")
            for i, form in enumerate(forms):
                if not form:
                    problems.append(f"{label}: msgstr[{i}] untranslated")
                    continue
                got = fields(form)
                # {n} may be left out of the form for one (as the English singular does); every other form is
                # used for several numbers and must say which.
                need = required | ({"n"} if "n" in wanted and (i > 0 or nplurals == 1) else set())
                if not (need <= got <= wanted):
                    problems.append(f"{label}: msgstr[{i}] placeholders {sorted(got)}, want {sorted(need)}")
        else:
            if not message.string:
                problems.append(f"{label}: untranslated")
            elif fields(message.string) != fields(source.id):
                problems.append(f"{label}: placeholders {sorted(fields(message.string))}, "
                                f"want {sorted(fields(source.id))}")
    try:
        write_mo(io.BytesIO(), catalog)
    except Exception as error:  # noqa: BLE001 - any failure to compile is a problem to report
        problems.append(f"{path}: does not compile: {error}")

for problem in problems:
    print(problem)
if problems:
    print(f"i18n check: {len(problems)} problem(s) in {len(template)} messages", file=sys.stderr)
    sys.exit(1)
print(f"i18n check: {len(template)} messages, translated in {', '.join(langs)}")
EOF
  rm -rf "$tmp"
  return "$status"
}

case "${1:-}" in
  extract) extract ;;
  update) update ;;
  compile) compile ;;
  check) check ;;
  stats) stats ;;
  *) echo "usage: bash scripts/i18n.sh extract|update|compile|check|stats" >&2; exit 2 ;;
esac
