import Foundation
import GeoCore
import GeoFormats
import GeoProjection
import TestSupport
import Testing

@Suite("buurt assign")
struct AssignCommandTests {
  @Test func sampleTownEveryRowInOrderWithItsGroup() throws {
    let dir = try temporaryFolder()
    let r = try buurt([
      "assign", "--groups", Fixtures.sampleWijken, "--name-property", "name",
      "--points", Fixtures.sampleAddresses, "--output", dir + "/out.csv",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let input = try read(Fixtures.sampleAddresses).split(separator: "\n")
    let output = try read(dir + "/out.csv").split(separator: "\n")
    #expect(output.count == input.count)
    #expect(output[0] == input[0] + ",group")
    let header = csvRows(String(input[0]))[0]
    let wijk = try #require(header.firstIndex(of: "wijk"))
    for (a, b) in zip(input.dropFirst(), output.dropFirst()) {
      #expect(b.hasPrefix(a + ","), "input columns must come out unchanged")
      let fields = csvRows(String(b))[0]
      #expect(fields.last == fields[wijk])
    }
    // The summary: points per group, outside, time and points/s on stderr.
    #expect(r.stderr.contains("Oosterveld-Park"))
    #expect(r.stderr.contains("(outside)"))
    #expect(r.stderr.contains("points/s"))
    #expect(r.stderr.contains("reading points"), "progress lines")
  }

  @Test func lanakenAgreesWithTheWijkColumn() throws {
    let dir = try temporaryFolder()
    let r = try buurt([
      "assign", "-q", "--groups", Fixtures.lanakenWijken, "--points", Fixtures.lanakenAddresses,
      "--output", dir + "/lanaken.csv", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = csvRows(try read(dir + "/lanaken.csv"))
    let wijk = try #require(rows[0].firstIndex(of: "wijk"))
    #expect(rows.count == 9_323)
    #expect(rows.dropFirst().filter { $0[wijk] != $0.last }.isEmpty)
    let summary = try JSONParser.parse(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
    #expect(summary.objectValue?["points"] == .number(9322))
    #expect(summary.objectValue?["outside"] == .number(0))
  }

  @Test func metricCoordinatesWithCRS() throws {
    // The sample's lon/lat projected here, written as x,y: the CLI must read them with --crs.
    let table = try PointTable.read(path: Fixtures.sampleAddresses)
    guard case .lonLat(let ps) = table.positions else { return }
    let xy = try MetricProjection().forward(ps)
    let dir = try temporaryFolder()
    var text = "id,x,y\n"
    for (k, p) in xy.enumerated() { text += "\(k),\(p.x),\(p.y)\n" }
    try write(text, to: dir + "/xy.csv")
    let viaXY = try buurt([
      "assign", "-q", "--groups", Fixtures.sampleWijken, "--points", dir + "/xy.csv",
      "--crs", "EPSG:31370", "--output", dir + "/xy-out.csv",
    ])
    #expect(viaXY.status == 0, "\(viaXY.stderr)")
    let groups = csvRows(try read(dir + "/xy-out.csv")).dropFirst().map { $0.last ?? "" }
    let expected = csvRows(try read(Fixtures.sampleAddresses)).dropFirst().map { $0[5] }
    #expect(groups == Array(expected))

    // Without --crs the same file is refused with the hint.
    let refused = try buurt(["assign", "-q", "--groups", Fixtures.sampleWijken, "--points", dir + "/xy.csv"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("pass --crs EPSG:31370"))
  }

  @Test func gzipInAndOutAndGeoJSONOut() throws {
    let dir = try temporaryFolder()
    let csv = try FileIO.read(Fixtures.sampleAddresses)
    try FileIO.write(csv, to: dir + "/points.csv.gz")
    let r = try buurt([
      "assign", "-q", "--groups", Fixtures.sampleWijken, "--points", dir + "/points.csv.gz",
      "--output", dir + "/out.csv.gz",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let back = String(decoding: try FileIO.read(dir + "/out.csv.gz"), as: UTF8.self)
    #expect(back.split(separator: "\n").count == 2_254)

    let g = try buurt([
      "assign", "-q", "--groups", Fixtures.sampleWijken, "--points", Fixtures.sampleAddresses,
      "--output", dir + "/out.geojson",
    ])
    #expect(g.status == 0)
    guard case .lonLat(let fc) = try GeoJSONReader().read(try FileIO.read(dir + "/out.geojson")) else {
      Issue.record("not lon/lat")
      return
    }
    #expect(fc.features.count == 2_253)
    #expect(fc.features.allSatisfy { $0.properties["group"] == $0.properties["wijk"] })
  }

  /// One deelgemeente's addresses (a real subset that straddles the wijken Kesselt and
  /// Veldwezelt): each lands in the wijk its row names.
  @Test func aDeelgemeenteLandsInItsWijken() throws {
    let dir = try temporaryFolder()
    let points = try Fixtures.veldwezeltAddresses()
    let r = try buurt(["assign", "-q", "--groups", Fixtures.lanakenWijken, "--points", points, "--output", dir + "/veldwezelt.csv"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = csvRows(try read(dir + "/veldwezelt.csv"))
    let wijk = try #require(rows[0].firstIndex(of: "wijk"))
    let deelgemeente = try #require(rows[0].firstIndex(of: "deelgemeente"))
    #expect(rows.count == 1_371)
    #expect(rows.dropFirst().allSatisfy { $0[deelgemeente] == "Veldwezelt" })
    #expect(Set(rows.dropFirst().map { $0.last! }) == ["Kesselt", "Veldwezelt"])
    #expect(rows.dropFirst().filter { $0[wijk] != $0.last }.isEmpty)
  }

  @Test func geoJSONPointsIn() throws {
    let dir = try temporaryFolder()
    let points = """
      {"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"label":"in"},"geometry":{"type":"Point","coordinates":[5.6475,50.8931]}},
      {"type":"Feature","properties":{"label":"far"},"geometry":{"type":"Point","coordinates":[4.35,50.85]}}]}
      """
    try write(points, to: dir + "/p.geojson")
    let r = try buurt(["assign", "-q", "--groups", Fixtures.lanakenWijken, "--points", dir + "/p.geojson"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = csvRows(r.stdout)
    #expect(rows[0] == ["label", "lon", "lat", "group"])
    #expect(rows[1] == ["in", "5.6475", "50.8931", "Lanaken"])
    #expect(rows[2] == ["far", "4.35", "50.85", ""])
  }

  @Test func clearErrors() throws {
    let dir = try temporaryFolder()
    let missing = try buurt(["assign", "--groups", dir + "/nope.geojson", "--points", Fixtures.sampleAddresses])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("nope.geojson: No such file"))

    try write("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",", to: dir + "/broken.geojson")
    let broken = try buurt(["assign", "--groups", dir + "/broken.geojson", "--points", Fixtures.sampleAddresses])
    #expect(broken.status == 1)
    #expect(broken.stderr.contains("broken.geojson") && broken.stderr.contains("truncated"))

    let noName = try buurt(["assign", "--groups", Fixtures.sampleWijken, "--name-property", "naam", "--points", Fixtures.sampleAddresses])
    #expect(noName.status == 1)
    #expect(noName.stderr.contains("no property \"naam\"") && noName.stderr.contains("code, name"))

    let lines = try buurt(["assign", "--groups", Fixtures.sampleStreets, "--points", Fixtures.sampleAddresses])
    #expect(lines.status == 1)
    #expect(lines.stderr.contains("is LineString; groups must be Polygons"))

    try write("street,lon,lat,group\nA,5.6,50.9,x\n", to: dir + "/has-group.csv")
    let clash = try buurt(["assign", "--groups", Fixtures.sampleWijken, "--points", dir + "/has-group.csv"])
    #expect(clash.status == 1)
    #expect(clash.stderr.contains("--group-column"))

    try write("street;lon;lat\nA;5,6;50,9\n", to: dir + "/semicolons.csv")
    let semicolons = try buurt(["assign", "--groups", Fixtures.sampleWijken, "--points", dir + "/semicolons.csv"])
    #expect(semicolons.status == 1)
    #expect(semicolons.stderr.contains("separated by semicolons"), "\(semicolons.stderr)")

    // Latin-1 is refused, not altered: deep in a streamed file, with its line.
    var latin1 = Array("street,lon,lat\n".utf8)
    for _ in 0..<60_000 { latin1 += Array("Kerkstraat,5.6,50.9\n".utf8) }
    latin1 += [0x52, 0x75, 0x65, 0x20, 0xC9] + Array("glise,5.6,50.9\n".utf8)
    #expect(FileManager.default.createFile(atPath: dir + "/latin1.csv", contents: Data(latin1)))
    let notUTF8 = try buurt([
      "assign", "--groups", Fixtures.sampleWijken, "--points", dir + "/latin1.csv", "--output", dir + "/latin1-out.csv",
    ])
    #expect(notUTF8.status == 1)
    #expect(notUTF8.stderr.contains("line 60002") && notUTF8.stderr.contains("not UTF-8 (byte 0xC9)"), "\(notUTF8.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/latin1-out.csv"))

    try write("street,lon,lat\nA,5.6,50.9\nB,abc,50.9\n", to: dir + "/bad.csv")
    let bad = try buurt(["assign", "--groups", Fixtures.sampleWijken, "--points", dir + "/bad.csv"])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("line 3, column lon: \"abc\" is not a number"))

    let crs = try buurt([
      "assign", "--groups", Fixtures.sampleWijken, "--points", Fixtures.sampleAddresses, "--metric-crs", "EPSG:123456789",
    ])
    #expect(crs.status == 1)
    #expect(crs.stderr.contains("unknown CRS 'EPSG:123456789'"))
  }

  /// The sample's rows repeated `repeats` times (several 2 MB chunks), and the output the
  /// assignment must give: every row unchanged with its wijk (the sample's own answer) appended.
  func longSample(repeats: Int) throws -> (input: String, expected: String) {
    let lines = try read(Fixtures.sampleAddresses).split(separator: "\n").map(String.init)
    var input = lines[0] + "\n"
    var expected = lines[0] + ",group\n"
    for _ in 0..<repeats {
      for line in lines.dropFirst() {
        input += line + "\n"
        expected += line + "," + csvRows(line)[0][5] + "\n"
      }
    }
    return (input, expected)
  }

  @Test func longCSVAndCSVGzStreamInManyChunksGivingTheSameBytes() throws {
    let dir = try temporaryFolder()
    let (input, expected) = try longSample(repeats: 40)
    #expect(input.utf8.count > 3 * (1 << 21), "more than three chunks")
    try write(input, to: dir + "/long.csv")
    try FileIO.write(input, to: dir + "/long.csv.gz")
    for (points, out) in [("long.csv", "out.csv"), ("long.csv.gz", "out2.csv"), ("long.csv.gz", "out.csv.gz")] {
      let r = try buurt([
        "assign", "--groups", Fixtures.sampleWijken, "--points", dir + "/" + points, "--output", dir + "/" + out, "--json",
      ])
      #expect(r.status == 0, "\(r.stderr)")
      let got = String(decoding: try FileIO.read(dir + "/" + out), as: UTF8.self)
      #expect(got == expected, "\(points) -> \(out): every row, in order, unchanged, with its group")
      let summary = try JSONParser.parse(String(r.stderr.split(separator: "\n").last ?? ""))
      #expect(summary.objectValue?["points"] == .number(Double(40 * 2_253)))
      #expect(summary.objectValue?["outside"] == .number(0))
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(files == ["long.csv", "long.csv.gz", "out.csv", "out.csv.gz", "out2.csv"], "no temporary file is left")
    // Standard output streams the same bytes.
    let stdout = try buurt(["assign", "-q", "--groups", Fixtures.sampleWijken, "--points", dir + "/long.csv.gz"])
    #expect(stdout.status == 0)
    #expect(stdout.stdout == expected)
  }

  @Test func badRowDeepInTheFileLeavesNoOutput() throws {
    let dir = try temporaryFolder()
    var lines = try longSample(repeats: 40).input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Line 80,000 (index 79,999) gets a latitude that is not a number: the fourth chunk or so.
    var fields = lines[79_999].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    fields[7] = "5O.9"
    lines[79_999] = fields.joined(separator: ",")
    try write(lines.joined(separator: "\n"), to: dir + "/bad.csv")
    try FileIO.write(lines.joined(separator: "\n"), to: dir + "/bad.csv.gz")
    try write("earlier result\n", to: dir + "/kept.csv")
    for (points, out) in [("bad.csv", "new.csv"), ("bad.csv.gz", "kept.csv"), ("bad.csv", "new.csv.gz")] {
      let r = try buurt(["assign", "--groups", Fixtures.sampleWijken, "--points", dir + "/" + points, "--output", dir + "/" + out])
      #expect(r.status == 1)
      #expect(r.stderr.contains("\(points): line 80000, column lat: \"5O.9\" is not a number"), "\(r.stderr)")
    }
    #expect(try read(dir + "/kept.csv") == "earlier result\n", "an existing output is left untouched")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(files == ["bad.csv", "bad.csv.gz", "kept.csv"], "no output and no temporary file")
  }
}
