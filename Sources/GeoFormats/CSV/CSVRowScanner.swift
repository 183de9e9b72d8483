#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds the rows of RFC 4180 CSV bytes one at a time: the one row scanner behind
/// ``CSVTable`` (a whole file) and ``CSVChunk`` (one chunk of a streamed file).
///
/// A row ends at a `\n` outside quotes; a `\r` before it is not part of the row; a `"`
/// toggles quoting (so `""` inside a quoted field keeps it quoted). Rows without a quote are
/// found with `memchr` alone. Pure functions of their arguments; safe from any thread.
public enum CSVRowScanner {
  /// The most bytes one row may have (its content, line end not counted): 1 MiB. A longer
  /// row is refused, not read on: a file with no line end (or a quote never closed) is not a
  /// table, and reading on would hold it all. A row of a point or address table is well under
  /// 1 KB.
  public static let maximumRowBytes = 1 << 20

  /// The error for a row longer than ``maximumRowBytes`` that starts on `line`.
  public static func rowTooLong(line: Int) -> CSVError {
    CSVError(
      line: line,
      message:
        "the row is longer than \(FileIO.byteCount(maximumRowBytes)), the most buurt reads as one row (no line end, or a quote that is never closed); is this a CSV file?"
    )
  }

  /// The index of the first row longer than ``maximumRowBytes`` (`ends[i] - starts[i]`), or nil.
  public static func firstTooLong(starts: [Int], ends: [Int]) -> Int? {
    starts.indices.first { ends[$0] - starts[$0] > maximumRowBytes }
  }

  /// One row found by ``row(_:from:count:)``.
  public struct Row: Hashable, Sendable {
    /// Where the row's content ends (exclusive), without the line end; equal to the row's
    /// start for an empty line.
    public var contentEnd: Int
    /// Where the next row starts: one past the `\n`, or `count` for a last line without one.
    public var next: Int
  }

  /// The row starting at `start` in `base[0..<count]` (`start < count`), or nil when a quote
  /// opened in it is never closed before `count`.
  @inline(__always)
  public static func row(_ base: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Row? {
    var end = n
    if let p = memchr(base + start, 0x0A, n - start) {
      end = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }
    if memchr(base + start, 0x22, end - start) != nil {
      var inQuotes = false
      var k = start
      while k < n {
        let c = base[k]
        if c == 0x22 { inQuotes.toggle() } else if c == 0x0A && !inQuotes { break }
        k += 1
      }
      if inQuotes { return nil }
      end = k
    }
    var contentEnd = end
    if contentEnd > start && base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
    return Row(contentEnd: contentEnd, next: min(n, end + 1))
  }

  /// Appends the content range of every non-empty row of `base[from..<count]` to `starts`
  /// and `ends`. - Returns: nil, or the offset of the row whose quote is never closed (the
  /// rows before it are appended).
  public static func rows(
    _ base: UnsafePointer<UInt8>, from: Int, count n: Int, starts: inout [Int], ends: inout [Int]
  ) -> Int? {
    var i = from
    while i < n {
      guard let r = row(base, from: i, count: n) else { return i }
      if r.contentEnd > i {
        starts.append(i)
        ends.append(r.contentEnd)
      }
      i = r.next
    }
    return nil
  }

  /// The number of `\n` bytes in `base[0..<count]`.
  public static func lineBreaks(_ base: UnsafePointer<UInt8>, count n: Int) -> Int {
    // Eight bytes at a time: a byte of `x` is zero exactly where the input byte is `\n`, and
    // `~(((x & 0x7F…) + 0x7F…) | x) & 0x80…` sets the top bit of exactly the zero bytes.
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low7 = ones &* 0x7F
    let high = ones &* 0x80
    var lines = 0
    var k = 0
    while k + 8 <= n {
      let x = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ (ones &* 0x0A)
      lines &+= (~(((x & low7) &+ low7) | x) & high).nonzeroBitCount
      k += 8
    }
    while k < n {
      if base[k] == 0x0A { lines += 1 }
      k += 1
    }
    return lines
  }

  /// The number of `\n` bytes in `bytes[0..<end]` (`end` nil: all of them).
  public static func lineBreaks(_ bytes: [UInt8], upTo end: Int? = nil) -> Int {
    bytes.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return 0 }
      return lineBreaks(base, count: min(end ?? b.count, b.count))
    }
  }

  /// Whether `bytes` start with a UTF-8 byte-order mark (EF BB BF).
  public static func startsWithByteOrderMark(_ base: UnsafePointer<UInt8>, count n: Int) -> Bool {
    n >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF
  }
}
