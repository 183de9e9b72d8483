import GeoCore
import GeoFormats
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A fresh directory under /tmp, removed (with its plain files) by `cleanUp`.
struct TemporaryDirectory {
  let path: String
  init() throws {
    var template = Array("/tmp/buurt-geoformats-tests-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard made != nil else { throw FileError(path: "/tmp", message: "mkdtemp failed") }
    path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
  func file(_ name: String) -> String { path + "/" + name }
  func cleanUp(_ names: [String]) {
    for n in names { unlink(file(n)) }
    rmdir(path)
  }
}

@Suite struct GzipTests {
  static func randomBytes(_ count: Int, seed: UInt64, alphabet: Int = 256) -> [UInt8] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in UInt8(rng.below(alphabet)) }
  }

  @Test(arguments: [0, 1, 2, 100, 65_537, 1 << 20 + 3])
  func roundTripRandomBytes(count: Int) throws {
    for (seed, alphabet) in [(UInt64(count), 256), (UInt64(count) + 1, 4)] {
      let data = Self.randomBytes(count, seed: seed, alphabet: alphabet)
      let gz = try FileIO.gzip(data)
      #expect(gz.count >= 18)
      #expect(Array(gz.prefix(3)) == [0x1F, 0x8B, 0x08])
      #expect(try FileIO.gunzip(gz) == data)
    }
  }

  @Test func compressesRepetitiveData() throws {
    let data = Array(String(repeating: "id,lon,lat\n1,4.35,50.85\n", count: 10_000).utf8)
    let gz = try FileIO.gzip(data, level: 9)
    #expect(gz.count < data.count / 20)
    #expect(try FileIO.gunzip(gz) == data)
    #expect(try FileIO.gunzip(try FileIO.gzip(data, level: 1)) == data)
  }

  @Test func concatenatedMembersDecodeToTheConcatenation() throws {
    let a = Self.randomBytes(5000, seed: 1, alphabet: 16)
    let b = Array("second member\n".utf8)
    let c = Self.randomBytes(70_000, seed: 3)
    #expect(try FileIO.gunzip(try FileIO.gzip(a) + FileIO.gzip(b)) == a + b)
    #expect(try FileIO.gunzip(try FileIO.gzip(a) + FileIO.gzip([]) + FileIO.gzip(c)) == a + c)
  }

  @Test func truncatedStreamIsAFileError() throws {
    let data = Self.randomBytes(50_000, seed: 9, alphabet: 32)
    let gz = try FileIO.gzip(data)
    var rng = SeededGenerator(seed: 99)
    var cuts = [0, 1, 2, 3, 9, 10, 11, gz.count / 2, gz.count - 8, gz.count - 4, gz.count - 1]
    cuts += (0..<40).map { _ in rng.below(gz.count) }
    for cut in cuts {
      let e = #expect(throws: FileError.self, "cut at \(cut) of \(gz.count)") {
        try FileIO.gunzip(Array(gz.prefix(cut)), path: "cut.gz")
      }
      #expect(e?.path == "cut.gz")
    }
    let e = #expect(throws: FileError.self) { try FileIO.gunzip(Array(gz.dropLast(20))) }
    expectContains(e?.description, ["truncated"])
  }

  @Test func corruptStreamIsAFileError() throws {
    let data = Self.randomBytes(20_000, seed: 5, alphabet: 8)
    let gz = try FileIO.gzip(data)
    var rng = SeededGenerator(seed: 55)
    var failures = 0
    for _ in 0..<60 {
      var bad = gz
      let k = 10 + rng.below(gz.count - 10)
      bad[k] ^= UInt8(1 + rng.below(255))
      do {
        let out = try FileIO.gunzip(bad)
        // A flip that survives decoding (rare, e.g. in stored bits zlib ignores) must not be silent corruption.
        #expect(out == data, "flip at \(k) decoded to different bytes without an error")
      } catch is FileError {
        failures += 1
      }
    }
    #expect(failures > 50)
    #expect(throws: FileError.self) { try FileIO.gunzip([0x1F, 0x8B, 0x08, 0x00] + [UInt8](repeating: 0xFF, count: 40)) }
    #expect(throws: FileError.self) { try FileIO.gunzip(Array("not gzip at all".utf8)) }
  }

  @Test func writeGzReadBack() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["points.csv.gz", "points.csv", "empty.csv.gz"]) }
    let text = "id,lon,lat\n" + (0..<2000).map { "\($0),4.\($0 % 1000),50.\($0 % 997)" }.joined(separator: "\n") + "\n"
    let bytes = Array(text.utf8)

    try FileIO.write(bytes, to: dir.file("points.csv.gz"))
    let raw = try FileIO.readRaw(dir.file("points.csv.gz"))
    #expect(Array(raw.prefix(2)) == [0x1F, 0x8B])
    #expect(raw.count < bytes.count)
    #expect(try FileIO.read(dir.file("points.csv.gz")) == bytes)

    try FileIO.write(text, to: dir.file("points.csv"))
    #expect(try FileIO.readRaw(dir.file("points.csv")) == bytes)
    #expect(try FileIO.read(dir.file("points.csv")) == bytes)

    let fromGz = try PointTable.read(path: dir.file("points.csv.gz"))
    let fromPlain = try PointTable.read(path: dir.file("points.csv"))
    #expect(fromGz.positions.count == 2000)
    guard case .lonLat(let a) = fromGz.positions, case .lonLat(let b) = fromPlain.positions else {
      Issue.record("not lon/lat")
      return
    }
    #expect(a == b)

    try FileIO.write([UInt8](), to: dir.file("empty.csv.gz"))
    #expect(try FileIO.read(dir.file("empty.csv.gz")) == [])
    // No temporary file is left behind.
    #expect(!FileIO.exists(dir.file("points.csv.gz.tmp-\(getpid())")))
    #expect(FileIO.exists(dir.file("points.csv")))
    #expect(FileIO.isDirectory(dir.path))
    #expect(!FileIO.isDirectory(dir.file("points.csv")))
  }

  @Test func readErrors() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["broken.gz"]) }
    let missing = #expect(throws: FileError.self) { try FileIO.read(dir.file("missing.csv")) }
    #expect(missing?.path == dir.file("missing.csv"))
    let folder = #expect(throws: FileError.self) { try FileIO.read(dir.path) }
    expectContains(folder?.description, ["is a folder"])
    let gz = try FileIO.gzip(Array(String(repeating: "abc", count: 1000).utf8))
    try FileIO.write(Array(gz.prefix(gz.count / 2)), to: dir.file("broken.gz.part"))
    // Written without compression (no .gz suffix); read detects the gzip magic and fails cleanly.
    rename(dir.file("broken.gz.part"), dir.file("broken.gz"))
    let broken = #expect(throws: FileError.self) { try FileIO.read(dir.file("broken.gz")) }
    #expect(broken?.path == dir.file("broken.gz"))
    #expect(throws: FileError.self) { try FileIO.write([1, 2, 3], to: dir.file("no/such/folder.csv")) }
  }
}
