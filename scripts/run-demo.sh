#!/usr/bin/env bash
# `make run`: create the demo school when there is no database yet, then serve
# it (or, before the web server exists, print a summary of the demo school).
set -euo pipefail
cd "$(dirname "$0")/.."
meso=${1:-./meso}
db=${MESO_DB:-meso.db}
if [ ! -f "$db" ]; then
    echo "Creating the demo school in $db ..."
    "$meso" --db "$db" demo
fi
"$meso" --db "$db" check
if "$meso" help serve >/dev/null 2>&1; then
    exec "$meso" --db "$db" serve
fi
"$meso" --db "$db" school list
"$meso" --db "$db" pupils list --sen E
