public import BuurtStore
import Foundation

/// The rules for the accounts of coordinators, staff and police, over the store: a coordinator
/// coordinates at least one published group, staff and police none; an email belongs to one
/// account; a token is shown once, when it is issued, and only its SHA-256 is kept.
public struct AccountRegistry: Sendable {
  let store: Store

  public init(store: Store) { self.store = store }

  /// Adds an account.
  /// - Throws: ``AppError`` `.invalidInput` naming the rule: a name of 1 to 200 characters, an
  ///   email address, groups for a coordinator only (each a group of the published boundaries).
  public func add(role: AccountRole, name: String, email: String, groups: [String], by actor: AuditActor = .operator) throws -> Account {
    let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
    let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty, name.count <= 200, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw AppError.invalidInput("a name is required (1 to 200 characters, no control characters)")
    }
    guard AccountRegistry.looksLikeEmail(email) else { throw AppError.invalidInput("email \"\(email)\" is not an email address") }
    let groups = groups.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    switch role {
    case .coordinator:
      guard !groups.isEmpty else { throw AppError.invalidInput("a coordinator coordinates at least one group: give --group NAME") }
      guard let published = try store.groups() else {
        throw AppError.invalidInput(
          "no boundaries are published yet, so there is no group to coordinate: publish a set first (buurt groups publish)")
      }
      let known = Set(published.groups.map(\.name))
      if let unknown = groups.first(where: { !known.contains($0) }) {
        throw AppError.invalidInput(
          "there is no group \"\(unknown)\" in boundary version \(published.version); its groups are: \(published.groups.map(\.name).sorted().joined(separator: ", "))"
        )
      }
    case .staff, .police:
      guard groups.isEmpty else { throw AppError.invalidInput("only coordinators have groups; \(role.rawValue) accounts see every group") }
    }
    do {
      return try store.addAccount(role: role, name: name, email: email, groups: groups, by: actor)
    } catch let e as StoreError where e.kind == .failed && e.message.contains("exists already") {
      throw AppError.invalidInput(e.message)
    }
  }

  /// Issues a new API token for the account, replacing the one before (which stops working at
  /// once). - Returns: the token, which is not stored and cannot be shown again.
  /// - Throws: ``AppError`` `.notFound` when there is no such account.
  public func issueToken(accountID: String) throws -> String {
    let token = Digests.randomToken()
    guard try store.replaceToken(accountID: accountID, tokenSHA256: Digests.sha256Hex(token)) else {
      throw AppError.notFound("no account \(accountID)")
    }
    return token
  }

  /// The account a bearer token belongs to, or nil.
  public func account(token: String) throws -> Account? {
    try store.account(tokenSHA256: Digests.sha256Hex(token))
  }

  /// Removes the account and its token. - Throws: ``AppError`` `.notFound`.
  public func remove(id: String, by actor: AuditActor = .operator) throws {
    guard try store.removeAccount(id: id, by: actor) else { throw AppError.notFound("no account \(id)") }
  }

  static func looksLikeEmail(_ e: String) -> Bool {
    let parts = e.split(separator: "@", omittingEmptySubsequences: false)
    return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
      && e.count <= 254 && !e.contains(where: \.isWhitespace)
  }
}

/// An account as `buurt accounts list --json` and the API show it (never its token).
public struct AccountReport: Encodable, Sendable, Equatable {
  public var id: String
  public var role: String
  public var name: String
  public var email: String
  public var groups: [String]
  public var createdAt: String
  public var tokenIssuedAt: String?

  enum CodingKeys: String, CodingKey {
    case id, role, name, email, groups
    case createdAt = "created_at"
    case tokenIssuedAt = "token_issued_at"
  }

  public init(_ a: Account) {
    id = a.id
    role = a.role.rawValue
    name = a.name
    email = a.email
    groups = a.groups
    createdAt = a.createdAt
    tokenIssuedAt = a.tokenCreatedAt
  }
}
