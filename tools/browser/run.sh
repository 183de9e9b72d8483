#!/usr/bin/env bash
# Browser tests of the public pages: headless Chromium (Debian's chromium and chromium-driver)
# driven by Selenium, with an axe-core scan of every page, against a live `buurt serve` on a store
# made from the real Lanaken data (every wijk a group, a charter, two coordinators, one contact).
# Screenshots of every page at 390×844 and 1280×800 (and the whole page) go to out/screenshots/.
# Usage: tools/browser/run.sh BUURT_BINARY GEODATA   Environment: BROWSER_SCREENSHOTS=DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/python-env && use_venv .venv
B=$(realpath "$1")
D=$(realpath "$2")
for tool in chromium chromedriver; do
  command -v $tool > /dev/null || { echo "browser tests: $tool missing: run bash tools/setup (apt-get install chromium chromium-driver)" >&2; exit 2; }
done
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
db=$work/lanaken.gpkg
"$B" import -q --from "$D" --db "$db" > /dev/null
"$B" groups publish "$D/wijken.geojson" --db "$db" --note "browser tests" > /dev/null
printf 'Bel eerst de politie op 101 (bij nood 112), meld het daarna in de groep.\n\nGeen beledigingen, geen geruchten, geen foto'"'"'s van mensen.\n\nDe coördinator mag leden die de regels niet volgen uit de groep halen.\n' > "$work/regels.txt"
"$B" charter publish "$work/regels.txt" --db "$db" > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Accounts, each with its one-time password link (printed on stderr by accounts add).
link() { "$B" accounts add "$@" --base-url "http://127.0.0.1:$port" --db "$db" 2>&1 > /dev/null | sed -n 's/.*shown once): //p'; }
BUURT_LINK_REKEM=$(link --role coordinator --group Rekem --name "Coördinator Rekem" --email rekem@example.be)
BUURT_LINK_LANAKEN=$(link --role coordinator --group Lanaken --name "Coördinator Lanaken" --email lanaken@example.be)
BUURT_LINK_POLICE=$(link --role police --name "Wijkagent Lanaken" --email politie@example.be)
BUURT_LINK_STAFF=$(link --role staff --name "Dienst Preventie" --email preventie@example.be)
export BUURT_LINK_REKEM BUURT_LINK_LANAKEN BUURT_LINK_POLICE BUURT_LINK_STAFF
"$B" settings group Rekem --contact buurtpreventie.rekem@lanaken.be --db "$db" > /dev/null
export BUURT_STAFF_TOKENS=browser-staff-token BUURT_ACCESS_LOG=off
"$B" serve --db "$db" --port "$port" --form-limit 200 --public-url "http://127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
  kill -0 "$server" 2> /dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done
export BUURT_URL="http://127.0.0.1:$port" BUURT_STAFF_TOKEN=browser-staff-token BUURT_GEODATA="$D"
export BROWSER_SCREENSHOTS=${BROWSER_SCREENSHOTS:-$PWD/out/screenshots}
mkdir -p "$BROWSER_SCREENSHOTS"
python3 -m pytest -q -p no:cacheprovider tools/browser/test_pages.py tools/browser/test_desk.py
