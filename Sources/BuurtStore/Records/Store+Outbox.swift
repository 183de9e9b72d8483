import Foundation
import GRDB

/// A message someone must get, as a change writes it into the outbox.
public struct OutgoingMessage: Sendable, Hashable {
  /// What it tells: `new_enrollment`, `enrollment_confirmation`, `transfer`, …
  public var kind: String
  public var recipient: String
  public var recipientName: String?
  public var subject: String
  public var text: String
  public var html: String?
  /// The member it is about: erased with them.
  public var memberID: String?
  public init(
    kind: String, recipient: String, recipientName: String? = nil, subject: String, text: String, html: String? = nil,
    memberID: String? = nil
  ) {
    self.kind = kind
    self.memberID = memberID
    self.recipient = recipient
    self.recipientName = recipientName
    self.subject = subject
    self.text = text
    self.html = html
  }
}

/// A message in the outbox with its delivery state.
public struct OutboxEntry: Sendable, Hashable {
  public enum Status: String, Sendable { case pending, sent, dead }
  public var id: Int
  /// Fixed when the message was written: the same on every attempt (`<messageID@domain>`).
  public var messageID: String
  public var createdAt: String
  public var message: OutgoingMessage
  public var status: Status
  public var attempts: Int
  public var nextAttemptAt: String
  public var lastError: String?
  public var sentAt: String?

  init(row: Row) {
    id = row["id"]
    messageID = row["message_id"]
    createdAt = row["created_at"]
    message = OutgoingMessage(
      kind: row["kind"], recipient: row["recipient"], recipientName: row["recipient_name"], subject: row["subject"], text: row["text"],
      html: row["html"], memberID: row["member_id"])
    status = Status(rawValue: row["status"]) ?? .pending
    attempts = row["attempts"]
    nextAttemptAt = row["next_attempt_at"]
    lastError = row["last_error"]
    sentAt = row["sent_at"]
  }
}

extension Store {
  /// Writes `messages` in the transaction `db` belongs to, due at once.
  static func enqueue(_ db: Database, _ messages: [OutgoingMessage], at now: String = Store.timestamp()) throws {
    for m in messages {
      try db.cachedStatement(
        sql: """
          INSERT INTO outbox (message_id, created_at, kind, recipient, recipient_name, subject, text, html, next_attempt_at, member_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(
        arguments: [UUID().uuidString.lowercased(), now, m.kind, m.recipient, m.recipientName, m.subject, m.text, m.html, now, m.memberID])
    }
  }

  /// Writes messages that belong to no other change (a test message, a digest).
  public func enqueue(_ messages: [OutgoingMessage]) throws {
    try write { db in try Store.enqueue(db, messages) }
  }

  /// Pending messages whose next attempt is due at `now`, oldest first.
  public func dueMessages(at now: String = Store.timestamp(), limit: Int = 100) throws -> [OutboxEntry] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?", arguments: [now, limit]
      ).map(OutboxEntry.init(row:))
    }
  }

  /// The outbox, newest first; `status` nil for every message.
  public func outbox(status: OutboxEntry.Status? = nil, limit: Int = 1000) throws -> [OutboxEntry] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM outbox WHERE ? IS NULL OR status = ? ORDER BY id DESC LIMIT ?",
        arguments: [status?.rawValue, status?.rawValue, limit]
      ).map(OutboxEntry.init(row:))
    }
  }

  /// Takes a due message for one delivery attempt: it is not due again before `until`, so a second
  /// worker (the server's and a cron job's) does not send it at the same time. False when another took it.
  public func claim(id: Int, until: String, at now: String = Store.timestamp()) throws -> Bool {
    try write { db in
      try db.execute(
        sql: "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?",
        arguments: [until, id, now])
      return db.changesCount == 1
    }
  }

  /// Records a delivery: sent, or failed (due again at `retryAt`, or dead when nil).
  public func recordDelivery(id: Int, sent: Bool, error: String? = nil, retryAt: String? = nil, at now: String = Store.timestamp())
    throws
  {
    try write { db in
      if sent {
        try db.execute(
          sql:
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND status = 'pending'",
          arguments: [now, id])
      } else {
        try db.execute(
          sql:
            "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at) WHERE id = ? AND status = 'pending'",
          arguments: [retryAt == nil ? "dead" : "pending", error, retryAt, id])
      }
    }
  }
}
