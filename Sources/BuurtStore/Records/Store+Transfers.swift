import Foundation
import GRDB
public import GeoCore

/// A member a boundary change moved from one group to another: the old group's coordinator
/// removes the number from its WhatsApp group, the new group's coordinator adds it; the member
/// is `added` in the new group when both confirmed. A member moved while still `pending` was
/// never added, so its old side is confirmed by the system at once.
public struct Transfer: Sendable, Hashable {
  public var id: String
  public var memberID: String
  public var fromGroup: String
  /// nil: the new boundaries put the address in no group; the member leaves once removed.
  public var toGroup: String?
  public var version: Int
  public var createdAt: String
  public var removedAt: String?
  public var removedBy: String?
  public var addedAt: String?
  public var addedBy: String?
  public var completedAt: String?

  init(row: Row) {
    id = row["id"]
    memberID = row["member_id"]
    fromGroup = row["from_group"]
    toGroup = row["to_group"]
    version = row["version"]
    createdAt = row["created_at"]
    removedAt = row["removed_at"]
    removedBy = row["removed_by"]
    addedAt = row["added_at"]
    addedBy = row["added_by"]
    completedAt = row["completed_at"]
  }
}

/// A side of a transfer.
public enum TransferSide: String, Sendable, Hashable, CaseIterable {
  /// The old group's coordinator removed the number.
  case removed
  /// The new group's coordinator added it.
  case added
}

/// What a confirmation did.
public enum TransferConfirmation: Sendable {
  case confirmed(Transfer)
  case noSuchTransfer
  /// This side was confirmed before, or the transfer has no such side (no new group).
  case alreadyConfirmed(Transfer)
}

/// The members a new boundary version moves: per member (id, position in the store's metric
/// CRS), the group it is in under the new version (nil: none).
public typealias Regrouping = @Sendable (_ positions: [XY]) throws -> [String?]

extension Store {
  /// Transfers, oldest first: the open ones (not completed) unless `all`; of `group` (either side) when given.
  public func transfers(all: Bool = false, group: String? = nil) throws -> [Transfer] {
    try read { db in
      var clauses: [String] = []
      var arguments: [any DatabaseValueConvertible] = []
      if !all { clauses.append("completed_at IS NULL") }
      if let group {
        clauses.append("(from_group = ? OR to_group = ?)")
        arguments += [group, group]
      }
      let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
      return try Row.fetchAll(
        db, sql: "SELECT * FROM transfers \(filter) ORDER BY created_at, id", arguments: StatementArguments(arguments)
      )
      .map(Transfer.init(row:))
    }
  }

  public func transfer(id: String) throws -> Transfer? {
    try read { db in try Row.fetchOne(db, sql: "SELECT * FROM transfers WHERE id = ?", arguments: [id]).map(Transfer.init(row:)) }
  }

  /// Confirms one side of a transfer. When both sides are done the member is `added` in the new
  /// group (or `left`, when the new boundaries put it in none), with an audit entry.
  public func confirmTransfer(id: String, side: TransferSide, actor: AuditActor) throws -> TransferConfirmation {
    try write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM transfers WHERE id = ?", arguments: [id]) else { return .noSuchTransfer }
      var t = Transfer(row: row)
      let by = actor.accountID.map { "\(actor.role):\($0)" } ?? actor.role
      let now = Store.timestamp()
      switch side {
      case .removed:
        guard t.removedAt == nil, t.completedAt == nil else { return .alreadyConfirmed(t) }
        t.removedAt = now
        t.removedBy = by
      case .added:
        guard t.addedAt == nil, t.completedAt == nil, t.toGroup != nil else { return .alreadyConfirmed(t) }
        t.addedAt = now
        t.addedBy = by
      }
      let done = t.removedAt != nil && (t.addedAt != nil || t.toGroup == nil)
      if done { t.completedAt = now }
      try db.execute(
        sql: "UPDATE transfers SET removed_at = ?, removed_by = ?, added_at = ?, added_by = ?, completed_at = ? WHERE id = ?",
        arguments: [t.removedAt, t.removedBy, t.addedAt, t.addedBy, t.completedAt, id])
      if done {
        let to: MemberStatus = t.toGroup == nil ? .left : .added
        let from = try String.fetchOne(db, sql: "SELECT status FROM members WHERE id = ?", arguments: [t.memberID]).flatMap(
          MemberStatus.init)
        // Only a member still moving becomes added (or left) by its transfer.
        guard from == .moving else { return .confirmed(t) }
        try db.execute(sql: "UPDATE members SET status = ?, status_at = ? WHERE id = ?", arguments: [to.rawValue, now, t.memberID])
        try Store.recordTransition(
          db, at: now, actor: actor, memberID: t.memberID, group: t.toGroup, from: from, to: to,
          reason: "transfer from \(t.fromGroup) completed (boundary version \(t.version))")
      }
      return .confirmed(t)
    }
  }

  /// Inside a publish: every `pending`, `added` or `moving` member whose group changes under
  /// version `version` becomes a transfer. - Returns: how many transfers were made or changed.
  static func regroupMembers(_ db: Database, version: Int, regroup: Regrouping) throws -> Int {
    let rows = try Row.fetchAll(db, sql: "SELECT id, x, y, group_name, status FROM members WHERE status IN ('pending', 'added', 'moving')")
    let placed = try regroup(rows.map { XY(x: $0["x"], y: $0["y"]) })
    let now = Store.timestamp()
    var changed = 0
    for (row, newGroup) in zip(rows, placed) {
      let id: String = row["id"]
      let oldGroup: String? = row["group_name"]
      guard newGroup != oldGroup, let status = MemberStatus(rawValue: row["status"]) else { continue }
      changed += 1
      let open = try Row.fetchOne(db, sql: "SELECT * FROM transfers WHERE member_id = ? AND completed_at IS NULL", arguments: [id])
        .map(Transfer.init(row:))
      let reason = "boundary version \(version)"
      switch (status, open) {
      case (.moving, let t?):
        // Moved again before the transfer was done: it now ends in the newest group; back in
        // its old group before its number was removed, nothing needs doing.
        if newGroup == t.fromGroup && t.removedAt == nil {
          try db.execute(sql: "DELETE FROM transfers WHERE id = ?", arguments: [t.id])
          try db.execute(
            sql: "UPDATE members SET status = 'added', status_at = ?, group_name = ? WHERE id = ?", arguments: [now, newGroup, id])
          try recordTransition(db, at: now, actor: .system, memberID: id, group: newGroup, from: .moving, to: .added, reason: reason)
        } else {
          try db.execute(
            sql: "UPDATE transfers SET to_group = ?, added_at = NULL, added_by = NULL, version = ? WHERE id = ?",
            arguments: [newGroup, version, t.id])
          try db.execute(sql: "UPDATE members SET group_name = ?, status_at = ? WHERE id = ?", arguments: [newGroup, now, id])
          try recordTransition(db, at: now, actor: .system, memberID: id, group: newGroup, from: .moving, to: .moving, reason: reason)
        }
      case (.added, _), (.moving, nil):
        guard let from = oldGroup else {
          // Added in no group cannot happen; placed in one now, the member waits there.
          try db.execute(
            sql: "UPDATE members SET status = 'pending', status_at = ?, group_name = ? WHERE id = ?", arguments: [now, newGroup, id])
          try recordTransition(db, at: now, actor: .system, memberID: id, group: newGroup, from: status, to: .pending, reason: reason)
          continue
        }
        try db.execute(
          sql: "INSERT INTO transfers (id, member_id, from_group, to_group, version, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          arguments: [UUID().uuidString.lowercased(), id, from, newGroup, version, now])
        try db.execute(
          sql: "UPDATE members SET status = 'moving', status_at = ?, group_name = ? WHERE id = ?", arguments: [now, newGroup, id])
        try recordTransition(db, at: now, actor: .system, memberID: id, group: newGroup, from: status, to: .moving, reason: reason)
      default:
        // Pending: never added in WhatsApp, so nothing to remove; it waits in the new group's queue.
        if let from = oldGroup {
          try db.execute(
            sql: """
              INSERT INTO transfers (id, member_id, from_group, to_group, version, created_at, removed_at, removed_by, completed_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, 'system', ?)
              """, arguments: [UUID().uuidString.lowercased(), id, from, newGroup, version, now, now, now])
        }
        try db.execute(sql: "UPDATE members SET group_name = ?, status_at = ? WHERE id = ?", arguments: [newGroup, now, id])
        try recordTransition(db, at: now, actor: .system, memberID: id, group: newGroup, from: .pending, to: .pending, reason: reason)
      }
    }
    return changed
  }
}
