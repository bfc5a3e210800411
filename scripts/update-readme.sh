#!/usr/bin/env bash
# Replace the README's CLI reference (between the cli-reference markers) with
# `meso help --markdown`.
set -euo pipefail
cd "$(dirname "$0")/.."
meso=${1:-./meso}
ref=$("$meso" help --markdown)
awk -v ref="$ref" '
    /<!-- cli-reference:start -->/ { print; print ref; skip = 1; next }
    /<!-- cli-reference:end -->/ { skip = 0 }
    !skip { print }
' README.md > README.md.new
mv README.md.new README.md
