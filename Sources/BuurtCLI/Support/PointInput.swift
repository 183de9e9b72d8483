import GeoCore
import GeoFormats

/// A table of points read from CSV or GeoJSON, able to write itself back with one more column.
enum PointInput {
  case csv(PointTable)
  case geojson(GeoLayer, PointPositions)

  var count: Int { positions.count }

  var positions: PointPositions {
    switch self {
    case .csv(let t): t.positions
    case .geojson(_, let p): p
    }
  }

  /// Reads a CSV or GeoJSON (by content: a GeoJSON document starts with `{`).
  static func read(_ path: String, crs: CRS?, threads: Int) throws -> PointInput {
    let bytes = try FileIO.read(path)
    let firstByte = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
    if firstByte == UInt8(ascii: "{") {
      let layer: GeoLayer
      do { layer = try GeoJSONReader(options: .init(crs: crs)).read(bytes) } catch let e as GeoJSONError {
        throw CLIError("\(path): \(e)")
      }
      return .geojson(layer, try pointPositions(layer, path: path))
    }
    do {
      return .csv(try PointTable(table: CSVTable(bytes: bytes), crs: crs, threads: threads))
    } catch let e as CSVError {
      throw CLIError("\(path): \(e)")
    }
  }

  static func pointPositions(_ layer: GeoLayer, path: String) throws -> PointPositions {
    func point<C>(_ f: Feature<C>, _ k: Int) throws -> C {
      guard case .point(let c)? = f.geometry else {
        throw CLIError("\(path): feature \(k) is \(f.geometry?.typeName ?? "without geometry"); points must be Point features")
      }
      return c
    }
    switch layer {
    case .lonLat(let fc): return .lonLat(try fc.features.enumerated().map { try point($1, $0) })
    case .metric(let fc, let crs): return .metric(try fc.features.enumerated().map { try point($1, $0) }, crs)
    }
  }

  /// Writes the rows with the group name appended (CSV), or as GeoJSON with a `group` property.
  func write(assignment: [Int32], names: [String], column: String, to path: String) throws {
    if path.hasSuffix(".geojson") || path.hasSuffix(".json") {
      try FileIO.write(geojson(assignment: assignment, names: names, column: column), to: path)
    } else {
      try FileIO.write(try csv(assignment: assignment, names: names, column: column), to: path)
    }
  }

  func geojson(assignment: [Int32], names: [String], column: String) -> String {
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

  func csv(assignment: [Int32], names: [String], column: String) throws -> [UInt8] {
    switch self {
    case .csv(let t):
      if t.table.column(named: column) != nil {
        throw CLIError("the points already have a column \"\(column)\"; choose another name with --group-column")
      }
      return AssignmentCSV.write(table: t.table, assignment: assignment, names: names, column: column)
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

/// Writes a CSV table's rows unchanged with one column appended, in parallel chunks.
enum AssignmentCSV {
  static func write(table: CSVTable, assignment: [Int32], names: [String], column: String, threads: Int = Parallel.processorCount) -> [UInt8] {
    let encoded = names.map { Array(CSVTable.escape($0).utf8) }
    let n = table.rowCount
    let parts = max(1, min(threads * 4, n / 50_000 + 1))
    let chunk = (n + parts - 1) / parts
    var pieces = [[UInt8]](repeating: [], count: parts)
    table.bytes.withUnsafeBufferPointer { bytes in
      nonisolated(unsafe) let bytes = bytes
      pieces.withUnsafeMutableBufferPointer { pieces in
        nonisolated(unsafe) let pieces = pieces
        Parallel.forEachChunk(count: parts, threads: threads, minimumChunk: 1) { range in
          for part in range {
            let lo = part * chunk
            let hi = min(n, lo + chunk)
            guard lo < hi else { continue }
            var out: [UInt8] = []
            out.reserveCapacity(table.rowEnd[hi - 1] - table.rowStart[lo] + (hi - lo) * 12)
            for row in lo..<hi {
              out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[table.rowStart[row]..<table.rowEnd[row]]))
              out.append(UInt8(ascii: ","))
              let g = assignment[row]
              if g >= 0 { out.append(contentsOf: encoded[Int(g)]) }
              out.append(0x0A)
            }
            pieces[part] = out
          }
        }
      }
    }
    var result = Array((table.header.map(CSVTable.escape) + [CSVTable.escape(column)]).joined(separator: ",").utf8)
    result.append(0x0A)
    result.reserveCapacity(result.count + pieces.reduce(0) { $0 + $1.count })
    for p in pieces { result.append(contentsOf: p) }
    return result
  }
}
