#!/usr/bin/env bash
# Check that the generated documentation matches the command table: the man
# page (docs/meso.1) and the README's CLI reference. `make docs` rewrites them.
set -uo pipefail
cd "$(dirname "$0")/.."
meso=${1:-./meso}
fail=0
if ! diff -u docs/meso.1 <("$meso" help --man) >/dev/null; then
    echo "docs: docs/meso.1 is out of date with the command table; run 'make docs'" >&2
    fail=1
fi
ref=$(awk '/<!-- cli-reference:start -->/{f=1;next} /<!-- cli-reference:end -->/{f=0} f' README.md)
if [ "$ref" != "$("$meso" help --markdown)" ]; then
    echo "docs: README.md's CLI reference is out of date; run 'make docs'" >&2
    fail=1
fi
# Every command in the table has a line in the man page.
while read -r name; do
    grep -qF "meso ${name//-/\\-}" docs/meso.1 || { echo "docs: man page lacks 'meso $name'" >&2; fail=1; }
done < <("$meso" help --markdown | sed -E 's/^- `meso ([a-z]+( [a-z]+)?).*/\1/')
[ "$fail" -eq 0 ] && echo "docs: ok"
exit "$fail"
