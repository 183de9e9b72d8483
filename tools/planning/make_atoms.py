#!/usr/bin/env python3
"""Stand-in for `buurt balance --atoms-output`: builds balancing atoms from the Lanaken data with shapely.

Only for developing the peer benchmark before buurt writes its own atoms file; the benchmark proper
(`tools/bench-planning` without --self-atoms) reads buurt's file and never this one's.

Steps (all geometry in EPSG:31370, written back in lon/lat):
  1. drivable streets (primary, secondary, tertiary, residential, unclassified, service, *_link);
  2. every dead end lying within --snap metres of boundary.geojson is joined to the nearest point of
     the boundary ring (see NOTES.md: otherwise one face runs along the whole edge);
  3. polygonize streets + ring, keep the faces inside the municipality (street blocks);
  4. count addresses.csv points per face;
  5. a face with more than target/3 addresses is cut recursively by a straight line perpendicular to
     the principal axis of its addresses, at the largest gap between consecutive projected addresses
     in the middle half (ties: nearest the median); each resulting polygon piece is an atom;
  6. touching pairs and shared lengths (metres), neighbours (= touching, minus pairs whose whole
     shared boundary lies along a --barrier highway class, none by default), area, perimeter,
     current group (wijken.geojson polygon holding the representative point) and deelgemeente.

Usage: make_atoms.py --data GEODATA --target 100 [--tolerance 0.15] --output atoms.geojson
"""
import argparse
import csv
import json
import math
import sys
from collections import Counter, defaultdict

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, mapping, shape
from shapely.ops import polygonize, split, unary_union

DRIVABLE = {"primary", "secondary", "tertiary", "residential", "unclassified", "service",
            "primary_link", "secondary_link", "tertiary_link", "trunk", "trunk_link"}
TO_M = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)
TO_LL = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)
MIN_SHARED_M = 0.5      # a contact shorter than this is a corner, not a shared boundary
SNAP_TOL_M = 0.05       # boundaries of atoms from one split are equal only up to rounding


def load(path):
    return json.load(open(path, encoding="utf-8"))


def _with(tr):
    return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))


def to_metric(geom):
    return shapely.transform(geom, _with(TO_M))


def to_lonlat(geom):
    return shapely.transform(geom, _with(TO_LL))


def highway_class(props):
    return (props.get("highway") or "").split(";")[0]


def streets_and_connectors(data, boundary, snap):
    lines, classes = [], []
    for f in load(f"{data}/streets.geojson")["features"]:
        cls = highway_class(f["properties"])
        if cls in DRIVABLE:
            lines.append(to_metric(shape(f["geometry"])))
            classes.append(cls)
    ends = Counter()
    for ln in lines:
        for c in (ln.coords[0], ln.coords[-1]):
            ends[(round(c[0], 2), round(c[1], 2))] += 1
    ring = boundary.exterior
    connectors = []
    for (x, y), n in sorted(ends.items()):
        if n != 1:
            continue
        p = Point(x, y)
        if ring.distance(p) <= snap:
            q = ring.interpolate(ring.project(p))
            if p.distance(q) > 1e-6:
                connectors.append(LineString([p, q]))
    return lines, classes, connectors


def principal_split(poly, pts):
    """Cut poly by a line perpendicular to the principal axis of pts at the largest middle gap."""
    c = pts.mean(axis=0)
    d = pts - c
    if len(pts) < 2:
        return None
    w, v = np.linalg.eigh(d.T @ d)
    axis = v[:, np.argmax(w)]
    t = d @ axis
    order = np.sort(t)
    n = len(order)
    lo, hi = max(0, int(n * 0.25) - 1), min(n - 1, int(math.ceil(n * 0.75)))
    best, best_key = None, None
    for i in range(lo, hi):
        gap = order[i + 1] - order[i]
        if gap <= 1e-6:
            continue
        key = (round(gap, 6), -abs((i + 0.5) - (n - 1) / 2))
        if best_key is None or key > best_key:
            best, best_key = (order[i] + order[i + 1]) / 2, key
    if best is None:
        return None
    minx, miny, maxx, maxy = poly.bounds
    r = math.hypot(maxx - minx, maxy - miny) + 10
    p0 = c + axis * best
    perp = np.array([-axis[1], axis[0]])
    cut = LineString([tuple(p0 - perp * r), tuple(p0 + perp * r)])
    pieces = [g for g in split(poly, cut).geoms if g.area > 0.01]
    return pieces if len(pieces) > 1 else None


def split_face(poly, pts, limit, out):
    if len(pts) <= limit:
        out.append(poly)
        return
    pieces = principal_split(poly, pts)
    if pieces is None:
        out.append(poly)  # cannot be cut further (addresses on one spot)
        return
    assigned = np.full(len(pts), -1)
    for k, piece in enumerate(pieces):
        m = (assigned < 0) & shapely.intersects_xy(piece, pts[:, 0], pts[:, 1])
        assigned[m] = k
    if (assigned < 0).any():  # numerical edge cases: nearest piece
        for i in np.where(assigned < 0)[0]:
            p = Point(pts[i])
            assigned[i] = min(range(len(pieces)), key=lambda k: pieces[k].distance(p))
    for k, piece in enumerate(pieces):
        split_face(piece, pts[assigned == k], limit, out)



def index_of_holder(tree, points):
    """Index of the first polygon of `tree` (an STRtree) holding each point; the nearest one for
    a point outside all of them (on the outer ring or just over it)."""
    pidx, gidx = tree.query(shapely.points(points), predicate="intersects")
    of = np.full(len(points), -1)
    for p, g in zip(pidx, gidx):
        if of[p] < 0:
            of[p] = g
    for p in np.where(of < 0)[0]:
        of[p] = tree.nearest(Point(points[p]))
    return of

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--target", type=int, required=True)
    ap.add_argument("--tolerance", type=float, default=0.15)
    ap.add_argument("--snap", type=float, default=150.0, help="join dead ends this close to the boundary (m)")
    ap.add_argument("--barrier", action="append", default=[],
                    help="highway class whose sides are not neighbours (repeatable; default none)")
    ap.add_argument("--output", required=True)
    a = ap.parse_args()

    boundary = to_metric(shape(load(f"{a.data}/boundary.geojson")["features"][0]["geometry"]))
    lines, classes, connectors = streets_and_connectors(a.data, boundary, a.snap)
    noded = unary_union(lines + connectors + [boundary.exterior])
    inner = boundary.buffer(-0.01)
    faces = [f for f in polygonize(noded) if inner.contains(f.representative_point())]
    faces.sort(key=lambda f: (round(f.representative_point().x, 3), round(f.representative_point().y, 3)))

    xs, ys = [], []
    with open(f"{a.data}/addresses.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            xs.append(float(r["lon"]))
            ys.append(float(r["lat"]))
    ax, ay = TO_M.transform(np.array(xs), np.array(ys))
    apts = np.column_stack([ax, ay])
    face_of = index_of_holder(shapely.STRtree(faces), apts)
    limit = a.target / 3.0
    atoms = []
    for fi, face in enumerate(faces):
        split_face(face, apts[face_of == fi], limit, atoms)

    atree = shapely.STRtree(atoms)
    atom_of = index_of_holder(atree, apts)
    households = np.bincount(atom_of, minlength=len(atoms))

    # Touching pairs and shared lengths.
    bnds = [g.boundary for g in atoms]
    snapped = [b.buffer(SNAP_TOL_M) for b in bnds]
    touching = defaultdict(dict)
    left, right = atree.query(atoms, predicate="intersects")
    for i, j in zip(left, right):
        if i >= j:
            continue
        shared = bnds[i].intersection(snapped[j]).length
        if shared >= MIN_SHARED_M:
            touching[i][j] = touching[j][i] = shared
    barrier_lines = unary_union([l for l, c in zip(lines, classes) if c in set(a.barrier)]) if a.barrier else None
    barrier_zone = barrier_lines.buffer(1.0) if barrier_lines is not None else None

    wijken = [(f["properties"].get("name"), to_metric(shape(f["geometry"]))) for f in load(f"{a.data}/wijken.geojson")["features"]]
    deel = [(f["properties"].get("name"), to_metric(shape(f["geometry"]))) for f in load(f"{a.data}/deelgemeenten.geojson")["features"]]

    def containing(polys, p):
        for name, g in polys:
            if g.contains(p):
                return name
        return None

    feats = []
    for i, g in enumerate(atoms):
        rp = g.representative_point()
        nb = sorted(touching[i])
        if barrier_zone is not None:
            nb = [j for j in nb if not barrier_zone.contains(bnds[i].intersection(snapped[j]))]
        tj = sorted(touching[i])
        feats.append({
            "type": "Feature",
            "properties": {
                "atom": i,
                "households": int(households[i]),
                "current": containing(wijken, rp),
                "deelgemeente": containing(deel, rp),
                "neighbours": [int(j) for j in nb],
                "touching": [int(j) for j in tj],
                "touching_m": [round(touching[i][j], 3) for j in tj],
                "area_m2": round(g.area, 3),
                "perimeter_m": round(g.length, 3),
            },
            "geometry": mapping(to_lonlat(g)),
        })
    out = {"type": "FeatureCollection", "target": a.target, "tolerance": a.tolerance,
           "crs_metric": "EPSG:31370", "generator": "tools/planning/make_atoms.py", "features": feats}
    with open(a.output, "w", encoding="utf-8") as fh:
        json.dump(out, fh, separators=(",", ":"))
    print(f"make_atoms: {len(faces)} blocks ({sum(1 for fi in range(len(faces)) if not (face_of == fi).any())} empty), "
          f"{len(atoms)} atoms ({int((households == 0).sum())} empty, largest {int(households.max())}), "
          f"{len(connectors)} dead ends joined, {sum(len(v) for v in touching.values()) // 2} touching pairs",
          file=sys.stderr)


if __name__ == "__main__":
    main()
