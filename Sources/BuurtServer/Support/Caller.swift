import BuurtStore

/// Who sends a request, as its bearer token says: each role sees only what it needs.
/// - staff: everything (a bootstrap token from `BUURT_STAFF_TOKENS` has no account);
/// - coordinator: the members of the groups the account coordinates;
/// - police: groups and their coordinators' contacts, never a member list.
enum Caller: Sendable {
  case staff(Account?)
  case coordinator(Account)
  case police(Account)

  /// Whether this caller may see the members of `group`.
  func maySeeMembers(of group: String) -> Bool {
    switch self {
    case .staff: return true
    case .coordinator(let a): return a.groups.contains(group)
    case .police: return false
    }
  }

  /// Why this caller may not see `group`'s members (for a 403).
  func refusal(seeingMembersOf group: String) -> String {
    switch self {
    case .staff: return ""
    case .coordinator(let a):
      return "you coordinate \(a.groups.joined(separator: ", ")); the members of \"\(group)\" are for its own coordinators and staff"
    case .police: return "police accounts see groups and their coordinators, never member lists"
    }
  }
}
