import GeoCore
import GeoFormats
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A stand-in for the group lookup: group 0 west of 4.5°, group 1 east of it, -1 beyond 5°.
@Sendable func byLongitude(_ positions: PointPositions) -> [Int32] {
  guard case .lonLat(let ps) = positions else { return [] }
  return ps.map { $0.lon > 5 ? -1 : $0.lon < 4.5 ? 0 : 1 }
}

/// Streams `input` through `byLongitude` into `output` with small chunks.
@discardableResult
func streamAssign(_ input: String, to output: String, chunkSize: Int, workers: Int = 2) throws -> AssignmentTally {
  let reader = try CSVChunkReader(source: InflatingBlockReader(path: input), chunkSize: chunkSize)
  let parser = try PointRowParser(header: reader.header, crs: nil)
  let job = StreamingPointAssignment(reader: reader, parser: parser, column: "group", names: ["west", "east, quoted"], workers: workers)
  return try job.run(to: output, assign: byLongitude)
}

/// The names of the files in `dir`.
func listing(_ dir: TemporaryDirectory) -> [String] {
  guard let d = opendir(dir.path) else { return [] }
  defer { closedir(d) }
  var names: [String] = []
  while let e = readdir(d) {
    let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    if name != "." && name != ".." { names.append(name) }
  }
  return names.sorted()
}

@Suite struct StreamingPointAssignmentTests {
  /// `rows` rows `k,"name k",lon,lat` with lon from 4.0 to 5.4; every 7th name has a quoted line break.
  static func table(rows: Int) -> [UInt8] {
    var text = "id,name,lon,lat\r\n"
    for k in 0..<rows {
      let name = k % 7 == 0 ? "\"multi\nline \(k)\"" : "n\(k)"
      text += "\(k),\(name),4.\(k % 15),50.\(k % 9)\(k % 3 == 0 ? "\r\n" : "\n")"
    }
    return Array(text.utf8)
  }

  /// The output the whole-table path gives: the same rows with the label appended.
  static func inMemory(_ bytes: [UInt8]) throws -> [UInt8] {
    let t = try PointTable(table: CSVTable(bytes: bytes))
    let values = byLongitude(t.positions)
    return AppendedColumnCSV.header(t.table.header, column: "group")
      + AppendedColumnCSV.rows(
        t.table.bytes, starts: t.table.rowStart, ends: t.table.rowEnd, rows: 0..<t.table.rowCount,
        values: values, labels: AppendedColumnCSV.Labels(["west", "east, quoted"]))
  }

  @Test(arguments: [(16, 1), (100, 2), (4096, 2), (1 << 20, 3)])
  func streamedOutputEqualsTheWholeTablePath(chunkSize: Int, workers: Int) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["in.csv", "in.csv.gz", "out.csv", "out.csv.gz"]) }
    let bytes = Self.table(rows: 3000)
    let want = try Self.inMemory(bytes)
    try FileIO.write(bytes, to: dir.file("in.csv"))
    try FileIO.write(bytes, to: dir.file("in.csv.gz"))
    for input in ["in.csv", "in.csv.gz"] {
      let tally = try streamAssign(dir.file(input), to: dir.file("out.csv"), chunkSize: chunkSize, workers: workers)
      #expect(try FileIO.readRaw(dir.file("out.csv")) == want, "\(input), chunk size \(chunkSize)")
      #expect(tally.rows == 3000)
      #expect(tally.perGroup.reduce(0, +) + tally.outside == 3000)
      #expect(tally.perGroup[0] == 3000 / 15 * 10, "lon 4.0–4.4 and 4.10–4.14")
      try streamAssign(dir.file(input), to: dir.file("out.csv.gz"), chunkSize: chunkSize, workers: workers)
      let raw = try FileIO.readRaw(dir.file("out.csv.gz"))
      #expect(Array(raw.prefix(2)) == [0x1F, 0x8B])
      #expect(try FileIO.read(dir.file("out.csv.gz")) == want, "gzip members decode to the same bytes")
    }
    #expect(listing(dir) == ["in.csv", "in.csv.gz", "out.csv", "out.csv.gz"], "no temporary file is left")
  }

  @Test func badRowInALaterChunkNamesItsLineAndLeavesTheOutputAlone() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["in.csv", "out.csv"]) }
    var text = String(decoding: Self.table(rows: 2000), as: UTF8.self)
    text += "2000,late,4.1,x50\n2001,n,4.2,50.1\n"
    try FileIO.write(text, to: dir.file("in.csv"))
    // Count line ends in bytes (a String sees "\r\n" as one Character).
    let lines = text.utf8.filter { $0 == 0x0A }.count
    try FileIO.write("precious\n", to: dir.file("out.csv"))
    for workers in [1, 2] {
      let e = #expect(throws: CSVError.self) {
        try streamAssign(dir.file("in.csv"), to: dir.file("out.csv"), chunkSize: 64, workers: workers)
      }
      #expect(e?.line == lines - 1, "the absolute line of the bad row")
      #expect(e?.column == "lat")
      expectContains(e?.description, ["\"x50\" is not a number"])
      #expect(try FileIO.readRaw(dir.file("out.csv")) == Array("precious\n".utf8))
      #expect(listing(dir) == ["in.csv", "out.csv"], "the temporary file is removed")
    }
  }

  @Test func earliestOfSeveralBadRowsIsReported() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["in.csv"]) }
    var rows = (0..<500).map { "\($0),n,4.\($0 % 10),50.5" }
    rows[450] = "450,n,nan,50"
    rows[300] = "300,n,200.5,50"
    rows[301] = "301,n"
    try FileIO.write("id,name,lon,lat\n" + rows.joined(separator: "\n"), to: dir.file("in.csv"))
    for (size, workers) in [(32, 2), (32, 1), (1 << 20, 2)] {
      let e = #expect(throws: CSVError.self) {
        try streamAssign(dir.file("in.csv"), to: dir.file("out.csv"), chunkSize: size, workers: workers)
      }
      #expect(e?.line == 302)
      expectContains(e?.description, ["line 302", "column lon", "longitude 200.5 is out of range"])
    }
    #expect(listing(dir) == ["in.csv"], "no output and no temporary file")
  }

  @Test func wholeFileChecksRunAfterTheLastChunk() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["swapped.csv"]) }
    try FileIO.write("lon,lat\n" + (0..<200).map { "50.\($0 % 10),4.\($0 % 7)\n" }.joined(), to: dir.file("swapped.csv"))
    let e = #expect(throws: CSVError.self) { try streamAssign(dir.file("swapped.csv"), to: dir.file("out.csv"), chunkSize: 40) }
    expectContains(e?.description, ["lat, lon"])
    #expect(listing(dir) == ["swapped.csv"])
  }

  @Test func replacingFileWriterCommitsOrLeavesTheTargetAlone() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["t.txt"]) }
    try FileIO.write("old\n", to: dir.file("t.txt"))
    do {
      let w = try ReplacingFileWriter(path: dir.file("t.txt"))
      try w.write(Array("half".utf8))
      #expect(listing(dir).count == 2)
      w.discard()
    }
    #expect(try FileIO.readRaw(dir.file("t.txt")) == Array("old\n".utf8))
    do {
      // Released without commit: the same as discard.
      let w = try ReplacingFileWriter(path: dir.file("t.txt"))
      try w.write(Array("dropped".utf8))
    }
    #expect(listing(dir) == ["t.txt"])
    let w = try ReplacingFileWriter(path: dir.file("t.txt"))
    try w.write(Array("new ".utf8))
    try w.write(Array("text".utf8))
    try w.commit()
    #expect(try FileIO.readRaw(dir.file("t.txt")) == Array("new text".utf8))
    #expect(listing(dir) == ["t.txt"])
    #expect(throws: FileError.self) { try ReplacingFileWriter(path: dir.file("no/such/folder.csv")) }
  }
}
