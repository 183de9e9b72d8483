import Foundation
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

/// The areas of a boundary set in the coordinates they were drawn in, one per group.
public enum GroupAreas: Sendable, Hashable {
  /// WGS84 lon/lat degrees (EPSG:4326): a set drawn as RFC 7946 GeoJSON.
  case lonLat([MultiPolygon<LonLat>])
  /// Belgian Lambert 72 metres (EPSG:31370, the store's CRS for its other layers).
  case lambert72([MultiPolygon<XY>])

  public var count: Int {
    switch self {
    case .lonLat(let a): a.count
    case .lambert72(let a): a.count
    }
  }

  /// The GeoPackage `srs_id` these coordinates are in.
  public var srsID: Int32 {
    switch self {
    case .lonLat: 4326
    case .lambert72: Store.srsID
    }
  }

  /// The areas as the store's raw geometries (lon as x for lon/lat).
  var raw: [MultiPolygon<XY>] {
    switch self {
    case .lonLat(let a): a.map { Geometry<LonLat>.multiPolygon($0).map { XY(x: $0.lon, y: $0.lat) }.areal ?? MultiPolygon([]) }
    case .lambert72(let a): a
    }
  }

  /// Areas read back from a layer with `srsID`; nil for a CRS the store does not write.
  static func fromRaw(_ raw: [MultiPolygon<XY>], srsID: Int32) -> GroupAreas? {
    switch srsID {
    case 4326: .lonLat(raw.map { Geometry<XY>.multiPolygon($0).map { LonLat(lon: $0.x, lat: $0.y) }.areal ?? MultiPolygon([]) })
    case Store.srsID: .lambert72(raw)
    default: nil
    }
  }
}

extension Store {
  /// The CRS (`srs_id`) the boundary history is kept in (that of the first published set), or
  /// nil before the first publish. Every version is stored in it.
  public func groupHistorySRSID() throws -> Int32? {
    try read { db in try FeatureTables.srsID(db, "group_history") }
  }

  /// Stores a boundary set as a new immutable version and makes it the current `groups` layer,
  /// in the coordinates it was drawn in (`areas`, one per group in `groups`' order), so a
  /// version answers the same from the store as from its file. The history keeps one CRS
  /// (``groupHistorySRSID()``); a set in another CRS is refused (the caller transforms it).
  /// Validation is the caller's (Grouping); this only refuses empty sets and empty names.
  ///
  /// With `regroup` (which places the stored members under the new set), every member whose
  /// group changes becomes a transfer in the same transaction (``regroupMembers``), so a
  /// published version never exists without its moves.
  /// - Returns: the new version number and how many members it moved. - Throws: ``StoreError``.
  @discardableResult
  public func publishGroups(
    _ groups: [(name: String, properties: JSONObject)], areas: GroupAreas, nameProperty: String, note: String?, source: String?,
    by actor: AuditActor = .operator, regroup: Regrouping? = nil
  ) throws -> (version: Int, moved: Int) {
    guard !groups.isEmpty else { throw StoreError("a boundary set needs at least one group") }
    guard groups.count == areas.count else { throw StoreError("\(groups.count) groups but \(areas.count) areas") }
    if let empty = groups.firstIndex(where: { $0.name.isEmpty }) { throw StoreError("group \(empty) has an empty name") }
    let raw = areas.raw
    let srsID = areas.srsID
    return try write { db in
      if let kept = try FeatureTables.srsID(db, "group_history"), kept != srsID {
        throw StoreError("this store keeps its boundary history in EPSG:\(kept); the set is in EPSG:\(srsID)")
      }
      let version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM group_sets") ?? 0) + 1
      try db.execute(
        sql: "INSERT INTO group_sets (version, published_at, note, source, name_property, group_count) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [version, Store.timestamp(), note, source, nameProperty, groups.count])
      var box = BoundingBox<XY>.empty
      for area in raw { box.extend(Geometry<XY>.multiPolygon(area).boundingBox) }
      let rows = zip(groups, raw).map { g, area -> (values: [JSONValue], geometry: Geometry<XY>?) in
        ([.string(g.name), .string(JSONWriter.serialize(.object(g.properties)))], .multiPolygon(area))
      }
      let columns: [(name: String, type: FeatureLayer.ColumnType)] = [("name", .text), ("properties", .text)]
      let layer = FeatureLayer(name: "groups", geometryType: "MULTIPOLYGON", columns: columns, count: rows.count, bounds: box, srsID: srsID)
      { rows[$0] }
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
        try db.execute(
          sql:
            "CREATE TRIGGER group_history_immutable BEFORE UPDATE ON group_history BEGIN SELECT RAISE(ABORT, 'published boundary sets are immutable'); END"
        )
      }
      var history = layer
      history.name = "group_history"
      try FeatureTables.insert(db, history, extra: [version.databaseValue], indexedByTriggers: true)
      try db.execute(
        sql:
          "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, ?), ?), min_y = min(coalesce(min_y, ?), ?), max_x = max(coalesce(max_x, ?), ?), max_y = max(coalesce(max_y, ?), ?) WHERE table_name = 'group_history'",
        arguments: [box.minFirst, box.minFirst, box.minSecond, box.minSecond, box.maxFirst, box.maxFirst, box.maxSecond, box.maxSecond])
      let moved = try regroup.map { try Store.regroupMembers(db, version: version, regroup: $0) } ?? 0
      try Store.record(
        db, .boundariesPublished,
        subject: "version \(version), \(groups.count) groups" + (note.map { " (\($0))" } ?? "") + ", \(moved) transfers",
        by: actor)
      return (version, moved)
    }
  }

  /// The names of the newest published version's groups, without reading their areas (empty
  /// before the first publish).
  public func publishedGroupNames() throws -> [String] {
    try read { db in try db.tableExists("groups") ? String.fetchAll(db, sql: "SELECT name FROM groups ORDER BY fid") : [] }
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

  /// The groups of a version (the newest when nil) with their areas as drawn, or nil when
  /// nothing is published. - Throws: ``StoreError`` for an unknown version.
  public func groups(version: Int? = nil) throws -> (version: Int, groups: [(name: String, properties: JSONObject)], areas: GroupAreas)? {
    try read { db in
      guard let v = try version ?? Int.fetchOne(db, sql: "SELECT max(version) FROM group_sets") else { return nil }
      guard try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM group_sets WHERE version = ?", arguments: [v]) == true else {
        throw StoreError("no published boundary version \(v)")
      }
      let srsID = try FeatureTables.srsID(db, "group_history") ?? Store.srsID
      let features = try FeatureTables.features(db, "group_history", whereClause: "WHERE version = ?", arguments: [v])
      var groups: [(name: String, properties: JSONObject)] = []
      var raw: [MultiPolygon<XY>] = []
      for f in features {
        guard let name = f.properties["name"]?.stringValue, let area = f.geometry?.areal else { continue }
        let props = (try? JSONParser.parse(f.properties["properties"]?.stringValue ?? "{}"))?.objectValue ?? JSONObject()
        groups.append((name, props))
        raw.append(area)
      }
      guard let areas = GroupAreas.fromRaw(raw, srsID: srsID) else {
        throw StoreError("the boundary history is in EPSG:\(srsID), which buurt does not read")
      }
      return (v, groups, areas)
    }
  }
}
