#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a CSV file as its header and then chunks of about `chunkSize` bytes of whole rows,
/// in file order, each with the line number it starts on (see ``CSVChunk``).
///
/// Cutting follows RFC 4180 as ``CSVTable`` reads it: a chunk ends just after the last `\n`
/// outside quotes in the bytes read, so a quoted field with line breaks is never split; `\r\n`
/// line ends stay with their row; a UTF-8 byte-order mark before the header is dropped; a last
/// line without a line end is the end of the last chunk. A row longer than `chunkSize` makes
/// a longer chunk; a row longer than ``CSVRowScanner/maximumRowBytes`` (1 MiB) is refused as
/// soon as that many bytes are read without a row end (a file with no line end, or a quote
/// never closed, is not read on). The header is the first non-empty line.
///
/// The bytes come from any ``ByteSource``: a file (``InflatingBlockReader``, inflating gzip),
/// or a file transcoded to UTF-8 on the way (``TranscodingReader``).
///
/// Memory: the chunk being filled plus the start of the next row (at most `chunkSize` plus
/// ``CSVRowScanner/maximumRowBytes``, twice while a buffer grows). Not thread-safe: call
/// ``next()`` from one thread (chunks themselves are `Sendable` values).
public final class CSVChunkReader {
  /// The header's unquoted column names.
  public let header: [String]
  public let chunkSize: Int
  private let source: any ByteSource
  private var carry: [UInt8] = []
  private var sourceEnded = false
  private var nextLine = 1
  private var nextIndex = 0

  /// Reads up to the header. - Throws: ``FileError`` from the source; ``CSVError`` for an
  /// empty file, a header with an empty or repeated name, a quote never closed in it, or a
  /// header longer than ``CSVRowScanner/maximumRowBytes``.
  public init(source: any ByteSource, chunkSize: Int = 1 << 21) throws {
    self.source = source
    self.chunkSize = max(1, chunkSize)
    var line = 1
    var first = true
    var carry: [UInt8] = []
    var ended = false
    while true {
      guard let block = try Self.nextBlock(source, &carry, &ended, self.chunkSize, line) else {
        throw CSVError(message: "the file is empty: a header line is needed")
      }
      let found: (names: Range<Int>, rest: Int)? = try block.withUnsafeBufferPointer { b in
        guard let base = b.baseAddress else { return nil }
        var i = first && CSVRowScanner.startsWithByteOrderMark(base, count: b.count) ? 3 : 0
        while i < b.count {
          guard let r = CSVRowScanner.row(base, from: i, count: b.count) else {
            throw CSVError(line: line + CSVRowScanner.lineBreaks(base, count: i), message: "a quoted field is never closed")
          }
          if r.contentEnd > i { return (i..<r.contentEnd, r.next) }
          i = r.next
        }
        return nil
      }
      first = false
      guard let found else {
        line += CSVRowScanner.lineBreaks(block)
        continue
      }
      header = try CSVTable.headerNames(block, found.names)
      nextLine = line + CSVRowScanner.lineBreaks(block, upTo: found.rest)
      self.carry = Array(block[found.rest...]) + carry
      sourceEnded = ended
      return
    }
  }

  /// The next chunk, or nil after the last. - Throws: ``FileError`` from the source;
  /// ``CSVError`` for a row longer than ``CSVRowScanner/maximumRowBytes`` (checked here for
  /// the first row of the chunk, by ``CSVChunk/rows()`` for the others).
  public func next() throws -> CSVChunk? {
    guard let block = try Self.nextBlock(source, &carry, &sourceEnded, chunkSize, nextLine) else { return nil }
    let chunk = CSVChunk(index: nextIndex, bytes: block, firstLine: nextLine)
    nextIndex += 1
    nextLine += CSVRowScanner.lineBreaks(block)
    return chunk
  }

  /// Whole rows of at least `size` bytes (fewer at the end of the file): `carry` and then the
  /// source's bytes, cut after the last `\n` outside quotes; what follows the cut becomes the
  /// new `carry`. nil when nothing is left.
  private static func nextBlock(
    _ source: any ByteSource, _ carry: inout [UInt8], _ ended: inout Bool, _ size: Int, _ line: Int
  ) throws -> [UInt8]? {
    var capacity = max(size, carry.count + size / 2)
    var data = carry
    carry = []
    while true {
      if !ended && data.count < capacity {
        // A fresh buffer of `capacity` bytes: what was read so far, then the source's bytes.
        let kept = data
        data = try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
          let raw = UnsafeMutableRawBufferPointer(buffer)
          kept.withUnsafeBytes { k in
            if let from = k.baseAddress, let to = raw.baseAddress { to.copyMemory(from: from, byteCount: k.count) }
          }
          let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[kept.count...]))
          if got < capacity - kept.count { ended = true }
          count = kept.count + got
        }
      }
      if data.isEmpty { return nil }
      if ended { return data }
      if let cut = data.withUnsafeBufferPointer({ lastRowEnd($0) }) {
        carry = Array(data[cut...])
        data.removeSubrange(cut...)
        return data
      }
      // No row ends in the bytes read: the first row is longer than them; read on up to the bound.
      guard data.count <= CSVRowScanner.maximumRowBytes else { throw CSVRowScanner.rowTooLong(line: line) }
      capacity = min(CSVRowScanner.maximumRowBytes + 1, capacity * 2)
    }
  }

  /// One past the last `\n` outside quotes in `b` (which starts outside quotes), or nil.
  private static func lastRowEnd(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = b.baseAddress else { return nil }
    let n = b.count
    if memchr(base, 0x22, n) == nil {
      var k = n
      while k > 0 {
        k -= 1
        if base[k] == 0x0A { return k + 1 }
      }
      return nil
    }
    var inQuotes = false
    var last: Int?
    for k in 0..<n {
      let c = base[k]
      if c == 0x22 { inQuotes.toggle() } else if c == 0x0A && !inQuotes { last = k + 1 }
    }
    return last
  }
}
