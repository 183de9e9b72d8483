#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A problem in a CSV file, with the line (1 = header) and column it is in.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
  public var line: Int?
  public var column: String?
  public var message: String
  public init(line: Int? = nil, column: String? = nil, message: String) {
    self.line = line
    self.column = column
    self.message = message
  }
  public var description: String {
    var parts: [String] = []
    if let l = line { parts.append("line \(l)") }
    if let c = column { parts.append("column \(c)") }
    return parts.isEmpty ? message : parts.joined(separator: ", ") + ": " + message
  }
}

/// An RFC 4180 CSV file held as bytes, with its header and the byte range of every row.
///
/// Rows keep their exact bytes, so a tool can copy them to its output unchanged and append
/// columns. Fields may be quoted (`"a, b"`, `""` for a quote, newlines inside quotes); line
/// ends may be `\n` or `\r\n`; a UTF-8 byte-order mark is skipped; empty lines are not rows.
public struct CSVTable: Sendable {
  public let bytes: [UInt8]
  public let header: [String]
  /// Byte offset where row `i` starts and ends (exclusive, without the line end).
  public let rowStart: [Int]
  public let rowEnd: [Int]

  public var rowCount: Int { rowStart.count }

  /// Splits `bytes` into header and rows. - Throws: ``CSVError`` for an empty file, a header
  /// with empty or repeated names, an unterminated quote, a row longer than
  /// ``CSVRowScanner/maximumRowBytes`` or text that is not UTF-8.
  public init(bytes: [UInt8]) throws {
    self.bytes = bytes
    var starts: [Int] = []
    var ends: [Int] = []
    starts.reserveCapacity(bytes.count / 64)
    ends.reserveCapacity(bytes.count / 64)
    var headerRange: Range<Int>?
    try bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let n = buffer.count
      var i = CSVRowScanner.startsWithByteOrderMark(base, count: n) ? 3 : 0
      // The header is the first non-empty row; every later non-empty row is a data row.
      while i < n, headerRange == nil {
        guard let r = CSVRowScanner.row(base, from: i, count: n) else {
          throw CSVError(line: CSVTable.line(of: i, in: buffer), message: "a quoted field is never closed")
        }
        if r.contentEnd > i { headerRange = i..<r.contentEnd }
        i = r.next
      }
      if let bad = UTF8Check.firstInvalid(base, count: n) {
        throw UTF8Check.error(line: CSVTable.line(of: bad, in: buffer), byte: base[bad])
      }
      if let open = CSVRowScanner.rows(base, from: i, count: n, starts: &starts, ends: &ends) {
        throw CSVError(line: CSVTable.line(of: open, in: buffer), message: "a quoted field is never closed")
      }
      if let long = CSVRowScanner.firstTooLong(starts: starts, ends: ends) {
        throw CSVRowScanner.rowTooLong(line: CSVTable.line(of: starts[long], in: buffer))
      }
    }
    guard let h = headerRange else { throw CSVError(message: "the file is empty: a header line is needed") }
    let names = try CSVTable.headerNames(bytes, h)
    header = names
    rowStart = starts
    rowEnd = ends
  }

  /// The index of the column named `name` (exact match first, then case-insensitive).
  public func column(named name: String) -> Int? { CSVTable.column(named: name, in: header) }

  /// The index of the column named `name` in `header` (exact match first, then
  /// case-insensitive), as ``column(named:)`` finds it.
  public static func column(named name: String, in header: [String]) -> Int? {
    header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
  }

  /// The unquoted names of the header row `bytes[range]`. - Throws: ``CSVError`` (line 1)
  /// for an empty or repeated name.
  public static func headerNames(_ bytes: [UInt8], _ range: Range<Int>) throws -> [String] {
    if range.count > CSVRowScanner.maximumRowBytes { throw CSVRowScanner.rowTooLong(line: 1) }
    if let bad = UTF8Check.firstInvalid(Array(bytes[range])) { throw UTF8Check.error(line: 1, byte: bytes[range.lowerBound + bad]) }
    let names = CSVTable.split(bytes, range.lowerBound, range.upperBound)
    var seen = Set<String>()
    for (k, name) in names.enumerated() {
      if name.isEmpty { throw CSVError(line: 1, message: "header column \(k + 1) has no name") }
      if !seen.insert(name).inserted { throw CSVError(line: 1, message: "header names column \"\(name)\" twice") }
    }
    return names
  }

  /// The fields of row `i`, unquoted.
  public func fields(row i: Int) -> [String] { CSVTable.split(bytes, rowStart[i], rowEnd[i]) }

  /// The line number (1 = header) where row `i` starts.
  public func line(ofRow i: Int) -> Int {
    bytes.withUnsafeBufferPointer { CSVTable.line(of: rowStart[i], in: $0) }
  }

  static func line(of offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
    var line = 1
    for k in 0..<offset where buffer[k] == 0x0A { line += 1 }
    return line
  }

  /// Splits `bytes[start..<end]` into unquoted fields.
  public static func split(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [String] {
    var fields: [String] = []
    var field: [UInt8] = []
    var i = start
    var inQuotes = false
    while i < end {
      let c = bytes[i]
      if inQuotes {
        if c == 0x22 {
          if i + 1 < end && bytes[i + 1] == 0x22 {
            field.append(0x22)
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          field.append(c)
        }
      } else if c == 0x22 {
        inQuotes = true
      } else if c == 0x2C {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
      } else {
        field.append(c)
      }
      i += 1
    }
    fields.append(String(decoding: field, as: UTF8.self))
    return fields
  }

  /// Byte range of field `column` within `[start, end)`, quotes included; nil when the row
  /// has fewer fields. Fast for the unquoted common case.
  @inline(__always)
  public static func fieldRange(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ column: Int) -> Range<Int>? {
    var i = start
    var k = 0
    while k < column {
      var inQuotes = false
      while i < end {
        let c = base[i]
        if c == 0x22 { inQuotes.toggle() } else if c == 0x2C && !inQuotes { break }
        i += 1
      }
      if i >= end { return nil }
      i += 1
      k += 1
    }
    var j = i
    var inQuotes = false
    while j < end {
      let c = base[j]
      if c == 0x22 { inQuotes.toggle() } else if c == 0x2C && !inQuotes { break }
      j += 1
    }
    return i..<j
  }

  /// Quotes a field for output when it contains a comma, quote or line break (RFC 4180).
  /// A text cell for a CSV that people open in a spreadsheet: a cell starting with `=`, `+`,
  /// `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel, LibreOffice and Google
  /// Sheets show it as text instead of running it as a formula (OWASP "CSV injection"); then
  /// ``escape(_:)``. For text from people or data only: numbers written by buurt stay as they are.
  public static func escapeForSpreadsheet(_ field: String) -> String { escape(neutralised(field)) }

  /// The cell text with a leading `'` when it starts with `=`, `+`, `-`, `@`, a tab or a
  /// carriage return (see ``escapeForSpreadsheet(_:)``), else unchanged.
  public static func neutralised(_ field: String) -> String {
    guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
    return "'" + field
  }

  public static func escape(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
  }
}

extension String {
  /// Replaces every occurrence of a character (no Foundation needed).
  func replacingAll(_ c: Character, with s: String) -> String {
    var out = ""
    for ch in self {
      if ch == c { out += s } else { out.append(ch) }
    }
    return out
  }
}
