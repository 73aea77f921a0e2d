#!/bin/sh
# Generates the widget's view of the API, src/generated/openapi.ts (committed), from the server's
# OpenAPI document: the document comes from create_app() in the project's virtualenv (no server,
# no database: a throwaway data directory), the types from openapi-typescript (pinned in
# package-lock.json). src/api-contract.ts checks the widget's own types against them.
#
#   widget/gen-api-types.sh            # rewrite src/generated/openapi.ts (after `npm ci`)
#   widget/gen-api-types.sh FILE       # write FILE instead (check-bundle.sh compares the two)
#
# PYTHON overrides the interpreter (default: the project's .venv).
set -eu
out=${1:-src/generated/openapi.ts}
case $out in /*) ;; *) [ $# -eq 0 ] || out="$PWD/$out" ;; esac
cd "$(dirname "$0")"
PYTHON=${PYTHON:-../.venv/bin/python}

work=$(mktemp -d "${TMPDIR:-/tmp}/openapi.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$PYTHON" - "$work" <<'EOF'
import json
import sys
from pathlib import Path

from rejoinder.app import create_app
from rejoinder.config import Settings

work = Path(sys.argv[1])
(work / "data").mkdir()
document = create_app(Settings(data_dir=work / "data")).openapi()
(work / "openapi.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
EOF
mkdir -p "$(dirname "$out")"
node_modules/.bin/openapi-typescript "$work/openapi.json" --default-non-nullable false --output "$out" >"$work/log" 2>&1 ||
  { cat "$work/log" >&2; exit 1; }
