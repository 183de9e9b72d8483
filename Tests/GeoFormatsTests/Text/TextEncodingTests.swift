import GeoCore
import GeoFormats
import Testing

/// Bytes handed out by a ``ByteSource`` read through buffers of `size` bytes.
func drain(_ source: any ByteSource, bufferSize size: Int) throws -> [UInt8] {
  var out: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: size)
  while true {
    let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
    out += buffer[0..<n]
    if n < size { return out }
  }
}

@Suite struct TextEncodingTests {
  @Test func namesAndAliases() {
    #expect(TextEncoding(name: "UTF-8") == .utf8)
    #expect(TextEncoding(name: "utf8") == .utf8)
    #expect(TextEncoding(name: "Latin-1") == .latin1)
    #expect(TextEncoding(name: "iso-8859-1") == .latin1)
    #expect(TextEncoding(name: "windows-1252") == .windows1252)
    #expect(TextEncoding(name: "CP1252") == .windows1252)
    #expect(TextEncoding(name: "ebcdic") == nil)
    #expect(TextEncoding.allCases.map(\.rawValue) == ["utf-8", "latin-1", "windows-1252"])
  }

  @Test func latin1IsTheCodePointOfEveryByte() {
    let bytes = (0...255).map { UInt8($0) }
    let expected = String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    #expect(TextEncoding.latin1.utf8(bytes) == Array(expected.utf8))
    #expect(
      String(decoding: TextEncoding.latin1.utf8(Array("Rue de l'".utf8) + [0xC9] + Array("glise".utf8)), as: UTF8.self) == "Rue de l'Église"
    )
  }

  @Test func windows1252FollowsWHATWG() {
    let pairs: [(UInt8, String)] = [
      (0x80, "€"), (0x85, "…"), (0x8A, "Š"), (0x8C, "Œ"), (0x91, "‘"), (0x92, "’"), (0x93, "“"), (0x94, "”"),
      (0x96, "–"), (0x97, "—"), (0x99, "™"), (0x9C, "œ"), (0x9F, "Ÿ"), (0xC9, "É"), (0xE8, "è"), (0xFF, "ÿ"),
      (0x81, "\u{81}"), (0x8D, "\u{8D}"), (0x8F, "\u{8F}"), (0x90, "\u{90}"), (0x9D, "\u{9D}"), (0x41, "A"),
    ]
    for (byte, text) in pairs { #expect(TextEncoding.windows1252.utf8([byte]) == Array(text.utf8), "byte \(byte)") }
    #expect(TextEncoding.utf8.utf8([0xC9, 0x41]) == [0xC9, 0x41], "UTF-8 is left as it is (and checked by the reader)")
  }

  @Test(arguments: [1, 2, 3, 7, 4096])
  func transcodingReaderMatchesTheWholeTranscoding(blockSize: Int) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["t.csv", "t.csv.gz"]) }
    let data = GzipTests.randomBytes(50_001, seed: UInt64(blockSize), alphabet: 256)
    let plain = try writeRaw(data, dir, "t.csv")
    try FileIO.write(data, to: dir.file("t.csv.gz"))
    for encoding in [TextEncoding.latin1, .windows1252] {
      for path in [plain, dir.file("t.csv.gz")] {
        for bufferSize in [1, 5, 1 << 16] {
          let source = TranscodingReader(
            source: try InflatingBlockReader(path: path, blockSize: 5), encoding: encoding, blockSize: blockSize)
          #expect(source.path == path)
          #expect(try drain(source, bufferSize: bufferSize) == encoding.utf8(data), "\(encoding), \(path), buffer \(bufferSize)")
        }
      }
    }
    let same = try InflatingBlockReader(path: plain)
    #expect(TranscodingReader.utf8(same, from: .utf8) === same)
  }

  @Test func chunkReaderReadsTranscodedRows() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["l.csv"]) }
    var text = Array("street,lon,lat\n".utf8)
    for k in 0..<2000 { text += [0xC9] + Array("glise \(k),5.6,50.9\n".utf8) }
    let path = try writeRaw(text, dir, "l.csv")
    let refused = #expect(throws: CSVError.self) { _ = try CSVChunkReaderTests.streamed(try chunks(path, chunkSize: 1000).chunks) }
    #expect(refused?.line == 2)
    expectContains(refused?.description, ["not UTF-8 (byte 0xC9)", "--encoding latin-1"])
    let reader = try CSVChunkReader(
      source: TranscodingReader(source: try InflatingBlockReader(path: path, blockSize: 7), encoding: .latin1), chunkSize: 1000)
    var rows: [String] = []
    while let chunk = try reader.next() {
      let found = try chunk.rows()
      for k in 0..<found.count { rows.append(String(decoding: chunk.bytes[found.starts[k]..<found.ends[k]], as: UTF8.self)) }
    }
    #expect(rows.count == 2000)
    #expect(rows.first == "Église 0,5.6,50.9" && rows.last == "Église 1999,5.6,50.9")
  }
}

@Suite struct TextLineReaderTests {
  func lines(_ bytes: [UInt8], blockSize: Int = 3) throws -> [String] {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["l.txt"]) }
    let reader = TextLineReader(
      source: try InflatingBlockReader(path: try writeRaw(bytes, dir, "l.txt"), blockSize: 2), blockSize: blockSize)
    var out: [String] = []
    while let line = try reader.next() { out.append(line) }
    #expect(reader.lineNumber == out.count)
    return out
  }

  @Test(arguments: [1, 2, 3, 64])
  func linesAsTheyAreTyped(blockSize: Int) throws {
    #expect(try lines(Array("a\nb c\r\n\n  \nlast".utf8), blockSize: blockSize) == ["a", "b c", "", "  ", "last"])
    #expect(try lines(Array("a\nb\n".utf8), blockSize: blockSize) == ["a", "b"])
    #expect(try lines([0xEF, 0xBB, 0xBF] + Array("Kerkstraat 1\n".utf8), blockSize: blockSize) == ["Kerkstraat 1"])
    #expect(try lines([], blockSize: blockSize) == [])
    #expect(try lines(Array("\n".utf8), blockSize: blockSize) == [""])
  }

  @Test func badLinesNameTheirLine() throws {
    let notUTF8 = #expect(throws: FileError.self) { _ = try lines(Array("ok\nRue de l'".utf8) + [0xC9] + Array("glise\n".utf8)) }
    expectContains(notUTF8?.description, ["l.txt: line 2: the text is not UTF-8 (byte 0xC9)", "--encoding latin-1"])
    let long = [UInt8](repeating: 0x61, count: TextLineReader.maximumLineBytes + 1)
    let endless = #expect(throws: FileError.self) { _ = try lines(Array("ok\n".utf8) + long, blockSize: 1 << 16) }
    expectContains(endless?.description, ["line 2 is longer than 1 MiB"])
    let ended = #expect(throws: FileError.self) { _ = try lines(Array("ok\n".utf8) + long + [0x0A], blockSize: 1 << 16) }
    expectContains(ended?.description, ["line 2 is longer than 1 MiB"])
    let longest = [UInt8](repeating: 0x61, count: TextLineReader.maximumLineBytes)
    #expect(try lines(longest + Array("\r\nb".utf8), blockSize: 1 << 16).map(\.count) == [TextLineReader.maximumLineBytes, 1])
  }
}
