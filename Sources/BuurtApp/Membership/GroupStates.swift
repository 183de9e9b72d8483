public import BuurtStore
import Foundation

/// The municipality's settings for every group (staff sets them; stored in the store).
public struct MembershipSettings: Sendable, Hashable, Encodable {
  /// Members a group may hold: WhatsApp caps a group at 1,024 participants.
  public var capacity = 1024
  /// The group size advised (50–250 in Flemish practice).
  public var advisedMin = 50
  public var advisedMax = 250
  /// Days a removed phone may not enroll in its group again (about 6 months).
  public var removalBlockDays = 183

  public static let whatsAppLimit = 1024

  enum CodingKeys: String, CodingKey {
    case capacity
    case advisedMin = "advised_min"
    case advisedMax = "advised_max"
    case removalBlockDays = "removal_block_days"
  }

  public static var keys: [String] { ["capacity", "advised_min", "advised_max", "removal_block_days"] }

  public init() {}

  /// The settings stored in `store`, defaults where none was set. - Throws: ``StoreError``.
  public init(store: Store) throws {
    let stored = try store.settings()
    func int(_ key: String) -> Int? { stored[key].flatMap { Int($0) } }
    capacity = int("capacity") ?? capacity
    advisedMin = int("advised_min") ?? advisedMin
    advisedMax = int("advised_max") ?? advisedMax
    removalBlockDays = int("removal_block_days") ?? removalBlockDays
  }

  /// Sets one setting after checking it with the others. - Throws: ``Membership/Refusal``
  /// (`.invalid`, naming the rule), ``StoreError``.
  public static func set(_ key: String, _ value: Int, in store: Store, by actor: Actor) throws -> MembershipSettings {
    guard actor.isStaff else { throw Membership.Refusal.forbidden("settings are for staff only") }
    var s = try MembershipSettings(store: store)
    switch key {
    case "capacity": s.capacity = value
    case "advised_min": s.advisedMin = value
    case "advised_max": s.advisedMax = value
    case "removal_block_days": s.removalBlockDays = value
    default: throw Membership.Refusal.invalid("no setting \"\(key)\"; the settings are \(keys.joined(separator: ", "))")
    }
    try s.check()
    try store.setSetting(key, String(value))
    return s
  }

  func check() throws {
    guard (1...MembershipSettings.whatsAppLimit).contains(capacity) else {
      throw Membership.Refusal.invalid("capacity must be 1 to \(MembershipSettings.whatsAppLimit) (WhatsApp's limit on a group)")
    }
    guard advisedMin >= 1, advisedMin <= advisedMax, advisedMax <= capacity else {
      throw Membership.Refusal.invalid("the advised range must satisfy 1 ≤ advised_min ≤ advised_max ≤ capacity (\(capacity))")
    }
    guard (0...3650).contains(removalBlockDays) else { throw Membership.Refusal.invalid("removal_block_days must be 0 to 3650") }
  }
}

/// Where a group stands: whether it has a coordinator, how full it is, whom to contact.
public struct GroupState: Sendable, Hashable, Encodable {
  public enum Status: String, Sendable, Hashable, Encodable {
    case active
    case noCoordinator = "no_coordinator"
    case full
  }
  public var name: String
  public var status: Status
  /// Members added in the WhatsApp group; nil when fewer than 5 (a small count would tell
  /// whether someone joined).
  public var memberCount: Int?
  /// The count as a page shows it: "fewer than 5" under 5.
  public var memberCountLabel: String
  public var capacity: Int
  public var advisedRange: AdvisedRange
  /// The group's role address, set by staff; never a person's own phone or address.
  public var contact: String?
  public var businessAllowed: Bool
  /// Not encoded (for staff and coordinators only).
  public var exactMembers: Int
  public var pending: Int
  public var coordinators: Int

  public struct AdvisedRange: Sendable, Hashable, Encodable {
    public var min: Int
    public var max: Int
  }

  enum CodingKeys: String, CodingKey {
    case status
    case memberCount = "member_count"
    case memberCountLabel = "member_count_label"
    case capacity
    case advisedRange = "advised_range"
    case contact
    case businessAllowed = "business_allowed"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(status, forKey: .status)
    try c.encode(memberCount, forKey: .memberCount)
    try c.encode(memberCountLabel, forKey: .memberCountLabel)
    try c.encode(capacity, forKey: .capacity)
    try c.encode(advisedRange, forKey: .advisedRange)
    try c.encode(contact, forKey: .contact)
    try c.encode(businessAllowed, forKey: .businessAllowed)
  }

  /// What staff and the coordinator are told about a full group, with the command that splits it.
  public var warning: String? {
    guard exactMembers >= capacity else { return nil }
    return
      "\(name) has \(exactMembers) members in WhatsApp, its capacity (\(capacity)): new enrollments wait as pending. Split it into groups of the advised size with `buurt balance --data buurt.gpkg --target \(advisedRange.max) --from current -o proposal.geojson`, check the proposal with `buurt diff`, and publish it"
  }
}

/// The states of all groups, read once.
public struct GroupStates: Sendable {
  public let settings: MembershipSettings
  let counts: [String: [MemberStatus: Int]]
  let coordinators: [String: [Account]]
  let groupSettings: [String: GroupSettings]
  public let groups: [String]

  /// The smallest count shown as a number.
  public static let smallestShownCount = 5

  public init(store: Store, groups: [String]) throws {
    settings = try MembershipSettings(store: store)
    counts = try store.memberCounts()
    coordinators = try store.coordinatorsByGroup()
    groupSettings = try store.groupSettings()
    self.groups = groups
  }

  public func state(of group: String) -> GroupState {
    let added = counts[group]?[.added] ?? 0
    let own = groupSettings[group]
    let capacity = own?.capacity ?? settings.capacity
    let coordinatorCount = coordinators[group]?.count ?? 0
    let status: GroupState.Status = coordinatorCount == 0 ? .noCoordinator : added >= capacity ? .full : .active
    let shown = added >= GroupStates.smallestShownCount ? added : nil
    return GroupState(
      name: group, status: status, memberCount: shown, memberCountLabel: shown.map(String.init) ?? "fewer than 5", capacity: capacity,
      advisedRange: .init(min: settings.advisedMin, max: min(settings.advisedMax, capacity)), contact: own?.contact,
      businessAllowed: own?.businessAllowed ?? false, exactMembers: added, pending: counts[group]?[.pending] ?? 0,
      coordinators: coordinatorCount)
  }

  public var all: [GroupState] { groups.map(state(of:)) }

  /// Every group's state, those without a coordinator (whose enrollments wait for one) first, then by name.
  public var waitingFirst: [GroupState] {
    all.sorted { ($0.status != .noCoordinator ? 1 : 0, $0.name) < ($1.status != .noCoordinator ? 1 : 0, $1.name) }
  }
}

/// Staff sets a group's contact, whether it admits businesses, and its own capacity.
public enum GroupSettingsChange {
  /// - Throws: ``Membership/Refusal`` naming the rule, ``StoreError``.
  public static func apply(
    group: String, contact: String??, businessAllowed: Bool?, capacity: Int??, knownGroups: [String], in store: Store, by actor: Actor
  ) throws -> GroupSettings {
    guard actor.isStaff else { throw Membership.Refusal.forbidden("group settings are for staff only") }
    guard knownGroups.contains(group) else { throw Membership.Refusal.notFound("no group named \"\(group)\"") }
    var s = try store.groupSettings()[group] ?? GroupSettings(group: group)
    if let contact {
      if let c = contact?.trimmingCharacters(in: .whitespaces), !c.isEmpty {
        try checkContact(c, store: store)
        s.contact = c
      } else {
        s.contact = nil
      }
    }
    if let businessAllowed { s.businessAllowed = businessAllowed }
    if let capacity {
      if let c = capacity, !(1...MembershipSettings.whatsAppLimit).contains(c) {
        throw Membership.Refusal.invalid("capacity must be 1 to \(MembershipSettings.whatsAppLimit) (WhatsApp's limit on a group)")
      }
      s.capacity = capacity
    }
    try store.setGroupSettings(s)
    return s
  }

  /// A contact is a role address (an email like buurtpreventie.rekem@lanaken.be), never a
  /// person's own phone or an address that belongs to an account or a member.
  static func checkContact(_ c: String, store: Store) throws {
    let parts = c.split(separator: "@")
    guard parts.count == 2, parts[1].contains("."), c.count <= 254, !c.contains(where: \.isWhitespace) else {
      throw Membership.Refusal.invalid(
        "the contact must be a role email address of the group (such as buurtpreventie.rekem@gemeente.be), not a phone number")
    }
    let lower = c.lowercased()
    if try store.accounts().contains(where: { $0.email.lowercased() == lower }) {
      throw Membership.Refusal.invalid("\(c) is an account's own email; a group's contact is a role address that is nobody's own")
    }
    if try store.memberEmailExists(lower) {
      throw Membership.Refusal.invalid("\(c) is a member's own email; a group's contact is a role address that is nobody's own")
    }
  }
}
