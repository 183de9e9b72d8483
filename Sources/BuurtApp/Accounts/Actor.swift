public import BuurtStore

/// Who asks: each role sees only what it needs, and this is the one place that says what.
/// - staff: everything (a bootstrap token from `BUURT_STAFF_TOKENS`, and the CLI, have no account);
/// - coordinator: the enrollments and members of the groups the account coordinates;
/// - police: groups, their status and contact, never a member list.
public enum Actor: Sendable {
  case staff(Account?)
  case coordinator(Account)
  case police(Account)

  public var isStaff: Bool {
    if case .staff = self { return true }
    return false
  }

  /// Who this is in the audit trail.
  public var audit: AuditActor {
    switch self {
    case .staff(let a): AuditActor(role: "staff", accountID: a?.id)
    case .coordinator(let a): AuditActor(role: "coordinator", accountID: a.id)
    case .police(let a): AuditActor(role: "police", accountID: a.id)
    }
  }

  /// Whether this actor may see the enrollments and members of `group` (and act on them).
  public func maySeeMembers(of group: String) -> Bool {
    switch self {
    case .staff: return true
    case .coordinator(let a): return a.groups.contains(group)
    case .police: return false
    }
  }

  /// Why this actor may not see `group`'s members (for a 403).
  public func refusal(seeingMembersOf group: String) -> String {
    switch self {
    case .staff: return ""
    case .coordinator(let a):
      return
        "you coordinate \(a.groups.joined(separator: ", ")); the enrollments and members of \"\(group)\" are for its own coordinators and staff"
    case .police: return "police accounts see groups, their status and contact, never enrollments or member lists"
    }
  }
}

extension Actor {
  /// The actor an account acts as, by its role.
  public init(_ account: Account) {
    switch account.role {
    case .staff: self = .staff(account)
    case .coordinator: self = .coordinator(account)
    case .police: self = .police(account)
    }
  }

  /// The account behind this actor (nil for a bootstrap staff token and the CLI).
  public var account: Account? {
    switch self {
    case .staff(let a): a
    case .coordinator(let a), .police(let a): a
    }
  }
}
