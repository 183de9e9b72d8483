import Foundation
import GeoFormats
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Runs `ogrinfo` (GDAL, the test oracle for GeoPackage files); what it wrote on standard
/// output, then on standard error.
func ogrinfo(_ arguments: [String]) throws -> String {
  let r = try ProcessRunner.run("/usr/bin/env", ["ogrinfo"] + arguments)
  return r.stdout + r.stderr
}

@Suite("buurt store commands", .serialized)
struct StoreCommandTests {
  @Test func importLanakenIsAValidGeoPackage() throws {
    let dir = try temporaryFolder()
    let db = dir + "/lanaken.gpkg"
    let r = try buurt(["import", "--from", Fixtures.geodata, "--db", db])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("addresses") && r.stdout.contains("9,322"))
    #expect(r.stderr.contains("writing"), "progress")
    let info = try ogrinfo(["-so", "-al", db])
    let expected = ["addresses": 9322, "boundary": 1, "deelgemeenten": 5, "wijken": 7, "kernen": 7, "streets": 4807, "street_nodes": 3552]
    for (layer, count) in expected {
      let block = info.components(separatedBy: "Layer name: ").first { $0.hasPrefix(layer + "\n") } ?? ""
      #expect(block.contains("Feature Count: \(count)"), "\(layer) in ogrinfo")
      #expect(block.contains("ID[\"EPSG\",31370]"), "\(layer) CRS")
    }
    #expect(!info.contains("Layer name: members"), "personal data is not a GIS layer")
    let doctor = try buurt(["doctor", "--db", db])
    #expect(doctor.status == 0)
    #expect(doctor.stdout.contains("integrity_check: ok") && doctor.stdout.contains("addresses: 9322 features, spatial index ok"))
  }

  @Test func brokenFolderLeavesTheStoreUnchanged() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
    let before = try ogrinfo(["-so", "-al", db])
    let broken = dir + "/broken"
    try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: Fixtures.sampleAddresses, toPath: broken + "/addresses.csv")
    try write(
      "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"x\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[5.3,50.9],[5.31,50.9],[5.31,50.91]]]}}]}",
      to: broken + "/wijken.geojson")
    let r = try buurt(["import", "-q", "--from", broken, "--db", db])
    #expect(r.status == 1)
    #expect(r.stderr.contains("wijken.geojson") && r.stderr.contains("at least 4 positions"))
    #expect(try ogrinfo(["-so", "-al", db]) == before)
  }

  @Test func publishListExportRoundTripAndResolveOnTheStore() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
    let p = try buurt(["groups", "publish", Fixtures.sampleWijken, "--db", db, "--note", "start"])
    #expect(p.status == 0, "\(p.stderr)")
    #expect(p.stdout.contains("published version 1: 7 groups"))
    let e = try buurt(["groups", "export", "--db", db, "--output", dir + "/v1.geojson"])
    #expect(e.status == 0)
    let p2 = try buurt(["groups", "publish", dir + "/v1.geojson", "--db", db])
    #expect(p2.stdout.contains("published version 2"))
    // The same households per group after the round trip.
    #expect(p.stdout.split(separator: "\n").dropFirst() == p2.stdout.split(separator: "\n").dropFirst())
    let list = try buurt(["groups", "list", "--db", db, "--json"])
    let versions = try JSONParser.parse(list.stdout).arrayValue ?? []
    #expect(versions.count == 2)
    #expect(versions.first?.objectValue?["note"] == .string("start"))
    let show = try buurt(["groups", "show", "Oosterveld-Park", "--db", db, "--version", "1"])
    #expect(show.stdout.contains("\"households\":10"))
    let r = try buurt(["resolve", "--data", db, "Kerkstraat 12", "--json"])
    #expect(try JSONParser.parse(r.stdout).objectValue?["status"] == .string("matched"))
    // Overlapping groups are refused.
    try write(
      """
      {"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"all"},"geometry":{"type":"Polygon","coordinates":[[[5.2,50.8],[5.4,50.8],[5.4,51.1],[5.2,51.1],[5.2,50.8]]]}},
      {"type":"Feature","properties":{"name":"again"},"geometry":{"type":"Polygon","coordinates":[[[5.2,50.8],[5.4,50.8],[5.4,51.1],[5.2,51.1],[5.2,50.8]]]}}]}
      """, to: dir + "/overlap.geojson")
    let o = try buurt(["groups", "publish", dir + "/overlap.geojson", "--db", db])
    #expect(o.status == 1)
    #expect(o.stderr.contains("overlap") && o.stderr.contains("nothing published"))
    #expect(try buurt(["groups", "list", "--db", db]).stdout.split(separator: "\n").count == 2)
  }

  @Test func enrollDuplicateMembersEraseAndBackup() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
    #expect(try buurt(["groups", "publish", Fixtures.sampleWijken, "--db", db]).status == 0)
    let a = try buurt([
      "enroll", "--db", db, "--name", "Els Uniquetestname", "--phone", "0471 99 88 77", "--address", "kerkstr 12 bus 2", "--consent",
      "--age", "adult", "--basis", "resident",
      "--json",
    ])
    #expect(a.status == 0, "\(a.stderr)")
    let o = try #require(try JSONParser.parse(a.stdout).objectValue)
    let id = try #require(o["id"]?.stringValue)
    #expect(o["created"] == .bool(true))
    let again = try buurt([
      "enroll", "--db", db, "--name", "Els", "--phone", "+32471998877", "--address", "Kerkstraat 12 bus 2", "--consent", "--age", "adult",
      "--basis", "resident", "--json",
    ])
    #expect(try JSONParser.parse(again.stdout).objectValue?["id"] == .string(id))
    #expect(try JSONParser.parse(again.stdout).objectValue?["created"] == .bool(false))
    let noConsent = try buurt(["enroll", "--db", db, "--name", "X", "--phone", "0471998876", "--address", "Kerkstraat 12"])
    #expect(noConsent.status == 1 && noConsent.stderr.contains("consent"))
    let ambiguous = try buurt([
      "enroll", "--db", db, "--name", "X", "--phone", "0471998876", "--address", "Nergensstraat 3", "--consent", "--age", "adult",
      "--basis", "resident",
    ])
    #expect(ambiguous.status == 1 && ambiguous.stderr.contains("nothing stored"))
    let csv = try buurt(["members", "--db", db, "--csv"])
    #expect(csv.stdout.split(separator: "\n").count == 2)
    #expect(csv.stdout.split(separator: "\n")[1].hasPrefix(id + ","))
    // Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) start with a quote.
    #expect(csv.stdout.contains(",'+32471998877,"), "\(csv.stdout)")
    // The second submission's name is the member's now; the first stays beside it for the coordinator.
    #expect(csv.stdout.split(separator: "\n")[1].hasPrefix(id + ",Els,"), "\(csv.stdout)")
    #expect(csv.stdout.hasSuffix(",2,Els Uniquetestname\n"), "\(csv.stdout)")
    let show = try buurt(["members", "show", id, "--db", db])
    #expect(show.stdout.contains("+32471998877") && show.stdout.contains("\"box\":\"2\""))
    let backup = try buurt(["backup", "--db", db, "--to", dir + "/copy.gpkg"])
    #expect(backup.status == 0)
    #expect(try buurt(["members", "--db", dir + "/copy.gpkg", "--csv"]).stdout.contains(id))
    let erase = try buurt(["members", "erase", id, "--db", db])
    #expect(erase.status == 0)
    for file in [db, db + "-wal"] {
      let data = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
      #expect(data.range(of: Data("Uniquetestname".utf8)) == nil)
      #expect(data.range(of: Data("471998877".utf8)) == nil)
    }
    #expect(try buurt(["members", "show", id, "--db", db]).status == 1)
  }

  @Test func killedWhileEnrollingLosesNothingAcknowledged() throws {
    let dir = try temporaryFolder()
    let db = dir + "/crash.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
    let streets = csvRows(try read(Fixtures.sampleAddresses)).dropFirst().map { "\($0[0]) \($0[1]) \($0[2])" }
    var acknowledged = Set<String>()
    var rng = SystemRandomNumberGenerator()
    for round in 0..<100 {
      var csv = "name,phone,address\n"
      for k in 0..<300 {
        let person = round * 300 + k
        // Every fifth row repeats an earlier person: acknowledged as "already".
        let who = k % 5 == 4 && person > 10 ? person - 7 : person
        csv += "Resident \(who),+3247\(String(format: "%07d", who)),\(streets[who % streets.count])\n"
      }
      try write(csv, to: dir + "/batch.csv")
      let p = try ProcessRunner.start(
        buurtBinary, ["enroll", "--db", db, "--batch", dir + "/batch.csv", "--consent", "--age", "adult", "--basis", "resident"],
        stderr: .discard)
      // Kill 0–100 ms after the first acknowledgement, however slow the machine is to start.
      p.waitForOutput()
      usleep(UInt32.random(in: 0...100_000, using: &rng))
      p.send(SIGKILL)
      for line in p.finish().stdout.split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.count == 2 { acknowledged.insert(String(parts[1])) }
      }
    }
    let listed = try buurt(["members", "--db", db, "--csv"])
    let rows = csvRows(listed.stdout).dropFirst()
    let ids = rows.map { $0[0] }
    #expect(Set(ids).count == ids.count, "no enrollment twice")
    let people = rows.map { "\($0[2])|\($0[4])|\($0[5])" }
    #expect(Set(people).count == people.count, "one enrollment per person and address")
    #expect(acknowledged.isSubset(of: Set(ids)), "acknowledged but missing: \(acknowledged.subtracting(ids).count)")
    #expect(acknowledged.count >= 100, "only \(acknowledged.count) acknowledged: some rounds were killed before their first answer")
    #expect(ids.count < 30_000 - 6_000, "the kills came too late: every batch finished")
    let doctor = try buurt(["doctor", "--db", db])
    #expect(doctor.stdout.contains("integrity_check: ok"))
  }
}
