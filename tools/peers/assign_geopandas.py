#!/usr/bin/env python3
"""Assign each point to the polygon that contains it, the way a GIS user does it in geopandas.

pd.read_csv (all columns as text) -> gpd.points_from_xy -> gpd.sjoin(points,
groups[[NAME, 'geometry']], predicate="within", how="left") -> input columns + `group`
(empty when outside; first match kept when a point falls in several) -> to_csv(index=False).
The input columns are written back unchanged as text. Each phase is timed once with
time.perf_counter; prints one JSON object on stdout.
"""
import argparse, json, sys, time

import geopandas as gpd
import pandas as pd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", required=True, help="CSV or CSV.gz with lon,lat columns")
    ap.add_argument("--groups", required=True, help="GeoJSON of (Multi)Polygons in lon/lat")
    ap.add_argument("--name-property", required=True, help="polygon property written to `group`")
    ap.add_argument("--output", required=True, help="output CSV")
    a = ap.parse_args()
    t, clock = {}, time.perf_counter
    start = t0 = clock()

    df = pd.read_csv(a.points, dtype=str, keep_default_na=False)
    if "group" in df.columns:
        sys.exit("input already has a `group` column")
    t["read_csv_s"], t0 = clock() - t0, clock()

    groups = gpd.read_file(a.groups)
    t["read_groups_s"], t0 = clock() - t0, clock()

    lon, lat = df["lon"].astype(float), df["lat"].astype(float)
    t["parse_lonlat_s"], t0 = clock() - t0, clock()

    points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs=groups.crs)
    t["points_from_xy_s"], t0 = clock() - t0, clock()

    right = groups[[a.name_property, "geometry"]].rename(columns={a.name_property: "group"})
    joined = gpd.sjoin(points, right, predicate="within", how="left")
    t["sjoin_s"], t0 = clock() - t0, clock()

    matches = joined["group"].dropna()
    several = int(matches.index.duplicated().sum())
    first = matches[~matches.index.duplicated(keep="first")]
    out = df.copy()
    out["group"] = first.reindex(df.index).fillna("").astype(str)
    t["collect_s"], t0 = clock() - t0, clock()

    out.to_csv(a.output, index=False)
    t["to_csv_s"] = clock() - t0
    t["total_s"] = clock() - start
    print(f"wrote {a.output}", file=sys.stderr)

    print(json.dumps({
        "tool": "assign_geopandas", "geopandas": gpd.__version__, "pandas": pd.__version__,
        "points": len(df), "groups": len(groups),
        **{k: round(v, 4) for k, v in t.items()},
        "matched": int(first.size), "unmatched": int(len(df) - first.size),
        "extra_matches_dropped": several,
    }))


if __name__ == "__main__":
    main()
