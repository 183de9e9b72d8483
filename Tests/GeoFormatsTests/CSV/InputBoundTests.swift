import GeoCore
import GeoFormats
import Testing

/// Rows longer than ``CSVRowScanner/maximumRowBytes`` and files read whole beyond their bound
/// are refused, streamed or read whole.
@Suite struct InputBoundTests {
  @Test func aRowLongerThanTheBoundIsRefusedWithItsLine() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["long.csv", "end.csv", "quote.csv", "ok.csv", "head.csv"]) }
    let max = CSVRowScanner.maximumRowBytes
    let long = [UInt8](repeating: 0x78, count: max + 1)
    let cases: [(String, [UInt8], Int)] = [
      ("long.csv", Array("lon,lat,note\n4,50,a\n4,50,".utf8) + long + Array("\n4,50,b\n".utf8), 3),
      ("end.csv", Array("lon,lat,note\n4,50,a\n4,50,".utf8) + long, 3),
      ("quote.csv", Array("lon,lat,note\n4,50,a\n4,50,\"never closed\n".utf8) + long + Array("\n4,50,b\n".utf8), 3),
      ("head.csv", Array("lon,lat,".utf8) + long + Array("\n4,50,a\n".utf8), 1),
    ]
    for (name, bytes, line) in cases {
      let path = try writeRaw(bytes, dir, name)
      for size in [64, 1 << 21] {
        let e = #expect(throws: CSVError.self, "\(name), chunk size \(size)") {
          _ = try CSVChunkReaderTests.streamed(try chunks(path, chunkSize: size).chunks)
        }
        #expect(e?.line == line, "\(name), chunk size \(size)")
        // A quote never closed at the end of the file is said so when the reader gets there first.
        if name != "quote.csv" || size == 64 { expectContains(e?.description, ["longer than 1 MiB", "is this a CSV file?"]) }
      }
      let whole = #expect(throws: CSVError.self, "\(name) read whole") { _ = try CSVTable(bytes: bytes) }
      if name != "quote.csv" { #expect(whole?.line == line, "\(name) read whole") }
    }
    // A row of exactly the bound is read.
    let longest = Array("lon,lat,note\n4,50,".utf8) + [UInt8](repeating: 0x78, count: max - 5) + Array("\n4,50,b\n".utf8)
    let path = try writeRaw(longest, dir, "ok.csv")
    #expect(try CSVChunkReaderTests.streamed(try chunks(path, chunkSize: 64).chunks).rows.map(\.count) == [max, 6])
    #expect(try CSVTable(bytes: longest).rowCount == 2)
  }

  @Test func wholeReadsStopAtTheirBound() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["p.txt", "p.txt.gz"]) }
    let data = GzipTests.randomBytes(100_000, seed: 5, alphabet: 3)
    let plain = try writeRaw(data, dir, "p.txt")
    try FileIO.write(data, to: dir.file("p.txt.gz"))
    for path in [plain, dir.file("p.txt.gz")] {
      #expect(try FileIO.read(path, limit: 100_000) == data)
      let e = #expect(throws: FileError.self) { _ = try FileIO.read(path, limit: 99_999) }
      #expect(e?.path == path)
      expectContains(e?.description, ["holds more than 99999 bytes", "the most buurt reads of such a file whole"])
      #expect(try InflatingBlockReader(path: path).readAll(limit: 100_000) == data)
    }
    let inflated = #expect(throws: FileError.self) { _ = try FileIO.read(dir.file("p.txt.gz"), limit: 1 << 10) }
    expectContains(inflated?.description, ["holds more than 1 KiB once inflated"])
    #expect(try FileIO.readRaw(plain, limit: 100_000) == data)
    #expect(throws: FileError.self) { _ = try FileIO.readRaw(plain, limit: 10) }
    #expect(FileIO.byteCount(FileIO.maximumWholeFileBytes) == "128 MiB")
    #expect(FileIO.byteCount(FileIO.maximumTableBytes) == "1 GiB")
  }
}
