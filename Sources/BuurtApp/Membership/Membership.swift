public import BuurtStore
import Foundation

/// What happens after an enrollment, for the CLI and the server alike: the coordinator's
/// queue, the status transitions with their rules, transfers after a boundary change, the audit
/// trail. Every method takes the ``Actor`` and checks what it may do here, not in the caller.
public struct Membership: Sendable {
  public let store: Store

  public init(store: Store) { self.store = store }

  /// A refused request, with the rule it broke.
  public enum Refusal: Error, CustomStringConvertible, Equatable {
    /// The actor may not do this (403).
    case forbidden(String)
    /// No such thing, or none this actor may know of (404).
    case notFound(String)
    /// Not possible in the state it is in (409).
    case conflict(String)
    /// Input missing or wrong (422).
    case invalid(String)
    public var description: String {
      switch self {
      case .forbidden(let s), .notFound(let s), .conflict(let s), .invalid(let s): s
      }
    }
  }

  /// The transitions a coordinator (of the member's group) or staff makes, and the resident's own `left`.
  public enum Transition: String, Sendable, CaseIterable {
    case added, refused, removed, left

    var to: MemberStatus {
      switch self {
      case .added: .added
      case .refused: .refused
      case .removed: .removed
      case .left: .left
      }
    }
    /// The statuses it starts from.
    var from: Set<MemberStatus> {
      switch self {
      case .added, .refused: [.pending]
      case .removed: [.added]
      case .left: [.pending, .added, .moving]
      }
    }
    var needsReason: Bool { self == .refused || self == .removed }
  }

  /// The member an id names: a member's id (as the queue lists it) or one of its submissions' ids.
  public func member(named id: String) throws -> Member? {
    if let m = try store.member(id: id) { return m }
    return try store.submission(id: id)?.member
  }

  /// Makes a transition. A coordinator acts only in its own groups; police never.
  /// `removed` keeps the phone out of the group for the removal period
  /// (``MembershipSettings/removalBlockDays``).
  /// - Throws: ``Refusal``, ``StoreError``.
  @discardableResult
  public func mark(_ id: String, _ transition: Transition, reason: String?, by actor: Actor) throws -> Member {
    if case .police = actor { throw Refusal.forbidden("police accounts never change enrollments") }
    guard let member = try member(named: id) else { throw Refusal.notFound("no enrollment \(id)") }
    guard actor.isStaff || (member.groupName.map(actor.maySeeMembers(of:)) ?? false) else {
      throw Refusal.forbidden("enrollment \(id) is not in a group you coordinate")
    }
    let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
    if transition.needsReason, reason?.isEmpty != false {
      throw Refusal.invalid("a reason is required to mark an enrollment \(transition.rawValue) (it goes into the audit trail)")
    }
    if let reason, reason.count > 500 { throw Refusal.invalid("the reason is longer than 500 characters") }
    var block: (phoneDigest: String, until: String)?
    if transition == .removed {
      let days = try MembershipSettings(store: store).removalBlockDays
      block = (
        Enrollment.phoneDigest(member.phone, key: try store.tokenSecret()),
        Store.timestamp(Date().addingTimeInterval(Double(days) * 86_400))
      )
    }
    switch try store.changeStatus(
      memberID: member.id, from: transition.from, to: transition.to, reason: reason, actor: actor.audit, block: block)
    {
    case .changed(let m): return m
    case .noSuchMember: throw Refusal.notFound("no enrollment \(id)")
    case .notFrom(let status):
      let hint = status == .moving ? "; a boundary change moves it: confirm its transfer (GET /v1/transfers)" : ""
      throw Refusal.conflict(
        "enrollment \(id) is \(status.rawValue); it can be marked \(transition.rawValue) only when it is \(transition.from.map(\.rawValue).sorted().joined(separator: " or "))\(hint)"
      )
    }
  }

  /// The resident leaves with their management token (already checked by the caller).
  public func leave(memberID: String) throws -> Member {
    switch try store.changeStatus(memberID: memberID, from: Transition.left.from, to: .left, reason: nil, actor: .resident) {
    case .changed(let m): return m
    case .noSuchMember: throw Refusal.notFound("no enrollment \(memberID)")
    case .notFrom(let s): throw Refusal.conflict("this enrollment is \(s.rawValue) and cannot be left")
    }
  }

  /// The queue of `group`: its members with `status` (pending by default), for its
  /// coordinators and staff. - Throws: ``Refusal`` (403 before telling whether the group exists).
  /// `states`, when the caller read them already for several queues, saves reading them again.
  public func queue(
    group: String, status: MemberStatus = .pending, knownGroups: [String], states: GroupStates? = nil, by actor: Actor
  ) throws -> QueueReport {
    guard actor.maySeeMembers(of: group) else { throw Refusal.forbidden(actor.refusal(seeingMembersOf: group)) }
    guard knownGroups.contains(group) else { throw Refusal.notFound("no group named \"\(group)\"") }
    let members = try store.members(inGroup: group, statuses: [status])
    let state = try (states ?? GroupStates(store: store, groups: knownGroups)).state(of: group)
    return QueueReport(group: group, status: status, state: state, members: members)
  }

  /// The pending and added members of `group` as vCard 4.0, for its coordinators and staff.
  public func vCards(group: String, knownGroups: [String], by actor: Actor) throws -> String {
    guard actor.maySeeMembers(of: group) else { throw Refusal.forbidden(actor.refusal(seeingMembersOf: group)) }
    guard knownGroups.contains(group) else { throw Refusal.notFound("no group named \"\(group)\"") }
    return VCard.write(try store.members(inGroup: group, statuses: [.pending, .added]), group: group)
  }

  /// Open transfers (all with `all`): staff sees every one, a coordinator those of its groups.
  public func transfers(all: Bool = false, by actor: Actor) throws -> [Transfer] {
    switch actor {
    case .staff: return try store.transfers(all: all)
    case .coordinator(let a):
      var seen = Set<String>()
      return try a.groups.flatMap { try store.transfers(all: all, group: $0) }.filter { seen.insert($0.id).inserted }
        .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    case .police: throw Refusal.forbidden("police accounts never see transfers of members")
    }
  }

  /// Confirms one side: `removed` by the old group's coordinator, `added` by the new one's (or staff).
  public func confirm(transfer id: String, _ side: TransferSide, by actor: Actor) throws -> Transfer {
    guard let t = try store.transfer(id: id) else { throw Refusal.notFound("no transfer \(id)") }
    let group: String? = side == .removed ? t.fromGroup : t.toGroup
    if case .police = actor { throw Refusal.forbidden("police accounts never change enrollments") }
    guard let group else { throw Refusal.conflict("transfer \(id) has no new group: only its removal is confirmed") }
    guard actor.maySeeMembers(of: group) else {
      let who = side == .removed ? "the old group's (\(t.fromGroup))" : "the new group's (\(group))"
      throw Refusal.forbidden("the \(side.rawValue) side of transfer \(id) is confirmed by \(who) coordinators or staff")
    }
    switch try store.confirmTransfer(id: id, side: side, actor: actor.audit) {
    case .confirmed(let t): return t
    case .noSuchTransfer: throw Refusal.notFound("no transfer \(id)")
    case .alreadyConfirmed(let t):
      throw Refusal.conflict(
        t.completedAt != nil ? "transfer \(id) is complete" : "the \(side.rawValue) side of transfer \(id) was confirmed already")
    }
  }

  /// The audit trail, for staff only.
  public func audit(memberID: String? = nil, after: Int = 0, limit: Int = 1000, by actor: Actor) throws -> [AuditEntry] {
    guard actor.isStaff else { throw Refusal.forbidden("the audit trail is for staff only") }
    return try store.audit(memberID: memberID, after: after, limit: limit)
  }
}
