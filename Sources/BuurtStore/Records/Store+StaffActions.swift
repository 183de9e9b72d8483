import Foundation
import GRDB

/// What staff did that is no member's status change: appointing and removing accounts,
/// publishing the rules of conduct or a boundary set.
public struct StaffAction: Sendable, Hashable {
  public enum Kind: String, Sendable {
    case accountAdded = "account_added"
    case accountRemoved = "account_removed"
    case charterPublished = "charter_published"
    case boundariesPublished = "boundaries_published"
  }
  public var id: Int
  public var at: String
  public var actor: AuditActor
  public var kind: Kind
  /// What it was done to: "name <email>, role: groups", "version 3".
  public var subject: String
}

extension AuditActor {
  /// Someone at the server with the `buurt` command (no account).
  public static let `operator` = AuditActor(role: "staff")
}

extension Store {
  static func record(_ db: Database, _ kind: StaffAction.Kind, subject: String, by actor: AuditActor) throws {
    try db.execute(
      sql: "INSERT INTO staff_actions (at, actor_role, actor_account, action, subject) VALUES (?, ?, ?, ?, ?)",
      arguments: [Store.timestamp(), actor.role, actor.accountID, kind.rawValue, subject])
  }

  /// Records an action whose change the store made elsewhere (a boundary publication).
  public func recordStaffAction(_ kind: StaffAction.Kind, subject: String, by actor: AuditActor) throws {
    try write { db in try Store.record(db, kind, subject: subject, by: actor) }
  }

  /// The newest `limit` staff actions, oldest first.
  public func staffActions(limit: Int = 1000) throws -> [StaffAction] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM (SELECT * FROM staff_actions ORDER BY id DESC LIMIT ?) ORDER BY id", arguments: [limit]).map
      {
        StaffAction(
          id: $0["id"], at: $0["at"], actor: AuditActor(role: $0["actor_role"], accountID: $0["actor_account"]),
          kind: StaffAction.Kind(rawValue: $0["action"]) ?? .accountAdded, subject: $0["subject"])
      }
    }
  }
}
