import GeoCore

/// Consecutive whole rows of a streamed CSV file, with the line number they start on, as
/// ``CSVChunkReader`` cuts them: a chunk ends just after a `\n` outside quotes (or at the end
/// of the file), so no row and no quoted field is split between two chunks.
///
/// A value: `Sendable`, its methods are pure and may run on any thread.
public struct CSVChunk: Sendable {
  /// The rows of a chunk: row `i` is `bytes[starts[i]..<ends[i]]`, without its line end.
  /// Empty lines are not rows.
  public struct Rows: Sendable {
    public var starts: [Int]
    public var ends: [Int]
    public var count: Int { starts.count }
  }

  /// The chunk's place in the file: 0, 1, 2, … in order.
  public let index: Int
  /// The chunk's bytes: whole lines, each with its line end except perhaps the file's last.
  public let bytes: [UInt8]
  /// The line number (1 = the file's first line) that `bytes[0]` is on.
  public let firstLine: Int

  public init(index: Int, bytes: [UInt8], firstLine: Int) {
    self.index = index
    self.bytes = bytes
    self.firstLine = firstLine
  }

  /// The line number (1 = the file's first line) of the byte at `offset`.
  public func line(ofOffset offset: Int) -> Int {
    firstLine + CSVRowScanner.lineBreaks(bytes, upTo: offset)
  }

  /// Splits the chunk into rows (``CSVRowScanner``). - Throws: ``CSVError`` with the line of a
  /// row whose quote is never closed, of a row longer than ``CSVRowScanner/maximumRowBytes``,
  /// or of text that is not UTF-8.
  public func rows() throws -> Rows {
    var starts: [Int] = []
    var ends: [Int] = []
    let open: Int? = bytes.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return nil }
      starts.reserveCapacity(b.count / 48 + 1)
      ends.reserveCapacity(b.count / 48 + 1)
      return CSVRowScanner.rows(base, from: 0, count: b.count, starts: &starts, ends: &ends)
    }
    if let open { throw CSVError(line: line(ofOffset: open), message: "a quoted field is never closed") }
    if let long = CSVRowScanner.firstTooLong(starts: starts, ends: ends) {
      throw CSVRowScanner.rowTooLong(line: line(ofOffset: starts[long]))
    }
    if let bad = UTF8Check.firstInvalid(bytes) { throw UTF8Check.error(line: line(ofOffset: bad), byte: bytes[bad]) }
    return Rows(starts: starts, ends: ends)
  }

  /// The position of every row, read by `parser` with the same checks as ``PointTable``
  /// (the whole-file bounding-box checks are the caller's: `PointRowParser.check`).
  /// - Throws: ``CSVError`` naming the absolute line and column of the first bad row.
  public func positions(_ rows: Rows, parser: PointRowParser) throws -> PointPositions {
    if parser.geographic {
      return .lonLat(try parse(rows, parser) { LonLat(lon: $0, lat: $1) })
    }
    return .metric(try parse(rows, parser) { XY(x: $0, y: $1) }, parser.metricCRS)
  }

  private func parse<C>(_ rows: Rows, _ parser: PointRowParser, make: (Double, Double) -> C) throws -> [C] {
    var problem: PointRowParser.Problem?
    let n = rows.count
    let points = bytes.withUnsafeBufferPointer { b in
      rows.starts.withUnsafeBufferPointer { s in
        rows.ends.withUnsafeBufferPointer { e in
          [C](unsafeUninitializedCapacity: n) { out, count in
            guard let base = b.baseAddress, let sb = s.baseAddress, let eb = e.baseAddress, let o = out.baseAddress else { return }
            problem = parser.parse(base, starts: sb, ends: eb, rows: 0..<n, make: make, into: o)
            // Positions are plain pairs of doubles: a partly written buffer is dropped as a whole.
            count = problem == nil ? n : 0
          }
        }
      }
    }
    if let problem {
      throw CSVError(line: line(ofOffset: rows.starts[problem.row]), column: problem.column, message: problem.message)
    }
    return points
  }
}
