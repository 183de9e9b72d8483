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
    let geographic = crs?.isGeographicWGS84 ?? true
    let names = columns ?? (geographic ? ("lon", "lat") : ("x", "y"))
    guard let a = table.column(named: names.0), let b = table.column(named: names.1) else {
      var message = "no columns \"\(names.0)\" and \"\(names.1)\" in the header (\(table.header.joined(separator: ",")))"
      if geographic, table.column(named: "x") != nil, table.column(named: "y") != nil {
        message += "; the file has x,y columns: pass --crs EPSG:31370 (or the CRS they are in)"
      } else if !geographic, table.column(named: "lon") != nil {
        message += "; the file has lon,lat columns: drop --crs"
      }
      throw CSVError(line: 1, message: message)
    }
    firstColumn = a
    secondColumn = b
    let n = table.rowCount
    var first = [Double](repeating: 0, count: n)
    var second = [Double](repeating: 0, count: n)
    let errors = RowErrors()
    let lastColumn = table.header.count - 1
    let nameA = names.0
    let nameB = names.1
    table.bytes.withUnsafeBufferPointer { buffer in
      nonisolated(unsafe) let base = buffer.baseAddress!
      first.withUnsafeMutableBufferPointer { fa in
        second.withUnsafeMutableBufferPointer { sa in
          nonisolated(unsafe) let fa = fa
          nonisolated(unsafe) let sa = sa
          Parallel.forEachChunk(count: n, threads: threads, minimumChunk: 65_536) { range in
            for row in range {
              let s = table.rowStart[row]
              let e = table.rowEnd[row]
              guard let ra = CSVTable.fieldRange(base, s, e, a), let rb = CSVTable.fieldRange(base, s, e, b),
                CSVTable.fieldRange(base, s, e, lastColumn) != nil
              else {
                errors.record(row, nil, "the row has fewer fields than the header")
                return
              }
              guard let va = PointTable.number(base, ra) else {
                errors.record(row, nameA, PointTable.describe(base, ra))
                return
              }
              guard let vb = PointTable.number(base, rb) else {
                errors.record(row, nameB, PointTable.describe(base, rb))
                return
              }
              if geographic && (abs(va) > 180 || abs(vb) > 90) {
                let what = abs(vb) > 90 ? "latitude \(vb) is out of range [-90, 90]" : "longitude \(va) is out of range [-180, 180]"
                let hint = CoordinateSanity.metricHint(va, vb).map { "; \($0) (the x,y columns are read then)" } ?? ""
                errors.record(row, abs(vb) > 90 ? nameB : nameA, what + hint)
                return
              }
              fa[row] = va
              sa[row] = vb
            }
          }
        }
      }
    }
    if let (row, column, message) = errors.first {
      throw CSVError(line: table.line(ofRow: row), column: column, message: message)
    }
    if geographic {
      var box = BoundingBox<LonLat>.empty
      var points: [LonLat] = []
      points.reserveCapacity(n)
      for i in 0..<n {
        let p = LonLat(lon: first[i], lat: second[i])
        box.extend(p)
        points.append(p)
      }
      if CoordinateSanity.looksSwapped(box) { throw CSVError(message: CoordinateSanity.swappedMessage) }
      positions = .lonLat(points)
    } else {
      var box = BoundingBox<XY>.empty
      var points: [XY] = []
      points.reserveCapacity(n)
      for i in 0..<n {
        let p = XY(x: first[i], y: second[i])
        box.extend(p)
        points.append(p)
      }
      if CoordinateSanity.looksLikeDegrees(box), let crs {
        throw CSVError(message: "the \(names.0),\(names.1) values look like lon/lat degrees, not \(crs) metres")
      }
      positions = .metric(points, crs ?? .belgianLambert72)
    }
  }

  /// Reads a `.csv` or `.csv.gz` file. - Throws: ``FileError``, ``CSVError``.
  public static func read(path: String, crs: CRS? = nil, columns: (String, String)? = nil, threads: Int = 1) throws -> PointTable {
    try PointTable(table: CSVTable(bytes: FileIO.read(path)), crs: crs, columns: columns, threads: threads)
  }

  @inline(__always)
  static func number(_ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> Double? {
    var s = r.lowerBound
    var e = r.upperBound
    while s < e && (base[s] == 0x20 || base[s] == 0x22) { s += 1 }
    while e > s && (base[e - 1] == 0x20 || base[e - 1] == 0x22) { e -= 1 }
    guard let v = NumberParser.parse(base, s, e), v.isFinite else { return nil }
    return v
  }

  static func describe(_ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> String {
    let text = String(decoding: UnsafeBufferPointer(start: base + r.lowerBound, count: r.count), as: UTF8.self)
    if text.isEmpty { return "the value is empty" }
    let lower = text.lowercased()
    if lower.contains("nan") { return "\"\(text)\" is NaN, not a coordinate" }
    if lower.contains("inf") { return "\"\(text)\" is infinite, not a coordinate" }
    if text.contains(",") || text.filter({ $0 == "," }).count == 1 { return "\"\(text)\" is not a number (use a decimal point, not a comma)" }
    return "\"\(text)\" is not a number"
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
