#!/usr/bin/env bash
# Run every tests/browser/test_*.mjs (or those named) with node, one after
# another; report all
# failures, not just the first. Needs node_modules (scripts/deps.sh) and
# /usr/bin/chromium. Unless MESO_URL is set, starts `meso serve` on a free
# port over a fresh demo school and exports MESO_URL and the demo sign-ins.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d node_modules/playwright-core ]; then
    echo "browser: node_modules missing; run scripts/deps.sh" >&2
    exit 1
fi
server=""
tmp=$(mktemp -d /tmp/meso-browser-XXXXXX)
cleanup() {
    [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
if [ -z "${MESO_URL:-}" ]; then
    meso=${MESO_BIN:-./meso}
    export MESO_TODAY=${MESO_TODAY:-}
    "$meso" --db "$tmp/demo.db" demo --seed 5 >/dev/null
    # A staff account that must set up two-step sign-in (the demo's are exempt).
    echo "browser-test-pass-1234" | "$meso" --db "$tmp/demo.db" user add new.lead@meadowbank.example.org \
        --role lead --name "New Lead" >/dev/null
    # A local authority's officer for the demo school's LA (999): test_la.mjs.
    echo "browser-test-pass-1234" | "$meso" --db "$tmp/demo.db" user add la.officer@county.example.org \
        --role la --la 999 --name "Alex Morgan" >/dev/null
    "$meso" --db "$tmp/demo.db" serve --listen 127.0.0.1:0 --quiet > "$tmp/serve.out" 2> "$tmp/serve.err" &
    server=$!
    for _ in $(seq 1 100); do
        url=$(grep -o 'http://[^/ ]*' "$tmp/serve.out" 2>/dev/null | head -1)
        [ -n "$url" ] && break
        sleep 0.05
    done
    if [ -z "${url:-}" ]; then
        echo "browser: meso serve did not start:" >&2
        cat "$tmp/serve.err" >&2
        exit 1
    fi
    export MESO_URL="$url" MESO_DB_FILE="$tmp/demo.db" MESO_BIN="$meso"
    export MESO_DEMO_PASSWORD="demo-password-1234"
fi
failed=()
n=0
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=(tests/browser/test_*.mjs)
for t in "${scripts[@]}"; do
    [ -e "$t" ] || continue
    n=$((n + 1))
    if ! node "$t"; then failed+=("$(basename "$t")"); fi
done
if [ "$n" -eq 0 ]; then
    echo "browser: no tests found" >&2
    exit 1
fi
if [ ${#failed[@]} -gt 0 ]; then
    echo "browser: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "browser: ok ($n files)"
