import Foundation
import GeoFormats
import TestSupport
import Testing

/// Inputs that would cost unbounded memory — gzip bombs, a line that never ends — stop with a
/// clear error at bounded memory (the child's peak resident memory, measured), and tables in
/// Latin-1 or Windows-1252 are read when asked (`--encoding`) and refused with the way out when not.
@Suite("buurt input bounds and encodings")
struct InputBoundsTests {
  /// The peak resident memory a bounded reader may reach (issue 13: ≤ 200 MB, measured).
  static let memoryBound = 200_000_000

  /// 1 MiB of `a`, no line end: 2,048 copies are a 2 GiB line.
  static let endless = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)

  @Test func anEndlessLineStopsInfoAndAssignAtBoundedMemory() throws {
    let dir = try temporaryFolder()
    let bomb = dir + "/line.csv.gz"
    try writeGzipBomb(bomb, head: "lon,lat\n", block: Self.endless, copies: 2048)
    for command in [["info", bomb], ["assign", "--groups", Fixtures.sampleWijken, "--points", bomb, "--output", dir + "/out.csv"]] {
      let (r, peak) = try buurtMeasuringMemory(command)
      #expect(r.status == 1, "\(command[0]): \(r.stderr)")
      #expect(
        r.stderr.contains("line.csv.gz: line 2: the row is longer than 1 MiB") && r.stderr.contains("is this a CSV file?"), "\(r.stderr)")
      #expect(peak <= Self.memoryBound, "\(command[0]) peaked at \(peak / 1_000_000) MB")
    }
    #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"), "a failed assign writes nothing")
  }

  @Test func aRowLongerThanTheBoundIsRefusedWithItsLine() throws {
    let dir = try temporaryFolder()
    // 1.5 MiB: longer than a row may be, shorter than a streamed chunk.
    var bytes = Array("lon,lat,note\n5.6,50.9,short\n5.6,50.9,".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 19)
    bytes += Array("\n5.6,50.9,short\n".utf8)
    #expect(FileManager.default.createFile(atPath: dir + "/long.csv", contents: Data(bytes)))
    let info = try buurt(["info", dir + "/long.csv"])
    #expect(info.status == 1)
    #expect(info.stderr.contains("long.csv: line 3: the row is longer than 1 MiB"), "\(info.stderr)")
    // Read whole (existing signs) as well as streamed.
    let signs = try buurt(["signs", "--data", Fixtures.sampleTown, "--existing", dir + "/long.csv", "--output", dir + "/signs.csv"])
    #expect(signs.status == 1)
    #expect(signs.stderr.contains("long.csv: line 3: the row is longer than 1 MiB"), "\(signs.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/signs.csv"))
  }

  @Test func manyRowsAreCountedWithoutHoldingTheFile() throws {
    let dir = try temporaryFolder()
    let bomb = dir + "/rows.csv.gz"
    let row = Array("5.6475,50.8931\n".utf8)
    let perBlock = (1 << 20) / row.count
    // 100 MiB of rows from a file of a few hundred KB.
    try writeGzipBomb(bomb, head: "lon,lat\n", block: Array(repeating: row, count: perBlock).flatMap { $0 }, copies: 100)
    let (r, peak) = try buurtMeasuringMemory(["info", bomb, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let o = try JSONParser.parse(r.stdout).objectValue
    #expect(o?["rows"] == .number(Double(perBlock * 100)))
    #expect(o?["bbox"] == .array([.number(5.6475), .number(50.8931), .number(5.6475), .number(50.8931)]))
    #expect(peak <= Self.memoryBound, "info peaked at \(peak / 1_000_000) MB")
  }

  @Test func aGeoJSONBombStopsAtTheWholeFileBound() throws {
    let dir = try temporaryFolder()
    let bomb = dir + "/groups.geojson.gz"
    try writeGzipBomb(
      bomb, head: "{\"type\":\"FeatureCollection\",\"features\":[", block: [UInt8](repeating: 0x20, count: 1 << 20), copies: 2048)
    for command in [["info", bomb], ["assign", "--groups", bomb, "--points", Fixtures.sampleAddresses, "--output", dir + "/out.csv"]] {
      let (r, peak) = try buurtMeasuringMemory(command)
      #expect(r.status == 1, "\(command[0]): \(r.stderr)")
      #expect(r.stderr.contains("groups.geojson.gz: holds more than 128 MiB once inflated"), "\(r.stderr)")
      #expect(peak <= Self.memoryBound, "\(command[0]) peaked at \(peak / 1_000_000) MB")
    }
  }

  @Test func anEndlessLineStopsResolveBatchAtBoundedMemory() throws {
    let dir = try temporaryFolder()
    let bomb = dir + "/queries.txt.gz"
    try writeGzipBomb(bomb, head: "", block: Self.endless, copies: 2048)
    let (r, peak) = try buurtMeasuringMemory(["resolve", "--data", Fixtures.sampleTown, "--batch", bomb, "-q"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("queries.txt.gz: line 1 is longer than 1 MiB"), "\(r.stderr)")
    #expect(peak <= Self.memoryBound, "resolve --batch peaked at \(peak / 1_000_000) MB")
  }

  /// "Rue de l'Église" in Latin-1 and "Église – ‘oud’" in Windows-1252.
  static let latin1Street: [UInt8] = Array("Rue de l'".utf8) + [0xC9] + Array("glise".utf8)
  static let windows1252Note: [UInt8] = [0xC9] + Array("glise ".utf8) + [0x96, 0x20, 0x91] + Array("oud".utf8) + [0x92]

  @Test func assignReadsLatin1AndWindows1252WhenAsked() throws {
    let dir = try temporaryFolder()
    let latin1 = Array("street,lon,lat\n".utf8) + Self.latin1Street + Array(",5.6475,50.8931\n".utf8)
    #expect(FileManager.default.createFile(atPath: dir + "/latin1.csv", contents: Data(latin1)))
    let refused = try buurt(["assign", "--groups", Fixtures.lanakenWijken, "--points", dir + "/latin1.csv", "--output", dir + "/out.csv"])
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("line 2") && refused.stderr.contains("not UTF-8 (byte 0xC9)")
        && refused.stderr.contains("--encoding latin-1"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"))

    let transcoded = try buurt([
      "assign", "--groups", Fixtures.lanakenWijken, "--points", dir + "/latin1.csv", "--encoding", "latin-1", "--output", dir + "/out.csv",
      "-q",
    ])
    #expect(transcoded.status == 0, "\(transcoded.stderr)")
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: dir + "/out.csv"))
        == Data("street,lon,lat,group\nRue de l'Église,5.6475,50.8931,Lanaken\n".utf8))

    let cp1252 = Array("note,lon,lat\n".utf8) + Self.windows1252Note + Array(",5.6475,50.8931\n".utf8)
    #expect(FileManager.default.createFile(atPath: dir + "/cp1252.csv.gz", contents: Data(try FileIO.gzip(cp1252))))
    let windows = try buurt([
      "assign", "--groups", Fixtures.lanakenWijken, "--points", dir + "/cp1252.csv.gz", "--encoding", "windows-1252", "-q",
    ])
    #expect(windows.status == 0, "\(windows.stderr)")
    #expect(windows.stdout == "note,lon,lat,group\nÉglise – ‘oud’,5.6475,50.8931,Lanaken\n")
    // The same file read as GeoJSON output (the in-memory path).
    let geojson = try buurt([
      "assign", "--groups", Fixtures.lanakenWijken, "--points", dir + "/cp1252.csv.gz", "--encoding", "cp1252", "--output",
      dir + "/out.geojson", "-q",
    ])
    #expect(geojson.status == 0, "\(geojson.stderr)")
    #expect(try read(dir + "/out.geojson").contains("\"note\":\"Église – ‘oud’\""))

    let unknown = try buurt(["assign", "--groups", Fixtures.lanakenWijken, "--points", dir + "/latin1.csv", "--encoding", "ebcdic"])
    #expect(unknown.status != 0 && unknown.status != 1)
    #expect(unknown.stderr.contains("unknown encoding 'ebcdic'"), "\(unknown.stderr)")
  }

  @Test func infoReadsLatin1WhenAsked() throws {
    let dir = try temporaryFolder()
    let bytes = Array("lon,lat,".utf8) + [0xE9] + Array("tage\n5.6475,50.8931,1\n".utf8)
    #expect(FileManager.default.createFile(atPath: dir + "/latin1.csv", contents: Data(bytes)))
    let refused = try buurt(["info", dir + "/latin1.csv"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("latin1.csv: line 1") && refused.stderr.contains("--encoding latin-1"), "\(refused.stderr)")
    let read = try buurt(["info", dir + "/latin1.csv", "--encoding", "latin-1"])
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stdout.contains("columns: lon, lat, étage"), "\(read.stdout)")
  }

  @Test func resolveBatchReadsLatin1WhenAsked() throws {
    let dir = try temporaryFolder()
    let bytes = Array("Kerkstraat 12\r\n".utf8) + Self.latin1Street + Array(" 3\n".utf8)
    #expect(FileManager.default.createFile(atPath: dir + "/in.txt", contents: Data(bytes)))
    let refused = try buurt(["resolve", "--data", Fixtures.sampleTown, "--batch", dir + "/in.txt", "-q"])
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("in.txt: line 2: the text is not UTF-8 (byte 0xC9)") && refused.stderr.contains("--encoding latin-1"),
      "\(refused.stderr)")
    let read = try buurt(["resolve", "--data", Fixtures.sampleTown, "--batch", dir + "/in.txt", "--encoding", "latin-1", "-q"])
    #expect(read.status == 0, "\(read.stderr)")
    let queries = try read.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)).objectValue?["query"] }
    #expect(queries == [.string("Kerkstraat 12"), .string("Rue de l'Église 3")])
  }

  @Test func importAndEnrollReadLatin1WhenAsked() throws {
    let dir = try temporaryFolder()
    try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
    let addresses =
      Array("street,housenumber,postcode,municipality,lon,lat\n".utf8) + Self.latin1Street
      + Array(",3,4000,Li".utf8) + [0xE8] + Array("ge,5.5735,50.6412\n".utf8)
    #expect(FileManager.default.createFile(atPath: dir + "/data/addresses.csv", contents: Data(addresses)))
    let refused = try buurt(["import", "-q", "--from", dir + "/data", "--db", dir + "/refused.gpkg"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("addresses.csv: line 2") && refused.stderr.contains("--encoding latin-1"), "\(refused.stderr)")
    let db = dir + "/liege.gpkg"
    let imported = try buurt(["import", "-q", "--from", dir + "/data", "--db", db, "--encoding", "latin-1"])
    #expect(imported.status == 0, "\(imported.stderr)")
    let resolved = try buurt(["resolve", "--data", db, "Rue de l'Église 3, 4000", "--json"])
    let address = try JSONParser.parse(resolved.stdout).objectValue?["address"]?.objectValue
    #expect(address?["street"] == .string("Rue de l'Église"), "\(resolved.stdout) \(resolved.stderr)")

    let batch =
      Array("name,phone,address\nH".utf8) + [0xE9] + Array("l".utf8) + [0xE8] + Array("ne,0470123456,Rue de l'".utf8) + [0xC9]
      + Array("glise 3 4000\n".utf8)
    #expect(FileManager.default.createFile(atPath: dir + "/batch.csv", contents: Data(batch)))
    let notUTF8 = try buurt(["enroll", "--db", db, "--batch", dir + "/batch.csv", "--consent", "--age", "adult", "--basis", "resident"])
    #expect(notUTF8.status == 1)
    #expect(notUTF8.stderr.contains("batch.csv: line 2") && notUTF8.stderr.contains("--encoding latin-1"), "\(notUTF8.stderr)")
    let enrolled = try buurt([
      "enroll", "--db", db, "--batch", dir + "/batch.csv", "--consent", "--age", "adult", "--basis", "resident", "--encoding", "latin-1",
    ])
    #expect(enrolled.status == 0, "\(enrolled.stderr)")
    let members = try buurt(["members", "--db", db, "--csv"])
    #expect(members.stdout.contains("Hélène"), "\(members.stdout)")
  }
}
