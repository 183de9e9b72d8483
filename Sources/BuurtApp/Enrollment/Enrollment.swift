public import Addressing
public import BuurtStore
import Foundation
import GeoCore
import Grouping

/// Enrollment logic shared by `buurt enroll` and the server: resolve, refuse what is not one
/// address, normalise the phone, store.
public struct Enrollment {
  public let folder: DataFolder
  public let store: Store

  public init(folder: DataFolder, store: Store) {
    self.folder = folder
    self.store = store
  }

  public enum Refusal: Error, CustomStringConvertible {
    case noConsent
    case badName
    case controlCharacters(String)
    case badEmail(String)
    case phone(PhoneNumber.Invalid)
    case address(Resolution)
    case idempotencyKeyReused
    public var description: String {
      switch self {
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
    name: String, phone: String, email: String?, address: String, consent: Bool, access: SubmissionAccess = SubmissionAccess()
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
    let r = folder.resolver.resolve(address)
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
    // The version of the groups that placed this address (not whatever was published since).
    let version = folder.groupsVersion
    let member = Member(
      name: trimmed, phone: normalizedPhone, email: email, addressQuery: address, street: best.street, houseNumber: best.houseNumber,
      box: r.box ?? "", postcode: String(best.postcode), locality: best.locality, position: best.position,
      groupAtEnrollment: group, groupVersionAtEnrollment: version)
    switch try store.submit(member, access: access) {
    case .stored(let submission, let stored, let newMember):
      return Outcome(submission: submission, member: stored, newMember: newMember, replayed: false, group: submission.group, resolution: r)
    case .replayed(let submission, let stored):
      return Outcome(submission: submission, member: stored, newMember: false, replayed: true, group: submission.group, resolution: r)
    case .keyReused:
      throw Refusal.idempotencyKeyReused
    }
  }
}
