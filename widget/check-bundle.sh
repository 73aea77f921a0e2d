#!/bin/sh
# The widget's checks (make widget-check), run from anywhere: widget/check-bundle.sh
# 1. src/generated/openapi.ts is what gen-api-types.sh makes from the server's OpenAPI document now
#    (it needs the project's virtualenv: make install);
# 2. tsc --noEmit (strict), which also holds the widget's API types to those generated types
#    (src/api-contract.ts);
# 3. src/rejoinder/static, rebuilt from widget/ (the widget bundle, the API reference page's files
#    and their .gz/.br copies), is what is committed, and the widget, count.js, the panels chunk and
#    each catalogue are within budget. The build itself checks the catalogues against English
#    (check-catalogues.mjs) and fails on a missing or extra key or a placeholder mismatch.
set -eu
cd "$(dirname "$0")"
COMMITTED=../src/rejoinder/static
BUDGET_BYTES=15360  # 15 KB gzipped (DESIGN.md, performance budget)
COUNT_BUDGET_BYTES=1536  # count.js, on every section front: 1.5 KB gzipped
PANELS_BUDGET_BYTES=8192  # widget/panels.js, loaded when a reader opens a panel: 8 KB gzipped
CATALOGUE_BUDGET_BYTES=4096  # each widget/i18n/LANG.json, fetched before a non-English widget renders

npm ci --silent --no-audit --no-fund >/dev/null
fresh=$(mktemp -d "${TMPDIR:-/tmp}/static.XXXXXX")
types=$(mktemp -d "${TMPDIR:-/tmp}/api-types.XXXXXX")
trap 'rm -rf "$fresh" "$types"' EXIT

./gen-api-types.sh "$types/openapi.ts"
if ! cmp -s "$types/openapi.ts" src/generated/openapi.ts; then
  diff -u src/generated/openapi.ts "$types/openapi.ts" | head -n 40 >&2 || true
  echo "check-bundle: widget/src/generated/openapi.ts differs from what the server's OpenAPI" \
    "document generates: run widget/gen-api-types.sh, then fix what tsc reports." >&2
  exit 1
fi
node_modules/.bin/tsc --noEmit -p tsconfig.json

node build.mjs "$fresh"
node check-static.mjs "$fresh" "$COMMITTED"

size=$(gzip -9 -c "$COMMITTED/embed.js" | wc -c)
if [ "$size" -gt "$BUDGET_BYTES" ]; then
  echo "check-bundle: embed.js is $size bytes gzipped, over the budget of $BUDGET_BYTES." >&2
  exit 1
fi
count_size=$(gzip -9 -c "$COMMITTED/count.js" | wc -c)
if [ "$count_size" -gt "$COUNT_BUDGET_BYTES" ]; then
  echo "check-bundle: count.js is $count_size bytes gzipped, over the budget of $COUNT_BUDGET_BYTES." >&2
  exit 1
fi
panels_size=$(gzip -9 -c "$COMMITTED/widget/panels.js" | wc -c)
if [ "$panels_size" -gt "$PANELS_BUDGET_BYTES" ]; then
  echo "check-bundle: widget/panels.js is $panels_size bytes gzipped, over the budget of $PANELS_BUDGET_BYTES." >&2
  exit 1
fi
catalogues=""
for catalogue in "$COMMITTED"/widget/i18n/*.json; do
  catalogue_size=$(gzip -9 -c "$catalogue" | wc -c)
  if [ "$catalogue_size" -gt "$CATALOGUE_BUDGET_BYTES" ]; then
    echo "check-bundle: widget/i18n/$(basename "$catalogue") is $catalogue_size bytes gzipped, over the budget of $CATALOGUE_BUDGET_BYTES." >&2
    exit 1
  fi
  catalogues="$catalogues $(basename "$catalogue" .json) $catalogue_size"
done
raw=$(wc -c <"$COMMITTED/embed.js")
gz=$(wc -c <"$COMMITTED/embed.js.gz")
br=$(wc -c <"$COMMITTED/embed.js.br")
echo "check-bundle: API types match the OpenAPI document, tsc passes, static/ matches its source; embed.js $raw bytes, $size gzip -9 (budget $BUDGET_BYTES), served as $gz gzip, $br br; count.js $count_size gzip -9 (budget $COUNT_BUDGET_BYTES); panels.js $panels_size (budget $PANELS_BUDGET_BYTES); catalogues (gzip -9, budget $CATALOGUE_BUDGET_BYTES each):$catalogues."
