// buurt-bench: the Swift side of tools/bench. Prints one JSON object per run on stdout.
//   buurt-bench pip --points CSV[.gz] --polygons GEOJSON [--repeat N]
//   buurt-bench proj --points CSV[.gz] --to EPSG:31370 [--repeat N]
import Addressing
import BuurtApp
import BuurtCLI
import GeoCore
import GeoFormats
import GeoProjection
import Grouping

#if canImport(Glibc)
  import Glibc
#endif

func argument(_ name: String, _ fallback: String? = nil) -> String {
  let args = CommandLine.arguments
  if let i = args.firstIndex(of: name), i + 1 < args.count { return args[i + 1] }
  if let f = fallback { return f }
  Terminal.error("buurt-bench: missing \(name)")
  exitProcess(2)
}

func exitProcess(_ code: Int32) -> Never {
  Terminal.output("")
  return exitNow(code)
}

@inline(never) func exitNow(_ code: Int32) -> Never {
  while true { _exit(code) }
}

func best(_ repeats: Int, _ body: () -> Void) -> Double {
  var bestTime = Double.infinity
  for _ in 0..<repeats {
    let t0 = Terminal.now()
    body()
    bestTime = min(bestTime, Terminal.now() - t0)
  }
  return bestTime
}

func json(_ pairs: [(String, JSONValue)]) -> String {
  JSONWriter.serialize(.object(JSONObject(pairs.map { .init(key: $0.0, value: $0.1) })))
}

/// A synthetic tiling of `n` × `n` jittered quads over the Flemish extent, each edge split
/// into `k` segments (shared edges use the same vertices).
func syntheticTiling(_ n: Int, segments k: Int) -> [MultiPolygon<XY>] {
  var rng = SplitMix64(seed: 42)
  let x0 = 22_000.0
  let y0 = 153_000.0
  let w = 236_000.0
  let h = 91_000.0
  var grid = [[XY]](repeating: [], count: n + 1)
  for i in 0...n {
    for j in 0...n {
      let jx = (i > 0 && i < n) ? rng.unit() * 0.3 - 0.15 : 0
      let jy = (j > 0 && j < n) ? rng.unit() * 0.3 - 0.15 : 0
      grid[i].append(XY(x: x0 + (Double(i) + jx) * w / Double(n), y: y0 + (Double(j) + jy) * h / Double(n)))
    }
  }
  func edge(_ a: XY, _ b: XY) -> [XY] {
    (0..<k).map { s in
      let t = Double(s) / Double(k)
      return XY(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
    }
  }
  var out: [MultiPolygon<XY>] = []
  for i in 0..<n {
    for j in 0..<n {
      let a = grid[i][j]
      let b = grid[i + 1][j]
      let c = grid[i + 1][j + 1]
      let d = grid[i][j + 1]
      let ring = edge(a, b) + edge(b, c) + edge(c, d) + edge(d, a) + [a]
      out.append(MultiPolygon([Polygon(exterior: LinearRing(ring))]))
    }
  }
  return out
}

let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ""
let repeats = Int(argument("--repeat", "5")) ?? 5

do {
  switch mode {
  case "pip":
    // Polygons and points in lon/lat, as drawn (the index decides in the layer's own coordinates).
    let t0 = Terminal.now()
    let groups = try GroupLayer.read(argument("--polygons"), nameProperty: argument("--name-property", "code"))
    let loadPolygons = Terminal.now() - t0
    let table = try PointTable.read(path: argument("--points"), threads: 2)
    guard case .lonLat(let points) = table.positions, case .lonLat(let areas) = groups.areas else { exitProcess(1) }
    var index: PolygonIndex?
    let build = best(repeats) { index = PolygonIndex(areas: areas) }
    guard let index else { exitProcess(1) }
    var result = [Int32](repeating: 0, count: points.count)
    let single = best(repeats) {
      points.withUnsafeBufferPointer { p in result.withUnsafeMutableBufferPointer { index.assign(p, into: $0, threads: 1) } }
    }
    let outside1 = result.filter { $0 < 0 }.count
    let double = best(repeats) {
      points.withUnsafeBufferPointer { p in result.withUnsafeMutableBufferPointer { index.assign(p, into: $0, threads: 2) } }
    }
    let outside2 = result.filter { $0 < 0 }.count
    let synthetic = syntheticTiling(100, segments: 5)
    var syntheticIndex: PolygonIndex?
    let build10k = best(3) { syntheticIndex = PolygonIndex(areas: synthetic) }
    Terminal.output(
      json([
        ("tool", .string("buurt PolygonIndex")), ("points", .number(Double(points.count))),
        ("polygons", .number(Double(areas.count))), ("vertices", .number(Double(index.vertexCount))),
        ("load_polygons_s", .number(loadPolygons)),
        ("build_s", .number(build)), ("bytes", .number(Double(index.byteCount))),
        ("bytes_per_vertex", .number(Double(index.byteCount) / Double(index.vertexCount))),
        ("pure_cell_fraction", .number(index.pureCellFraction)),
        ("single_s", .number(single)), ("single_ns_per_point", .number(single / Double(points.count) * 1e9)),
        ("two_threads_s", .number(double)), ("two_threads_ns_per_point", .number(double / Double(points.count) * 1e9)),
        ("outside", .number(Double(outside1))), ("outside_two_threads", .number(Double(outside2))),
        ("synthetic_polygons", .number(Double(synthetic.count))),
        ("synthetic_vertices", .number(Double(syntheticIndex?.vertexCount ?? 0))),
        ("synthetic_build_s", .number(build10k)),
        ("synthetic_bytes_per_vertex", .number(Double(syntheticIndex?.byteCount ?? 0) / Double(syntheticIndex?.vertexCount ?? 1))),
      ]) + "\n")
  case "proj":
    let table = try PointTable.read(path: argument("--points"), threads: 2)
    guard case .lonLat(let ps) = table.positions else { exitProcess(1) }
    let to = CRS(argument("--to", "EPSG:31370"))
    var flat = [Double](repeating: 0, count: ps.count * 2)
    var xs = flat
    for (i, p) in ps.enumerated() {
      flat[2 * i] = p.lon
      flat[2 * i + 1] = p.lat
    }
    let transformer = try CoordinateTransformer(from: .wgs84, to: to)
    let single = best(repeats) {
      xs = flat
      xs.withUnsafeMutableBufferPointer { try? transformer.transformInPlace($0.baseAddress!, count: ps.count) }
    }
    var two = Double.infinity
    for _ in 0..<repeats {
      var ys = flat
      let t0 = Terminal.now()
      try MetricProjection.transformInterleaved(&ys, from: .wgs84, to: to, threads: 2)
      two = min(two, Terminal.now() - t0)
    }
    Terminal.output(
      json([
        ("tool", .string("buurt PROJ batch")), ("points", .number(Double(ps.count))), ("to", .string(to.identifier)),
        ("single_s", .number(single)), ("single_ns_per_point", .number(single / Double(ps.count) * 1e9)),
        ("two_threads_s", .number(two)), ("first_x", .number(xs[0])), ("first_y", .number(xs[1])),
      ]) + "\n")
  case "resolve":
    // Register load + index build, then resolves per second (single thread) over a query file.
    let t0 = Terminal.now()
    let loader = try LayerLoader(threads: 2)
    let folder = try DataFolder(path: argument("--data"), loader: loader, progress: BuurtApp.Progress(quiet: true))
    let loadSeconds = Terminal.now() - t0
    let text = String(decoding: try FileIO.read(argument("--queries")), as: UTF8.self)
    let queries = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var matched = 0
    let single = best(repeats) {
      matched = 0
      for q in queries where folder.resolver.resolve(q).status == .matched { matched += 1 }
    }
    // The whole answer as the CLI gives it: resolution, group, boundary proximity, JSON.
    let writer = try ResolutionWriter(folder: folder)
    var bytes = 0
    let withJSON = best(max(1, repeats / 2)) {
      bytes = 0
      for q in queries { bytes += writer.json(folder.resolver.resolve(q)).utf8.count }
    }
    // The JSON alone, for the same resolutions: the hand writer of the hot routes against the
    // Encodable report (what would replace it), so BENCHMARKS.md shows whether the writer pays.
    let resolved = queries.map { folder.resolver.resolve($0) }
    let handJSON = best(repeats) {
      bytes = 0
      for r in resolved { bytes += writer.json(r).utf8.count }
    }
    let encodedJSON = best(repeats) {
      bytes = 0
      for r in resolved { bytes += ReportJSON.text(writer.report(r)).utf8.count }
    }
    Terminal.output(
      json([
        ("json_hand_writer_per_s", .number(Double(queries.count) / handJSON)),
        ("json_encodable_report_per_s", .number(Double(queries.count) / encodedJSON)),
        ("tool", .string("buurt resolve")), ("addresses", .number(Double(folder.resolver.register.count))),
        ("queries", .number(Double(queries.count))), ("matched", .number(Double(matched))),
        ("load_and_index_s", .number(loadSeconds)),
        ("resolve_s", .number(single)), ("resolves_per_s", .number(Double(queries.count) / single)),
        ("resolve_with_group_and_json_per_s", .number(Double(queries.count) / withJSON)),
      ]) + "\n")
  case "signs":
    // Sign placement for all groups of a data folder (streets + groups), best of N.
    let loader = try LayerLoader(threads: 2)
    let (groups, streets) = try SignsCommand.load(data: argument("--data"), groupsPath: nil, nameProperty: "name", loader: loader)
    var results: [(String, JSONValue)] = [
      ("tool", .string("buurt signs")), ("groups", .number(Double(groups.count))), ("streets", .number(Double(streets.count))),
    ]
    for mode in [SignPlanner.Mode.zone, .group] {
      var planner = SignPlanner()
      planner.mode = mode
      var count = 0
      let seconds = best(repeats) { count = planner.plan(groups: groups, streets: streets).count }
      results.append(("\(mode.rawValue)_ms", .number(seconds * 1000)))
      results.append(("\(mode.rawValue)_signs", .number(Double(count))))
    }
    Terminal.output(json(results) + "\n")
  default:
    Terminal.error("usage: buurt-bench pip|proj|resolve|signs --points FILE [--polygons FILE] [--to CRS] [--repeat N]")
    exitProcess(2)
  }
} catch {
  Terminal.error("buurt-bench: \(error)")
  exitProcess(1)
}
