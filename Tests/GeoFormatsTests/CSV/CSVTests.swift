import GeoCore
import GeoFormats
import TestSupport
import Testing

@Suite struct CSVTableTests {
  func table(_ text: String) throws -> CSVTable { try CSVTable(bytes: Array(text.utf8)) }

  @Test func quotedFields() throws {
    let t = try table(
      "name,lon,lat\n\"Smith, John\",4.35,50.85\n\"He said \"\"hi\"\"\",4.4,50.9\n\"two\nlines\",4.5,51.0\n\"\",\"4.6\",51.1\nlast,4.7,51.2"
    )
    #expect(t.header == ["name", "lon", "lat"])
    #expect(t.rowCount == 5)
    #expect(t.fields(row: 0) == ["Smith, John", "4.35", "50.85"])
    #expect(t.fields(row: 1) == ["He said \"hi\"", "4.4", "50.9"])
    #expect(t.fields(row: 2) == ["two\nlines", "4.5", "51.0"])
    #expect(t.fields(row: 3) == ["", "4.6", "51.1"])
    #expect(t.fields(row: 4) == ["last", "4.7", "51.2"])
    #expect((0..<5).map { t.line(ofRow: $0) } == [2, 3, 4, 6, 7])
    // Rows keep their exact bytes.
    let raw = String(decoding: t.bytes[t.rowStart[1]..<t.rowEnd[1]], as: UTF8.self)
    #expect(raw == "\"He said \"\"hi\"\"\",4.4,50.9")
    let points = try PointTable(table: t)
    guard case .lonLat(let ps) = points.positions else {
      Issue.record("not lon/lat")
      return
    }
    #expect(ps.map(\.lon) == [4.35, 4.4, 4.5, 4.6, 4.7])
    #expect(ps.map(\.lat) == [50.85, 50.9, 51.0, 51.1, 51.2])
  }

  @Test func crlfLineEndsAndEmptyLines() throws {
    let t = try table("lon,lat,name\r\n4.35,50.85,a\r\n\r\n4.4,50.9,\"x\r\ny\"\r\n\n4.5,51,c\r\n")
    #expect(t.header == ["lon", "lat", "name"])
    #expect(t.rowCount == 3)
    #expect(t.fields(row: 0) == ["4.35", "50.85", "a"])
    #expect(t.fields(row: 1) == ["4.4", "50.9", "x\r\ny"])
    #expect(t.fields(row: 2) == ["4.5", "51", "c"])
    #expect((0..<3).map { t.line(ofRow: $0) } == [2, 4, 7])
  }

  @Test func byteOrderMarkIsSkipped() throws {
    let t = try CSVTable(bytes: [0xEF, 0xBB, 0xBF] + Array("lon,lat\n4.35,50.85\n".utf8))
    #expect(t.header == ["lon", "lat"])
    #expect(t.column(named: "lon") == 0)
    #expect(try PointTable(table: t).positions.count == 1)
  }

  @Test func columnLookupIsExactThenCaseInsensitive() throws {
    let t = try table("LON,Lat,lat\n1,2,3\n")
    #expect(t.column(named: "lon") == 0)
    #expect(t.column(named: "lat") == 2)
    #expect(t.column(named: "LAT") == 1)
    #expect(t.column(named: "x") == nil)
  }

  @Test func escapeQuotesOnlyWhenNeeded() {
    #expect(CSVTable.escape("plain") == "plain")
    #expect(CSVTable.escape("a,b") == "\"a,b\"")
    #expect(CSVTable.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVTable.escape("two\nlines") == "\"two\nlines\"")
    // An escaped field splits back to itself.
    let fields = ["a,b", "say \"hi\"", "two\nlines", "", "x"]
    let line = Array(fields.map(CSVTable.escape).joined(separator: ",").utf8)
    #expect(CSVTable.split(line, 0, line.count) == fields)
  }

  @Test func headerProblems() {
    expectContains(csvError("lon,lat,lon\n4,50,1\n")?.description, ["line 1", "header names column \"lon\" twice"])
    expectContains(csvError("lon,,lat\n4,1,50\n")?.description, ["line 1", "header column 2 has no name"])
    let empty = csvError("")
    expectContains(empty?.description, ["empty"])
    expectContains(csvError("\n\r\n\n")?.description, ["empty"])
    #expect(empty?.line == nil)
  }

  @Test func unterminatedQuote() {
    let e = csvError("lon,lat,name\n4.35,50.85,a\n4.4,50.9,\"oops\n4.5,51,c\n")
    #expect(e?.line == 3)
    expectContains(e?.description, ["line 3", "never closed"])
    expectContains(csvError("\"lon,lat\n")?.description, ["line 1", "never closed"])
  }
}

@Suite struct PointTableTests {
  func points(_ text: String, crs: CRS? = nil, threads: Int = 1) throws -> PointPositions {
    try PointTable(table: CSVTable(bytes: Array(text.utf8)), crs: crs, threads: threads).positions
  }

  @Test func lonLatColumns() throws {
    let text = "id,name,lat,lon\n1,Brussel,50.8503,4.3517\n2,\"Gent, centrum\",51.0543,3.7174\n3,Arlon, 49.6833 ,5.8167\n"
    let table = try PointTable(table: CSVTable(bytes: Array(text.utf8)))
    #expect(table.firstColumn == 3)
    #expect(table.secondColumn == 2)
    guard case .lonLat(let ps) = table.positions else {
      Issue.record("not lon/lat")
      return
    }
    #expect(ps == [LonLat(lon: 4.3517, lat: 50.8503), LonLat(lon: 3.7174, lat: 51.0543), LonLat(lon: 5.8167, lat: 49.6833)])
  }

  @Test func columnNamesCanBeGiven() throws {
    let text = "longitude;x,latitude\n4.4,50.9\n"
    let t = try PointTable(table: CSVTable(bytes: Array(text.utf8)), columns: ("longitude;x", "latitude"))
    guard case .lonLat(let ps) = t.positions else {
      Issue.record("not lon/lat")
      return
    }
    #expect(ps == [LonLat(lon: 4.4, lat: 50.9)])
  }

  @Test func metricCRSReadsXY() throws {
    let text = "x,y,lon,lat\n141488.89,158436.73,0,0\n150000,170000.5,0,0\n"
    guard case .metric(let ps, let crs) = try points(text, crs: CRS("EPSG:31370")) else {
      Issue.record("not metric")
      return
    }
    #expect(crs == .belgianLambert72)
    #expect(ps == [XY(x: 141488.89, y: 158436.73), XY(x: 150000, y: 170000.5)])
    // EPSG:4326 as crs still means lon/lat.
    guard case .lonLat = try points("lon,lat\n4,50\n", crs: .wgs84) else {
      Issue.record("EPSG:4326 should read lon/lat")
      return
    }
  }

  @Test func emptyTableIsFine() throws {
    #expect(try points("lon,lat\n").count == 0)
  }

  // MARK: - Errors

  @Test func nonNumericValue() {
    let e = csvError("name,lon,lat\na,4.35,50.85\nb,4.4,abc\n")
    #expect(e?.line == 3)
    #expect(e?.column == "lat")
    expectContains(e?.description, ["line 3", "column lat", "\"abc\" is not a number"])
  }

  @Test func decimalComma() {
    expectContains(csvError("lon,lat\n\"4,35\",50.85\n")?.description, ["line 2", "column lon", "decimal point"])
  }

  @Test func emptyValue() {
    let e = csvError("lon,lat\n4.35,50.85\n4.36,50.86\n,50.87\n")
    #expect(e?.line == 4)
    expectContains(e?.description, ["line 4", "column lon", "the value is empty"])
    expectContains(csvError("lon,lat\n4.35,\n")?.description, ["line 2", "column lat", "empty"])
  }

  @Test(arguments: ["nan", "NaN", "-nan"])
  func nanValue(_ v: String) {
    let e = csvError("lon,lat\n4.35,50.85\n\(v),50.86\n")
    #expect(e?.line == 3)
    expectContains(e?.description, ["line 3", "column lon", "NaN"])
  }

  @Test(arguments: ["inf", "Infinity", "-Infinity"])
  func infiniteValue(_ v: String) {
    expectContains(csvError("lon,lat\n4.35,\(v)\n")?.description, ["line 2", "column lat", "infinite"])
  }

  @Test func latitudeOutOfRangeWithLambertHint() {
    let e = csvError("id,lon,lat\n1,4.35,50.85\n2,141488.89,158436.73\n")
    #expect(e?.line == 3)
    expectContains(e?.description, ["line 3", "latitude 158436.73 is out of range", "EPSG:31370", "--crs"])
    expectContains(csvError("lon,lat\n700000,650000\n")?.description, ["line 2", "EPSG:3812"])
    expectContains(csvError("lon,lat\n200.5,45\n")?.description, ["line 2", "column lon", "longitude 200.5 is out of range"])
  }

  @Test func missingLonLatWithXYSuggestsCRS() {
    let e = csvError("id,x,y\n1,141488.89,158436.73\n")
    #expect(e?.line == 1)
    expectContains(e?.description, ["line 1", "no columns \"lon\" and \"lat\"", "x,y", "--crs EPSG:31370"])
    // And the other way round: x,y asked for, lon,lat present.
    expectContains(
      csvError("lon,lat\n4.4,50.9\n", crs: .belgianLambert72)?.description, ["no columns \"x\" and \"y\"", "drop --crs"])
    expectContains(csvError("a,b\n1,2\n")?.description, ["no columns \"lon\" and \"lat\""])
  }

  @Test func fewerFieldsThanTheHeader() {
    let e = csvError("name,lon,lat\na,4.35,50.85\nb,4.4\n")
    #expect(e?.line == 3)
    expectContains(e?.description, ["line 3", "fewer fields than the header"])
  }

  /// A short row is an error even when its lon and lat fields are there: its remaining
  /// fields (and any column a tool appends) would otherwise shift under the wrong header.
  @Test
  func fewerFieldsThanTheHeaderAfterLonLat() {
    let e = csvError("lon,lat,name\n4.35,50.85,a\n4.4,50.9\n")
    #expect(e?.line == 3)
    expectContains(e?.description, ["line 3", "fewer fields than the header"])
  }

  @Test func lineNumbersCountQuotedLineBreaksAndCRLF() {
    let e = csvError("name,lon,lat\r\n\"multi\r\nline\",4.35,50.85\r\n\r\nb,4.4,x\r\n")
    #expect(e?.line == 5)
    let bom = try? CSVTable(bytes: [0xEF, 0xBB, 0xBF] + Array("lon,lat\n4,50\n4,zz\n".utf8))
    #expect(bom.map { t in (try? PointTable(table: t)) == nil } == true)
    #expect(bom?.line(ofRow: 1) == 3)
  }

  @Test func swappedLatLonBelgianData() {
    let e = csvError("lon,lat\n50.85,4.35\n51.05,3.72\n49.68,5.82\n")
    expectContains(e?.description, ["lat, lon", "longitude first"])
  }

  @Test func degreesWithMetricCRS() {
    expectContains(
      csvError("x,y\n4.35,50.85\n4.4,50.9\n", crs: .belgianLambert72)?.description,
      ["look like lon/lat degrees", "EPSG:31370"])
  }

  @Test func firstErrorIsReported() {
    let e = csvError("lon,lat\n4.35,50.85\n4.4,abc\n999,50\n,\n")
    #expect(e?.line == 3)
  }

  // MARK: - Threads

  /// `rows` fixed-width rows `iiiiiii,4.dddddd,50.dddddd\n` after a header, from a seeded PRNG.
  static func generated(rows: Int, seed: UInt64) -> (bytes: [UInt8], header: Int, rowLength: Int) {
    var rng = SeededGenerator(seed: seed)
    let header = Array("id,lon,lat\n".utf8)
    let rowLength = 7 + 1 + 8 + 1 + 9 + 1
    var bytes = header
    bytes.reserveCapacity(header.count + rows * rowLength)
    func digits(_ v: Int, _ width: Int) {
      var v = v
      var tmp = [UInt8](repeating: 48, count: width)
      for k in stride(from: width - 1, through: 0, by: -1) {
        tmp[k] = UInt8(48 + v % 10)
        v /= 10
      }
      bytes += tmp
    }
    for i in 0..<rows {
      digits(i, 7)
      bytes += [44, 52, 46]  // ",4."
      digits(rng.below(1_000_000), 6)
      bytes += [44, 53, 48, 46]  // ",50."
      digits(rng.below(1_000_000), 6)
      bytes.append(10)
    }
    return (bytes, header.count, rowLength)
  }

  @Test func twoThreadsGiveTheSamePositionsAsOne() throws {
    let g = Self.generated(rows: 300_000, seed: 42)
    let table = try CSVTable(bytes: g.bytes)
    #expect(table.rowCount == 300_000)
    let one = try PointTable(table: table, threads: 1)
    let two = try PointTable(table: table, threads: 2)
    guard case .lonLat(let a) = one.positions, case .lonLat(let b) = two.positions else {
      Issue.record("not lon/lat")
      return
    }
    #expect(a.count == 300_000)
    #expect(a == b)
    // Spot checks against the text.
    for row in [0, 1, 149_999, 150_000, 299_999] {
      let f = table.fields(row: row)
      #expect(a[row] == LonLat(lon: Double(f[1])!, lat: Double(f[2])!))
    }
  }

  @Test func twoThreadsReportTheFirstBadRow() throws {
    var g = Self.generated(rows: 300_000, seed: 7)
    // Break the lat of rows 280,000 (second chunk) and 200,000 (second chunk), then 100,000 (first).
    func breakRow(_ row: Int) { g.bytes[g.header + row * g.rowLength + 17] = UInt8(ascii: "x") }
    breakRow(280_000)
    breakRow(200_000)
    let table = try CSVTable(bytes: g.bytes)
    for threads in [1, 2] {
      let e = #expect(throws: CSVError.self) { try PointTable(table: table, threads: threads) }
      #expect(e?.line == 200_002, "threads: \(threads)")
      #expect(e?.column == "lat")
    }
    breakRow(100_000)
    let table2 = try CSVTable(bytes: g.bytes)
    for threads in [1, 2] {
      let e = #expect(throws: CSVError.self) { try PointTable(table: table2, threads: threads) }
      #expect(e?.line == 100_002, "threads: \(threads)")
    }
  }
}

@Suite("CSV cells for spreadsheets")
struct SpreadsheetCellTests {
  @Test(arguments: [
    ("=1+2", "'=1+2"), ("+32470", "'+32470"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\r=1", "\"'\r=1\""), ("=A1,B1", "\"'=A1,B1\""), ("Jan Peeters", "Jan Peeters"), ("a=b", "a=b"), ("", ""),
  ])
  func formulasAreNeutralised(_ pair: (String, String)) {
    #expect(CSVTable.escapeForSpreadsheet(pair.0) == pair.1)
  }
}

@Suite("UTF-8 check")
struct UTF8CheckTests {
  @Test(arguments: [
    ([UInt8]("plain ASCII, long enough for the 8-byte path".utf8), nil as Int?),
    ([UInt8]("Église, Sint-Truiden €, 𝄞".utf8), nil),
    ([0x52, 0x75, 0x65, 0x20, 0xC9, 0x67], 4),  // "Rue Ég" in Latin-1
    ([0x41, 0xC0, 0x80], 1),  // overlong NUL
    ([0x41, 0xED, 0xA0, 0x80], 1),  // a UTF-16 surrogate
    ([0x41, 0xF4, 0x90, 0x80, 0x80], 1),  // above U+10FFFF
    ([0x41, 0x42, 0xE2, 0x82], 2),  // cut short
    ([0x41, 0xE2, 0x28, 0xA1], 1),  // bad continuation
  ])
  func firstInvalidByte(_ pair: ([UInt8], Int?)) {
    #expect(UTF8Check.firstInvalid(pair.0) == pair.1)
  }

  @Test func aLatin1TableIsRefusedWithItsLine() throws {
    let bytes = Array("street,lon,lat\nA,5.6,50.9\n".utf8) + [0x52, 0xC9, 0x67] + Array(",5.6,50.9\n".utf8)
    #expect { _ = try CSVTable(bytes: bytes) } throws: { "\($0)".contains("line 3") && "\($0)".contains("not UTF-8 (byte 0xC9)") }
  }
}
