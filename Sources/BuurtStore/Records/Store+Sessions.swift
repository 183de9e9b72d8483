public import Foundation
import GRDB

// Signing in to the pages: an account's password (its bcrypt hash, made by the caller), the
// one-time links that set it, and the sessions of signed-in browsers. Tokens are kept as their
// SHA-256 only; a link or session past its time is no longer found (and is deleted when met).

extension Store {
  /// A new one-time link for the account, valid until `expires`; an older link of the account stops working.
  /// - Returns: false when there is no such account.
  public func addPasswordLink(accountID: String, tokenSHA256 digest: String, expires: Date) throws -> Bool {
    try write { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE id = ?", arguments: [accountID]) != nil else { return false }
      try db.execute(sql: "DELETE FROM password_links WHERE account_id = ?", arguments: [accountID])
      try db.execute(
        sql: "INSERT INTO password_links (token_sha256, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        arguments: [digest, accountID, Store.timestamp(), Store.timestamp(expires)])
      return true
    }
  }

  /// The account a one-time link is for, while it is valid.
  public func passwordLinkAccount(tokenSHA256 digest: String, now: Date = Date()) throws -> Account? {
    try read { db in
      guard
        let id = try String.fetchOne(
          db, sql: "SELECT account_id FROM password_links WHERE token_sha256 = ? AND expires_at > ?",
          arguments: [digest, Store.timestamp(now)])
      else { return nil }
      return try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]).map { try Store.account($0, db) }
    }
  }

  /// Sets the password of the link's account and uses the link up, in one transaction; every
  /// session of the account ends (a changed password signs everyone out).
  /// - Returns: the account, or nil when the link is unknown, used or expired.
  public func usePasswordLink(tokenSHA256 digest: String, passwordHash: String, now: Date = Date()) throws -> Account? {
    try write { db in
      guard
        let id = try String.fetchOne(
          db, sql: "SELECT account_id FROM password_links WHERE token_sha256 = ? AND expires_at > ?",
          arguments: [digest, Store.timestamp(now)])
      else { return nil }
      try db.execute(
        sql: "UPDATE accounts SET password_hash = ?, password_set_at = ? WHERE id = ?", arguments: [passwordHash, Store.timestamp(now), id])
      try db.execute(sql: "DELETE FROM password_links WHERE account_id = ?", arguments: [id])
      try db.execute(sql: "DELETE FROM sessions WHERE account_id = ?", arguments: [id])
      return try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]).map { try Store.account($0, db) }
    }
  }

  /// The account with this email (any case) and its password hash (nil before one is set).
  public func signInRecord(email: String) throws -> (account: Account, passwordHash: String?)? {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE lower(email) = lower(?)", arguments: [email]) else {
        return nil
      }
      return (try Store.account(row, db), row["password_hash"])
    }
  }

  /// A session for the account until `expires`. - Returns: false when there is no such account.
  public func addSession(accountID: String, tokenSHA256 digest: String, expires: Date) throws -> Bool {
    try write { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE id = ?", arguments: [accountID]) != nil else { return false }
      // Sessions past their time go when a new one comes.
      try db.execute(sql: "DELETE FROM sessions WHERE expires_at <= ?", arguments: [Store.timestamp()])
      try db.execute(
        sql: "INSERT INTO sessions (token_sha256, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        arguments: [digest, accountID, Store.timestamp(), Store.timestamp(expires)])
      return true
    }
  }

  /// The account of a session that has not expired, or nil.
  public func account(sessionSHA256 digest: String, now: Date = Date()) throws -> Account? {
    try read { db in
      guard
        let id = try String.fetchOne(
          db, sql: "SELECT account_id FROM sessions WHERE token_sha256 = ? AND expires_at > ?", arguments: [digest, Store.timestamp(now)])
      else { return nil }
      return try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]).map { try Store.account($0, db) }
    }
  }

  /// Ends a session (sign-out). - Returns: false when there was none.
  @discardableResult public func endSession(tokenSHA256 digest: String) throws -> Bool {
    try write { db in
      try db.execute(sql: "DELETE FROM sessions WHERE token_sha256 = ?", arguments: [digest])
      return db.changesCount > 0
    }
  }

  /// Ends every session of an account (its role, groups or password changed). - Returns: how many.
  @discardableResult public func endSessions(accountID: String) throws -> Int {
    try write { db in
      try db.execute(sql: "DELETE FROM sessions WHERE account_id = ?", arguments: [accountID])
      return db.changesCount
    }
  }
}
