public import BuurtStore

/// One enrollment in a coordinator's queue: what they need to add the person in WhatsApp, and
/// nothing more (no address: the group placed it).
public struct QueueEntry: Encodable, Sendable, Equatable {
  public var id: String
  public var name: String
  /// E.164 (`+32471123456`).
  public var phone: String
  /// `https://wa.me/32471123456`: opens a chat with the number in WhatsApp.
  public var whatsapp: String
  public var basis: String?
  public var age: String?
  public var status: String
  public var enrolledAt: String
  public var statusAt: String?

  enum CodingKeys: String, CodingKey {
    case id, name, phone, whatsapp, basis, age, status
    case enrolledAt = "enrolled_at"
    case statusAt = "status_at"
  }

  public init(_ m: Member) {
    id = m.id
    name = m.name
    phone = m.phone
    whatsapp = QueueEntry.whatsAppLink(m.phone)
    basis = m.basis?.rawValue
    age = m.age?.rawValue
    status = m.status.rawValue
    enrolledAt = m.enrolledAt
    statusAt = m.statusAt
  }

  /// WhatsApp's click-to-chat link: the E.164 number without `+`.
  public static func whatsAppLink(_ e164: String) -> String { "https://wa.me/" + e164.filter(\.isNumber) }
}

/// `GET /v1/groups/{name}/enrollments`, `buurt queue`.
public struct QueueReport: Encodable, Sendable {
  public var group: String
  public var status: String
  public var members: Int
  public var capacity: Int
  public var advisedRange: GroupState.AdvisedRange
  public var warnings: [String]
  public var enrollments: [QueueEntry]

  enum CodingKeys: String, CodingKey {
    case group, status, members, capacity
    case advisedRange = "advised_range"
    case warnings, enrollments
  }

  public init(group: String, status: MemberStatus, state: GroupState, members: [Member]) {
    self.group = group
    self.status = status.rawValue
    self.members = state.exactMembers
    capacity = state.capacity
    advisedRange = state.advisedRange
    warnings = [state.warning].compactMap { $0 }
    enrollments = members.map(QueueEntry.init)
  }
}

/// One audit entry as staff reads it.
public struct AuditReport: Encodable, Sendable, Equatable {
  public var id: Int
  public var at: String
  public var actor: String
  public var actorAccount: String?
  /// nil once the member was erased.
  public var member: String?
  public var group: String?
  public var from: String?
  public var to: String
  public var reason: String?

  enum CodingKeys: String, CodingKey {
    case id, at, actor
    case actorAccount = "actor_account"
    case member, group, from, to, reason
  }

  public init(_ e: AuditEntry) {
    id = e.id
    at = e.at
    actor = e.actor.role
    actorAccount = e.actor.accountID
    member = e.memberID
    group = e.group
    from = e.from?.rawValue
    to = e.to.rawValue
    reason = e.reason
  }
}

/// A transfer as its coordinators see it: the member's name and phone, so the old side can
/// remove the number and the new side add it.
public struct TransferReport: Encodable, Sendable, Equatable {
  public var id: String
  public var member: String
  public var name: String?
  public var phone: String?
  public var whatsapp: String?
  public var fromGroup: String
  public var toGroup: String?
  public var version: Int
  public var createdAt: String
  public var removedAt: String?
  public var addedAt: String?
  public var completedAt: String?

  enum CodingKeys: String, CodingKey {
    case id, member, name, phone, whatsapp
    case fromGroup = "from_group"
    case toGroup = "to_group"
    case version
    case createdAt = "created_at"
    case removedAt = "removed_at"
    case addedAt = "added_at"
    case completedAt = "completed_at"
  }

  public init(_ t: Transfer, member m: Member?) {
    id = t.id
    member = t.memberID
    name = m?.name
    phone = m?.phone
    whatsapp = m.map { QueueEntry.whatsAppLink($0.phone) }
    fromGroup = t.fromGroup
    toGroup = t.toGroup
    version = t.version
    createdAt = t.createdAt
    removedAt = t.removedAt
    addedAt = t.addedAt
    completedAt = t.completedAt
  }
}

/// `GET /v1/charter`.
public struct CharterReport: Encodable, Sendable, Equatable {
  public var version: Int
  public var publishedAt: String
  public var text: String
  enum CodingKeys: String, CodingKey {
    case version
    case publishedAt = "published_at"
    case text
  }
  public init(_ c: Charter) {
    version = c.version
    publishedAt = c.publishedAt
    text = c.text
  }
}

/// A group's settings as staff set them.
public struct GroupSettingsReport: Encodable, Sendable, Equatable {
  public var group: String
  public var contact: String?
  public var businessAllowed: Bool
  public var capacity: Int?
  enum CodingKeys: String, CodingKey {
    case group, contact
    case businessAllowed = "business_allowed"
    case capacity
  }
  public init(_ s: GroupSettings) {
    group = s.group
    contact = s.contact
    businessAllowed = s.businessAllowed
    capacity = s.capacity
  }
}
