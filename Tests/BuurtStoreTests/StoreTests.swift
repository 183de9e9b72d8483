import Foundation
import GRDB
import GeoCore
import GeoFormats
import TestSupport
import Testing

@testable import BuurtStore

func temporaryStorePath() -> String {
  NSTemporaryDirectory() + "buurt-store-" + UUID().uuidString + ".gpkg"
}

func lonLatSquare(_ x: Double, _ y: Double, _ s: Double) -> MultiPolygon<LonLat> {
  let r = [
    LonLat(lon: x, lat: y), LonLat(lon: x + s, lat: y), LonLat(lon: x + s, lat: y + s), LonLat(lon: x, lat: y + s), LonLat(lon: x, lat: y),
  ]
  return MultiPolygon([Polygon(exterior: LinearRing(r))])
}

func square(_ x: Double, _ y: Double, _ s: Double) -> MultiPolygon<XY> {
  let ring = LinearRing([XY(x: x, y: y), XY(x: x + s, y: y), XY(x: x + s, y: y + s), XY(x: x, y: y + s), XY(x: x, y: y)])
  return MultiPolygon([Polygon(exterior: ring)])
}

@Suite("GeoPackage geometry blobs")
struct GeometryBlobTests {
  static let geometries: [Geometry<XY>] = [
    .point(XY(x: 244_000.5, y: 184_000.25)),
    .multiPoint([XY(x: 1, y: 2), XY(x: 3, y: 4)]),
    .lineString(LineString([XY(x: 0, y: 0), XY(x: 10, y: 5), XY(x: 20, y: -3)])),
    .multiLineString([LineString([XY(x: 0, y: 0), XY(x: 1, y: 1)]), LineString([XY(x: 5, y: 5), XY(x: 6, y: 7)])]),
    .polygon(
      Polygon(
        exterior: LinearRing([XY(x: 0, y: 0), XY(x: 10, y: 0), XY(x: 10, y: 10), XY(x: 0, y: 10), XY(x: 0, y: 0)]),
        holes: [LinearRing([XY(x: 2, y: 2), XY(x: 2, y: 4), XY(x: 4, y: 4), XY(x: 4, y: 2), XY(x: 2, y: 2)])])),
    .multiPolygon(square(0, 0, 1)),
  ]

  @Test("round trip", arguments: geometries)
  func roundTrip(_ g: Geometry<XY>) throws {
    let blob = GeoPackageGeometry.encode(g, srsID: 31370)
    #expect(blob[0] == 0x47 && blob[1] == 0x50)
    let (back, srs) = try GeoPackageGeometry.decode(blob, as: XY.self)
    #expect(back == g)
    #expect(srs == 31370)
    let header = try GeoPackageGeometry.header(blob)
    if case .point = g {
      #expect(header.envelope == nil)
    } else {
      let b = g.boundingBox
      #expect(header.envelope.map { [$0.0, $0.1, $0.2, $0.3] } == [b.minFirst, b.maxFirst, b.minSecond, b.maxSecond])
    }
  }

  @Test func brokenBlobsAreErrors() {
    let blob = GeoPackageGeometry.encode(Geometry<XY>.lineString(LineString([XY(x: 0, y: 0), XY(x: 1, y: 1)])), srsID: 31370)
    for cut in [0, 3, 8, 30, blob.count - 1] {
      #expect(throws: (any Error).self) { _ = try GeoPackageGeometry.decode(Array(blob.prefix(cut)), as: XY.self) }
    }
  }
}

@Suite("Phone numbers")
struct PhoneNumberTests {
  @Test(
    "Belgian and Dutch forms",
    arguments: [
      ("0470 12 34 56", "+32470123456"), ("0470/12.34.56", "+32470123456"), ("+32 470 12 34 56", "+32470123456"),
      ("0032470123456", "+32470123456"), ("089 71 12 34", "+3289711234"), ("+32 89 71 12 34", "+3289711234"),
      ("06 12345678", "+31612345678"), ("+31 6 1234 5678", "+31612345678"), ("0031612345678", "+31612345678"),
      ("043 321 45 67", "+31433214567"), ("+49 30 1234567", "+49301234567"),
    ])
  func normalizes(_ input: String, _ expected: String) throws {
    #expect(try PhoneNumber.normalize(input) == expected)
  }

  @Test("refused", arguments: ["", "12", "0470 12 34", "+32 470 12 34 567 8", "call me", "0470-12-34-56x", "+31 6 123"])
  func refuses(_ input: String) {
    #expect(throws: PhoneNumber.Invalid.self) { _ = try PhoneNumber.normalize(input) }
  }
}

@Suite("Store")
struct StoreTests {
  func member(_ name: String, _ phone: String, street: String = "Kerkstraat", number: String = "5") -> Member {
    Member(
      name: name, phone: phone, email: nil, addressQuery: "\(street) \(number)", street: street, houseNumber: number, box: "",
      postcode: "3620", locality: "Lanaken", position: XY(x: 5, y: 5), groupAtEnrollment: "A", groupVersionAtEnrollment: 1)
  }

  /// A store from before submissions were kept apart: each member becomes its own first
  /// submission, under its id and with its token, so a management token given out still works.
  @Test func aStoreFromBeforeSubmissionsKeepsItsTokens() throws {
    let path = temporaryStorePath()
    let pool = try DatabasePool(path: path)
    try Migrations.migrator.migrate(pool, upTo: "v2: enrollment tokens, boundary drafts")
    try pool.write { db in
      try db.execute(
        sql: """
          INSERT INTO members VALUES ('m1', 'Jan', '+32470123456', NULL, 'kerkstr 5', 'Kerkstraat', '5', '', '3620', 'Lanaken', 5, 5,
            'A', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
          INSERT INTO enrollment_tokens VALUES ('m1', 'digest-of-the-token', '2026-01-01T00:00:00.000Z');
          """)
    }
    try pool.close()
    let store = try Store(path: path)
    let found = try #require(try store.submission(id: "m1"))
    #expect(found.tokenSHA256 == "digest-of-the-token")
    #expect(found.member.name == "Jan" && found.submission.addressQuery == "kerkstr 5" && found.submission.group == "A")
    #expect(try store.members().map(\.submissionCount) == [1])
    #expect(try store.tokenSecret().count == 64)
  }

  /// Erasing one of two submissions of a member leaves the other's name, and nothing of the erased one.
  @Test func erasingOneSubmissionKeepsTheOther() throws {
    let store = try Store(path: temporaryStorePath(), create: true)
    guard case .stored(let first, _, true) = try store.submit(member("Jan", "+32470123456"), access: SubmissionAccess()),
      case .stored(let second, let merged, false) = try store.submit(member("Jan Peeters", "+32470123456"), access: SubmissionAccess())
    else {
      Issue.record("two submissions of one phone and address make one member")
      return
    }
    #expect(merged.name == "Jan Peeters" && merged.otherNames == ["Jan"] && merged.submissionCount == 2)
    #expect(try store.eraseSubmission(id: second.id))
    #expect(try store.members().map { [$0.name] + $0.otherNames } == [["Jan"]])
    #expect(try store.eraseSubmission(id: first.id))
    #expect(try store.members().isEmpty, "a member without submissions is erased with the last")
    #expect(try !store.eraseSubmission(id: first.id))
  }

  @Test func anEmptyFileIsNoStore() throws {
    let path = temporaryStorePath()
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    #expect { _ = try Store(path: path) } throws: { "\($0)".contains("an empty file (0 bytes), not a buurt store") }
    #expect((try FileManager.default.attributesOfItem(atPath: path))[.size] as? Int == 0, "left as it was")
  }

  @Test func missingStoreIsAClearError() {
    #expect { _ = try Store(path: "/nonexistent/x.gpkg") } throws: { "\($0)".contains("no such store") }
  }

  @Test func publishedVersionsAreImmutableAndReadable() throws {
    let store = try Store(path: temporaryStorePath(), create: true)
    let v1 = try store.publishGroups(
      [("A", JSONObject()), ("B", JSONObject())], areas: .lambert72([square(0, 0, 10), square(10, 0, 10)]), nameProperty: "name",
      note: "one", source: nil
    ).version
    let v2 = try store.publishGroups(
      [("A", JSONObject())], areas: .lambert72([square(0, 0, 20)]), nameProperty: "name", note: nil, source: nil
    ).version
    #expect((v1, v2) == (1, 2))
    #expect(try store.groups()?.version == 2)
    #expect(try store.groups()?.groups.map(\.name) == ["A"])
    #expect(try store.groups(version: 1)?.groups.map(\.name) == ["A", "B"])
    #expect(try store.groups(version: 1)?.areas == .lambert72([square(0, 0, 10), square(10, 0, 10)]))
    #expect(try store.groupVersions().map(\.note) == ["one", nil])
    #expect(throws: StoreError.self) { _ = try store.groups(version: 9) }
    // The history keeps one CRS: a lon/lat set is refused here (the CLI transforms it first).
    #expect(throws: StoreError.self) {
      _ = try store.publishGroups(
        [("A", JSONObject())], areas: .lonLat([lonLatSquare(5.6, 50.9, 0.01)]), nameProperty: "name", note: nil, source: nil)
    }
  }

  /// A set drawn in lon/lat is stored in lon/lat (EPSG:4326, as GDAL reads it) and read back
  /// bit for bit, so a version answers the same from the store as from its file.
  @Test func lonLatSetsAreStoredAsDrawn() throws {
    let path = temporaryStorePath()
    let store = try Store(path: path, create: true)
    let a = lonLatSquare(5.6123456789, 50.9, 0.0123456789)
    let b = lonLatSquare(5.6246913578, 50.9, 0.01)
    _ = try store.publishGroups(
      [("A", JSONObject()), ("B", JSONObject())], areas: .lonLat([a, b]), nameProperty: "name", note: nil, source: nil)
    #expect(try store.groups()?.areas == .lonLat([a, b]))
    #expect(try store.groupHistorySRSID() == 4326)
    #expect(throws: StoreError.self) {
      _ = try store.publishGroups(
        [("A", JSONObject())], areas: .lambert72([square(0, 0, 20)]), nameProperty: "name", note: nil, source: nil)
    }
    if let ogrinfo = ["/usr/bin/ogrinfo"].first(where: FileManager.default.isExecutableFile(atPath:)) {
      let text = try ProcessRunner.run(ogrinfo, ["-so", path, "group_history"], stderr: .inherit).stdout
      #expect(text.contains("WGS 84"), "\(text)")
    }
  }

  @Test func sameResidentSameAddressIsOneEnrollment() throws {
    let store = try Store(path: temporaryStorePath(), create: true)
    let (a, createdA) = try store.enroll(member("Jan", "+32470123456"))
    let (b, createdB) = try store.enroll(member("Jan P.", "+32470123456"))
    let (c, createdC) = try store.enroll(member("Jan", "+32470123456", number: "7"))
    #expect(createdA && !createdB && createdC)
    #expect(a.id == b.id && a.id != c.id)
    #expect(try store.members().count == 2)
  }

  @Test func erasureLeavesNoTraceInTheFileOrItsWAL() throws {
    let path = temporaryStorePath()
    let store = try Store(path: path, create: true)
    for k in 0..<50 { _ = try store.enroll(member("Neighbour \(k)", "+3247000\(1000 + k)", number: "\(k)")) }
    let (target, _) = try store.enroll(member("Zoë Vermeulen-Uniquename", "+32499887766", number: "99"))
    for k in 50..<80 { _ = try store.enroll(member("Neighbour \(k)", "+3247000\(1000 + k)", number: "\(k)")) }
    #expect(try store.erase(memberID: target.id))
    #expect(try store.member(id: target.id) == nil)
    #expect(try store.members().count == 80)
    for file in [path, path + "-wal"] {
      let data = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
      for needle in ["Vermeulen-Uniquename", "+32499887766", "32499887766"] {
        #expect(data.range(of: Data(needle.utf8)) == nil, "\(needle) still in \(file)")
      }
    }
    // Someone else is still there (the search would find a name that is not erased).
    let db = try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
    #expect(db.range(of: Data("Neighbour 7".utf8)) != nil)
    #expect(try !store.erase(memberID: "no-such-id"))
  }

  @Test func backupIsAWorkingCopy() throws {
    let store = try Store(path: temporaryStorePath(), create: true)
    _ = try store.enroll(member("Jan", "+32470123456"))
    let copy = temporaryStorePath()
    try store.backup(to: copy)
    #expect(try Store(path: copy).members().count == 1)
    #expect(try Store(path: copy).doctor().contains("integrity_check: ok"))
  }
}

/// The hand-written timestamp writes what `ISO8601DateFormatter` writes, for dates across four
/// centuries (leap years, month ends, before 1970).
@Test func timestampsMatchTheISO8601Formatter() {
  let f = ISO8601DateFormatter()
  f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
  var state: UInt64 = 42
  for k in 0..<20_000 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    // Whole milliseconds from 1900 to 2300, and some exact day and year boundaries.
    let millis =
      k < 8
      ? [0, -1, 951_782_400_000, 951_868_799_999, 4_107_542_399_999, -2_208_988_800_000, 1_795_651_200_000, 1_000][k]
      : Int64(state >> 24) % 13_000_000_000_000 - 2_208_988_800_000
    // Half of them with a part of a millisecond, as the clock gives.
    let date = Date(timeIntervalSince1970: Double(millis) / 1000 + (k % 2 == 0 ? 0 : Double(state % 1000) / 1e6))
    #expect(Store.timestamp(date) == f.string(from: date), "\(millis)")
    if Store.timestamp(date) != f.string(from: date) { return }
  }
}
