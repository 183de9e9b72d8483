#!/usr/bin/env python3
"""Reproject lon/lat points from EPSG:4326 with pyproj.

Times transformer.transform(lon_array, lat_array) on numpy float64 arrays (best of --repeat),
with Transformer.from_crs("EPSG:4326", TO, always_xy=True) built beforehand (timed apart).
If the input has x,y columns and --to is EPSG:31370 (as the Flemish file has), reports the
largest difference from them. Prints one JSON object on stdout.
"""
import argparse, json, sys, time

import numpy as np
import pandas as pd
import pyproj
from pyproj import Transformer
from pyproj.transformer import TransformerGroup


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", required=True, help="CSV or CSV.gz with lon,lat columns")
    ap.add_argument("--limit", type=int, help="use only the first N rows")
    ap.add_argument("--to", required=True, choices=["EPSG:31370", "EPSG:3812"], help="target CRS")
    ap.add_argument("--out", help="write lon,lat,x,y with full precision (repr of the floats)")
    ap.add_argument("--single-operation", action="store_true",
                    help="use only PROJ's first-ranked operation (TransformerGroup) instead of from_crs, "
                         "which may carry several candidates and pick one per point")
    ap.add_argument("--repeat", type=int, default=3, help="runs, best is kept (default 3)")
    a = ap.parse_args()

    head = pd.read_csv(a.points, nrows=0).columns
    cols = ["lon", "lat"] + (["x", "y"] if {"x", "y"} <= set(head) else [])
    df = pd.read_csv(a.points, usecols=cols, dtype="float64", nrows=a.limit)
    lon, lat = df["lon"].to_numpy(), df["lat"].to_numpy()
    n = len(lon)

    t = time.perf_counter()
    if a.single_operation:
        tr = TransformerGroup("EPSG:4326", a.to, always_xy=True).transformers[0]
    else:
        tr = Transformer.from_crs("EPSG:4326", a.to, always_xy=True)
    create_s = time.perf_counter() - t

    best = float("inf")
    for _ in range(a.repeat):
        t = time.perf_counter()
        x, y = tr.transform(lon, lat)
        best = min(best, time.perf_counter() - t)
    # With several candidate operations PROJ can name the one it used only after a transform.
    op = tr.get_last_used_operation().description if n else tr.description
    print(f"{n} points; {op}", file=sys.stderr)

    res = {"tool": "transform_pyproj", "pyproj": pyproj.__version__, "proj": pyproj.proj_version_str,
           "to": a.to, "single_operation": a.single_operation, "operation": op,
           "network": pyproj.network.is_network_enabled(), "points": n, "repeat": a.repeat,
           "create_transformer_s": round(create_s, 6), "transform_s": round(best, 6),
           "ns_per_point": round(best / n * 1e9, 1) if n else None,
           "non_finite": int((~np.isfinite(x) | ~np.isfinite(y)).sum())}
    if a.to == "EPSG:31370" and "x" in cols:
        res["max_abs_diff_vs_file_xy_m"] = [float(np.abs(x - df["x"].to_numpy()).max(initial=0)),
                                            float(np.abs(y - df["y"].to_numpy()).max(initial=0))]
    if a.out:
        with open(a.out, "w", encoding="utf-8", newline="\n") as f:
            f.write("lon,lat,x,y\n")
            f.writelines(f"{p!r},{q!r},{r!r},{s!r}\n"
                         for p, q, r, s in zip(lon.tolist(), lat.tolist(), x.tolist(), y.tolist()))
        print(f"wrote {a.out}", file=sys.stderr)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
