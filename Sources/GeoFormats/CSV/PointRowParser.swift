public import GeoCore

/// The position parser of a point CSV: which two columns hold the position, and the checks of
/// every row. ``PointTable`` (a whole file) and ``CSVChunk`` (one chunk of a streamed file)
/// share it, so both give the same positions and the same error messages.
///
/// Immutable and `Sendable`; ``parse(_:starts:ends:rows:make:into:)`` may run on several
/// threads at once over disjoint rows.
public struct PointRowParser: Sendable {
  /// A bad row found by ``parse(_:starts:ends:rows:make:into:)``: its index (in the
  /// `starts`/`ends` arrays), the column at fault (nil for a short row) and what is wrong.
  public struct Problem: Sendable, Hashable {
    public var row: Int
    public var column: String?
    public var message: String
  }

  /// Whether the position is lon/lat (`crs` nil or EPSG:4326) rather than metric x,y.
  public let geographic: Bool
  /// The CRS of metric positions (nil for lon/lat, or when none was given).
  public let crs: CRS?
  /// The header indices of the first (lon or x) and second (lat or y) column.
  public let firstColumn: Int
  public let secondColumn: Int
  /// The header names looked for (e.g. "lon", "lat").
  public let firstName: String
  public let secondName: String
  let lastColumn: Int

  /// Finds the two position columns in `header`. - Throws: ``CSVError`` (line 1) when either
  /// is missing, with a hint when the file has the other pair (x,y without `--crs`, or lon,lat
  /// with it).
  /// - Parameters:
  ///   - crs: nil or EPSG:4326 reads `lon`,`lat`; any other CRS reads `x`,`y`.
  ///   - columns: override the two column names.
  public init(header: [String], crs: CRS?, columns: (String, String)? = nil) throws {
    let geographic = crs?.isGeographicWGS84 ?? true
    let names = columns ?? (geographic ? ("lon", "lat") : ("x", "y"))
    guard let a = CSVTable.column(named: names.0, in: header), let b = CSVTable.column(named: names.1, in: header) else {
      var message = "no columns \"\(names.0)\" and \"\(names.1)\" in the header (\(header.joined(separator: ",")))"
      if geographic, CSVTable.column(named: "x", in: header) != nil, CSVTable.column(named: "y", in: header) != nil {
        message += "; the file has x,y columns: pass --crs EPSG:31370 (or the CRS they are in)"
      } else if !geographic, CSVTable.column(named: "lon", in: header) != nil {
        message += "; the file has lon,lat columns: drop --crs"
      } else if header.count == 1, let only = header.first, only.contains(";") || only.contains("\t") {
        // A Belgian spreadsheet export: separated by semicolons (often with decimal commas).
        let separator = only.contains(";") ? "semicolons (;)" : "tabs"
        message +=
          "; the columns are separated by \(separator): buurt reads comma-separated CSV with a point as the decimal mark; save the file as CSV with commas (in LibreOffice: field delimiter \",\")"
      }
      throw CSVError(line: 1, message: message)
    }
    self.geographic = geographic
    self.crs = geographic ? nil : crs
    firstColumn = a
    secondColumn = b
    firstName = names.0
    secondName = names.1
    lastColumn = header.count - 1
  }

  /// Parses the position of rows `rows` (row `i` is `base[starts[i]..<ends[i]]`) into
  /// `out[i - rows.lowerBound]`, stopping at the first bad row: fewer fields than the header,
  /// a value that is empty, not a number, NaN or infinite, or (lon/lat) a longitude beyond
  /// ±180 or latitude beyond ±90 (with a hint when the pair looks like metres).
  /// - Returns: nil when every row is good, else the first problem.
  @inline(__always)
  public func parse<C>(
    _ base: UnsafePointer<UInt8>, starts: UnsafePointer<Int>, ends: UnsafePointer<Int>, rows: Range<Int>,
    make: (Double, Double) -> C, into out: UnsafeMutablePointer<C>
  ) -> Problem? {
    for row in rows {
      let s = starts[row]
      let e = ends[row]
      guard let (ra, rb) = positionFields(base, s, e) else {
        return Problem(row: row, column: nil, message: "the row has fewer fields than the header")
      }
      guard let va = PointRowParser.number(base, ra) else {
        return Problem(row: row, column: firstName, message: PointRowParser.describe(base, ra))
      }
      guard let vb = PointRowParser.number(base, rb) else {
        return Problem(row: row, column: secondName, message: PointRowParser.describe(base, rb))
      }
      if geographic && (abs(va) > 180 || abs(vb) > 90) {
        let what = abs(vb) > 90 ? "latitude \(vb) is out of range [-90, 90]" : "longitude \(va) is out of range [-180, 180]"
        let hint = CoordinateSanity.metricHint(va, vb).map { "; \($0) (the x,y columns are read then)" } ?? ""
        return Problem(row: row, column: abs(vb) > 90 ? secondName : firstName, message: what + hint)
      }
      (out + (row - rows.lowerBound)).initialize(to: make(va, vb))
    }
    return nil
  }

  /// The byte ranges of the two position fields of the row `base[s..<e]` (quotes included),
  /// or nil when the row has fewer fields than the header: one pass up to the last column's
  /// start, as ``CSVTable/fieldRange(_:_:_:_:)`` would find each.
  @inline(__always)
  func positionFields(_ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> (Range<Int>, Range<Int>)? {
    var first = s..<s
    var second = s..<s
    var start = s
    var field = 0
    while true {
      var j = start
      var inQuotes = false
      while j < e {
        let c = base[j]
        if c == 0x22 { inQuotes.toggle() } else if c == 0x2C && !inQuotes { break }
        j += 1
      }
      if field == firstColumn { first = start..<j }
      if field == secondColumn { second = start..<j }
      if field >= lastColumn { return (first, second) }
      if j >= e { return nil }
      start = j + 1
      field += 1
    }
  }

  /// The check of the whole file's lon/lat bounding box: Belgian data with the axes swapped.
  /// - Throws: ``CSVError`` (no line) with ``CoordinateSanity/swappedMessage``.
  public func check(_ box: BoundingBox<LonLat>) throws {
    if CoordinateSanity.looksSwapped(box) { throw CSVError(message: CoordinateSanity.swappedMessage) }
  }

  /// The check of the whole file's metric bounding box: plainly lon/lat degrees.
  /// - Throws: ``CSVError`` (no line) naming the CRS.
  public func check(_ box: BoundingBox<XY>) throws {
    if CoordinateSanity.looksLikeDegrees(box), let crs {
      throw CSVError(message: "the \(firstName),\(secondName) values look like lon/lat degrees, not \(crs) metres")
    }
  }

  /// The CRS given to metric positions (EPSG:31370 when none was named).
  public var metricCRS: CRS { crs ?? .belgianLambert72 }

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
    if text.contains(",") || text.filter({ $0 == "," }).count == 1 {
      return "\"\(text)\" is not a number (use a decimal point, not a comma)"
    }
    return "\"\(text)\" is not a number"
  }
}
