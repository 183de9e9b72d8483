import Addressing
import GeoCore
import GeoFormats
import GeoProjection

/// Reads an address table — street, housenumber, postcode, optional municipality, and lon/lat
/// (or x,y in EPSG:31370 when the file has no lon,lat) — into register rows, chunk by chunk
/// (``CSVChunkReader``): the file is never held whole, only the rows made of it, so a
/// gzip-compressed table of any size costs the memory of its rows and a file that is not a
/// table stops at its first long row.
///
/// Chunks are split, parsed and made into rows on the loader's threads, in file order; the
/// positions are checked as ``PointTable`` checks them (the whole-file bounding-box checks
/// after the last row), then brought into metres in one batch.
enum AddressTableReader {
  /// - Throws: ``CLIError`` naming the file (and the line) for a file that cannot be read, a
  ///   missing column, a bad position or a postcode that is not a number.
  static func rows(_ file: String, loader: LayerLoader, encoding: TextEncoding = .utf8) throws -> [AddressRegister.Row] {
    do { return try read(file, loader: loader, encoding: encoding) } catch let e as CSVError { throw CLIError("\(file): \(e)") }
  }

  /// The column indices of the fields a register row needs.
  struct Columns: Sendable {
    var street: Int
    var number: Int
    var postcode: Int
    var municipality: Int?
  }

  /// One chunk's rows (positions still to come) and their positions as read.
  struct Part: Sendable {
    var rows: [AddressRegister.Row]
    var positions: PointPositions
  }

  private static func read(_ file: String, loader: LayerLoader, encoding: TextEncoding) throws -> [AddressRegister.Row] {
    let reader = try CSVChunkReader(source: TranscodingReader.utf8(try InflatingBlockReader(path: file), from: encoding))
    let header = reader.header
    func has(_ name: String) -> Bool { CSVTable.column(named: name, in: header) != nil }
    let parser = try PointRowParser(header: header, crs: (has("lon") && has("lat")) || !(has("x") && has("y")) ? nil : CRS.belgianLambert72)
    guard let street = CSVTable.column(named: "street", in: header), let number = CSVTable.column(named: "housenumber", in: header),
      let postcode = CSVTable.column(named: "postcode", in: header)
    else {
      throw CLIError("\(file): an address table needs the columns street, housenumber and postcode (it has \(header.joined(separator: ",")))")
    }
    let columns = Columns(street: street, number: number, postcode: postcode, municipality: CSVTable.column(named: "municipality", in: header))
    var rows: [AddressRegister.Row] = []
    var lonLats: [LonLat] = []
    var points: [XY] = []
    let workers = max(1, loader.threads)
    try OrderedPipeline.run(
      workers: workers, inFlight: 2 * workers + 1,
      produce: { try reader.next() },
      transform: { chunk in
        let found = try chunk.rows()
        let positions = try chunk.positions(found, parser: parser)
        return Part(rows: try registerRows(chunk, found, columns, file: file), positions: positions)
      },
      consume: { part in
        rows += part.rows
        switch part.positions {
        case .lonLat(let ps): lonLats += ps
        case .metric(let ps, _): points += ps
        }
      })
    if parser.geographic { try parser.check(BoundingBox(lonLats)) } else { try parser.check(BoundingBox(points)) }
    let metric = try loader.metricPoints(parser.geographic ? .lonLat(lonLats) : .metric(points, parser.metricCRS))
    // Every address has its lon/lat: groups drawn in lon/lat place it there.
    if !parser.geographic { lonLats = try loader.projection.inverse(metric, threads: loader.threads).map(\.roundedTo7Decimals) }
    for i in rows.indices {
      rows[i].position = metric[i]
      rows[i].lonLat = lonLats[i]
    }
    return rows
  }

  /// The register rows of one chunk (positions left at the origin).
  /// - Throws: ``CLIError`` naming the file and line of a row without the fields or whose
  ///   postcode is not a number.
  static func registerRows(_ chunk: CSVChunk, _ found: CSVChunk.Rows, _ columns: Columns, file: String) throws -> [AddressRegister.Row] {
    var rows: [AddressRegister.Row] = []
    rows.reserveCapacity(found.count)
    // Street and municipality names repeat: one String per distinct byte sequence (in a chunk).
    var names: [[UInt8]: String] = [:]
    var badRow: Int?
    chunk.bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      func text(_ r: Range<Int>) -> [UInt8] {
        var s = r.lowerBound
        var e = r.upperBound
        if e - s >= 2 && base[s] == 0x22 && base[e - 1] == 0x22 {
          s += 1
          e -= 1
        }
        var bytes = Array(UnsafeBufferPointer(start: base + s, count: e - s))
        if bytes.contains(0x22) {
          // "" inside a quoted field is one quote
          var out: [UInt8] = []
          var k = 0
          while k < bytes.count {
            out.append(bytes[k])
            k += (bytes[k] == 0x22 && k + 1 < bytes.count && bytes[k + 1] == 0x22) ? 2 : 1
          }
          bytes = out
        }
        return bytes
      }
      func interned(_ bytes: [UInt8]) -> String {
        if let s = names[bytes] { return s }
        let s = String(decoding: bytes, as: UTF8.self)
        names[bytes] = s
        return s
      }
      for i in 0..<found.count {
        let rs = found.starts[i]
        let re = found.ends[i]
        guard let sr = CSVTable.fieldRange(base, rs, re, columns.street), let nr = CSVTable.fieldRange(base, rs, re, columns.number),
          let pr = CSVTable.fieldRange(base, rs, re, columns.postcode)
        else {
          badRow = i
          return
        }
        var pc = 0
        var digits = 0
        for k in pr where base[k] >= 48 && base[k] <= 57 {
          pc = pc * 10 + Int(base[k] - 48)
          digits += 1
        }
        guard digits > 0 && digits == text(pr).count else {
          badRow = i
          return
        }
        let municipality = columns.municipality.flatMap { CSVTable.fieldRange(base, rs, re, $0) }.map { interned(text($0)) } ?? ""
        rows.append(
          AddressRegister.Row(
            street: interned(text(sr)), houseNumber: String(decoding: text(nr), as: UTF8.self), postcode: pc,
            municipality: municipality, position: XY(x: 0, y: 0)))
      }
    }
    if let i = badRow {
      let f = CSVTable.split(chunk.bytes, found.starts[i], found.ends[i])
      throw CLIError("\(file): line \(chunk.line(ofOffset: found.starts[i])): postcode \"\(f.count > columns.postcode ? f[columns.postcode] : "")\" is not a number")
    }
    return rows
  }
}
