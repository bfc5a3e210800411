#!/usr/bin/env bash
# The catalogue test (docs/i18n.md): fails when a message of the sources is not
# in po/meso.pot (or the template holds one the sources no longer use), when a
# language's catalogue lacks a message of the template, or when msgfmt finds a
# translation whose placeholders differ from the English. Run by `make lint`.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${XGETTEXT:?run through make check-po}" "${LANGS:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
$XGETTEXT -o "$tmp/meso.pot" $(scripts/po-sources.sh)
sed -i '/^"POT-Creation-Date:/d' "$tmp/meso.pot"
fail=0
if ! diff -u po/meso.pot "$tmp/meso.pot" > "$tmp/diff"; then
    echo "check-po: po/meso.pot is not what xgettext finds in the sources; run make po" >&2
    echo "check-po: a message marked with _() is new or changed:" >&2
    grep '^[-+]msgid' "$tmp/diff" | head -20 >&2
    fail=1
fi
for l in $LANGS; do
    # msgcmp: every message of the template has an entry in the language.
    if ! msgcmp --use-untranslated po/"$l".po po/meso.pot 2> "$tmp/$l.err"; then
        echo "check-po: po/$l.po lacks messages of po/meso.pot:" >&2
        head -10 "$tmp/$l.err" >&2
        fail=1
    fi
    if ! msgfmt --check -o /dev/null po/"$l".po 2> "$tmp/$l.fmt"; then
        echo "check-po: po/$l.po:" >&2
        head -10 "$tmp/$l.fmt" >&2
        fail=1
    fi
    untranslated=$(msgattrib --untranslated --no-obsolete po/"$l".po | grep -c '^msgid ' || true)
    if [ "$untranslated" -gt 1 ]; then
        echo "check-po: po/$l.po has $((untranslated - 1)) untranslated messages (msgattrib --untranslated po/$l.po)" >&2
        fail=1
    fi
done
[ "$fail" -eq 0 ] && echo "check-po: po/meso.pot matches the sources; ${LANGS// /, } complete"
exit "$fail"
