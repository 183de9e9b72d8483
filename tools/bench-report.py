"""Formats the JSON results of tools/bench as the Markdown section of BENCHMARKS.md."""
import datetime, json, os, sys

o, machine = sys.argv[1], sys.argv[2]
j = lambda name: json.load(open(os.path.join(o, name)))
pb, ps = j("pip_buurt.json"), j("pip_shapely.json")
within, best = ps["within_ns_per_point"], ps["best_ns_per_point"]
single, two = pb["single_ns_per_point"], pb["two_threads_ns_per_point"]
out = []
w = out.append
w(f"Measured {datetime.date.today()} with `bash tools/bench` on {machine}.\n")
w("### Point in polygon: 2,449,296 Flemish addresses x 2,767 wijken\n")
w("| measure | buurt | peer | ratio | goal |")
w("|---|---|---|---|---|")
w(f"| PolygonIndex, 1 thread vs `STRtree.query(points, predicate=\"within\")` | {single:.1f} ns/point | {within:.0f} ns/point | **{within/single:.0f}x** | >= 30x |")
w(f"| PolygonIndex, 1 thread vs STRtree candidates + prepared `contains_xy` | {single:.1f} ns/point | {best:.0f} ns/point | **{best/single:.1f}x** | >= 10x, <= 60 ns |")
w(f"| PolygonIndex, 2 threads vs 1 thread | {two:.1f} ns/point | {single:.1f} ns/point | **{single/two:.2f}x** | >= 1.6x |")
w(f"| index build, 2,767 wijken ({pb['vertices']:,} vertices) | {pb['build_s']*1000:.0f} ms | STRtree {ps['build_s']*1000:.1f} ms (bbox tree only) | | <= 200 ms |")
w(f"| index build, 10,000 synthetic polygons ({pb['synthetic_vertices']:,} vertices) | {pb['synthetic_build_s']*1000:.0f} ms | | | <= 1 s |")
w(f"| index memory | {pb['bytes_per_vertex']:.0f} bytes/vertex ({pb['bytes']/1e6:.1f} MB); synthetic {pb['synthetic_bytes_per_vertex']:.0f} | | | <= 100 |")
w(f"| outside (no group) | {pb['outside']:.0f} | {ps['in_none']} (in two: {ps['in_several']}) | | 24, none in two |")
w("")
w("buurt and shapely both decide in lon/lat, the wijken's own coordinates, on the same points (both exact planar")
w(f"predicates; the answers are identical row for row, see `make test`). Pure grid cells: {pb['pure_cell_fraction']*100:.0f}%.")
w("Shapely's figures exclude making the Point objects.\n")
w("### Whole `buurt assign` job (read CSV.gz, assign in lon/lat, write CSV) vs geopandas\n")
g = j("assign_gpd.json")
b2, b1 = j("assign_buurt_2.json"), j("assign_buurt_1.json")
cmp = j("assign_compare.json")
w("| run | seconds | ratio to geopandas | goal |")
w("|---|---|---|---|")
w(f"| geopandas `read_csv` + `points_from_xy` + `sjoin` + `to_csv` | {g['total_s']:.2f} | 1x | |")
w(f"| `buurt assign`, 2 threads | {b2['total_s']:.2f} | **{g['total_s']/b2['total_s']:.1f}x** | >= 5x |")
w(f"| `buurt assign`, 1 thread | {b1['total_s']:.2f} | **{g['total_s']/b1['total_s']:.1f}x** | |")
w(f"\nSame answers row for row: {cmp['equal']:,} of {cmp['rows']:,} rows equal, {cmp['different']} different.\n")
w("### PROJ batch transforms of the 2,449,296 lon/lat positions\n")
w("| to | buurt 1 thread | buurt 2 threads | pyproj (1 thread) | ratio 1 thread | ratio 2 threads |")
w("|---|---|---|---|---|---|")
for tag in ("31370", "3812"):
    b, p = j(f"proj_buurt_{tag}.json"), j(f"proj_pyproj_{tag}.json")
    pn = p.get("ns_per_point") or p.get("transform_ns_per_point")
    bn = b["single_ns_per_point"]
    b2n = b["two_threads_s"] / b["points"] * 1e9
    w(f"| EPSG:{tag} | {bn:.0f} ns/point | {b2n:.0f} ns/point | {pn:.0f} ns/point | {pn/bn:.2f}x | {pn/b2n:.2f}x |")
w("\nbuurt links Debian's PROJ; pyproj's wheel bundles its own, newer PROJ (versions above): the per-point")
w("cost is PROJ's own pipeline (measured with a C program on Debian's PROJ too), not buurt's wrapper.\n")
print("\n".join(out))
