#!/usr/bin/env bash
# Cross-municipality check: a real street typed with a postcode or municipality that does not have it must
# never be matched; the same queries with the street's own place must still be (see README.md).
# Usage: tools/addressing/check_cross_municipality.sh BUURT_BINARY GEODATA [OUTDIR]
#   Generates 1,000 cross and 1,000 control queries (seed ${SEED:-7}) from GEODATA/flanders/addresses.csv.gz,
#   resolves them with BUURT_BINARY resolve --data GEODATA/flanders --batch, prints the figures.
#   Exit status: 0 when 0 cross queries are matched, 1 otherwise, 2 on bad usage.
#   Python: ${PYTHON:-python3} (standard library only).
set -euo pipefail
[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: $0 BUURT_BINARY GEODATA [OUTDIR]" >&2; exit 2; }
BUURT=$(realpath "$1"); DATA=$(realpath "$2"); OUT=${3:-$(mktemp -d -t buurt-cross.XXXXXX)}
PY=${PYTHON:-python3}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"

"$PY" "$HERE/make_cross_municipality.py" --flanders "$DATA/flanders/addresses.csv.gz" --seed "${SEED:-7}" \
  --count "${COUNT:-1000}" --out "$OUT" >/dev/null
"$BUURT" resolve --data "$DATA/flanders" --batch "$OUT/queries.txt" >"$OUT/answers.jsonl" 2>"$OUT/buurt.log"
grep -h 'addresses in' "$OUT/buurt.log" >&2 || true
status=0
"$PY" "$HERE/check_cross_municipality.py" --sets "$OUT" --answers "$OUT/answers.jsonl" \
  --failures "$OUT/failures.jsonl" >"$OUT/figures.json" || status=$?
cat "$OUT/figures.json"
[ $status -eq 0 ] || echo "FAIL: cross-municipality queries were matched (or the answers do not line up); see $OUT/failures.jsonl" >&2
exit $status
