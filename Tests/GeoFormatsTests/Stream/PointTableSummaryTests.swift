import GeoCore
import GeoFormats
import Testing

/// A streamed summary says what the whole table says: rows, box, the first problem.
@Suite struct PointTableSummaryTests {
  @Test func summaryMatchesTheWholeTable() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanUp(["s.csv", "bad.csv", "xy.csv", "cols.csv"]) }
    var text = "name,lon,lat\n"
    for k in 0..<5000 { text += "\"n, \(k)\",\(4 + Double(k) / 10_000),\(50 + Double(k % 7) / 10)\n" }
    let path = try writeRaw(Array(text.utf8), dir, "s.csv")
    let table = try PointTable(table: CSVTable(bytes: Array(text.utf8)))
    guard case .lonLat(let ps) = table.positions else { throw CSVError(message: "expected lon/lat") }
    for workers in [1, 2, 3] {
      let s = try PointTableSummary(
        reader: CSVChunkReader(source: InflatingBlockReader(path: path), chunkSize: 1000), crs: nil, workers: workers)
      #expect(s.header == ["name", "lon", "lat"] && s.rows == 5000 && s.problem == nil)
      #expect(s.lonLatBox == BoundingBox(ps) && s.metricBox == nil)
    }
    // A bad row is the problem (the lowest one), and every row is still counted.
    let bad = text.replacingOccurrences("\"n, 3000\",4.3,", "\"n, 3000\",abc,").replacingOccurrences("\"n, 4000\",4.4,", "\"n, 4000\",x,")
    let s = try PointTableSummary(
      reader: CSVChunkReader(source: InflatingBlockReader(path: try writeRaw(Array(bad.utf8), dir, "bad.csv")), chunkSize: 1000), crs: nil)
    #expect(s.rows == 5000 && s.lonLatBox == nil)
    #expect(s.problem?.line == 3002 && s.problem?.column == "lon", "\(String(describing: s.problem))")
    let noColumns = try PointTableSummary(
      reader: CSVChunkReader(source: InflatingBlockReader(path: try writeRaw(Array("a,b\n1,2\n".utf8), dir, "cols.csv"))), crs: nil)
    #expect(noColumns.rows == 1)
    expectContains(noColumns.problem?.description, ["no columns \"lon\" and \"lat\""])
    let degrees = try PointTableSummary(
      reader: CSVChunkReader(source: InflatingBlockReader(path: try writeRaw(Array("x,y\n5.6,50.9\n".utf8), dir, "xy.csv"))),
      crs: .belgianLambert72)
    expectContains(degrees.problem?.description, ["look like lon/lat degrees"])
  }
}
