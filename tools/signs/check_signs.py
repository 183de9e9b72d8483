"""Checks `buurt signs` output against shapely on real data (used by the test suite).

Usage: check_signs.py SIGNS.geojson GROUPS.geojson STREETS.geojson NAME_PROPERTY MIN_SPACING INSET
Every sign must lie on a street line of the default classes and inside (or on) its group; every
crossing of such a street with the zone's outer boundary must have a sign within MIN_SPACING + INSET.
Prints a JSON report; exits 1 on any failure.
"""
import json, sys
import shapely
from shapely.geometry import shape, Point
import warnings
warnings.filterwarnings("ignore", category=DeprecationWarning)
from shapely.ops import transform, unary_union
from pyproj import Transformer

signs_path, groups_path, streets_path, name_prop, spacing, inset = sys.argv[1:7]
spacing, inset = float(spacing), float(inset)
t = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True).transform
default = {"primary", "secondary", "tertiary", "unclassified", "residential", "living_street"}
groups = {f["properties"][name_prop]: transform(t, shape(f["geometry"])) for f in json.load(open(groups_path))["features"]}
streets = [transform(t, shape(f["geometry"])) for f in json.load(open(streets_path))["features"] if f["properties"].get("highway") in default]
signs = json.load(open(signs_path))["features"]
zone = unary_union(list(groups.values()))
network = unary_union(streets)
failures = []
points = []
per_group = {}
for s in signs:
    p = transform(t, shape(s["geometry"]))
    points.append(p)
    g = s["properties"]["group"]
    per_group[g] = per_group.get(g, 0) + 1
    if network.distance(p) > 0.05:
        failures.append(f"sign {s['properties']['rank']} is {network.distance(p):.2f} m from the street lines")
    if groups[g].distance(p) > 0.01:
        failures.append(f"sign {s['properties']['rank']} is outside its group {g}")
crossings = []
for line in streets:
    x = line.intersection(zone.boundary)
    if x.is_empty:
        continue
    for part in getattr(x, "geoms", [x]):
        crossings.extend([Point(c) for c in part.coords] if part.geom_type != "Point" else [part])
for c in crossings:
    d = min((c.distance(p) for p in points), default=float("inf"))
    if d > spacing + inset + 0.05:
        failures.append(f"crossing at ({c.x:.1f}, {c.y:.1f}) has no sign within {spacing + inset:.0f} m (nearest {d:.1f} m)")
report = {"signs": len(signs), "crossings": len(crossings), "per_group": per_group, "failures": failures[:20], "failure_count": len(failures)}
print(json.dumps(report))
sys.exit(1 if failures else 0)
