import Foundation
import GRDB

/// Where a member stands with the coordinator of its group.
/// `pending` → `added` (in the WhatsApp group) or `refused`; `added` → `removed` or `left`;
/// a boundary change makes an `added` member `moving` until both coordinators confirm.
public enum MemberStatus: String, Sendable, Hashable, CaseIterable, Codable {
  case pending, added, refused, removed, left, moving
}

/// The age a resident declared at enrollment (younger than 16 is refused).
public enum AgeCategory: String, Sendable, Hashable, CaseIterable, Codable {
  case adult
  case minorWithConsent = "minor_with_consent"
}

/// Why someone belongs in the group: they live there, or run a business there (only where
/// staff allowed it for that group).
public enum EnrollmentBasis: String, Sendable, Hashable, CaseIterable, Codable {
  case resident, business
}

/// Who did something, as the audit trail keeps it: a role and, for an account, its id.
public struct AuditActor: Sendable, Hashable {
  /// `resident`, `coordinator`, `staff`, `police`, or `system` (a boundary change).
  public var role: String
  public var accountID: String?
  public init(role: String, accountID: String? = nil) {
    self.role = role
    self.accountID = accountID
  }
  public static let resident = AuditActor(role: "resident")
  public static let system = AuditActor(role: "system")
}

/// One transition of one member's status. After an erasure the entry stays with no member
/// and no reason.
public struct AuditEntry: Sendable, Hashable {
  public var id: Int
  public var at: String
  public var actor: AuditActor
  public var memberID: String?
  public var group: String?
  public var from: MemberStatus?
  public var to: MemberStatus
  public var reason: String?
}

/// What a status change did.
public enum StatusChange: Sendable {
  case changed(Member)
  case noSuchMember
  /// The member's status is not one the change starts from.
  case notFrom(MemberStatus)
}

extension Store {
  /// Changes a member's status when it is one of `from`, with an audit entry, in one durable
  /// transaction. `block` (a keyed digest of the phone and the time it ends) keeps a removed
  /// phone from enrolling in its group again. - Throws: ``StoreError``.
  public func changeStatus(
    memberID: String, from: Set<MemberStatus>, to: MemberStatus, reason: String?, actor: AuditActor,
    block: (phoneDigest: String, until: String)? = nil
  ) throws -> StatusChange {
    try write { db in
      guard let member = try Store.member(db, id: memberID) else { return .noSuchMember }
      guard from.contains(member.status) else { return .notFrom(member.status) }
      let now = Store.timestamp()
      try db.cachedStatement(sql: "UPDATE members SET status = ?, status_at = ? WHERE id = ?").execute(arguments: [
        to.rawValue, now, memberID,
      ])
      try Store.recordTransition(
        db, at: now, actor: actor, memberID: memberID, group: member.groupName, from: member.status, to: to, reason: reason)
      // A member who leaves (or is removed) while a boundary change moves it has no transfer left to confirm.
      if to == .left || to == .removed {
        try db.execute(sql: "DELETE FROM transfers WHERE member_id = ? AND completed_at IS NULL", arguments: [memberID])
      }
      if let block, let group = member.groupName {
        try db.execute(
          sql: "INSERT OR REPLACE INTO removals (phone_digest, group_name, until) VALUES (?, ?, ?)",
          arguments: [block.phoneDigest, group, block.until])
      }
      var changed = member
      changed.status = to
      changed.statusAt = now
      return .changed(changed)
    }
  }

  /// Members of `group` (nil: in no group) with one of `statuses`, oldest enrollment first.
  public func members(inGroup group: String?, statuses: Set<MemberStatus>) throws -> [Member] {
    try read { db in
      let marks = Array(repeating: "?", count: statuses.count).joined(separator: ", ")
      var arguments: [any DatabaseValueConvertible] = statuses.map(\.rawValue).sorted()
      let place: String
      if let group {
        place = "m.group_name = ?"
        arguments.append(group)
      } else {
        place = "m.group_name IS NULL"
      }
      return try Row.fetchAll(
        db, sql: "SELECT \(Store.memberColumns) FROM members m WHERE m.status IN (\(marks)) AND \(place) ORDER BY m.enrolled_at, m.id",
        arguments: StatementArguments(arguments)
      ).map(Member.init(row:))
    }
  }

  /// Whether a member gave this email (compared in lower case).
  public func memberEmailExists(_ email: String) throws -> Bool {
    try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM members WHERE lower(email) = lower(?) LIMIT 1", arguments: [email]) ?? false
    }
  }

  /// Members per group and status (one indexed pass), for the group states.
  public func memberCounts() throws -> [String: [MemberStatus: Int]] {
    try read { db in
      var out: [String: [MemberStatus: Int]] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT group_name, status, count(*) FROM members WHERE group_name IS NOT NULL GROUP BY 1, 2") {
        guard let status = MemberStatus(rawValue: row[1]) else { continue }
        out[row[0], default: [:]][status] = row[2]
      }
      return out
    }
  }

  /// The audit trail, oldest first; of one member when `memberID` is given; entries after id
  /// `after`, at most `limit`.
  public func audit(memberID: String? = nil, after: Int = 0, limit: Int = 1000) throws -> [AuditEntry] {
    try read { db in
      let filter = memberID == nil ? "" : " AND member_id = ?"
      var arguments: [any DatabaseValueConvertible] = [after]
      if let memberID { arguments.append(memberID) }
      arguments.append(limit)
      return try Row.fetchAll(
        db, sql: "SELECT * FROM audit WHERE id > ?\(filter) ORDER BY id LIMIT ?", arguments: StatementArguments(arguments)
      ).map { row in
        AuditEntry(
          id: row["id"], at: row["at"], actor: AuditActor(role: row["actor_role"], accountID: row["actor_account"]),
          memberID: row["member_id"],
          group: row["group_name"], from: (row["from_status"] as String?).flatMap(MemberStatus.init(rawValue:)),
          to: MemberStatus(rawValue: row["to_status"]) ?? .pending, reason: row["reason"])
      }
    }
  }

  static func recordTransition(
    _ db: Database, at: String, actor: AuditActor, memberID: String, group: String?, from: MemberStatus?, to: MemberStatus,
    reason: String? = nil
  ) throws {
    try db.cachedStatement(
      sql:
        "INSERT INTO audit (at, actor_role, actor_account, member_id, group_name, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    ).execute(arguments: [at, actor.role, actor.accountID, memberID, group, from?.rawValue, to.rawValue, reason])
  }

  /// A phone that enrolls as a resident at a new address moved house: its other resident
  /// memberships that are still live become `left`.
  static func leaveEarlierHomes(_ db: Database, phone: String, except memberID: String, at: String, group: String?) throws {
    let earlier = try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT id, group_name, status FROM members WHERE phone = ? AND id != ? AND coalesce(basis, 'resident') = 'resident'
            AND status IN ('pending', 'added', 'moving')
          """), arguments: [phone, memberID])
    for row in earlier {
      let id: String = row["id"]
      try db.execute(sql: "UPDATE members SET status = 'left', status_at = ? WHERE id = ?", arguments: [at, id])
      try db.execute(sql: "DELETE FROM transfers WHERE member_id = ? AND completed_at IS NULL", arguments: [id])
      try recordTransition(
        db, at: at, actor: .resident, memberID: id, group: row["group_name"], from: MemberStatus(rawValue: row["status"]), to: .left,
        reason: "enrolled again at another address")
    }
  }

  /// A member enrolling again after it was refused, removed (its block is over) or left is
  /// `pending` again, in the group its address is in now.
  static func reenroll(_ db: Database, memberID: String, group: String?, at: String) throws {
    guard
      let status = try String.fetchOne(db, sql: "SELECT status FROM members WHERE id = ?", arguments: [memberID]).flatMap(
        MemberStatus.init),
      [.refused, .removed, .left].contains(status)
    else { return }
    try db.execute(
      sql: "UPDATE members SET status = 'pending', status_at = ?, group_name = ? WHERE id = ?", arguments: [at, group, memberID])
    try recordTransition(
      db, at: at, actor: .resident, memberID: memberID, group: group, from: status, to: .pending, reason: "enrolled again")
  }
}
