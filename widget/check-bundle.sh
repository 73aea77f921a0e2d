#!/bin/sh
# Rebuilds src/rejoinder/static from widget/ (the widget bundle, the API reference page's files and
# their .gz/.br copies) and checks that what is committed is what the source builds, and that the
# widget is within budget. Run from anywhere: widget/check-bundle.sh
set -eu
cd "$(dirname "$0")"
COMMITTED=../src/rejoinder/static
BUDGET_BYTES=15360  # 15 KB gzipped (DESIGN.md, performance budget)

npm ci --silent --no-audit --no-fund >/dev/null
fresh=$(mktemp -d "${TMPDIR:-/tmp}/static.XXXXXX")
trap 'rm -rf "$fresh"' EXIT
node build.mjs "$fresh"
node check-static.mjs "$fresh" "$COMMITTED"

size=$(gzip -9 -c "$COMMITTED/embed.js" | wc -c)
if [ "$size" -gt "$BUDGET_BYTES" ]; then
  echo "check-bundle: embed.js is $size bytes gzipped, over the budget of $BUDGET_BYTES." >&2
  exit 1
fi
raw=$(wc -c <"$COMMITTED/embed.js")
gz=$(wc -c <"$COMMITTED/embed.js.gz")
br=$(wc -c <"$COMMITTED/embed.js.br")
echo "check-bundle: static/ matches its source; embed.js $raw bytes, $size gzip -9 (budget $BUDGET_BYTES), served as $gz gzip, $br br."
