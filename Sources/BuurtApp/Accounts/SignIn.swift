public import BuurtStore
public import Foundation
import HummingbirdBcrypt

/// Signing in to the pages with email and password: one-time links that set a password, bcrypt
/// hashes (hummingbird-auth's Bcrypt), sessions of signed-in browsers. Tokens are random 256-bit
/// hex strings; the store keeps only their SHA-256.
public struct SignIn: Sendable {
  public let store: Store
  /// bcrypt's cost (2^cost rounds): 12 by default; tests use less.
  public var cost: UInt8
  /// How long a one-time link stays valid (72 hours by default).
  public var linkLifetime: TimeInterval
  /// How long a session lasts after signing in (8 hours: a working day).
  public var sessionLifetime: TimeInterval

  public init(store: Store, cost: UInt8 = 12, linkLifetime: TimeInterval = 72 * 3600, sessionLifetime: TimeInterval = 8 * 3600) {
    self.store = store
    self.cost = cost
    self.linkLifetime = linkLifetime
    self.sessionLifetime = sessionLifetime
  }

  public enum Refusal: Error, Equatable, CustomStringConvertible {
    /// The link is unknown, used already, or expired.
    case linkInvalid
    case passwordTooShort(minimum: Int)
    /// bcrypt reads 72 bytes at most; a longer password would be cut silently.
    case passwordTooLong(maximumBytes: Int)
    case passwordsDiffer
    /// Unknown email, no password set yet, or a wrong password: the same answer for each.
    case wrongCredentials

    public var description: String {
      switch self {
      case .linkInvalid: return "this link is unknown, was used already, or has expired; ask staff for a new one"
      case .passwordTooShort(let n): return "a password has at least \(n) characters"
      case .passwordTooLong(let n): return "a password has at most \(n) bytes"
      case .passwordsDiffer: return "the two passwords differ"
      case .wrongCredentials: return "wrong email address or password"
      }
    }
  }

  public static let minimumLength = 10
  public static let maximumBytes = 72

  /// A new one-time link token for the account (an older link stops working); nil for no such account.
  public func newLink(accountID: String, now: Date = Date()) throws -> String? {
    let token = Digests.randomToken()
    guard try store.addPasswordLink(accountID: accountID, tokenSHA256: Digests.sha256Hex(token), expires: now + linkLifetime) else {
      return nil
    }
    return token
  }

  /// The account a link is for, while the link is valid.
  public func linkAccount(_ token: String) throws -> Account? { try store.passwordLinkAccount(tokenSHA256: Digests.sha256Hex(token)) }

  /// Checks a new password and its repetition. - Throws: ``Refusal``.
  public static func check(_ password: String, repeated: String) throws {
    guard password.count >= minimumLength else { throw Refusal.passwordTooShort(minimum: minimumLength) }
    guard password.utf8.count <= maximumBytes else { throw Refusal.passwordTooLong(maximumBytes: maximumBytes) }
    guard password == repeated else { throw Refusal.passwordsDiffer }
  }

  /// Sets the password through a one-time link, which is then used up; every session of the
  /// account ends. - Throws: ``Refusal``, ``StoreError``.
  public func setPassword(link token: String, password: String, repeated: String) throws -> Account {
    try SignIn.check(password, repeated: repeated)
    guard try linkAccount(token) != nil else { throw Refusal.linkInvalid }
    let hash = Bcrypt.hash(password, cost: cost)
    guard let account = try store.usePasswordLink(tokenSHA256: Digests.sha256Hex(token), passwordHash: hash) else {
      throw Refusal.linkInvalid
    }
    return account
  }

  /// Signs in: a new session token for the account. A wrong password, an unknown email and an
  /// account without a password take the same time and give the same refusal.
  /// - Throws: ``Refusal/wrongCredentials``, ``StoreError``.
  public func signIn(email: String, password: String, now: Date = Date()) throws -> (account: Account, session: String) {
    let record = try store.signInRecord(email: email.trimmingCharacters(in: .whitespaces))
    guard let record, let hash = record.passwordHash else {
      _ = Bcrypt.verify(password, hash: SignIn.dummyHash)
      throw Refusal.wrongCredentials
    }
    guard password.utf8.count <= SignIn.maximumBytes, Bcrypt.verify(password, hash: hash) else { throw Refusal.wrongCredentials }
    let token = Digests.randomToken()
    guard try store.addSession(accountID: record.account.id, tokenSHA256: Digests.sha256Hex(token), expires: now + sessionLifetime) else {
      throw Refusal.wrongCredentials
    }
    return (record.account, token)
  }

  /// The account a session token belongs to, while the session lasts.
  public func account(session token: String) throws -> Account? { try store.account(sessionSHA256: Digests.sha256Hex(token)) }

  /// Signs out: the session ends.
  public func signOut(session token: String) throws { try store.endSession(tokenSHA256: Digests.sha256Hex(token)) }

  /// A hash of nothing anyone types, verified when there is no hash, so the answer takes as long.
  static let dummyHash = Bcrypt.hash("buurt: no such account", cost: 12)
}
