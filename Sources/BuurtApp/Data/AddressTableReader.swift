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
/// Chunks are split, parsed and checked on the loader's threads (each row's fields found, its
/// postcode read, its position parsed), in file order; the rows and their strings are made on
/// the calling thread, with the street and municipality names interned across the whole file,
/// so the register's millions of small allocations live in one malloc arena (made on the
/// workers, they cost the Flemish register 20 MB more at the peak). The positions are checked as ``PointTable`` checks them (the
/// whole-file bounding-box checks after the last row), then brought into metres in one batch.
enum AddressTableReader {
  /// - Throws: ``AppError`` naming the file (and the line) for a file that cannot be read, a
  ///   missing column, a bad position or a postcode that is not a number.
  static func rows(_ file: String, loader: LayerLoader, encoding: TextEncoding = .utf8) throws -> [AddressRegister.Row] {
    do { return try read(file, loader: loader, encoding: encoding) } catch let e as CSVError {
      throw AppError.invalidInput("\(file): \(e)")
    }
  }

  /// The column indices of the fields a register row needs.
  struct Columns: Sendable {
    var street: Int
    var number: Int
    var postcode: Int
    var municipality: Int?
  }

  /// One chunk's rows as found by a worker: its bytes, where each row's street, house number
  /// and municipality are (as `bytes` offsets, quotes included; an empty range for no
  /// municipality), its postcode and the positions as read.
  struct Part: Sendable {
    var bytes: [UInt8]
    var fields: [Range<Int>]
    var postcodes: [Int]
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
      throw AppError.invalidInput(
        "\(file): an address table needs the columns street, housenumber and postcode (it has \(header.joined(separator: ",")))")
    }
    let columns = Columns(
      street: street, number: number, postcode: postcode, municipality: CSVTable.column(named: "municipality", in: header))
    var rows: [AddressRegister.Row] = []
    var lonLats: [LonLat] = []
    var points: [XY] = []
    // Street and municipality names repeat: one String per distinct byte sequence.
    var names: [[UInt8]: String] = [:]
    let workers = max(1, loader.threads)
    try OrderedPipeline.run(
      workers: workers, inFlight: 2 * workers + 1,
      produce: { try reader.next() },
      transform: { chunk in
        let found = try chunk.rows()
        let positions = try chunk.positions(found, parser: parser)
        let (fields, postcodes) = try fieldRanges(chunk, found, columns, file: file)
        return Part(bytes: chunk.bytes, fields: fields, postcodes: postcodes, positions: positions)
      },
      consume: { part in
        appendRows(part, to: &rows, names: &names)
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

  /// The street, house number and municipality ranges (three a row) and the postcode of every
  /// row of a chunk. - Throws: ``AppError`` naming the file and line of a row without the fields
  /// or whose postcode is not a number.
  static func fieldRanges(_ chunk: CSVChunk, _ found: CSVChunk.Rows, _ columns: Columns, file: String) throws -> ([Range<Int>], [Int]) {
    var fields: [Range<Int>] = []
    var postcodes: [Int] = []
    fields.reserveCapacity(3 * found.count)
    postcodes.reserveCapacity(found.count)
    var badRow: Int?
    chunk.bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
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
        guard digits > 0 && digits == unquoted(base, pr).count else {
          badRow = i
          return
        }
        fields.append(sr)
        fields.append(nr)
        fields.append(columns.municipality.flatMap { CSVTable.fieldRange(base, rs, re, $0) } ?? rs..<rs)
        postcodes.append(pc)
      }
    }
    if let i = badRow {
      let f = CSVTable.split(chunk.bytes, found.starts[i], found.ends[i])
      throw AppError.invalidInput(
        "\(file): line \(chunk.line(ofOffset: found.starts[i])): postcode \"\(f.count > columns.postcode ? f[columns.postcode] : "")\" is not a number"
      )
    }
    return (fields, postcodes)
  }

  /// Appends the register rows of a part (positions left at the origin), its street and
  /// municipality names interned in `names`.
  static func appendRows(_ part: Part, to rows: inout [AddressRegister.Row], names: inout [[UInt8]: String]) {
    part.bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      func interned(_ r: Range<Int>) -> String {
        let bytes = unquoted(base, r)
        if let s = names[bytes] { return s }
        let s = String(decoding: bytes, as: UTF8.self)
        names[bytes] = s
        return s
      }
      for (k, postcode) in part.postcodes.enumerated() {
        let f = 3 * k
        rows.append(
          AddressRegister.Row(
            street: interned(part.fields[f]), houseNumber: String(decoding: unquoted(base, part.fields[f + 1]), as: UTF8.self),
            postcode: postcode, municipality: part.fields[f + 2].isEmpty ? "" : interned(part.fields[f + 2]), position: XY(x: 0, y: 0)))
      }
    }
  }

  /// The text of the field at `r`: without its surrounding quotes, `""` inside read as one quote.
  static func unquoted(_ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> [UInt8] {
    var s = r.lowerBound
    var e = r.upperBound
    if e - s >= 2 && base[s] == 0x22 && base[e - 1] == 0x22 {
      s += 1
      e -= 1
    }
    var bytes = Array(UnsafeBufferPointer(start: base + s, count: e - s))
    if bytes.contains(0x22) {
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
}
