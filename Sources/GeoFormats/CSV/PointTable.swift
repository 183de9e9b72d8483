public import GeoCore

/// The positions of a point table, in lon/lat or in a metric CRS.
public enum PointPositions: Sendable {
  case lonLat([LonLat])
  case metric([XY], CRS)

  public var count: Int {
    switch self {
    case .lonLat(let p): p.count
    case .metric(let p, _): p.count
    }
  }
}

/// A CSV table of points: every row keeps its bytes, and its position is parsed from
/// `lon`,`lat` (default) or from `x`,`y` when a metric CRS is given.
public struct PointTable: Sendable {
  public let table: CSVTable
  public let positions: PointPositions
  public let firstColumn: Int
  public let secondColumn: Int

  /// Reads and checks every row. - Throws: ``CSVError`` naming the line and column of the
  /// first bad row: missing column, non-numeric, NaN or infinite value, latitude or longitude
  /// out of range (with a hint when the values are Lambert metres), lat/lon swapped.
  /// - Parameters:
  ///   - crs: nil or EPSG:4326 reads `lon`,`lat`; any other CRS reads `x`,`y`.
  ///   - columns: override the two column names.
  ///   - threads: rows are parsed in parallel.
  public init(table: CSVTable, crs: CRS? = nil, columns: (String, String)? = nil, threads: Int = 1) throws {
    self.table = table
    let parser = try PointRowParser(header: table.header, crs: crs, columns: columns)
    firstColumn = parser.firstColumn
    secondColumn = parser.secondColumn
    if parser.geographic {
      let points = try PointTable.parse(table, parser, threads: threads) { LonLat(lon: $0, lat: $1) }
      try parser.check(BoundingBox(points))
      positions = .lonLat(points)
    } else {
      let points = try PointTable.parse(table, parser, threads: threads) { XY(x: $0, y: $1) }
      try parser.check(BoundingBox(points))
      positions = .metric(points, parser.metricCRS)
    }
  }

  /// Every row's position, parsed in parallel; throws the problem of the lowest bad row.
  static func parse<C: Sendable>(
    _ table: CSVTable, _ parser: PointRowParser, threads: Int, make: @escaping @Sendable (Double, Double) -> C
  ) throws -> [C] {
    let n = table.rowCount
    let errors = RowErrors()
    let points = table.bytes.withUnsafeBufferPointer { buffer in
      table.rowStart.withUnsafeBufferPointer { starts in
        table.rowEnd.withUnsafeBufferPointer { ends in
          [C](unsafeUninitializedCapacity: n) { out, count in
            guard let base = buffer.baseAddress, let s = starts.baseAddress, let e = ends.baseAddress,
              let o = out.baseAddress
            else { return }
            nonisolated(unsafe) let (base0, s0, e0, o0) = (base, s, e, o)
            Parallel.forEachChunk(count: n, threads: threads, minimumChunk: 65_536) { range in
              if let p = parser.parse(base0, starts: s0, ends: e0, rows: range, make: make, into: o0 + range.lowerBound) {
                errors.record(p.row, p.column, p.message)
              }
            }
            // Positions are plain pairs of doubles: a partly written buffer is dropped as a whole.
            count = errors.first == nil ? n : 0
          }
        }
      }
    }
    if let (row, column, message) = errors.first {
      throw CSVError(line: table.line(ofRow: row), column: column, message: message)
    }
    return points
  }

  /// Reads a `.csv` or `.csv.gz` file whole, up to ``FileIO/maximumTableBytes`` once
  /// inflated (``CSVChunkReader`` streams a table of any length). - Throws: ``FileError``,
  /// ``CSVError``.
  public static func read(path: String, crs: CRS? = nil, columns: (String, String)? = nil, threads: Int = 1) throws -> PointTable {
    try PointTable(table: CSVTable(bytes: FileIO.read(path, limit: FileIO.maximumTableBytes)), crs: crs, columns: columns, threads: threads)
  }
}

/// Keeps the error of the lowest row among parallel parsers.
final class RowErrors: @unchecked Sendable {
  private var best: (Int, String?, String)?
  private let lock = SpinLock()
  func record(_ row: Int, _ column: String?, _ message: String) {
    lock.withLock {
      if best == nil || row < best!.0 { best = (row, column, message) }
    }
  }
  var first: (Int, String?, String)? { lock.withLock { best } }
}
