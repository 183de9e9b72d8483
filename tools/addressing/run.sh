#!/usr/bin/env bash
# The whole address-resolution benchmark: test set, buurt, the rapidfuzz peer, both scored.
# Usage: tools/addressing/run.sh BUURT_BINARY GEODATA OUTDIR   (see README.md)
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 BUURT_BINARY GEODATA OUTDIR" >&2; exit 2; }
BUURT=$(realpath "$1"); DATA=$(realpath "$2"); OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT/peer_holdout"
cd "$OUT"

python3 "$HERE/make_testset.py" --addresses "$DATA/addresses.csv" --flanders "$DATA/flanders/addresses.csv.gz" \
  --seed 7 --per-category 1000 --out testset.jsonl >/dev/null
"$BUURT" resolve --data "$DATA" --batch queries.txt --threads 1 >answers_buurt.jsonl 2>buurt.log
"$BUURT" resolve --data holdout_data --batch holdout_queries.txt --threads 1 >holdout_buurt.jsonl 2>buurt_holdout.log
grep -h 'addresses in' buurt.log >&2 || true
python3 "$HERE/peer_rapidfuzz.py" --addresses "$DATA/addresses.csv" --testset testset.jsonl --out answers_peer.jsonl
python3 "$HERE/peer_rapidfuzz.py" --addresses holdout_data/addresses.csv --testset testset_holdout.jsonl \
  --out peer_holdout/holdout_peer.jsonl

for who in buurt peer; do
  if [ $who = buurt ]; then ans=answers_buurt.jsonl; hold=holdout_buurt.jsonl; name=buurt
  else ans=answers_peer.jsonl; hold=peer_holdout/holdout_peer.jsonl; name=peer_rapidfuzz; fi
  python3 "$HERE/evaluate.py" --testset testset.jsonl --answers $ans --holdout-answers $hold --name $name \
    --markdown --failures failures_$who.jsonl >report_$who.txt
  sed -n '/^\*\*/,$p' report_$who.txt
  echo
done
