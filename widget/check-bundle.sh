#!/bin/sh
# Rebuilds the widget from source and checks that the committed bundle is byte-identical and
# within budget. Run from anywhere: widget/check-bundle.sh
set -eu
cd "$(dirname "$0")"
COMMITTED=../src/rejoinder/static/embed.js
BUDGET_BYTES=15360  # 15 KB gzipped (DESIGN.md, performance budget)

npm ci --silent --no-audit --no-fund >/dev/null
fresh=$(mktemp "${TMPDIR:-/tmp}/embed.XXXXXX.js")
trap 'rm -f "$fresh"' EXIT
node build.mjs "$fresh"

if ! cmp -s "$fresh" "$COMMITTED"; then
  echo "check-bundle: src/rejoinder/static/embed.js is out of date with widget/src." >&2
  echo "check-bundle: rebuild it with 'cd widget && npm ci && npm run build' and commit the result." >&2
  exit 1
fi
size=$(gzip -9 -c "$COMMITTED" | wc -c)
if [ "$size" -gt "$BUDGET_BYTES" ]; then
  echo "check-bundle: embed.js is $size bytes gzipped, over the budget of $BUDGET_BYTES." >&2
  exit 1
fi
echo "check-bundle: embed.js matches its source ($size bytes gzipped, budget $BUDGET_BYTES)."
