#!/usr/bin/env bash
# check-format.sh - every html() call's format against its arguments (run by
# scripts/lint.sh, so by `make test`). The writer's formats are printf's but for
# %U (a URL part; its argument is a string, as for %s) and a smaller set of
# directives, so:
#   1. scripts/check-format.mjs refuses any directive the writer does not know;
#   2. each file that calls html() is copied with %U written as %s and compiled
#      (syntax only) with MESO_FORMAT_CHECK, which gives html_fmt_() printf's
#      format attribute: the compiler then checks the number and the type of
#      every argument (-Wformat=2 -Werror).
# The other printf-like helpers (arena_sprintf, buf_addf, err_set, problems_add,
# log_msg, the pdfdoc ones) carry the attribute always, so every build checks them.
# Usage: scripts/check-format.sh [SRC_DIR]   (default: src; tests plant bad trees)
set -uo pipefail
cd "$(dirname "$0")/.."
src="${1:-src}"
mapfile -t files < <(grep -rlE --include='*.c' '(^|[^_[:alnum:].>])html[[:space:]]*\(' "$src" | sort)
[ ${#files[@]} -gt 0 ] || { echo "check-format: no html() calls under $src" >&2; exit 1; }
fail=0
node scripts/check-format.mjs "${files[@]}" || fail=1

PKGS="sqlite3 libmicrohttpd libsodium jansson gsl cairo pangocairo xlsxwriter libxml-2.0 liboath libqrencode"
cflags=$(pkg-config --cflags $PKGS 2>/dev/null)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check_one() {
    local f="$1" copy="$tmp/$(echo "$1" | tr '/' '_')"
    sed 's/%U/%s/g' "$f" > "$copy"
    # shellcheck disable=SC2086
    if ! out=$(${CC:-cc} -std=c17 -D_GNU_SOURCE -DMESO_FORMAT_CHECK -Isrc -I"$(dirname "$f")/.." \
                 -I"$src" -Ibuild/gen $cflags -fsyntax-only -Wformat=2 -Wno-format-nonliteral \
                 -Werror=format -Werror=format-extra-args \
                 "$copy" 2>&1); then
        echo "$out" | grep -E 'error|warning|in expansion' | sed "s|$copy|$f|g" | head -20 >&2
        return 1
    fi
}
export -f check_one
export tmp src cflags
if ! printf '%s\n' "${files[@]}" | xargs -P 2 -I{} bash -c 'check_one "$@"' _ {}; then
    fail=1
fi
if [ "$fail" -ne 0 ]; then
    echo "check-format: FAILED" >&2
    exit 1
fi
echo "check-format: ok (${#files[@]} files)"
