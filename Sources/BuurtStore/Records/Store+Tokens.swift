import GRDB

/// A boundary set uploaded for review, before it is published.
public struct BoundaryDraft: Sendable, Hashable {
  public var id: Int
  public var createdAt: String
  public var nameProperty: String
  public var geojson: String
  public var valid: Bool
  /// The validation report as JSON text.
  public var report: String
  public var publishedVersion: Int?
}

extension Store {
  public func saveDraft(nameProperty: String, geojson: String, valid: Bool, report: String) throws -> Int {
    try write { db in
      try db.execute(
        sql: "INSERT INTO boundary_drafts (created_at, name_property, geojson, valid, report) VALUES (?, ?, ?, ?, ?)",
        arguments: [Store.timestamp(), nameProperty, geojson, valid, report])
      return Int(db.lastInsertedRowID)
    }
  }

  public func draft(id: Int) throws -> BoundaryDraft? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM boundary_drafts WHERE id = ?", arguments: [id]).map {
        BoundaryDraft(
          id: $0["id"], createdAt: $0["created_at"], nameProperty: $0["name_property"], geojson: $0["geojson"],
          valid: $0["valid"], report: $0["report"], publishedVersion: $0["published_version"])
      }
    }
  }

  /// Every draft, newest first, without its GeoJSON (`geojson` is empty).
  public func drafts(limit: Int = 100) throws -> [BoundaryDraft] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT id, created_at, name_property, valid, report, published_version FROM boundary_drafts ORDER BY id DESC LIMIT ?",
        arguments: [limit]
      ).map {
        BoundaryDraft(
          id: $0["id"], createdAt: $0["created_at"], nameProperty: $0["name_property"], geojson: "", valid: $0["valid"],
          report: $0["report"], publishedVersion: $0["published_version"])
      }
    }
  }

  public func markDraftPublished(id: Int, version: Int) throws {
    try write { db in
      try db.execute(sql: "UPDATE boundary_drafts SET published_version = ? WHERE id = ?", arguments: [version, id])
    }
  }
}
