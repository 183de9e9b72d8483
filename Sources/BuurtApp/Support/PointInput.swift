public import GeoCore
public import GeoFormats

/// A table of points read from CSV or GeoJSON, able to write itself back with one more column.
public enum PointInput {
  case csv(PointTable)
  case geojson(GeoLayer, PointPositions)

  public var count: Int { positions.count }

  public var positions: PointPositions {
    switch self {
    case .csv(let t): t.positions
    case .geojson(_, let p): p
    }
  }

  /// Reads a CSV or GeoJSON (by content: a GeoJSON document starts with `{`), held whole: up
  /// to ``FileIO/maximumWholeFileBytes`` (GeoJSON) or ``FileIO/maximumTableBytes`` (CSV) once
  /// inflated.
  public static func read(_ path: String, crs: CRS?, threads: Int, encoding: TextEncoding = .utf8) throws -> PointInput {
    try read(source: InflatingBlockReader(path: path), crs: crs, threads: threads, encoding: encoding)
  }

  /// Reads the rest of `source` whole (see ``read(_:crs:threads:encoding:)``).
  public static func read(source: InflatingBlockReader, crs: CRS?, threads: Int, encoding: TextEncoding = .utf8) throws -> PointInput {
    let geojson = looksLikeGeoJSON(try source.peek(4096))
    let bytes = try source.readAll(limit: geojson ? FileIO.maximumWholeFileBytes : FileIO.maximumTableBytes)
    return try read(bytes: bytes, path: source.path, crs: crs, threads: threads, encoding: encoding)
  }

  /// Reads the (inflated) bytes of `path` as CSV or GeoJSON, by ``looksLikeGeoJSON(_:)``; CSV
  /// in `encoding` is transcoded to UTF-8 first (GeoJSON is UTF-8 by definition, RFC 8259).
  public static func read(bytes: [UInt8], path: String, crs: CRS?, threads: Int, encoding: TextEncoding = .utf8) throws -> PointInput {
    if looksLikeGeoJSON(bytes) {
      let layer: GeoLayer
      do { layer = try GeoJSONReader(options: .init(crs: crs)).read(bytes) } catch let e as GeoJSONError {
        throw AppError.invalidInput("\(path): \(e)")
      }
      return .geojson(layer, try pointPositions(layer, path: path))
    }
    do {
      return .csv(try PointTable(table: CSVTable(bytes: encoding.utf8(bytes)), crs: crs, threads: threads))
    } catch let e as CSVError {
      throw AppError.invalidInput("\(path): \(e)")
    }
  }

  /// Whether the first bytes of a file are a GeoJSON document's: the first byte that is not
  /// white space or a byte-order mark is `{`.
  public static func looksLikeGeoJSON(_ head: [UInt8]) -> Bool {
    let firstByte = head.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
    return firstByte == UInt8(ascii: "{")
  }

  static func pointPositions(_ layer: GeoLayer, path: String) throws -> PointPositions {
    func point<C>(_ f: Feature<C>, _ k: Int) throws -> C {
      guard case .point(let c)? = f.geometry else {
        throw AppError.invalidInput("\(path): feature \(k) is \(f.geometry?.typeName ?? "without geometry"); points must be Point features")
      }
      return c
    }
    switch layer {
    case .lonLat(let fc): return .lonLat(try fc.features.enumerated().map { try point($1, $0) })
    case .metric(let fc, let crs): return .metric(try fc.features.enumerated().map { try point($1, $0) }, crs)
    }
  }

  /// Writes the rows with the group name appended (CSV), or as GeoJSON with a `group` property.
  public func write(assignment: [Int32], names: [String], column: String, to path: String) throws {
    if path.hasSuffix(".geojson") || path.hasSuffix(".json") {
      try FileIO.write(geojson(assignment: assignment, names: names, column: column), to: path)
    } else {
      try FileIO.write(try csv(assignment: assignment, names: names, column: column), to: path)
    }
  }

  public func geojson(assignment: [Int32], names: [String], column: String) -> String {
    func tagged<C>(_ fc: FeatureCollection<C>) -> FeatureCollection<C> {
      var out = fc
      for k in out.features.indices {
        let a = assignment[k]
        out.features[k].properties[column] = a < 0 ? .null : .string(names[Int(a)])
      }
      return out
    }
    switch self {
    case .geojson(.lonLat(let fc), _): return GeoJSONWriter().write(tagged(fc))
    case .geojson(.metric(let fc, _), _): return GeoJSONWriter().write(tagged(fc))
    case .csv(let t):
      // A CSV written as GeoJSON: every column becomes a string property.
      var features: [Feature<LonLat>] = []
      if case .lonLat(let ps) = t.positions {
        for row in 0..<t.table.rowCount {
          let fields = t.table.fields(row: row)
          var props = JSONObject()
          for (k, name) in t.table.header.enumerated() where k < fields.count { props[name] = .string(fields[k]) }
          let a = assignment[row]
          props[column] = a < 0 ? .null : .string(names[Int(a)])
          features.append(Feature(geometry: .point(ps[row]), properties: props))
        }
      }
      return GeoJSONWriter().write(FeatureCollection(features))
    }
  }

  public func csv(assignment: [Int32], names: [String], column: String) throws -> [UInt8] {
    switch self {
    case .csv(let t):
      if t.table.column(named: column) != nil {
        throw AppError.invalidInput("the points already have a column \"\(column)\"; choose another name with --group-column")
      }
      var out = AppendedColumnCSV.header(t.table.header, column: column)
      out += AppendedColumnCSV.rows(
        t.table.bytes, starts: t.table.rowStart, ends: t.table.rowEnd, rows: 0..<t.table.rowCount, values: assignment,
        labels: AppendedColumnCSV.Labels(names))
      return out
    case .geojson(let layer, let positions):
      var keys: [String] = []
      var seen = Set<String>()
      for p in layer.properties { for k in p.keys where seen.insert(k).inserted { keys.append(k) } }
      let (a, b) = { if case .metric = positions { return ("x", "y") } else { return ("lon", "lat") } }()
      var text = (keys + [a, b, column]).map(CSVTable.escape).joined(separator: ",") + "\n"
      let props = layer.properties
      for k in 0..<positions.count {
        var fields = keys.map { CSVTable.escape(props[k][$0]?.plainText ?? "") }
        switch positions {
        case .lonLat(let ps): fields += [JSONWriter.format(ps[k].lon), JSONWriter.format(ps[k].lat)]
        case .metric(let ps, _): fields += [JSONWriter.format(ps[k].x), JSONWriter.format(ps[k].y)]
        }
        let g = assignment[k]
        fields.append(g < 0 ? "" : CSVTable.escape(names[Int(g)]))
        text += fields.joined(separator: ",") + "\n"
      }
      return Array(text.utf8)
    }
  }
}
