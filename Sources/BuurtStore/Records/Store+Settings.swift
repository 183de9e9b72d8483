import Foundation
import GRDB

/// A published version of the rules of conduct (gedragsregels); immutable.
public struct Charter: Sendable, Hashable {
  public var version: Int
  public var text: String
  public var publishedAt: String
}

/// What staff set for one group: its contact (a role address), whether people who run a
/// business in the area may enroll, and its capacity (nil: the municipality's default).
public struct GroupSettings: Sendable, Hashable {
  public var group: String
  public var contact: String?
  public var businessAllowed: Bool
  public var capacity: Int?
  public init(group: String, contact: String? = nil, businessAllowed: Bool = false, capacity: Int? = nil) {
    self.group = group
    self.contact = contact
    self.businessAllowed = businessAllowed
    self.capacity = capacity
  }
}

extension Store {
  /// Publishes a new charter version. - Returns: it. - Throws: ``StoreError``.
  public func publishCharter(text: String, by actor: AuditActor = .operator) throws -> Charter {
    try write { db in
      let version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM charters") ?? 0) + 1
      let at = Store.timestamp()
      try db.execute(sql: "INSERT INTO charters (version, text, published_at) VALUES (?, ?, ?)", arguments: [version, text, at])
      try Store.record(db, .charterPublished, subject: "version \(version)", by: actor)
      return Charter(version: version, text: text, publishedAt: at)
    }
  }

  /// The newest charter, or nil when none was published.
  public func currentCharter() throws -> Charter? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM charters ORDER BY version DESC LIMIT 1").map {
        Charter(version: $0["version"], text: $0["text"], publishedAt: $0["published_at"])
      }
    }
  }

  /// Every group's settings that staff set, by group name.
  public func groupSettings() throws -> [String: GroupSettings] {
    try read { db in
      var out: [String: GroupSettings] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT * FROM group_settings") {
        let s = GroupSettings(
          group: row["group_name"], contact: row["contact"], businessAllowed: row["business_allowed"], capacity: row["capacity"])
        out[s.group] = s
      }
      return out
    }
  }

  public func setGroupSettings(_ s: GroupSettings) throws {
    try write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO group_settings (group_name, contact, business_allowed, capacity) VALUES (?, ?, ?, ?)",
        arguments: [s.group, s.contact, s.businessAllowed, s.capacity])
    }
  }

  /// The municipality-wide settings that were set (`store_info`), by key, in one read.
  public func settings() throws -> [String: String] {
    try read { db in
      var out: [String: String] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT key, value FROM store_info WHERE key LIKE 'setting:%'") {
        out[String((row[0] as String).dropFirst("setting:".count))] = row[1]
      }
      return out
    }
  }

  public func setSetting(_ key: String, _ value: String) throws {
    try write { db in
      try db.execute(sql: "INSERT OR REPLACE INTO store_info (key, value) VALUES (?, ?)", arguments: ["setting:" + key, value])
    }
  }
}
