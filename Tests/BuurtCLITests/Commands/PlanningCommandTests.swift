import Foundation
import GeoFormats
import TestSupport
import Testing

@Suite("buurt validate, diff, balance, map")
struct PlanningCommandTests {
  func json(_ text: String) throws -> JSONObject {
    guard let o = try JSONParser.parse(text).objectValue else { throw CocoaError(.coderReadCorrupt) }
    return o
  }

  func codes(_ report: JSONObject) -> [String] {
    (report["findings"]?.arrayValue ?? []).compactMap { $0.objectValue?["code"]?.stringValue }
  }

  @Test func theRealWijkenAreAValidSet() throws {
    let r = try buurt(["validate", Fixtures.lanakenWijken, "--data", Fixtures.geodata])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("7 groups, 0 errors, 0 warnings: valid"))
  }

  @Test func readerProblemsAndGeometryProblemsAreFindingsWithCodeNameAndLonLat() throws {
    let dir = try temporaryFolder()
    // Feature 0: an unclosed ring; feature 1: a bow-tie; feature 2: the rest of Lanaken is missing (gap).
    let text = """
      {"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"Open"},"geometry":{"type":"Polygon","coordinates":[[[5.60,50.88],[5.61,50.88],[5.61,50.89],[5.60,50.89]]]}},
      {"type":"Feature","properties":{"name":"Bow"},"geometry":{"type":"Polygon","coordinates":[[[5.62,50.88],[5.63,50.89],[5.63,50.88],[5.62,50.89],[5.62,50.88]]]}}
      ]}
      """
    try text.write(toFile: dir + "/draft.geojson", atomically: true, encoding: .utf8)
    let r = try buurt(["validate", dir + "/draft.geojson", "--data", Fixtures.geodata, "--json"])
    #expect(r.status == 1)
    let report = try json(r.stdout)
    #expect(report["valid"] == .bool(false))
    let findings = (report["findings"]?.arrayValue ?? []).compactMap(\.objectValue)
    let open = try #require(findings.first { $0["code"]?.stringValue == "ring_not_closed" })
    #expect(open["group"]?.stringValue == "Open")
    #expect(abs((open["lon"]?.numberValue ?? 0) - 5.60) < 1e-6 && abs((open["lat"]?.numberValue ?? 0) - 50.88) < 1e-6)
    let bow = try #require(findings.first { $0["code"]?.stringValue == "self_intersection" })
    #expect(bow["group"]?.stringValue == "Bow")
    #expect(abs((bow["lon"]?.numberValue ?? 0) - 5.625) < 1e-4 && abs((bow["lat"]?.numberValue ?? 0) - 50.885) < 1e-4)
    #expect(codes(report).contains("gap"))
    #expect(codes(report).contains("address_in_no_group"))
    // The text form names the problem too, and exits 1.
    let t = try buurt(["validate", dir + "/draft.geojson", "--data", Fixtures.geodata])
    #expect(t.status == 1 && t.stdout.contains("ring_not_closed") && t.stdout.contains("not valid"))
  }

  @Test func aGeoPackageLayerCanBeValidatedAndPublishRefusesAnInvalidSet() throws {
    let dir = try temporaryFolder()
    let db = dir + "/lanaken.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.geodata, "--db", db]).status == 0)
    let layer = try buurt(["validate", db + ":deelgemeenten", "--data", db, "--json"])
    #expect(layer.status == 0, "\(layer.stderr)")
    #expect(try json(layer.stdout)["valid"] == .bool(true))
    let missing = try buurt(["validate", db + ":nope", "--data", db])
    #expect(missing.status == 1 && missing.stderr.contains("no layer \"nope\""))
    // Two wijken only: a gap over the rest of the municipality; publish must refuse it.
    let wijken = try String(contentsOfFile: Fixtures.lanakenWijken, encoding: .utf8)
    var doc = try JSONParser.parse(wijken).objectValue!
    let features = doc["features"]!.arrayValue!
    doc["features"] = .array(Array(features.prefix(2)))
    try JSONWriter.serialize(.object(doc)).write(toFile: dir + "/two.geojson", atomically: true, encoding: .utf8)
    let publish = try buurt(["groups", "publish", dir + "/two.geojson", "--db", db])
    #expect(publish.status == 1)
    #expect(publish.stderr.contains("gap") && publish.stderr.contains("nothing published"))
    let list = try buurt(["groups", "list", "--db", db, "--json"])
    #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
  }

  @Test("balance on Lanaken: contiguous, every address once, sizes within tolerance or explained, valid", arguments: [50, 100, 250])
  func balanceRealLanaken(target: Int) throws {
    let dir = try temporaryFolder()
    let r = try buurt(["balance", "--data", Fixtures.geodata, "--target", String(target), "--output", dir + "/plan.geojson", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let report = try json(r.stdout)
    #expect(report["non_contiguous"] == .number(0))
    #expect(report["households"] == .number(9322))
    let groups = (report["groups"]?.arrayValue ?? []).compactMap(\.objectValue)
    #expect(groups.count == Int(report["groups_count"]?.numberValue ?? -1))
    #expect(groups.reduce(0) { $0 + Int($1["households"]?.numberValue ?? 0) } == 9322)
    for g in groups {
      #expect(g["contiguous"] == .bool(true))
      let deviation = abs(g["deviation"]?.numberValue ?? 1)
      #expect(deviation <= 0.15 + 1e-9 || g["note"]?.stringValue != nil, "\(g)")
    }
    // Most groups are within tolerance.
    #expect((report["within_tolerance"]?.numberValue ?? 0) >= 0.9 * Double(groups.count))
    let v = try buurt(["validate", dir + "/plan.geojson", "--data", Fixtures.geodata, "--json"])
    #expect(v.status == 0, "\(v.stdout.prefix(2000))")
    let vr = try json(v.stdout)
    #expect(vr["valid"] == .bool(true))
    #expect(vr["addresses_outside"] == .number(0))
    #expect(!codes(vr).contains("address_in_two_groups") && !codes(vr).contains("address_in_no_group"))
  }

  @Test func balanceKeepsWithinDeelgemeentenAndRespectsBarriers() throws {
    let dir = try temporaryFolder()
    let r = try buurt([
      "balance", "--data", Fixtures.geodata, "--target", "250", "--from", "scratch", "--keep-within", "deelgemeenten",
      "--atoms-output", dir + "/atoms.geojson", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let atoms = try JSONParser.parse(try String(contentsOfFile: dir + "/atoms.geojson", encoding: .utf8)).objectValue!
    let features = atoms["features"]!.arrayValue!.compactMap { $0.objectValue?["properties"]?.objectValue }
    // Every group lies in one deelgemeente.
    var regions: [String: Set<String>] = [:]
    for p in features where (p["households"]?.numberValue ?? 0) > 0 {
      regions[p["group"]!.stringValue!, default: []].insert(p["deelgemeente"]?.stringValue ?? "-")
    }
    #expect(!regions.isEmpty && regions.values.allSatisfy { $0.count == 1 }, "\(regions.filter { $0.value.count > 1 })")
    // Neighbours are listed symmetrically and never across a deelgemeente border.
    for (k, p) in features.enumerated() {
      for n in p["neighbours"]!.arrayValue!.compactMap(\.numberValue).map(Int.init) {
        #expect(features[n]["neighbours"]!.arrayValue!.contains(.number(Double(k))))
        #expect(features[n]["deelgemeente"] == p["deelgemeente"])
      }
    }
  }

  @Test func diffCountsMovesAndSizes() throws {
    let dir = try temporaryFolder()
    #expect(try buurt(["balance", "-q", "--data", Fixtures.geodata, "--target", "250", "--output", dir + "/plan.geojson"]).status == 0)
    let r = try buurt(["diff", dir + "/plan.geojson", "--data", Fixtures.geodata, "--json", "--moved-output", dir + "/moved.csv"])
    #expect(r.status == 0, "\(r.stderr)")
    let report = try json(r.stdout)
    let moved = Int(report["households_moved"]?.numberValue ?? -1)
    let moves = (report["moves"]?.arrayValue ?? []).compactMap(\.objectValue)
    #expect(moves.reduce(0) { $0 + Int($1["households"]?.numberValue ?? 0) } == moved)
    #expect(report["moved_addresses"]?.arrayValue?.count == moved)
    let sizes = (report["sizes"]?.arrayValue ?? []).compactMap(\.objectValue)
    #expect(sizes.reduce(0) { $0 + Int($1["before"]?.numberValue ?? 0) } == 9322)
    #expect(sizes.reduce(0) { $0 + Int($1["after"]?.numberValue ?? 0) } == 9322)
    let csv = try String(contentsOfFile: dir + "/moved.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == moved + 1)
    // The same set against itself moves nobody.
    let same = try json(try buurt(["diff", Fixtures.lanakenWijken, "--data", Fixtures.geodata, "--json"]).stdout)
    #expect(same["households_moved"] == .number(0))
  }

  @Test func diffListsMembersChangingGroupForStaff() throws {
    let dir = try temporaryFolder()
    let db = dir + "/lanaken.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.geodata, "--db", db]).status == 0)
    #expect(try buurt(["groups", "publish", Fixtures.lanakenWijken, "--db", db]).status == 0)
    let e = try buurt([
      "enroll", "--db", db, "--name", "An Peeters", "--phone", "0470 12 34 56", "--address", "A. Einsteinstraat 1, 3620 Lanaken",
      "--consent", "--age", "adult", "--basis", "resident",
    ])
    #expect(e.status == 0, "\(e.stderr)")
    // A proposal that is the deelgemeenten: An's group name changes.
    let r = try buurt(["diff", Fixtures.lanakenDeelgemeenten, "--data", db, "--members", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let members = try json(r.stdout)["members_changing_group"]?.arrayValue ?? []
    #expect(members.count == 1)
    #expect(members.first?.objectValue?["name"]?.stringValue == "An Peeters")
    let folder = try buurt(["diff", Fixtures.lanakenDeelgemeenten, "--data", Fixtures.geodata, "--members"])
    #expect(folder.status == 1 && folder.stderr.contains("needs a store"))
  }

  @Test func mapDrawsGroupsLabelsAndSigns() throws {
    let dir = try temporaryFolder()
    #expect(try buurt(["signs", "--data", Fixtures.geodata, "--output", dir + "/signs.geojson", "-q"]).status == 0)
    let r = try buurt(["map", "--data", Fixtures.geodata, "--signs", dir + "/signs.geojson", "--output", dir + "/map.svg"])
    #expect(r.status == 0, "\(r.stderr)")
    let svg = try String(contentsOfFile: dir + "/map.svg", encoding: .utf8)
    #expect(svg.hasPrefix("<?xml") && svg.contains("<svg"))
    for name in ["Gellik", "Rekem", "Veldwezelt"] { #expect(svg.contains(">\(name)<tspan")) }
    #expect(svg.contains("id=\"signs\""))
    if FileManager.default.fileExists(atPath: "/usr/bin/rsvg-convert") {
      let p = try buurt(["map", "--data", Fixtures.geodata, "--output", dir + "/map.png"])
      #expect(p.status == 0, "\(p.stderr)")
      let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/map.png"))
      #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }
    let bad = try buurt(["map", "--data", Fixtures.geodata, "--output", dir + "/map.pdf"])
    #expect(bad.status != 0 && bad.stderr.contains(".svg or .png"))
  }
}
