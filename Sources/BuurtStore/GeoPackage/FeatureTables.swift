import Foundation
import GRDB
import GeoCore
import GeoFormats

/// Creating, filling, reading and dropping GeoPackage feature tables with their R-tree index
/// (the `gpkg_rtree_index` extension, with the spec's triggers).
enum FeatureTables {
  static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  static func drop(_ db: Database, _ name: String) throws {
    for t in ["insert", "update1", "update2", "update3", "update4", "delete"] {
      try db.execute(sql: "DROP TRIGGER IF EXISTS \(quoted("rtree_\(name)_geom_\(t)"))")
    }
    try db.execute(sql: "DROP TABLE IF EXISTS \(quoted("rtree_\(name)_geom"))")
    try db.execute(sql: "DROP TABLE IF EXISTS \(quoted(name))")
    try db.execute(sql: "DELETE FROM gpkg_extensions WHERE table_name = ?", arguments: [name])
    try db.execute(sql: "DELETE FROM gpkg_geometry_columns WHERE table_name = ?", arguments: [name])
    try db.execute(sql: "DELETE FROM gpkg_contents WHERE table_name = ?", arguments: [name])
  }

  static func create(_ db: Database, _ layer: FeatureLayer, extraColumns: String = "") throws {
    let t = quoted(layer.name)
    var columns = ["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom \(layer.geometryType)"]
    for c in layer.columns where c.name != "fid" && c.name != "geom" { columns.append("\(quoted(c.name)) \(c.type.rawValue)") }
    if !extraColumns.isEmpty { columns.append(extraColumns) }
    try db.execute(sql: "CREATE TABLE \(t) (\(columns.joined(separator: ", ")))")
    let b = layer.bounds
    try db.execute(
      sql:
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)",
      arguments: [
        layer.name, layer.name, "buurt layer \(layer.name)", b.isEmpty ? nil : b.minFirst, b.isEmpty ? nil : b.minSecond,
        b.isEmpty ? nil : b.maxFirst, b.isEmpty ? nil : b.maxSecond, layer.srsID,
      ])
    try db.execute(
      sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)", arguments: [layer.name, layer.geometryType, layer.srsID])
    let r = quoted("rtree_\(layer.name)_geom")
    try db.execute(sql: "CREATE VIRTUAL TABLE \(r) USING rtree(id, minx, maxx, miny, maxy)")
    try db.execute(
      sql:
        "INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
      arguments: [layer.name])
  }

  /// The spec's six triggers (GeoPackage 1.3, F.3), added after a bulk load.
  static func createTriggers(_ db: Database, _ name: String) throws {
    let t = quoted(name)
    let r = quoted("rtree_\(name)_geom")
    func trig(_ suffix: String) -> String { quoted("rtree_\(name)_geom_\(suffix)") }
    try db.execute(
      sql: """
        CREATE TRIGGER \(trig("insert")) AFTER INSERT ON \(t) WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
        BEGIN INSERT OR REPLACE INTO \(r) VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
        CREATE TRIGGER \(trig("update1")) AFTER UPDATE OF geom ON \(t) WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
        BEGIN INSERT OR REPLACE INTO \(r) VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
        CREATE TRIGGER \(trig("update2")) AFTER UPDATE OF geom ON \(t) WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
        BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
        CREATE TRIGGER \(trig("update3")) AFTER UPDATE ON \(t) WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
        BEGIN DELETE FROM \(r) WHERE id = OLD.fid; INSERT OR REPLACE INTO \(r) VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
        CREATE TRIGGER \(trig("update4")) AFTER UPDATE ON \(t) WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
        BEGIN DELETE FROM \(r) WHERE id IN (OLD.fid, NEW.fid); END;
        CREATE TRIGGER \(trig("delete")) AFTER DELETE ON \(t) WHEN old.geom NOT NULL
        BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
        """)
  }

  /// Inserts every row with the R-tree entries and then creates the triggers (a bulk load into a new
  /// table); with `indexedByTriggers`, into a table whose triggers already keep the index.
  static func insert(
    _ db: Database, _ layer: FeatureLayer, extra: [DatabaseValue] = [], indexedByTriggers: Bool = false,
    progress: (Double) -> Void = { _ in }
  ) throws {
    let names = layer.columns.filter { $0.name != "fid" && $0.name != "geom" }
    let keep = layer.columns.indices.filter { layer.columns[$0].name != "fid" && layer.columns[$0].name != "geom" }
    let placeholders = Array(repeating: "?", count: 1 + names.count + extra.count).joined(separator: ", ")
    let extraNames = extra.isEmpty ? [] : ["version"]
    let columnList = (["geom"] + names.map { quoted($0.name) } + extraNames).joined(separator: ", ")
    let statement = try db.makeStatement(sql: "INSERT INTO \(quoted(layer.name)) (\(columnList)) VALUES (\(placeholders))")
    let rtree = try db.makeStatement(sql: "INSERT INTO \(quoted("rtree_\(layer.name)_geom")) VALUES (?, ?, ?, ?, ?)")
    let step = max(1, layer.count / 100)
    var args: [DatabaseValue] = []
    args.reserveCapacity(1 + keep.count + extra.count)
    for i in 0..<layer.count {
      let (values, geometry) = layer.row(i)
      args.removeAll(keepingCapacity: true)
      args.append(geometry.map { Data(GeoPackageGeometry.encode($0, srsID: layer.srsID)).databaseValue } ?? .null)
      for k in keep {
        switch values[k] {
        case .null: args.append(.null)
        case .bool(let b): args.append((b ? 1 : 0).databaseValue)
        case .number(let n): args.append(layer.columns[k].type == .integer ? Int64(n).databaseValue : n.databaseValue)
        case .string(let s): args.append(s.databaseValue)
        case .array, .object: args.append(values[k].plainText.databaseValue)
        }
      }
      args.append(contentsOf: extra)
      statement.setUncheckedArguments(StatementArguments(args))
      try statement.execute()
      if !indexedByTriggers, let g = geometry {
        let b = g.boundingBox
        rtree.setUncheckedArguments([db.lastInsertedRowID, b.minFirst, b.maxFirst, b.minSecond, b.maxSecond])
        try rtree.execute()
      }
      if i % step == 0 { progress(Double(i) / Double(max(1, layer.count))) }
    }
    progress(1)
    if !indexedByTriggers { try createTriggers(db, layer.name) }
  }

  /// The `srs_id` of a feature table's geometry column, or nil when there is no such table.
  static func srsID(_ db: Database, _ name: String) throws -> Int32? {
    try Int32.fetchOne(db, sql: "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", arguments: [name])
  }

  /// Reads a layer back as features (properties from every column but fid and geom), the
  /// geometry's coordinates as stored (in the layer's CRS, see ``srsID(_:_:)``).
  static func features(
    _ db: Database, _ name: String, geometryColumn: String = "geom", whereClause: String = "", arguments: StatementArguments = []
  ) throws -> [Feature<XY>] {
    let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(quoted(name)) \(whereClause) ORDER BY rowid", arguments: arguments)
    var out: [Feature<XY>] = []
    while let row = try cursor.next() {
      var props = JSONObject()
      var geometry: Geometry<XY>?
      for (column, value) in row {
        if column == "fid" { continue }
        if column == geometryColumn {
          if let data = Data.fromDatabaseValue(value) { geometry = try? GeoPackageGeometry.decode(Array(data), as: XY.self).geometry }
          continue
        }
        switch value.storage {
        case .null: props[column] = .null
        case .int64(let v): props[column] = .number(Double(v))
        case .double(let v): props[column] = .number(v)
        case .string(let s): props[column] = .string(s)
        case .blob: props[column] = .null
        }
      }
      out.append(Feature(id: .number(Double(row["fid"] as Int64? ?? 0)), geometry: geometry, properties: props))
    }
    return out
  }
}
