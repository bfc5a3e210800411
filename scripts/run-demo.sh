#!/usr/bin/env bash
# `make run`: create the demo school when there is no database yet, then serve
# it, printing the address and the demo sign-in details.
set -euo pipefail
cd "$(dirname "$0")/.."
meso=${1:-./meso}
db=${MESO_DB:-meso.db}
listen=${MESO_LISTEN:-127.0.0.1:8080}
if [ ! -f "$db" ]; then
    # A three-form-entry primary: enough key teachers and outcomes for the
    # evaluation page to fit its model (a smaller school declines, saying why).
    echo "Creating the demo school in $db ..."
    "$meso" --db "$db" demo --pupils 630
fi
"$meso" --db "$db" check
cat <<TXT

Demo sign-ins (password for all: demo-password-1234; made-up people, demo only):
  lead (SENCO)     helen.price@meadowbank.example.org
  key teacher      priya.nair@meadowbank.example.org
  family worker    grace.adebayo@meadowbank.example.org
  administrator    sam.okoro@meadowbank.example.org
  parent           parent.demo@example.org

TXT
exec "$meso" --db "$db" serve --listen "$listen"
