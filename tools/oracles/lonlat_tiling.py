#!/usr/bin/env python3
"""Random lon/lat tilings and shapely's verdict on points placed in them (test oracle).

  lonlat_tiling.py make --seed N --out DIR     writes DIR/groups.geojson (property `name`) and
                                               DIR/points.csv (id,kind,lon,lat)
  lonlat_tiling.py check --dir DIR --assigned CSV   compares `buurt assign`'s `group` column with
                                               shapely, point for point; prints a JSON summary,
                                               exits 1 on any disagreement

A tiling: a jittered grid over Lanaken's extent in lon/lat, cut into triangles, each triangle given
to one of K groups, the triangles of a group dissolved with shapely (so groups come out as
multipolygons, some with holes where a group surrounds another); beside the grid, a group with an
empty hole and one with an enclave in its hole. Points: every vertex of every ring (outer,
shared, hole), points exactly on the grid's outer (axis-parallel) edges and on the axis-parallel
hole edges, points one ulp outside the outer edges, edge midpoints, and random points.

The rule checked (RFC 7946: edges are straight in lon/lat; shapely decides in lon/lat too):
  - no group covers the point (closed sets)       -> buurt says outside;
  - some group contains it (interior)             -> buurt says that group;
  - otherwise (on a boundary)                     -> buurt says one of the groups that cover it.
"""
import argparse, csv, json, math, random, sys

import shapely
from shapely.geometry import Polygon, MultiPolygon, mapping, shape


def make(seed, out):
    rng = random.Random(seed)
    n, k = 10, 7
    lon0, lat0, dlon, dlat = 5.60 + rng.random() * 0.01, 50.86 + rng.random() * 0.01, 0.0137, 0.0089
    grid = [[(lon0 + (i + ((rng.uniform(-0.3, 0.3)) if 0 < i < n else 0)) * dlon,
              lat0 + (j + ((rng.uniform(-0.3, 0.3)) if 0 < j < n else 0)) * dlat) for j in range(n + 1)] for i in range(n + 1)]
    parts = [[] for _ in range(k)]
    for i in range(n):
        for j in range(n):
            a, b, c, d = grid[i][j], grid[i + 1][j], grid[i + 1][j + 1], grid[i][j + 1]
            tris = [(a, b, c), (a, c, d)] if rng.random() < 0.5 else [(a, b, d), (b, c, d)]
            for t in tris:
                parts[rng.randrange(k)].append(Polygon(t))
    groups = []
    for g, ps in enumerate(parts):
        if ps:
            groups.append((f"G{g}", shapely.union_all(ps)))
    # Beside the grid: a square with an empty hole, and a square whose hole holds an enclave.
    x0 = lon0 + (n + 1) * dlon
    sq = lambda x, y, w, h: [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
    groups.append(("Hole", Polygon(sq(x0, lat0, 4 * dlon, 4 * dlat), [sq(x0 + dlon, lat0 + dlat, 2 * dlon, 2 * dlat)[::-1]])))
    groups.append(("Ring", Polygon(sq(x0, lat0 + 5 * dlat, 4 * dlon, 4 * dlat), [sq(x0 + dlon, lat0 + 6 * dlat, 2 * dlon, 2 * dlat)[::-1]])))
    groups.append(("Enclave", Polygon(sq(x0 + dlon, lat0 + 6 * dlat, 2 * dlon, 2 * dlat))))
    groups.append(("Parts", MultiPolygon([Polygon(sq(x0 + 5 * dlon, lat0, dlon, dlat)), Polygon(sq(x0 + 5 * dlon, lat0 + 2 * dlat, dlon, dlat))])))

    points = []
    def add(kind, lon, lat):
        points.append((kind, lon, lat))
    def rings(geom):
        polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
        for p in polys:
            yield p.exterior
            yield from p.interiors
    for _, geom in groups:
        for r in rings(geom):
            for (lon, lat) in list(r.coords)[:-1]:
                add("vertex", lon, lat)
            cs = list(r.coords)
            for (a, b) in zip(cs, cs[1:]):
                add("midpoint", (a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
                if a[0] == b[0] or a[1] == b[1]:  # axis-parallel: points exactly on it
                    for _ in range(3):
                        t = rng.random()
                        if a[0] == b[0]:
                            add("on_axis_edge", a[0], a[1] + t * (b[1] - a[1]))
                        else:
                            add("on_axis_edge", a[0] + t * (b[0] - a[0]), a[1])
    west, east = grid[0][0][0], grid[n][0][0]
    south, north = grid[0][0][1], grid[0][n][1]
    for _ in range(60):
        lat = rng.uniform(south, north)
        lon = rng.uniform(west, east)
        add("outer_edge", west, lat); add("outer_edge", east, lat); add("outer_edge", lon, south); add("outer_edge", lon, north)
        add("just_outside", math.nextafter(west, -math.inf), lat); add("just_outside", math.nextafter(east, math.inf), lat)
        add("just_outside", lon, math.nextafter(south, -math.inf)); add("just_outside", lon, math.nextafter(north, math.inf))
    for _ in range(3000):
        add("random", rng.uniform(west - dlon, x0 + 7 * dlon), rng.uniform(south - dlat, north + dlat))

    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name}, "geometry": mapping(geom)} for name, geom in groups]}
    with open(out + "/groups.geojson", "w") as f:
        json.dump(fc, f)  # json writes floats with repr: every double survives exactly
    with open(out + "/points.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "lon", "lat"])
        for i, (kind, lon, lat) in enumerate(points):
            w.writerow([i, kind, repr(lon), repr(lat)])


def check(d, assigned):
    groups = [(f["properties"]["name"], shape(f["geometry"])) for f in json.load(open(d + "/groups.geojson"))["features"]]
    for _, g in groups:
        shapely.prepare(g)
    rows = list(csv.DictReader(open(assigned)))
    kinds, bad, boundary = {}, [], 0
    for r in rows:
        lon, lat = float(r["lon"]), float(r["lat"])
        covering = [n for n, g in groups if shapely.intersects_xy(g, lon, lat)]
        inside = [n for n, g in groups if shapely.contains_xy(g, lon, lat)]
        got = r["group"] or None
        if not covering:
            ok = got is None
        elif inside:
            ok = got == inside[0] and len(inside) == 1
        else:
            boundary += 1
            ok = got in covering
        kinds.setdefault(r["kind"], [0, 0])
        kinds[r["kind"]][0] += 1
        if not ok:
            kinds[r["kind"]][1] += 1
            bad.append({"id": r["id"], "kind": r["kind"], "lon": r["lon"], "lat": r["lat"], "buurt": got, "covering": covering, "inside": inside})
    print(json.dumps({"points": len(rows), "on_boundary": boundary, "disagreements": len(bad),
                      "per_kind": {k: {"points": v[0], "disagreements": v[1]} for k, v in sorted(kinds.items())}, "first": bad[:5]}))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make"); m.add_argument("--seed", type=int, required=True); m.add_argument("--out", required=True)
    c = sub.add_parser("check"); c.add_argument("--dir", required=True); c.add_argument("--assigned", required=True)
    a = ap.parse_args()
    if a.cmd == "make":
        make(a.seed, a.out)
        return 0
    return check(a.dir, a.assigned)


if __name__ == "__main__":
    sys.exit(main())
