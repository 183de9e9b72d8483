public import Addressing
public import BuurtStore
import Foundation
import GeoCore
import Grouping

/// What a resident declares about themselves when enrolling: their age category, why they
/// belong in the group, and which version of the rules of conduct they accepted.
public struct Eligibility: Sendable, Hashable {
  public var age: AgeCategory
  public var basis: EnrollmentBasis
  public var charterVersion: Int?

  public init(age: AgeCategory, basis: EnrollmentBasis, charterVersion: Int?) {
    self.age = age
    self.basis = basis
    self.charterVersion = charterVersion
  }

  /// From the words of a form or the API (`adult`, `minor_with_consent`; `resident`,
  /// `business`). - Throws: ``Enrollment/Refusal`` naming the rule.
  public init(age: String?, basis: String?, charterVersion: Int?) throws {
    guard let age, !age.isEmpty else { throw Enrollment.Refusal.age(nil) }
    guard let a = AgeCategory(rawValue: age) else { throw Enrollment.Refusal.age(age) }
    guard let basis, !basis.isEmpty else { throw Enrollment.Refusal.basis(nil) }
    guard let b = EnrollmentBasis(rawValue: basis) else { throw Enrollment.Refusal.basis(basis) }
    self.init(age: a, basis: b, charterVersion: charterVersion)
  }
}

/// Enrollment logic shared by `buurt enroll` and the server: resolve, refuse what is not one
/// address or breaks a rule of eligibility, normalise the phone, store.
public struct Enrollment {
  public let folder: DataFolder
  public let store: Store
  /// The key of the phone digests that keep a removed phone out of its group.
  let phoneKey: String
  /// The server's public address, for the links in the messages (else they name the page).
  public var pagesURL: String?

  /// - Throws: ``StoreError`` when the store's secret cannot be read.
  public init(folder: DataFolder, store: Store, phoneKey: String? = nil, pagesURL: String? = nil) throws {
    self.folder = folder
    self.store = store
    self.pagesURL = pagesURL
    self.phoneKey = try phoneKey ?? store.tokenSecret()
  }

  /// The keyed digest a removal is kept under (never the phone itself).
  static func phoneDigest(_ phone: String, key: String) -> String { Digests.hmacHex(key: key, "removed-phone:" + phone) }

  public enum Refusal: Error, CustomStringConvertible {
    case noConsent
    case badName
    case controlCharacters(String)
    case badEmail(String)
    case phone(PhoneNumber.Invalid)
    case address(Resolution)
    case idempotencyKeyReused
    case age(String?)
    case basis(String?)
    case businessNotAllowed(group: String)
    case charter(given: Int?, current: Int)
    case outsideEveryGroup(String)
    public var description: String {
      switch self {
      case .age(let given):
        return
          "members are 18 or older, or 16 or 17 with a parent's consent: give age as \"adult\" or \"minor_with_consent\""
          + (given.map { " (\"\($0)\" is neither; younger than 16 cannot enroll)" } ?? "")
      case .basis(let given):
        return "give basis as \"resident\" (you live in the area) or \"business\" (you run a business there)"
          + (given.map { "; \"\($0)\" is neither" } ?? "")
      case .businessNotAllowed(let group):
        return "group \(group) admits residents only: the municipality has not opened it to people who run a business in its area"
      case .charter(let given, let current):
        let said =
          given.map { "version \($0) of the rules of conduct is not the current one" } ?? "accepting the rules of conduct is required"
        return "\(said): read version \(current) (GET /v1/charter) and send charter_version \(current)"
      case .outsideEveryGroup(let address):
        return "the address \"\(address)\" lies outside every neighbourhood-watch group; ask the municipality which group is near"
      case .idempotencyKeyReused:
        return "this idempotency key was used before for a different enrollment; send a new key with new content"
      case .noConsent: return "consent is required to enroll (the resident agrees that buurt stores name, phone and address)"
      case .badName: return "a name is required (1 to 200 characters)"
      case .controlCharacters(let field):
        return "the \(field) contains a control character (such as U+0000 or a tab); type it as plain text"
      case .badEmail(let e): return "email \"\(e)\" is not an email address"
      case .phone(let p): return p.description
      case .address(let r):
        if r.status == .ambiguous {
          return "the address \"\(r.query)\" is ambiguous: "
            + r.candidates.map { "\($0.street) \($0.houseNumber ?? ""), \($0.postcode)" }.joined(separator: " | ")
            + "; add the postcode or correct it"
        }
        return "the address \"\(r.query)\" was not found: \(r.reason ?? "")"
      }
    }
  }

  /// What an enrollment did: the submission (new, or replayed for a repeated idempotency key),
  /// the member it joined, the group and how the address was resolved.
  public struct Outcome {
    public var submission: EnrollmentSubmission
    public var member: Member
    /// A new member (not a phone and address enrolled before); for staff only, never public.
    public var newMember: Bool
    public var replayed: Bool
    public var group: String?
    public var resolution: Resolution
  }

  /// Enrolls: every submission is kept as its own request (with `access`, its management token
  /// and idempotency key); the same phone at the same address is one member.
  /// - Throws: ``Refusal`` (`.idempotencyKeyReused` when `access` names a key used for other
  ///   content), ``StoreError``.
  public func enroll(
    name: String, phone: String, email: String?, address: String, consent: Bool, eligibility: Eligibility,
    access: SubmissionAccess = SubmissionAccess(), resolved: Resolution? = nil
  ) throws
    -> Outcome
  {
    guard consent else { throw Refusal.noConsent }
    // Stored in NFC, so one name typed precomposed or decomposed is one name.
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
    guard !trimmed.isEmpty, trimmed.count <= 200 else { throw Refusal.badName }
    guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw Refusal.controlCharacters("name")
    }
    if let e = email, !(e.contains("@") && e.split(separator: "@").count == 2 && e.split(separator: "@")[1].contains(".") && e.count <= 254)
    {
      throw Refusal.badEmail(e)
    }
    let normalizedPhone: String
    do { normalizedPhone = try PhoneNumber.normalize(phone) } catch let e as PhoneNumber.Invalid { throw Refusal.phone(e) }
    // `resolved`: the caller resolved `address` already (the form checks it before it enrolls).
    let r = resolved ?? folder.resolver.resolve(address)
    guard r.status == .matched, let best = r.best, best.method != .street else {
      if let b = r.best, b.method == .street {
        var copy = r
        copy.status = .notFound
        copy.reason = "no house number could be placed on \(b.street); give the house number"
        throw Refusal.address(copy)
      }
      throw Refusal.address(r)
    }
    let groupIndex = try folder.group(of: best)
    let group = groupIndex.map { folder.groups!.names[$0] }
    if folder.groups != nil, group == nil { throw Refusal.outsideEveryGroup(address) }
    if eligibility.basis == .business, let group, try store.groupSettings()[group]?.businessAllowed != true {
      throw Refusal.businessNotAllowed(group: group)
    }
    // The version of the groups that placed this address (not whatever was published since).
    let version = folder.groupsVersion
    var member = Member(
      name: trimmed, phone: normalizedPhone, email: email, addressQuery: address, street: best.street, houseNumber: best.houseNumber,
      box: r.box ?? "", postcode: String(best.postcode), locality: best.locality, position: best.position,
      groupAtEnrollment: group, groupVersionAtEnrollment: version)
    member.age = eligibility.age
    member.basis = eligibility.basis
    member.charterVersion = eligibility.charterVersion
    let pagesURL = self.pagesURL
    switch try store.submit(
      member, access: access, phoneDigest: Enrollment.phoneDigest(normalizedPhone, key: phoneKey),
      notify: { member, coordinators in Notifications.newEnrollment(member, coordinators: coordinators, pagesURL: pagesURL) })
    {
    case .stored(let submission, let stored, let newMember):
      return Outcome(submission: submission, member: stored, newMember: newMember, replayed: false, group: submission.group, resolution: r)
    case .replayed(let submission, let stored):
      return Outcome(submission: submission, member: stored, newMember: false, replayed: true, group: submission.group, resolution: r)
    case .keyReused:
      throw Refusal.idempotencyKeyReused
    case .charter(let current):
      throw Refusal.charter(given: eligibility.charterVersion, current: current)
    }
  }
}
