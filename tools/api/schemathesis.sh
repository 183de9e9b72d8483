#!/usr/bin/env bash
# Fuzzes the running API against its own OpenAPI document with Schemathesis: starts
# `BUURT_BINARY serve` on a free loopback port over a copy of DB_FILE (the original is not touched),
# waits for /healthz, runs Schemathesis against http://127.0.0.1:PORT/openapi.json with the staff
# bearer token on every request (so staff routes are exercised), then again with a coordinator's and a
# police account's token (made in the copy) on fewer examples, prints its summary, stops the server.
# Exits non-zero when Schemathesis finds a server error or a response that breaks the document
# (schema, status code or content type), when the server dies, or when the run exceeds its time.
#
# Usage: tools/api/schemathesis.sh BUURT_BINARY DB_FILE [MAX_EXAMPLES=200]
# Environment (all optional):
#   SCHEMATHESIS_SEED=20261125     seed, so a failure can be replayed
#   SCHEMATHESIS_TIMEOUT=900       seconds for the whole Schemathesis run
#   SCHEMATHESIS_WORKERS=1         concurrent workers (keep 1 on CPython 3.11.7: with 2 a run here ended in
#                                  "SystemError: AST constructor recursion depth mismatch", CPython gh-106905)
#   SCHEMATHESIS_CHECKS=...        default not_a_server_error,response_schema_conformance,
#                                  status_code_conformance,content_type_conformance
#   SCHEMATHESIS_PHASES=...        default examples,coverage,fuzzing,stateful
#   SCHEMATHESIS_REPORT_DIR=DIR    keep a JUnit report and the server log there
#   SCHEMATHESIS_ROLE_EXAMPLES=N   examples per operation for the coordinator and police runs (default MAX_EXAMPLES/4)
#   SCHEMATHESIS_ROLES=...         default "staff coordinator police"
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
B=$(realpath "$1")
DB=$(realpath "$2")
N=${3:-200}
SEED=${SCHEMATHESIS_SEED:-20261125}
LIMIT=${SCHEMATHESIS_TIMEOUT:-900}
WORKERS=${SCHEMATHESIS_WORKERS:-1}
CHECKS=${SCHEMATHESIS_CHECKS:-not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance}
PHASES=${SCHEMATHESIS_PHASES:-examples,coverage,fuzzing,stateful}
STAFF_TOKEN=test-staff-token
[ -x "$B" ] || { echo "schemathesis.sh: $B is not an executable" >&2; exit 2; }
[ -f "$DB" ] || { echo "schemathesis.sh: no store at $DB" >&2; exit 2; }
command -v schemathesis > /dev/null || { echo "schemathesis.sh: schemathesis missing: run bash tools/setup (it makes .venv)" >&2; exit 2; }

W=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2> /dev/null; then
    kill "$SERVER_PID" 2> /dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2> /dev/null || true
    wait "$SERVER_PID" 2> /dev/null || true
  fi
  if [ -n "${SCHEMATHESIS_REPORT_DIR:-}" ]; then
    mkdir -p "$SCHEMATHESIS_REPORT_DIR"
    cp -r "$W/report/." "$SCHEMATHESIS_REPORT_DIR/" 2> /dev/null || true
    cp "$W/server.log" "$SCHEMATHESIS_REPORT_DIR/server.log" 2> /dev/null || true
  fi
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Fuzzing enrolls people and uploads boundary sets: work on a copy of the store.
cp "$DB" "$W/store.gpkg"
for ext in -wal -shm; do [ -f "$DB$ext" ] && cp "$DB$ext" "$W/store.gpkg$ext"; done

# A coordinator of the first published group and a police account, each with a token.
ROLES=${SCHEMATHESIS_ROLES:-staff coordinator police}
ROLE_N=${SCHEMATHESIS_ROLE_EXAMPLES:-$(( (N + 3) / 4 ))}
first_group=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT name FROM groups ORDER BY fid LIMIT 1").fetchone()[0])' "$W/store.gpkg")
coordinator_id=$("$B" accounts add --db "$W/store.gpkg" --role coordinator --name "Fuzz Coordinator" --email fuzz.coordinator@example.be --group "$first_group")
police_id=$("$B" accounts add --db "$W/store.gpkg" --role police --name "Fuzz Police" --email fuzz.police@example.be)
COORDINATOR_TOKEN=$("$B" accounts token "$coordinator_id" --db "$W/store.gpkg")
POLICE_TOKEN=$("$B" accounts token "$police_id" --db "$W/store.gpkg")

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
echo "schemathesis.sh: $B serve on $BASE (store copied from $DB)" >&2
BUURT_STAFF_TOKENS=$STAFF_TOKEN BUURT_RATE_LIMIT=off \
  "$B" serve --db "$W/store.gpkg" --host 127.0.0.1 --port "$PORT" > "$W/server.log" 2>&1 &
SERVER_PID=$!

up=0
for _ in $(seq 300); do
  if ! kill -0 "$SERVER_PID" 2> /dev/null; then
    echo "schemathesis.sh: the server exited before answering /healthz:" >&2
    tail -n 30 "$W/server.log" >&2
    exit 1
  fi
  if curl -fsS -m 2 "$BASE/healthz" > "$W/healthz.json" 2> /dev/null; then up=1; break; fi
  sleep 0.2
done
[ $up -eq 1 ] || { echo "schemathesis.sh: no answer from $BASE/healthz in 60 s" >&2; tail -n 30 "$W/server.log" >&2; exit 1; }
echo "schemathesis.sh: healthz: $(cat "$W/healthz.json")" >&2

# The document the server serves should be the one in the tree next to this script.
if curl -fsS -m 5 "$BASE/openapi.json" > "$W/served.json" && [ -f "$here/../../Sources/BuurtServer/openapi.json" ]; then
  python3 - "$W/served.json" "$here/../../Sources/BuurtServer/openapi.json" <<'PY' >&2 || true
import json, sys
served, tree = (json.load(open(p)) for p in sys.argv[1:3])
if served != tree:
    print("schemathesis.sh: warning: /openapi.json differs from Sources/BuurtServer/openapi.json (another build?)")
PY
fi

rc=0
for role in $ROLES; do
  case $role in
    staff) token=$STAFF_TOKEN; n=$N ;;
    coordinator) token=$COORDINATOR_TOKEN; n=$ROLE_N ;;
    police) token=$POLICE_TOKEN; n=$ROLE_N ;;
    *) echo "schemathesis.sh: unknown role $role" >&2; exit 2 ;;
  esac
  echo "schemathesis.sh: as $role: schemathesis $(schemathesis --version | awk '{print $NF}'), checks $CHECKS, phases $PHASES, max $n examples per operation, seed $SEED, at most ${LIMIT}s" >&2
  set +e
  timeout --signal=INT --kill-after=30 "$LIMIT" \
    schemathesis run "$BASE/openapi.json" \
      --url "$BASE" \
      --checks "$CHECKS" \
      --phases "$PHASES" \
      --max-examples "$n" \
      --seed "$SEED" \
      --workers "$WORKERS" \
      --header "Authorization: Bearer $token" \
      --request-timeout 10 \
      --generation-database none \
      --suppress-health-check all \
      --report junit --report-dir "$W/report/$role" \
      --no-color
  r=$?
  set -e
  if [ $r -eq 124 ] || [ $r -eq 130 ]; then
    echo "schemathesis.sh: Schemathesis did not finish within ${LIMIT}s (as $role)" >&2
    r=1
  fi
  [ $r -eq 0 ] || { echo "schemathesis.sh: as $role: FAILED (exit $r)" >&2; rc=1; }
done
if ! kill -0 "$SERVER_PID" 2> /dev/null; then
  echo "schemathesis.sh: the server died during the run:" >&2
  tail -n 30 "$W/server.log" >&2
  rc=1
fi
if [ $rc -ne 0 ]; then
  echo "schemathesis.sh: FAILED (exit $rc); last server log lines:" >&2
  tail -n 15 "$W/server.log" >&2
else
  echo "schemathesis.sh: ok" >&2
fi
exit $rc
