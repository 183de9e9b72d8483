public import Foundation
import GRDB
public import GeoCore
public import GeoFormats

/// A published boundary set.
public struct GroupSetVersion: Sendable, Hashable {
  public var version: Int
  public var publishedAt: String
  public var note: String?
  public var source: String?
  public var nameProperty: String
  public var groupCount: Int
}

extension Store {
  /// Stores `groups` as a new immutable version and makes it the current `groups` layer.
  /// Validation is the caller's (Grouping); this only refuses empty sets and empty names.
  /// - Returns: the new version number. - Throws: ``StoreError``.
  public func publishGroups(
    _ groups: [(name: String, properties: JSONObject, area: MultiPolygon<XY>)], nameProperty: String, note: String?, source: String?
  ) throws -> Int {
    guard !groups.isEmpty else { throw StoreError("a boundary set needs at least one group") }
    if let empty = groups.firstIndex(where: { $0.name.isEmpty }) { throw StoreError("group \(empty) has an empty name") }
    return try write { db in
      let version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM group_sets") ?? 0) + 1
      try db.execute(
        sql: "INSERT INTO group_sets (version, published_at, note, source, name_property, group_count) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [version, Store.timestamp(), note, source, nameProperty, groups.count])
      var box = BoundingBox<XY>.empty
      for g in groups { box.extend(Geometry<XY>.multiPolygon(g.area).boundingBox) }
      let rows = groups.map { g -> (values: [JSONValue], geometry: Geometry<XY>?) in
        ([.string(g.name), .string(JSONWriter.serialize(.object(g.properties)))], .multiPolygon(g.area))
      }
      let columns: [(name: String, type: FeatureLayer.ColumnType)] = [("name", .text), ("properties", .text)]
      let layer = FeatureLayer(name: "groups", geometryType: "MULTIPOLYGON", columns: columns, count: rows.count, bounds: box) { rows[$0] }
      // The current set: rewritten on every publish.
      try FeatureTables.drop(db, "groups")
      try FeatureTables.create(db, layer)
      try FeatureTables.insert(db, layer)
      // The history: append-only, every version.
      if try !db.tableExists("group_history") {
        var history = layer
        history.name = "group_history"
        try FeatureTables.create(db, history, extraColumns: "version INTEGER NOT NULL REFERENCES group_sets(version)")
        try FeatureTables.createTriggers(db, "group_history")
        try db.execute(sql: "CREATE TRIGGER group_history_immutable BEFORE UPDATE ON group_history BEGIN SELECT RAISE(ABORT, 'published boundary sets are immutable'); END")
      }
      var history = layer
      history.name = "group_history"
      try FeatureTables.insert(db, history, extra: [version.databaseValue], indexedByTriggers: true)
      try db.execute(
        sql: "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, ?), ?), min_y = min(coalesce(min_y, ?), ?), max_x = max(coalesce(max_x, ?), ?), max_y = max(coalesce(max_y, ?), ?) WHERE table_name = 'group_history'",
        arguments: [box.minFirst, box.minFirst, box.minSecond, box.minSecond, box.maxFirst, box.maxFirst, box.maxSecond, box.maxSecond])
      return version
    }
  }

  /// Published versions, oldest first.
  public func groupVersions() throws -> [GroupSetVersion] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM group_sets ORDER BY version").map {
        GroupSetVersion(
          version: $0["version"], publishedAt: $0["published_at"], note: $0["note"], source: $0["source"],
          nameProperty: $0["name_property"], groupCount: $0["group_count"])
      }
    }
  }

  /// The groups of a version (the newest when nil), or nil when nothing is published.
  public func groups(version: Int? = nil) throws -> (version: Int, groups: [(name: String, properties: JSONObject, area: MultiPolygon<XY>)])? {
    try read { db in
      guard let v = try version ?? Int.fetchOne(db, sql: "SELECT max(version) FROM group_sets") else { return nil }
      guard try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM group_sets WHERE version = ?", arguments: [v]) == true else {
        throw StoreError("no published boundary version \(v)")
      }
      let features = try FeatureTables.features(db, "group_history", whereClause: "WHERE version = ?", arguments: [v])
      return (v, features.compactMap { f in
        guard let name = f.properties["name"]?.stringValue, let area = f.geometry?.areal else { return nil }
        let props = (try? JSONParser.parse(f.properties["properties"]?.stringValue ?? "{}"))?.objectValue ?? JSONObject()
        return (name, props, area)
      })
    }
  }
}
