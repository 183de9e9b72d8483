import Foundation
import GeoFormats
import TestSupport
import Testing

@Suite("buurt resolve")
struct ResolveCommandTests {
  @Test func singleAddressAsJSON() throws {
    let r = try buurt(["resolve", "--data", Fixtures.geodata, "Stationsstraat 12 bus 3, 3620 Lanaken", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let o = try #require(try JSONParser.parse(r.stdout).objectValue)
    #expect(o["status"] == .string("matched"))
    #expect(o["method"] == .string("exact"))
    let a = try #require(o["address"]?.objectValue)
    #expect(a["street"] == .string("Stationsstraat"))
    #expect(a["housenumber"] == .string("12"))
    #expect(a["box"] == .string("3"))
    #expect(a["postcode"] == .string("3620"))
    #expect(a["lon"]?.numberValue.map { abs($0 - 5.6) < 0.2 } == true)
    #expect(o["group"]?.objectValue?["name"] == .string("Lanaken"))
    #expect(o["near_boundary"] == .bool(false))
  }

  @Test func typosAndAbbreviationsAsText() throws {
    let r = try buurt(["resolve", "--data", Fixtures.geodata, "stationstr 12"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("Stationsstraat 12, 3620") && r.stdout.contains("group Lanaken"))
  }

  @Test func notFoundExitsWithThreeAndAReason() throws {
    let r = try buurt(["resolve", "--data", Fixtures.geodata, "Kerkstraat 1, 3500 Hasselt", "--json"])
    #expect(r.status == 3)
    let o = try #require(try JSONParser.parse(r.stdout).objectValue)
    #expect(o["status"] == .string("not_found"))
    #expect(o["reason"]?.stringValue?.contains("3500") == true)
    #expect(o["group"] == .null)
  }

  /// A street typed with a postcode that does not have it: not_found, and `candidates` (the same
  /// shape as an ambiguous answer's) name where the register has it, in the single answer and in batch.
  @Test func notFoundNamesTheMunicipalityThatHasTheStreet() throws {
    let dir = try temporaryFolder()
    try write(
      """
      street,housenumber,postcode,municipality,lon,lat
      Orshagenstraat,12,2220,Heist-op-den-Berg,4.7213,51.0791
      Hoefijzerlaan,79,8420,De Haan,3.0335,51.2728

      """, to: dir + "/addresses.csv")
    let r = try buurt(["resolve", "--data", dir, "Hoefijzerlaan 79, 2220 Heist-op-den-Berg", "--json"])
    #expect(r.status == 3, "\(r.stderr)")
    let o = try #require(try JSONParser.parse(r.stdout).objectValue)
    #expect(o["status"] == .string("not_found"))
    #expect(o["address"] == .null)
    #expect(o["reason"]?.stringValue?.contains("8420 De Haan") == true)
    let candidates = try #require(o["candidates"]?.arrayValue)
    #expect(candidates.count == 1)
    let c = try #require(candidates.first?.objectValue)
    #expect(c["street"] == .string("Hoefijzerlaan"))
    #expect(c["housenumber"] == .string("79"))
    #expect(c["postcode"] == .string("8420"))
    #expect(c["method"] == .string("exact"))
    #expect(c["score"]?.numberValue != nil && c["group"] == .null)
    #expect(c["lon"]?.numberValue.map { abs($0 - 3.0335) < 1e-6 } == true)

    try write("Hoefijzerlaan 79, 2220\nOrshagenstraat 12 HEIST-OP-DEN-BERG\n", to: dir + "/in.txt")
    let batch = try buurt(["resolve", "--data", dir, "--batch", dir + "/in.txt", "-q"])
    let lines = try batch.stdout.split(separator: "\n").map { try #require(try JSONParser.parse(String($0)).objectValue) }
    #expect(lines.count == 2)
    #expect(lines.first?["status"] == .string("not_found"))
    #expect(lines.first?["candidates"]?.arrayValue?.first?.objectValue?["postcode"] == .string("8420"))
    #expect(lines.last?["status"] == .string("matched"))
    #expect(lines.last?["candidates"] == nil)
  }

  /// The register is read in chunks: quoted fields come out unquoted, a bad row far into the
  /// file is named by its line, in a plain and a gzip-compressed table.
  @Test func streamedRegisterKeepsFieldsAndLines() throws {
    let dir = try temporaryFolder()
    var rows = "street,housenumber,postcode,municipality,lon,lat\n\"Rue \"\"du\"\" Pont\",7,4000,\"Liège\",5.5735,50.6412\n"
    for k in 0..<80_000 { rows += "Kerkstraat,\(k + 1),3620,Lanaken,5.64,50.89\n" }
    try write(rows, to: dir + "/addresses.csv")
    let r = try buurt(["resolve", "--data", dir, "Rue \"du\" Pont 7, 4000", "--json"])
    let address = try JSONParser.parse(r.stdout).objectValue?["address"]?.objectValue
    #expect(address?["street"] == .string("Rue \"du\" Pont") && address?["locality"] == .string("Liège"), "\(r.stdout) \(r.stderr)")
    let far = try buurt(["resolve", "--data", dir, "Kerkstraat 79999, 3620", "--json"])
    #expect(far.status == 0, "\(far.stderr)")
    for (bad, message) in [
      ("Kerkstraat,9,36x0,Lanaken,5.64,50.89", "line 70003: postcode \"36x0\" is not a number"),
      ("Kerkstraat,9,3620,Lanaken,5.64,5O.89", "line 70003, column lat: \"5O.89\" is not a number"),
    ] {
      var lines = rows.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      lines[70_002] = bad
      try FileManager.default.removeItem(atPath: dir + "/addresses.csv")
      try? FileManager.default.removeItem(atPath: dir + "/addresses.csv.gz")
      let file = bad.contains("x") ? dir + "/addresses.csv" : dir + "/addresses.csv.gz"
      let bytes = Array(lines.joined(separator: "\n").utf8)
      #expect(FileManager.default.createFile(atPath: file, contents: Data(file.hasSuffix(".gz") ? try FileIO.gzip(bytes) : bytes)))
      let e = try buurt(["resolve", "--data", dir, "Kerkstraat 1, 3620"])
      #expect(e.status == 1)
      #expect(e.stderr.contains("\((file as NSString).lastPathComponent): \(message)"), "\(e.stderr)")
    }
  }

  @Test func batchKeepsOrderAndCounts() throws {
    let dir = try temporaryFolder()
    let lines = ["Kerkstraat 12", "", "nonsense qqq", "Molenweg 5, 9991 Oosterveld", "   ", "Beukenlaan 3"]
    try write(lines.joined(separator: "\n") + "\n", to: dir + "/in.txt")
    let r = try buurt(["resolve", "--data", Fixtures.sampleTown, "--batch", dir + "/in.txt"])
    #expect(r.status == 0, "\(r.stderr)")
    let out = r.stdout.split(separator: "\n")
    #expect(out.count == lines.count)
    for (line, json) in zip(lines, out) {
      let o = try #require(try JSONParser.parse(String(json)).objectValue)
      #expect(o["query"] == .string(line))
      if line.trimmingCharacters(in: .whitespaces).isEmpty { #expect(o["status"] == .string("not_found")) }
    }
    #expect(r.stderr.contains("6 addresses"))
  }

  @Test func batchFromStandardInput() throws {
    let r = try buurt(["resolve", "--data", Fixtures.sampleTown, "--batch", "-", "-q"], stdin: "Kerkstraat 12\nKerkstraat 12\n")
    #expect(r.stdout.split(separator: "\n").count == 2)
  }

  @Test func groupsFileAndNameProperty() throws {
    let r = try buurt([
      "resolve", "--data", Fixtures.geodata, "--groups", Fixtures.lanakenDeelgemeenten, "--name-property", "code",
      "Stationsstraat 12", "--json",
    ])
    let o = try #require(try JSONParser.parse(r.stdout).objectValue)
    #expect(o["group"]?.objectValue?["name"] == .string("73042A"))
  }

  @Test func badDataFolderIsAClearError() throws {
    let r = try buurt(["resolve", "--data", "/nonexistent", "Kerkstraat 1"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("not a data folder"))
    let usage = try buurt(["resolve", "--data", Fixtures.sampleTown])
    #expect(usage.status == 64 || usage.status == 2)
  }
}
