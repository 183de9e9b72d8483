import Foundation
import GeoFormats
import TestSupport
import Testing

@Suite("buurt signs")
struct SignsCommandTests {
  @Test("Lanaken, wijken as groups: on a street, inside the group, every crossing covered (shapely)", arguments: ["zone", "group"])
  func realDataAgainstShapely(mode: String) throws {
    let dir = try temporaryFolder()
    let r = try buurt(["signs", "--data", Fixtures.geodata, "--mode", mode, "--output", dir + "/signs.geojson"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("sign places"))
    let (status, report) = try projectPython([
      Fixtures.packageRoot + "/tools/signs/check_signs.py", dir + "/signs.geojson", Fixtures.lanakenWijken,
      Fixtures.lanakenStreets, "name", "50", "10",
    ])
    #expect(status == 0, "\(report)")
    let o = try JSONParser.parse(report).objectValue
    #expect((o?["signs"]?.numberValue ?? 0) > 10)
    #expect((o?["per_group"]?.objectValue?.members.count ?? 0) >= 4)
  }

  @Test func csvGpxMaxAndExisting() throws {
    let dir = try temporaryFolder()
    let g = try buurt(["signs", "--data", Fixtures.sampleTown, "--output", dir + "/signs.geojson", "-q"])
    #expect(g.status == 0, "\(g.stderr)")
    guard case .lonLat(let fc) = try GeoJSONReader().read(try FileIO.read(dir + "/signs.geojson")) else { return }
    #expect(!fc.features.isEmpty)
    for f in fc.features {
      #expect(f.properties["bearing"]?.numberValue.map { $0 >= 0 && $0 < 360 } == true)
      #expect(f.properties["group"]?.stringValue != nil && f.properties["highway"]?.stringValue != nil)
    }
    // The first two as "already standing": they are covered, the rest missing.
    try FileIO.write(GeoJSONWriter().write(FeatureCollection(Array(fc.features.prefix(2)))), to: dir + "/standing.geojson")
    let c = try buurt([
      "signs", "--data", Fixtures.sampleTown, "--max", "3", "--existing", dir + "/standing.geojson", "--output", dir + "/signs.csv",
    ])
    #expect(c.stderr.contains("covered by a standing sign: 2"))
    let rows = csvRows(try read(dir + "/signs.csv"))
    #expect(rows[0] == ["rank", "group", "street", "road_class", "lon", "lat", "bearing", "covered", "optional"])
    #expect(rows.dropFirst().prefix(3).allSatisfy { $0[8] == "no" })
    #expect(rows.dropFirst(4).allSatisfy { $0[8] == "yes" })
    #expect(rows.dropFirst().prefix(2).allSatisfy { $0[7] == "yes" })
    let x = try buurt(["signs", "--data", Fixtures.sampleTown, "--output", dir + "/signs.gpx", "-q"])
    #expect(x.status == 0)
    let gpx = try read(dir + "/signs.gpx")
    #expect(gpx.hasPrefix("<?xml") && gpx.contains("<wpt lat=") && gpx.hasSuffix("</gpx>\n"))
    #expect(gpx.components(separatedBy: "<wpt ").count - 1 == fc.features.count)
    let bad = try buurt(["signs", "--data", Fixtures.sampleTown, "--output", dir + "/signs.txt"])
    #expect(bad.status != 0)
  }
}
