import Foundation
import GeoCore
import GeoFormats
import GeoProjection
import TestSupport
import Testing

/// The project's own Python (`.venv`, made by `tools/setup`): the only one the tests run.
let projectPython = Fixtures.packageRoot + "/.venv/bin/python"

/// Runs the project's Python with `script` and `input` on stdin; returns stdout.
func python(_ script: String, input: String) throws -> String {
  guard FileManager.default.isExecutableFile(atPath: projectPython) else {
    Issue.record("no \(projectPython): run bash tools/setup first")
    throw CocoaError(.executableLoad)
  }
  let r = try ProcessRunner.run(projectPython, ["-c", script], stdin: input, stderr: .inherit)
  guard r.status == 0 else { throw CocoaError(.executableLoad) }
  return r.stdout
}

@Suite("PROJ transforms")
struct ProjectionTests {
  /// The 1,638 real addresses of Rekem (one deelgemeente of Lanaken), as lon/lat.
  func lanakenPoints() throws -> [LonLat] {
    let table = try PointTable.read(path: try Fixtures.rekemAddresses())
    guard case .lonLat(let ps) = table.positions else { return [] }
    return ps
  }

  @Test("Lanaken points within 1 cm of pyproj", arguments: ["EPSG:31370", "EPSG:3812"])
  func agreesWithPyproj(crs: String) throws {
    let points = try lanakenPoints()
    #expect(points.count > 1000)
    let ours = try MetricProjection(metricCRS: CRS(crs)).forward(points, threads: 2)
    let input = points.map { "\($0.lon) \($0.lat)" }.joined(separator: "\n")
    let script = """
      import sys
      from pyproj import Transformer
      t = Transformer.from_crs("EPSG:4326", "\(crs)", always_xy=True)
      for line in sys.stdin:
          lon, lat = map(float, line.split())
          x, y = t.transform(lon, lat)
          print(repr(x), repr(y))
      """
    let theirs = try python(script, input: input).split(separator: "\n").map { line in
      let parts = line.split(separator: " ").compactMap { Double($0) }
      return XY(x: parts[0], y: parts[1])
    }
    #expect(theirs.count == ours.count)
    var worst = 0.0
    for (a, b) in zip(ours, theirs) { worst = max(worst, ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()) }
    #expect(worst < 0.01, "largest difference from pyproj: \(worst) m")
  }

  @Test func roundTripIsExactToAMillimetre() throws {
    let projection = try MetricProjection()
    let points = try lanakenPoints()
    let back = try projection.inverse(try projection.forward(points))
    for (a, b) in zip(points, back) {
      #expect(abs(a.lon - b.lon) < 1e-8 && abs(a.lat - b.lat) < 1e-8)
    }
  }

  @Test func knownPoint() throws {
    // Central Lanaken: pyproj gives (239963.489, 176636.689) for this position.
    let xy = try MetricProjection().forward(LonLat(lon: 5.6475, lat: 50.8931))
    #expect(abs(xy.x - 239_963.489) < 0.01)
    #expect(abs(xy.y - 176_636.689) < 0.01)
  }

  @Test func batchesGiveTheSameAnswerOnAnyNumberOfThreads() throws {
    let projection = try MetricProjection()
    let points = (0..<120_000).map { LonLat(lon: 2.6 + Double($0 % 1000) * 0.0033, lat: 50.7 + Double($0 / 1000) * 0.0066) }
    #expect(try projection.forward(points, threads: 1) == projection.forward(points, threads: 2))
  }

  @Test func unknownCRSIsAClearError() {
    #expect {
      _ = try MetricProjection(metricCRS: CRS("EPSG:999999"))
    } throws: { error in
      "\(error)".contains("unknown CRS 'EPSG:999999'")
    }
    #expect {
      _ = try MetricProjection(metricCRS: CRS("NOT A CRS"))
    } throws: { error in
      "\(error)".contains("unknown CRS")
    }
  }

  @Test func geographicCRSIsNotMetric() {
    #expect(throws: ProjectionError.notMetric(CRS("EPSG:4326"))) {
      _ = try MetricProjection(metricCRS: .wgs84)
    }
  }

  @Test func geometryProjectionKeepsStructure() throws {
    let ring = LinearRing([
      LonLat(lon: 5.6, lat: 50.9), LonLat(lon: 5.7, lat: 50.9), LonLat(lon: 5.7, lat: 51.0), LonLat(lon: 5.6, lat: 50.9),
    ])
    let g = Geometry<LonLat>.polygon(Polygon(exterior: ring))
    let m = try MetricProjection().forward(g)
    guard case .polygon(let p) = m else {
      Issue.record("not a polygon")
      return
    }
    #expect(p.exterior.coordinates.count == 4)
    #expect(p.exterior.coordinates.first == p.exterior.coordinates.last)
  }
}
