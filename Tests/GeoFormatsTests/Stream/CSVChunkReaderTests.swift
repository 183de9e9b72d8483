import GeoCore
import GeoFormats
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes `bytes` (raw, no compression) to `name` in `dir`.
func writeRaw(_ bytes: [UInt8], _ dir: TemporaryDirectory, _ name: String) throws -> String {
  let path = dir.file(name)
  // No .gz suffix, so FileIO writes the bytes as they are; the test renames when it needs one.
  try FileIO.write(bytes, to: path + ".raw")
  rename(path + ".raw", path)
  return path
}

/// Every chunk of the file at `path`, read with `chunkSize`.
func chunks(_ path: String, chunkSize: Int) throws -> (header: [String], chunks: [CSVChunk]) {
  let reader = try CSVChunkReader(source: InflatingBlockReader(path: path, blockSize: 7), chunkSize: chunkSize)
  var all: [CSVChunk] = []
  while let c = try reader.next() { all.append(c) }
  return (reader.header, all)
}

@Suite struct CSVChunkReaderTests {
  /// Quotes with line breaks, `""`, CRLF, empty lines, a BOM and no final line end.
  static let tricky: [UInt8] =
    [0xEF, 0xBB, 0xBF]
    + Array(
      "name,lon,lat\r\n\"two\r\nlines, and a comma\",4.35,50.85\r\n\r\nplain,4.4,50.9\n\"say \"\"hi\"\"\n\n\",4.5,51\n\n,4.6,51.1\nlast,4.7,51.2"
        .utf8)

  /// The rows' bytes and line numbers as CSVTable sees the whole file.
  static func expected(_ bytes: [UInt8]) throws -> (header: [String], rows: [[UInt8]], lines: [Int]) {
    let t = try CSVTable(bytes: bytes)
    let rows = (0..<t.rowCount).map { Array(t.bytes[t.rowStart[$0]..<t.rowEnd[$0]]) }
    return (t.header, rows, (0..<t.rowCount).map { t.line(ofRow: $0) })
  }

  /// The rows' bytes and line numbers from the chunks.
  static func streamed(_ chunks: [CSVChunk]) throws -> (rows: [[UInt8]], lines: [Int]) {
    var rows: [[UInt8]] = []
    var lines: [Int] = []
    for c in chunks {
      let r = try c.rows()
      for k in 0..<r.count {
        rows.append(Array(c.bytes[r.starts[k]..<r.ends[k]]))
        lines.append(c.line(ofOffset: r.starts[k]))
      }
    }
    return (rows, lines)
  }

  @Test(arguments: [1, 2, 3, 5, 8, 13, 21, 64, 1 << 20])
  func chunksHoldTheRowsOfTheWholeTable(chunkSize: Int) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["t.csv", "t.csv.gz"]) }
    let want = try Self.expected(Self.tricky)
    let plain = try writeRaw(Self.tricky, dir, "t.csv")
    try FileIO.write(Self.tricky, to: dir.file("t.csv.gz"))
    for path in [plain, dir.file("t.csv.gz")] {
      let (header, cs) = try chunks(path, chunkSize: chunkSize)
      #expect(header == want.header)
      let got = try Self.streamed(cs)
      #expect(got.rows == want.rows, "chunk size \(chunkSize), \(path)")
      #expect(got.lines == want.lines, "chunk size \(chunkSize), \(path)")
      #expect(cs.map(\.index) == Array(0..<cs.count))
      // Chunks are whole rows: each but the last ends with a line end outside quotes.
      for c in cs.dropLast() { #expect(c.bytes.last == 0x0A) }
      if chunkSize == 1 << 20 { #expect(cs.count == 1) }
    }
  }

  @Test func quotedLineBreaksAcrossChunkBoundariesStayInOneRow() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["q.csv"]) }
    let field = "\"" + String(repeating: "a\nb,", count: 40) + "\""
    let text = "lon,lat,note\n4.35,50.85,\(field)\n4.4,50.9,x\n"
    let path = try writeRaw(Array(text.utf8), dir, "q.csv")
    for size in [4, 16, 50] {
      let got = try Self.streamed(try chunks(path, chunkSize: size).chunks)
      #expect(got.rows.count == 2)
      #expect(got.lines == [2, 43])
      #expect(got.rows.first.map { String(decoding: $0, as: UTF8.self) } == "4.35,50.85,\(field)")
    }
  }

  @Test func headerOnlyEmptyAndBlankFiles() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["h.csv", "e.csv", "b.csv", "n.csv"]) }
    let header = try chunks(try writeRaw(Array("lon,lat".utf8), dir, "h.csv"), chunkSize: 2)
    #expect(header.header == ["lon", "lat"])
    #expect(try Self.streamed(header.chunks).rows.isEmpty)
    for (name, text) in [("e.csv", ""), ("b.csv", "\n\r\n\n")] {
      let e = #expect(throws: CSVError.self) { try chunks(try writeRaw(Array(text.utf8), dir, name), chunkSize: 1) }
      expectContains(e?.description, ["empty"])
    }
    let names = #expect(throws: CSVError.self) { try chunks(try writeRaw(Array("lon,lon\n1,2\n".utf8), dir, "n.csv"), chunkSize: 3) }
    expectContains(names?.description, ["line 1", "twice"])
  }

  @Test func unclosedQuoteNamesItsLine() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["u.csv"]) }
    let text = "lon,lat,name\n" + (0..<30).map { "4.\($0),50,n\($0)\n" }.joined() + "4.5,51,\"oops\n4.6,51,c\n"
    let path = try writeRaw(Array(text.utf8), dir, "u.csv")
    for size in [8, 1 << 20] {
      let e = #expect(throws: CSVError.self) { _ = try Self.streamed(try chunks(path, chunkSize: size).chunks) }
      #expect(e?.line == 32, "chunk size \(size)")
      expectContains(e?.description, ["never closed"])
    }
  }

  @Test func multiMemberGzipIsTheConcatenation() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["m.csv.gz"]) }
    let a = Array("id,lon,lat\n1,4.35,50.85\n2,4.4,".utf8)
    let b = Array("50.9\n3,4.5,51\n".utf8)
    let members = try FileIO.gzip(a) + FileIO.gzip([]) + FileIO.gzip(b, level: 1)
    let path = try writeRaw(members, dir, "m.csv.gz")
    for size in [1, 5, 1 << 20] {
      let got = try Self.streamed(try chunks(path, chunkSize: size).chunks)
      #expect(got.rows.map { String(decoding: $0, as: UTF8.self) } == ["1,4.35,50.85", "2,4.4,50.9", "3,4.5,51"])
    }
    let source = try InflatingBlockReader(path: path, blockSize: 3)
    #expect(source.isGzip)
    #expect(try source.peek(4) == Array("id,l".utf8))
    #expect(try source.readAll() == a + b)
  }

  @Test func truncatedOrCorruptGzipIsAClearFileError() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["cut.csv.gz", "bad.csv.gz", "tail.csv.gz"]) }
    let text = Array(("lon,lat\n" + (0..<5000).map { "4.\($0),50.\($0)\n" }.joined()).utf8)
    let gz = try FileIO.gzip(text)
    for cut in [2, 10, gz.count / 2, gz.count - 4, gz.count - 1] {
      let path = try writeRaw(Array(gz.prefix(cut)), dir, "cut.csv.gz")
      let e = #expect(throws: FileError.self, "cut at \(cut)") { _ = try chunks(path, chunkSize: 100) }
      #expect(e?.path == path)
      expectContains(e?.description, ["truncated"])
    }
    var bad = gz
    bad[gz.count / 3] ^= 0x5A
    bad[gz.count / 3 + 1] ^= 0xA5
    let corrupt = try writeRaw(bad, dir, "bad.csv.gz")
    let e = #expect(throws: FileError.self) { _ = try chunks(corrupt, chunkSize: 100) }
    expectContains(e?.description, ["broken gzip stream"])
    let trailing = try writeRaw(gz + Array("junk after the member".utf8), dir, "tail.csv.gz")
    #expect(throws: FileError.self) { _ = try chunks(trailing, chunkSize: 1 << 20) }
  }

  @Test func blockReaderMatchesWholeFileRead() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["r.bin", "r.bin.gz"]) }
    let data = GzipTests.randomBytes(200_003, seed: 11, alphabet: 40)
    let plain = try writeRaw(data, dir, "r.bin")
    try FileIO.write(data, to: dir.file("r.bin.gz"))
    for path in [plain, dir.file("r.bin.gz")] {
      let source = try InflatingBlockReader(path: path, blockSize: 1000)
      var out: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 777)
      while true {
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { break }
        out += buffer[0..<n]
      }
      #expect(out == data)
    }
    let missing = #expect(throws: FileError.self) { try InflatingBlockReader(path: dir.file("none.csv")) }
    #expect(missing?.path == dir.file("none.csv"))
    let folder = #expect(throws: FileError.self) { try InflatingBlockReader(path: dir.path) }
    expectContains(folder?.description, ["is a folder"])
  }
}
