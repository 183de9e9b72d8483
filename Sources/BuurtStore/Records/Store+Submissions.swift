public import Foundation
import GRDB
import GeoCore

/// One enrollment as it was submitted: what that submission said, and the member (one phone at
/// one address) it joined. Its management token shows and erases this submission only.
public struct EnrollmentSubmission: Sendable, Hashable {
  public var id: String
  public var memberID: String
  public var name: String
  public var email: String?
  public var addressQuery: String
  /// The group that placed the address when this submission was made, and its version.
  public var group: String?
  public var groupVersion: Int?
  public var submittedAt: String
  public var consentAt: String

  init(row: Row) {
    id = row["id"]
    memberID = row["member_id"]
    name = row["name"]
    email = row["email"]
    addressQuery = row["address_query"]
    group = row["group_name"]
    groupVersion = row["group_version"]
    submittedAt = row["submitted_at"]
    consentAt = row["consent_at"]
  }
}

/// How a submission can be reached again: the digest of its management token, and for a client
/// that sends an idempotency key, the key's digest and a fingerprint of what it sent.
public struct SubmissionAccess: Sendable, Hashable {
  public var tokenSHA256: String?
  public var idempotencyKeySHA256: String?
  public var fingerprint: String?

  public init(tokenSHA256: String? = nil, idempotencyKeySHA256: String? = nil, fingerprint: String? = nil) {
    self.tokenSHA256 = tokenSHA256
    self.idempotencyKeySHA256 = idempotencyKeySHA256
    self.fingerprint = fingerprint
  }
}

/// What became of a submission.
public enum SubmissionOutcome: Sendable {
  /// Stored as a new submission, joining a new member or an existing one (`newMember == false`).
  case stored(EnrollmentSubmission, member: Member, newMember: Bool)
  /// The same idempotency key with the same content again: the submission stored before.
  case replayed(EnrollmentSubmission, member: Member)
  /// The idempotency key was used before for different content: nothing stored.
  case keyReused
  /// A charter is published and the member did not accept its current version (`current`): nothing stored.
  case charter(current: Int)
}

extension Store {
  /// Stores one submission, durably (`synchronous=FULL`) and in one transaction: the member (the
  /// same phone at the same address is one member) and the submission with its access. The
  /// member keeps the newest submission's name, email and address as typed, so a corrected
  /// name reaches the coordinator; the other names stay visible to staff.
  /// - Throws: ``StoreError``.
  ///
  /// A new member is `pending` in its group (audited as the resident's doing); a member that
  /// was `refused`, `left` or `removed` (once its block is over) is `pending` again. A phone
  /// still blocked in the group after a removal is stored `refused` by the system, with the same
  /// answer as any enrollment, so the answer tells no one the phone was ever a member. A phone
  /// that enrolls as a resident at a new address leaves its other resident memberships
  /// (`left`: they moved house). `phoneDigest` (keyed, see ``removals``) finds a block.
  /// `notify` writes the messages a new member's enrollment sends (given the member and the
  /// coordinators of its group), in the same transaction.
  public func submit(
    _ m: Member, submissionID: String = UUID().uuidString.lowercased(), access: SubmissionAccess, phoneDigest: String? = nil,
    notify: ((Member, [Account]) -> [OutgoingMessage])? = nil
  ) throws
    -> SubmissionOutcome
  {
    try write { db in
      if let key = access.idempotencyKeySHA256,
        let earlier = try Row.fetchOne(db, sql: "SELECT * FROM enrollment_requests WHERE idempotency_key_sha256 = ?", arguments: [key])
      {
        guard earlier["fingerprint"] as String? == access.fingerprint else { return .keyReused }
        let submission = EnrollmentSubmission(row: earlier)
        guard let member = try Store.member(db, id: submission.memberID) else { throw StoreError("a submission without its member") }
        return .replayed(submission, member: member)
      }
      let now = m.enrolledAt
      // In the write, so a charter published meanwhile is not missed (and no read of its own).
      if let current = try Int.fetchOne(db.cachedStatement(sql: "SELECT max(version) FROM charters")), m.charterVersion != current {
        return .charter(current: current)
      }
      // A phone its coordinator removed from this group: stored like any enrollment (the answer
      // must not tell anyone that this phone was ever a member), but refused at once.
      var blockedUntil: String?
      if let phoneDigest, let group = m.groupAtEnrollment {
        blockedUntil = try String.fetchOne(
          db.cachedStatement(sql: "SELECT until FROM removals WHERE phone_digest = ? AND group_name = ? AND until > ?"),
          arguments: [phoneDigest, group, now])
      }
      // Prepared once per connection (enrollments are the busiest write).
      try db.cachedStatement(
        sql: """
          INSERT INTO members (id, name, phone, email, address_query, street, housenumber, box, postcode, locality, x, y,
            group_at_enrollment, group_version_at_enrollment, consent_at, enrolled_at, status, status_at, group_name, age, basis,
            charter_version)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)
          ON CONFLICT (phone, street, housenumber, box, postcode) DO NOTHING
          """
      ).execute(
        arguments: [
          m.id, m.name, m.phone, m.email, m.addressQuery, m.street, m.houseNumber, m.box, m.postcode, m.locality, m.position.x,
          m.position.y, m.groupAtEnrollment, m.groupVersionAtEnrollment, m.consentAt, m.enrolledAt, m.enrolledAt, m.groupAtEnrollment,
          m.age?.rawValue, m.basis?.rawValue, m.charterVersion,
        ])
      let newMember = db.changesCount == 1
      let memberID: String
      if newMember {
        memberID = m.id
      } else {
        guard
          let existing = try String.fetchOne(
            db, sql: "SELECT id FROM members WHERE phone = ? AND street = ? AND housenumber IS ? AND box = ? AND postcode = ?",
            arguments: [m.phone, m.street, m.houseNumber, m.box, m.postcode])
        else { throw StoreError("enrollment conflict could not be read back") }
        memberID = existing
      }
      try db.cachedStatement(
        sql: """
          INSERT INTO enrollment_requests (id, member_id, name, email, address_query, group_name, group_version, submitted_at,
            consent_at, token_sha256, idempotency_key_sha256, fingerprint)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(
        arguments: [
          submissionID, memberID, m.name, m.email, m.addressQuery, m.groupAtEnrollment, m.groupVersionAtEnrollment, m.enrolledAt,
          m.consentAt, access.tokenSHA256, access.idempotencyKeySHA256, access.fingerprint,
        ])
      if newMember {
        try Store.recordTransition(db, at: now, actor: .resident, memberID: memberID, group: m.groupAtEnrollment, from: nil, to: .pending)
        if let until = blockedUntil {
          try db.execute(sql: "UPDATE members SET status = 'refused', status_at = ? WHERE id = ?", arguments: [now, memberID])
          try Store.recordTransition(
            db, at: now, actor: .system, memberID: memberID, group: m.groupAtEnrollment, from: .pending, to: .refused,
            reason: "this phone was removed from the group; it may enroll again from \(until.prefix(10))")
        } else if m.basis != .business {
          try Store.leaveEarlierHomes(db, phone: m.phone, except: memberID, at: now, group: m.groupAtEnrollment)
        }
      } else {
        try Store.refreshMember(db, id: memberID)
        try db.execute(
          sql: "UPDATE members SET age = ?, basis = ?, charter_version = ? WHERE id = ?",
          arguments: [m.age?.rawValue, m.basis?.rawValue, m.charterVersion, memberID])
        if blockedUntil == nil { try Store.reenroll(db, memberID: memberID, group: m.groupAtEnrollment, at: now) }
      }
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM enrollment_requests WHERE id = ?", arguments: [submissionID]),
        let member = try Store.member(db, id: memberID)
      else { throw StoreError("an enrollment could not be read back") }
      if newMember, blockedUntil == nil, let notify, let group = member.groupName {
        let coordinators = try Row.fetchAll(
          db,
          sql:
            "SELECT a.* FROM accounts a JOIN account_groups g ON g.account_id = a.id WHERE g.group_name = ? AND a.role = 'coordinator' ORDER BY a.name, a.id",
          arguments: [group]
        ).map { try Store.account($0, db) }
        try Store.enqueue(db, notify(member, coordinators), at: now)
      }
      return .stored(EnrollmentSubmission(row: row), member: member, newMember: newMember)
    }
  }

  /// A submission with its member and the digest of its management token (compared by the
  /// caller in constant time).
  public func submission(id: String) throws -> (submission: EnrollmentSubmission, member: Member, tokenSHA256: String?)? {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM enrollment_requests WHERE id = ?", arguments: [id]) else { return nil }
      let submission = EnrollmentSubmission(row: row)
      guard let member = try Store.member(db, id: submission.memberID) else { return nil }
      return (submission, member, row["token_sha256"])
    }
  }

  /// The submissions a member is made of, oldest first (for staff).
  public func submissions(memberID: String) throws -> [EnrollmentSubmission] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM enrollment_requests WHERE member_id = ? ORDER BY submitted_at, rowid", arguments: [memberID])
        .map(EnrollmentSubmission.init(row:))
    }
  }

  /// Erases one submission for real (secure delete, WAL truncated; on a full disk with the
  /// space reserve, as ``erase(memberID:)``). A member left without
  /// submissions is erased with it; otherwise it takes the newest remaining submission's name,
  /// email and address as typed, so nothing the erased submission said stays.
  /// - Returns: false when there was no such submission. - Throws: ``StoreError``.
  public func eraseSubmission(id: String) throws -> Bool {
    let deleted = try usingReserve { freeReserve in
      try write { db -> Bool in
        if freeReserve { reserve.release() }
        guard let memberID = try String.fetchOne(db, sql: "SELECT member_id FROM enrollment_requests WHERE id = ?", arguments: [id]) else {
          return false
        }
        try db.execute(sql: "DELETE FROM enrollment_requests WHERE id = ?", arguments: [id])
        let remaining =
          try Int.fetchOne(db, sql: "SELECT count(*) FROM enrollment_requests WHERE member_id = ?", arguments: [memberID]) ?? 0
        if remaining == 0 {
          try db.execute(sql: "DELETE FROM members WHERE id = ?", arguments: [memberID])
        } else {
          try Store.refreshMember(db, id: memberID)
        }
        return true
      }
    }
    try truncateWAL()
    return deleted
  }

  /// The member's name, email and typed address from its newest submission; enrolled at its
  /// oldest, consent at its newest.
  static func refreshMember(_ db: Database, id: String) throws {
    try db.execute(
      sql: """
        UPDATE members SET
          (name, email, address_query) = (SELECT r.name, r.email, r.address_query FROM enrollment_requests r
            WHERE r.member_id = members.id ORDER BY r.submitted_at DESC, r.rowid DESC LIMIT 1),
          enrolled_at = (SELECT min(r.submitted_at) FROM enrollment_requests r WHERE r.member_id = members.id),
          consent_at = (SELECT max(r.consent_at) FROM enrollment_requests r WHERE r.member_id = members.id)
        WHERE id = ?
        """, arguments: [id])
  }

  static func member(_ db: Database, id: String) throws -> Member? {
    // Prepared once per connection: every status change and enrollment reads its member.
    try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Store.memberColumns) FROM members m WHERE m.id = ?"), arguments: [id]).map(
      Member.init(row:))
  }

  /// The store's secret for deriving the management token of a submission that carries an
  /// idempotency key (made once, at the migration that added submissions).
  public func tokenSecret() throws -> String {
    try read { db in
      guard let s = try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'token_secret'") else {
        throw StoreError("\(path): the store has no token secret; run `buurt doctor`")
      }
      return s
    }
  }
}
