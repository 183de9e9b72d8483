#!/usr/bin/env python3
"""Point-in-polygon peer: shapely 2 STRtree, lon/lat, no reprojection.

Measures (best of --repeat):
  build  STRtree(polygons), plus one tiny query so GEOS really builds the tree (it builds lazily)
  within tree.query(points, predicate="within")
  best   tree.query(points) (bbox candidates) + shapely.prepare(polygons)
         + shapely.contains_xy(polygons[cand_poly], x[cand_pt], y[cand_pt]);
         polygons are un-prepared before every run so each run pays for prepare.
Prints one JSON object on stdout; diagnostics go to stderr.
"""
import argparse, json, sys, time

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def best_of(repeat, fn, before=None):
    best, result = float("inf"), None
    for _ in range(repeat):
        if before:
            before()
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", required=True, help="CSV or CSV.gz with lon,lat columns")
    ap.add_argument("--polygons", required=True, help="GeoJSON FeatureCollection of (Multi)Polygons, lon/lat")
    ap.add_argument("--name-property", required=True, help="feature property that names a polygon")
    ap.add_argument("--out", help="write one line per point: polygon name, '' if none, 'a|b' if several")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement, best is kept (default 3)")
    a = ap.parse_args()

    t = time.perf_counter()
    df = pd.read_csv(a.points, usecols=["lon", "lat"], dtype="float64")
    x, y = df["lon"].to_numpy(), df["lat"].to_numpy()
    load_points_s = time.perf_counter() - t
    t = time.perf_counter()
    with open(a.polygons, encoding="utf-8") as f:
        feats = json.load(f)["features"]
    polys = np.array([shape(ft["geometry"]) for ft in feats])
    names = np.array([str(ft["properties"][a.name_property]) for ft in feats], dtype=object)
    load_polygons_s = time.perf_counter() - t
    n = len(x)
    log(f"{n} points, {len(polys)} polygons loaded in {load_points_s + load_polygons_s:.2f} s")

    create_s, pts = best_of(a.repeat, lambda: shapely.points(x, y))
    probe = pts[:1]

    def build():
        tree = shapely.STRtree(polys)
        tree.query(probe)  # forces the lazy GEOS build
        return tree

    unprepare = lambda: shapely.destroy_prepared(polys)
    build_s, tree = best_of(a.repeat, build)
    log(f"build {build_s:.4f} s")
    within_s, (w_pt, w_poly) = best_of(a.repeat, lambda: tree.query(pts, predicate="within"), unprepare)
    log(f"within {within_s:.3f} s")

    phases = {"bbox_query_s": float("inf"), "prepare_s": float("inf"), "contains_xy_s": float("inf")}

    def best_path():
        t0 = time.perf_counter()
        cand_pt, cand_poly = tree.query(pts)
        t1 = time.perf_counter()
        shapely.prepare(polys)
        t2 = time.perf_counter()
        hit = shapely.contains_xy(polys[cand_poly], x[cand_pt], y[cand_pt])
        t3 = time.perf_counter()
        for k, v in zip(phases, (t1 - t0, t2 - t1, t3 - t2)):
            phases[k] = min(phases[k], v)
        return cand_pt, cand_poly, hit

    best_s, (cand_pt, cand_poly, hit) = best_of(a.repeat, best_path, unprepare)
    log(f"best path {best_s:.3f} s")
    b_pt, b_poly = cand_pt[hit], cand_poly[hit]

    # Both paths must find the same (point, polygon) pairs.
    key = lambda p, q: np.sort(p.astype(np.int64) * len(polys) + q)
    agree = bool(np.array_equal(key(w_pt, w_poly), key(b_pt, b_poly)))
    if not agree:
        log("WARNING: within and best path disagree")
    per_point = np.bincount(b_pt, minlength=n)

    if a.out:
        order = np.lexsort((b_poly, b_pt))  # by point, then polygon file order
        b_pt, b_poly = b_pt[order], b_poly[order]
        lines = np.full(n, "", dtype=object)
        lines[b_pt] = names[b_poly]  # exactly-one case; several handled below
        for i in np.flatnonzero(per_point > 1):
            lines[i] = "|".join(names[b_poly[b_pt == i]])
        with open(a.out, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines))
            f.write("\n" if n else "")
        log(f"wrote {a.out}")

    ns = lambda s: round(s / n * 1e9, 1) if n else None
    print(json.dumps({
        "tool": "pip_shapely", "shapely": shapely.__version__, "geos": shapely.geos_version_string,
        "points": n, "polygons": len(polys), "repeat": a.repeat,
        "load_points_s": round(load_points_s, 6), "load_polygons_s": round(load_polygons_s, 6),
        "create_points_s": round(create_s, 6),
        "build_s": round(build_s, 6),
        "within_s": round(within_s, 6), "within_ns_per_point": ns(within_s),
        "best_s": round(best_s, 6), "best_ns_per_point": ns(best_s),
        "best_phases_s": {k: round(v, 6) for k, v in phases.items()},
        "bbox_candidates": int(len(cand_pt)),
        "paths_agree": agree,
        "in_one": int((per_point == 1).sum()), "in_none": int((per_point == 0).sum()),
        "in_several": int((per_point > 1).sum()),
    }))


if __name__ == "__main__":
    main()
