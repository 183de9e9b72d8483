"""Peer for the sign benchmark: the geometric core of the same job in shapely 2: where the
default-class street lines cross the outer boundary of the zone (the union of the groups) and the
boundaries of the groups, in EPSG:31370. Prints JSON with best-of-N milliseconds (loading excluded)."""
import json, sys, time, warnings
warnings.filterwarnings("ignore", category=DeprecationWarning)
import shapely
from shapely.geometry import shape
from shapely.ops import transform, unary_union
from pyproj import Transformer

data = sys.argv[1]
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 10
t = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True).transform
default = {"primary", "secondary", "tertiary", "unclassified", "residential", "living_street"}
groups = [transform(t, shape(f["geometry"])) for f in json.load(open(data + "/wijken.geojson"))["features"]]
streets = [transform(t, shape(f["geometry"])) for f in json.load(open(data + "/streets.geojson"))["features"] if f["properties"].get("highway") in default]
lines = shapely.GeometryCollection(streets).geoms
arr = shapely.from_wkb(shapely.to_wkb(list(lines)))
best = {}
for mode in ("zone", "group"):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        if mode == "zone":
            boundary = unary_union(groups).boundary
        else:
            boundary = unary_union([g.boundary for g in groups])
        tree = shapely.STRtree(arr)
        idx = tree.query(boundary, predicate="intersects")
        crossings = shapely.intersection(arr[idx], boundary)
        n = int(shapely.get_num_coordinates(crossings).sum())
        times.append(time.perf_counter() - t0)
    best[mode + "_ms"] = min(times) * 1000
    best[mode + "_crossing_points"] = n
print(json.dumps({"tool": "shapely 2 crossings", **best}))
