#!/usr/bin/env bash
# Install what meso needs to build, test and run on Debian 12.
# As root it installs missing packages with apt-get; otherwise it prints the
# exact command to run. When everything is present it returns at once.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build: compiler, pkg-config and the libraries meso links.
pkgs=(gcc make pkg-config libc6-dev
      libsqlite3-dev libmicrohttpd-dev libsodium-dev libjansson-dev libcsv-dev
      libgsl-dev libcairo2-dev libpango1.0-dev libxlsxwriter-dev libxml2-dev
      liboath-dev libqrencode-dev libnlopt-dev libpq-dev zlib1g-dev fonts-dejavu-core
      # Translations (docs/i18n.md): msgfmt, xgettext, msgmerge build and check
      # po/; Noto shapes Urdu (Nastaliq), Arabic and Bengali in PDFs.
      gettext fonts-noto-core
      # Tests and benchmarks: unit tests, formatting, PDF text, browser, load.
      libcmocka-dev clang-format sqlite3 poppler-utils chromium wrk nginx-light
      procps psmisc curl bc unzip valgrind time
      # The API guide's Python example (docs/api.md, tests/http/test_guide.mjs).
      python3
      # PostgreSQL for the tests' throwaway clusters (scripts/pg-cluster.sh).
      postgresql)
# Node.js runs the browser tests and builds the web assets; a node already on
# the PATH (of any origin) is used as it is.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    pkgs+=(nodejs npm)
fi

# One dpkg-query call answers for every package (fast when all are present);
# a package dpkg has never heard of is simply absent from its answer.
installed=" $(dpkg-query -W -f='${Package}:${db:Status-Status} ' "${pkgs[@]}" 2>/dev/null || true) "
missing=()
for p in "${pkgs[@]}"; do
    [[ "$installed" == *" $p:installed "* ]] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    cmd="apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then
        echo "deps: installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "deps: missing packages: ${missing[*]}" >&2
        echo "deps: run as root:  sudo $cmd" >&2
        exit 1
    fi
fi

# Front-end packages from npm (govuk-frontend, playwright-core, axe-core, sass),
# pinned by package-lock.json. Reinstalled only when the lock file changes.
if [ -f package-lock.json ]; then
    if [ ! -f node_modules/.package-lock.json ] ||
       [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "deps: installing npm packages"
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
    fi
fi
