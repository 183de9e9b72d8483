import Foundation
import TestSupport
import Testing

/// Points are placed in the coordinates the groups were drawn in (lon/lat for GeoJSON, RFC 7946
/// §3.1.1), checked against shapely in lon/lat, point for point, through `buurt assign`.
@Suite("placement in lon/lat against shapely")
struct LonLatPlacementTests {
  /// Runs the project's Python oracle `tools/oracles/lonlat_tiling.py`.
  func oracle(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try projectPython([Fixtures.packageRoot + "/tools/oracles/lonlat_tiling.py"] + arguments)
  }

  /// Random tilings with multipolygons, holes and an enclave: points on outer edges count as
  /// inside, points just outside stay outside, points on shared edges and vertices get exactly one
  /// of the groups that hold them, every other point the group shapely gives.
  @Test("random lon/lat tilings", arguments: [UInt64(1), 2, 3])
  func randomTilings(seed: UInt64) throws {
    let dir = try temporaryFolder()
    #expect(try oracle(["make", "--seed", String(seed), "--out", dir]).status == 0)
    let r = try buurt([
      "assign", "-q", "--groups", dir + "/groups.geojson", "--name-property", "name",
      "--points", dir + "/points.csv", "--output", dir + "/assigned.csv",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let (status, report) = try oracle(["check", "--dir", dir, "--assigned", dir + "/assigned.csv"])
    #expect(status == 0, "\(report)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
    // The set must really exercise the boundary: hundreds of points lie exactly on one.
    #expect((summary["on_boundary"] as? Int ?? 0) > 300, "\(report)")
    let kinds = summary["per_kind"] as? [String: [String: Int]] ?? [:]
    for kind in ["vertex", "outer_edge", "just_outside", "on_axis_edge", "random"] {
      #expect((kinds[kind]?["points"] ?? 0) > 0, "no \(kind) points")
      #expect(kinds[kind]?["disagreements"] == 0, "\(kind): \(report)")
    }
  }

  /// Lon/lat points in lon/lat groups are placed without PROJ: with PROJ's data hidden the job
  /// still runs (and gives the same rows), while points that need a transformation cannot.
  @Test func lonLatAssignNeedsNoPROJ() throws {
    let dir = try temporaryFolder()
    let noPROJ = ["PROJ_DATA": dir + "/none", "PROJ_LIB": dir + "/none"]
    let args = ["assign", "-q", "--groups", Fixtures.sampleWijken, "--name-property", "name", "--points", Fixtures.sampleAddresses]
    let without = try buurt(args + ["--output", dir + "/a.csv"], environment: noPROJ)
    #expect(without.status == 0, "\(without.stderr)")
    let with = try buurt(args + ["--output", dir + "/b.csv"])
    #expect(with.status == 0, "\(with.stderr)")
    #expect(try read(dir + "/a.csv") == read(dir + "/b.csv"))
    try write("id,x,y\n1,232000,184000\n", to: dir + "/xy.csv")
    let xy = try buurt(
      ["assign", "-q", "--groups", Fixtures.sampleWijken, "--points", dir + "/xy.csv", "--crs", "EPSG:31370", "--output", dir + "/c.csv"],
      environment: noPROJ)
    #expect(xy.status != 0, "a transformation needs PROJ's data: \(xy.stderr)")
  }
}
