#!/usr/bin/env bash
# with-pg.sh CMD...: run CMD with a throwaway PostgreSQL cluster
# (scripts/pg-cluster.sh) whose database is in MESO_TEST_DB, then stop the
# cluster and remove it, whatever CMD did. Exits with CMD's status. When
# MESO_TEST_DB already names a PostgreSQL database, CMD runs on that one.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# Already inside one (`make test-pg` runs its three suites in one cluster).
if [[ "${MESO_TEST_DB:-}" == postgres*://* ]]; then
    exec "$@"
fi
dir=$("$here/pg-cluster.sh" start) || exit 1
trap '"$here/pg-cluster.sh" stop "$dir"' EXIT
MESO_TEST_DB=$("$here/pg-cluster.sh" uri "$dir")
export MESO_TEST_DB
"$@"
