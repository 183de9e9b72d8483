#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The lines of a text file (one address a line, as `resolve --batch` reads them), read block by
/// block from a ``ByteSource`` with bounded memory.
///
/// A line ends at `\n`; a `\r` before it is not part of the line; a last line without a line
/// end is a line, and a file that ends with a line end has no empty line after it. A UTF-8
/// byte-order mark at the start is dropped. Every line must be UTF-8 (transcode another
/// character set with ``TranscodingReader``) and at most ``maximumLineBytes`` long.
///
/// Memory: one buffer of ``maximumLineBytes`` plus `blockSize` bytes. Not thread-safe.
public final class TextLineReader {
  /// The most bytes one line may have (line end not counted): 1 MiB; a longer line is refused
  /// as soon as that many bytes are read without a line end.
  public static let maximumLineBytes = 1 << 20

  public let source: any ByteSource
  /// The number (1 = the first line) of the line last returned by ``next()``; 0 before.
  public private(set) var lineNumber = 0
  private let buffer: UnsafeMutableRawBufferPointer
  private let blockSize: Int
  private var start = 0
  private var end = 0
  private var ended = false

  public init(source: any ByteSource, blockSize: Int = 1 << 16) {
    self.source = source
    self.blockSize = max(1, blockSize)
    buffer = .allocate(byteCount: Self.maximumLineBytes + 1 + self.blockSize, alignment: 16)
  }

  deinit { buffer.deallocate() }

  /// The next line without its line end, or nil after the last.
  /// - Throws: ``FileError`` from the source, or naming the path and line of a line longer than
  ///   ``maximumLineBytes`` or one that is not UTF-8.
  public func next() throws -> String? {
    guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
    while true {
      if start < end, let p = memchr(base + start, 0x0A, end - start) {
        let stop = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        defer { start = stop + 1 }
        return try line(base, start, stop)
      }
      if ended {
        guard start < end else { return nil }
        defer { start = end }
        return try line(base, start, end)
      }
      if end - start > Self.maximumLineBytes { throw tooLong(lineNumber + 1) }
      try refill(base)
    }
  }

  /// Moves what is left to the front and reads the next block after it.
  private func refill(_ base: UnsafeMutablePointer<UInt8>) throws {
    if start > 0 {
      let left = end - start
      if left > 0 { memmove(base, base + start, left) }
      start = 0
      end = left
    }
    let room = min(blockSize, buffer.count - end)
    let n = try source.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: room))
    if n < room { ended = true }
    end += n
  }

  private func line(_ base: UnsafeMutablePointer<UInt8>, _ from: Int, _ to: Int) throws -> String {
    lineNumber += 1
    var from = from
    if lineNumber == 1 && to - from >= 3 && base[from] == 0xEF && base[from + 1] == 0xBB && base[from + 2] == 0xBF { from += 3 }
    var stop = to
    if stop > from && base[stop - 1] == 0x0D { stop -= 1 }
    if stop - from > Self.maximumLineBytes { throw tooLong(lineNumber) }
    if let bad = UTF8Check.firstInvalid(base + from, count: stop - from) {
      throw FileError(path: source.path, message: UTF8Check.error(line: lineNumber, byte: base[from + bad]).description)
    }
    return String(decoding: UnsafeBufferPointer(start: base + from, count: stop - from), as: UTF8.self)
  }

  private func tooLong(_ line: Int) -> FileError {
    FileError(
      path: source.path,
      message:
        "line \(line) is longer than \(FileIO.byteCount(Self.maximumLineBytes)), the most buurt reads as one line; is this a text file with one entry a line?"
    )
  }
}
