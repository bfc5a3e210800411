#!/usr/bin/env bash
# The sources xgettext reads for po/meso.pot (docs/i18n.md): every C file of
# src/, sorted, so the template is the same on every machine.
set -euo pipefail
cd "$(dirname "$0")/.."
find src -name '*.c' | LC_ALL=C sort
