#!/usr/bin/env bash
# "A file that parsedmarc accepts, we accept": parsedmarc's verdict next to ours on every report file (aggregate, failure, TLS)
# of our fixtures (test/fixtures) and of the folders given; exit 1 when parsedmarc reads a file we
# refuse or read fewer records of.
# Usage: npm run compare:parsedmarc -- [folder...]
# Installs the pinned parsedmarc (scripts/parsedmarc-requirements.txt, from PyPI) into
# .cache/parsedmarc-venv the first time (about 35 s here) and reuses it while the pins are unchanged.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=.cache/parsedmarc-venv
requirements=scripts/parsedmarc-requirements.txt
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  started=$(date +%s)
  rm -rf "$venv"
  # Debian's python3 makes virtual environments only with python3-venv: installed as root when missing.
  "${PYTHON:-python3}" -c 'import ensurepip, venv' >/dev/null 2>&1 || bash scripts/install-system-packages.sh python3-venv
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/pip" install --disable-pip-version-check --quiet --requirement "$requirements"
  echo "$want" > "$venv/.requirements.sha256"
  echo "compare-parsedmarc: installed parsedmarc into $venv in $(( $(date +%s) - started )) s" >&2
fi
# Our side runs from dist/: rebuilt when a source is newer than it.
compiled=dist/scripts/compare-parsedmarc.js
if [ ! -f "$compiled" ] || [ -n "$(find src scripts -name '*.ts' -newer "$compiled" -print -quit)" ]; then
  npx tsc -p tsconfig.build.json
fi
exec ./node_modules/.bin/node "$compiled" --python "$venv/bin/python" test/fixtures "$@"
