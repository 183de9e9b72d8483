#!/usr/bin/env bash
# Run every peer on the Lanaken and Flemish data; JSON results and outputs go to OUTDIR.
# Usage: tools/peers/run_peers.sh [OUTDIR] [DATA]   (defaults: /tmp/peers_out, /work/shared/geodata)
set -euo pipefail
P=$(cd "$(dirname "$0")" && pwd)
O=${1:-/tmp/peers_out}; D=${2:-/work/shared/geodata}; F=$D/flanders
mkdir -p "$O"
run() { local name=$1; shift; echo "== $name" >&2; python3 "$@" | tee "$O/$name.json"; }

uptime >&2
# Lanaken: 9,322 points, 7 wijken
run lan_pip "$P/pip_shapely.py" --points "$D/addresses.csv" --polygons "$D/wijken.geojson" \
    --name-property name --out "$O/lan_pip.txt" --repeat 5
run lan_pip_vs_wijk "$P/compare_assign.py" "$O/lan_pip.txt" "$D/addresses.csv" --column wijk
run lan_gpd "$P/assign_geopandas.py" --points "$D/addresses.csv" --groups "$D/wijken.geojson" \
    --name-property name --output "$O/lan_gpd.csv"
run lan_gpd_vs_wijk "$P/compare_assign.py" "$O/lan_gpd.csv" "$D/addresses.csv" --column group --column-b wijk
run lan_proj31370 "$P/transform_pyproj.py" --points "$D/addresses.csv" --to EPSG:31370 --repeat 5 \
    --out "$O/lan_31370.csv"
run lan_proj3812 "$P/transform_pyproj.py" --points "$D/addresses.csv" --to EPSG:3812 --repeat 5

# Flanders: 2,449,296 points, 2,767 wijken
run fl_pip "$P/pip_shapely.py" --points "$F/addresses.csv.gz" --polygons "$F/wijken.geojson" \
    --name-property code --out "$O/fl_pip.txt"
run fl_gpd "$P/assign_geopandas.py" --points "$F/addresses.csv.gz" --groups "$F/wijken.geojson" \
    --name-property code --output "$O/fl_gpd.csv"
# The input columns must come out as the same text: each output line starts with its input line.
run fl_gpd_input_unchanged -c 'import gzip, json, sys
a = gzip.open(sys.argv[1], "rt", encoding="utf-8", newline="").read().splitlines()
b = open(sys.argv[2], encoding="utf-8", newline="").read().splitlines()
bad = sum(not y.startswith(x + ",") for x, y in zip(a, b)) + abs(len(a) - len(b))
print(json.dumps({"lines": len(a), "changed": bad})); sys.exit(bad > 0)' "$F/addresses.csv.gz" "$O/fl_gpd.csv"
run fl_pip_vs_gpd "$P/compare_assign.py" "$O/fl_pip.txt" "$O/fl_gpd.csv"
run fl_proj31370 "$P/transform_pyproj.py" --points "$F/addresses.csv.gz" --to EPSG:31370 --out "$O/fl_31370.csv"
run fl_proj31370_single "$P/transform_pyproj.py" --points "$F/addresses.csv.gz" --to EPSG:31370 --single-operation
run fl_proj3812 "$P/transform_pyproj.py" --points "$F/addresses.csv.gz" --to EPSG:3812
uptime >&2
