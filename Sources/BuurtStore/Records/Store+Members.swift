public import Foundation
import GRDB
public import GeoCore

/// A resident who enrolled, as stored.
public struct Member: Sendable, Hashable {
  public var id: String
  public var name: String
  public var phone: String
  public var email: String?
  public var addressQuery: String
  public var street: String
  public var houseNumber: String?
  public var box: String
  public var postcode: String
  public var locality: String?
  public var position: XY
  public var groupAtEnrollment: String?
  public var groupVersionAtEnrollment: Int?
  public var consentAt: String
  public var enrolledAt: String
  /// How many submissions this member is made of (a resident may enroll again, to correct a
  /// name, or someone may repeat their phone and address); shown to staff, never in public.
  public var submissionCount = 1
  /// Names the other submissions gave, when they differ from `name` (the newest), in NFC.
  public var otherNames: [String] = []
  /// Where the member stands with the group's coordinator, and since when.
  public var status = MemberStatus.pending
  public var statusAt: String?
  /// The group the member is in now: that of enrollment until a boundary change moves it.
  public var groupName: String?
  /// What the newest submission declared.
  public var age: AgeCategory?
  public var basis: EnrollmentBasis?
  public var charterVersion: Int?

  public init(
    id: String = UUID().uuidString.lowercased(), name: String, phone: String, email: String?, addressQuery: String, street: String,
    houseNumber: String?, box: String, postcode: String, locality: String?, position: XY, groupAtEnrollment: String?,
    groupVersionAtEnrollment: Int?, consentAt: String = Store.timestamp(), enrolledAt: String = Store.timestamp()
  ) {
    self.id = id
    self.name = name
    self.phone = phone
    self.email = email
    self.addressQuery = addressQuery
    self.street = street
    self.houseNumber = houseNumber
    self.box = box
    self.postcode = postcode
    self.locality = locality
    self.position = position
    self.groupAtEnrollment = groupAtEnrollment
    self.groupVersionAtEnrollment = groupVersionAtEnrollment
    self.consentAt = consentAt
    self.enrolledAt = enrolledAt
    self.groupName = groupAtEnrollment
  }

  init(row: Row) {
    self.init(
      id: row["id"], name: row["name"], phone: row["phone"], email: row["email"], addressQuery: row["address_query"],
      street: row["street"], houseNumber: row["housenumber"], box: row["box"], postcode: row["postcode"], locality: row["locality"],
      position: XY(x: row["x"], y: row["y"]), groupAtEnrollment: row["group_at_enrollment"],
      groupVersionAtEnrollment: row["group_version_at_enrollment"], consentAt: row["consent_at"], enrolledAt: row["enrolled_at"])
    if let n: Int = row["submission_count"] { submissionCount = n }
    status = (row["status"] as String?).flatMap(MemberStatus.init(rawValue:)) ?? .pending
    statusAt = row["status_at"]
    groupName = row["group_name"]
    age = (row["age"] as String?).flatMap(AgeCategory.init(rawValue:))
    basis = (row["basis"] as String?).flatMap(EnrollmentBasis.init(rawValue:))
    charterVersion = row["charter_version"]
    if let names: String = row["submission_names"] {
      var seen: Set<String> = [name]
      otherNames = names.split(separator: "\u{1F}", omittingEmptySubsequences: true).map(String.init).filter { seen.insert($0).inserted }
    }
  }
}

extension Store {
  /// Stores an enrollment with no management token (the CLI's `enroll`): see ``submit(_:submissionID:access:)``.
  /// - Returns: the member and whether it is new. - Throws: ``StoreError``.
  public func enroll(_ m: Member) throws -> (member: Member, created: Bool) {
    switch try submit(m, access: SubmissionAccess()) {
    case .stored(_, let member, let newMember): return (member, newMember)
    case .replayed(_, let member): return (member, false)
    case .keyReused: throw StoreError("an enrollment without an idempotency key cannot reuse one")
    case .charter(let current): throw StoreError("the rules of conduct are at version \(current); accept that version to enroll")
    }
  }

  /// How many members are enrolled (one indexed count, no rows read).
  public func memberCount() throws -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM members") ?? 0 }
  }

  /// Members with how many submissions each is made of and the names those gave.
  static let memberColumns = """
    m.*, (SELECT count(*) FROM enrollment_requests r WHERE r.member_id = m.id) AS submission_count,
      (SELECT group_concat(r.name, char(31)) FROM enrollment_requests r WHERE r.member_id = m.id) AS submission_names
    """

  public func members() throws -> [Member] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT \(Store.memberColumns) FROM members m ORDER BY m.enrolled_at, m.id").map(Member.init(row:))
    }
  }

  public func member(id: String) throws -> Member? {
    try read { db in try Store.member(db, id: id) }
  }

  /// Erases a member for real, with every submission it is made of: the rows are deleted with
  /// `secure_delete` on (their bytes are overwritten with zeros) and the WAL is checkpointed and
  /// truncated, so neither the database file nor its `-wal` holds the name or phone afterwards.
  ///
  /// On a full disk it still completes: the DELETE needs room for its WAL frames, so when it
  /// fails for want of space the reserve kept beside the store (``SpaceReserve``) is deleted and
  /// the step tried again; the truncated WAL gives the space back and the reserve is topped up.
  /// - Returns: false when there was no such member. - Throws: ``StoreError`` (kind
  ///   ``StoreError/Kind/diskFull`` when even the reserve was not enough).
  public func erase(memberID id: String) throws -> Bool {
    let deleted = try usingReserve { freeReserve in
      try write { db in
        if freeReserve { reserve.release() }
        try db.execute(sql: "DELETE FROM members WHERE id = ?", arguments: [id])
        return db.changesCount > 0
      }
    }
    try truncateWAL()
    return deleted
  }

  /// Checkpoints the WAL into the database and truncates it, so erased rows leave no copy in
  /// `-wal`; then tops the reserve up again.
  func truncateWAL() throws {
    do {
      try usingReserve { freeReserve in
        do {
          defer { wrote() }
          try database.writeWithoutTransaction { db in
            if freeReserve { reserve.release() }
            _ = try db.checkpoint(.truncate)
          }
        } catch let e as DatabaseError {
          throw StoreError(e, path: path)
        }
      }
    } catch let e as StoreError {
      throw StoreError("\(path): erased, but the WAL checkpoint failed (\(e.message)); run `buurt doctor`", kind: e.kind)
    }
    reserve.topUp()
  }

  /// Opens the store for an erasure. A fresh connection needs room for its `-shm`, so on a
  /// disk too full to open the store the reserve is released first. - Throws: ``StoreError``.
  public static func forErasure(path: String) throws -> Store {
    do { return try Store(path: path) } catch let e as StoreError where e.kind == .diskFull {
      guard SpaceReserve(store: path).release() else { throw Store.noReserve(e) }
      return try Store(path: path, create: false, readOnly: false, topUpReserve: false)
    }
  }

  /// Runs `body(false)`; when it fails on a full disk and there is a reserve, `body(true)`,
  /// which deletes the reserve inside its write, so no other write of this store can take the
  /// space before it commits.
  func usingReserve<T>(_ body: (_ freeReserve: Bool) throws -> T) throws -> T {
    do { return try body(false) } catch let e as StoreError where e.kind == .diskFull {
      guard reserve.exists else { throw Store.noReserve(e) }
      return try body(true)
    }
  }

  static func noReserve(_ e: StoreError) -> StoreError {
    StoreError("\(e.message) (the space kept for erasures is used up too)", kind: .diskFull)
  }
}
