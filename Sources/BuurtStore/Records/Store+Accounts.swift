import Foundation
import GRDB

/// What an account may see and do: coordinators their own groups' enrollments and members,
/// staff everything, police groups and their coordinators' contacts (never a member list).
public enum AccountRole: String, Sendable, Hashable, CaseIterable, Codable {
  case coordinator
  case staff
  case police
}

/// A person who works with buurt: a group's coordinator, a member of the municipality's staff,
/// the police contact. Signs in with an API token, of which only the SHA-256 is stored.
public struct Account: Sendable, Hashable {
  public var id: String
  public var role: AccountRole
  public var name: String
  public var email: String
  /// The groups a coordinator coordinates, by name, sorted; empty for staff and police.
  public var groups: [String]
  public var createdAt: String
  /// When the current token was issued; nil before `accounts token` was first run.
  public var tokenCreatedAt: String?
}

extension Store {
  /// Adds an account. - Throws: ``StoreError`` (`.failed` naming the email when an account
  /// with that email, in any case, exists).
  /// `by` is who appoints (kept in the audit trail, in the same transaction).
  public func addAccount(role: AccountRole, name: String, email: String, groups: [String], by actor: AuditActor = .operator) throws
    -> Account
  {
    let account = Account(
      id: UUID().uuidString.lowercased(), role: role, name: name, email: email, groups: Array(Set(groups)).sorted(),
      createdAt: Store.timestamp(), tokenCreatedAt: nil)
    try write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE lower(email) = lower(?)", arguments: [email]) != nil {
        throw StoreError("an account with email \(email) exists already")
      }
      try db.execute(
        sql: "INSERT INTO accounts (id, role, name, email, created_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [account.id, role.rawValue, name, email, account.createdAt])
      for g in account.groups {
        try db.execute(sql: "INSERT INTO account_groups (account_id, group_name) VALUES (?, ?)", arguments: [account.id, g])
      }
      try Store.record(
        db, .accountAdded, subject: Store.accountSubject(name: name, email: email, role: role, groups: account.groups), by: actor)
    }
    return account
  }

  /// Every account, by role, then name.
  public func accounts() throws -> [Account] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY role, name, id").map { try Store.account($0, db) }
    }
  }

  /// The account `id`, or nil.
  public func account(id: String) throws -> Account? {
    try read { db in try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]).map { try Store.account($0, db) } }
  }

  /// The account whose current token has this SHA-256 (hex), or nil.
  public func account(tokenSHA256 digest: String) throws -> Account? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE token_sha256 = ?", arguments: [digest]).map { try Store.account($0, db) }
    }
  }

  /// Stores `digest` as the account's one token, replacing the one before (which stops working).
  /// - Returns: false when there is no such account.
  public func replaceToken(accountID: String, tokenSHA256 digest: String) throws -> Bool {
    try write { db in
      try db.execute(
        sql: "UPDATE accounts SET token_sha256 = ?, token_created_at = ? WHERE id = ?", arguments: [digest, Store.timestamp(), accountID])
      return db.changesCount > 0
    }
  }

  /// Removes an account and its token for real (secure delete). - Returns: false when there is none.
  public func removeAccount(id: String, by actor: AuditActor = .operator) throws -> Bool {
    try write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]) else { return false }
      let account = try Store.account(row, db)
      try db.execute(sql: "DELETE FROM accounts WHERE id = ?", arguments: [id])
      try Store.record(
        db, .accountRemoved,
        subject: Store.accountSubject(name: account.name, email: account.email, role: account.role, groups: account.groups),
        by: actor)
      return true
    }
  }

  static func accountSubject(name: String, email: String, role: AccountRole, groups: [String]) -> String {
    "\(name) <\(email)>, \(role.rawValue)" + (groups.isEmpty ? "" : ": " + groups.joined(separator: ", "))
  }

  /// The coordinators of each group, by group name.
  public func coordinatorsByGroup() throws -> [String: [Account]] {
    var out: [String: [Account]] = [:]
    for a in try accounts() where a.role == .coordinator {
      for g in a.groups { out[g, default: []].append(a) }
    }
    return out
  }

  static func account(_ row: Row, _ db: Database) throws -> Account {
    let id: String = row["id"]
    let groups = try String.fetchAll(
      db, sql: "SELECT group_name FROM account_groups WHERE account_id = ? ORDER BY group_name", arguments: [id])
    return Account(
      // The table's CHECK allows only the three roles; anything else would get the least rights.
      id: id, role: AccountRole(rawValue: row["role"]) ?? .police, name: row["name"], email: row["email"], groups: groups,
      createdAt: row["created_at"], tokenCreatedAt: row["token_created_at"])
  }
}
