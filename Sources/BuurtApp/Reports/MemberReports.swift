public import BuurtStore
import GeoCore

// What each reader sees of the people who enrolled. Staff (and later a group's coordinators)
// see a member whole; a resident's management token shows only what that one submission sent.
// Encoded with `ReportJSON`: members in this order, `null` where there is nothing.

/// Everything stored about one member (`buurt members show`), with the submissions it is made of.
public struct MemberRecord: Encodable, Sendable, Equatable {
  public var id: String
  public var name: String
  public var phone: String
  public var email: String?
  public var addressQuery: String
  public var street: String
  public var housenumber: String?
  public var box: String?
  public var postcode: String
  public var locality: String?
  /// In the store's metric CRS.
  public var x: Double
  public var y: Double
  public var groupAtEnrollment: String?
  public var groupVersionAtEnrollment: Int?
  public var consentAt: String
  public var enrolledAt: String
  public var submissions: Int
  public var otherNames: [String]
  public var submissionList: [SubmissionSummary]?

  enum CodingKeys: String, CodingKey {
    case id, name, phone, email
    case addressQuery = "address_query"
    case street, housenumber, box, postcode, locality, x, y
    case groupAtEnrollment = "group_at_enrollment"
    case groupVersionAtEnrollment = "group_version_at_enrollment"
    case consentAt = "consent_at"
    case enrolledAt = "enrolled_at"
    case submissions
    case otherNames = "other_names"
    case submissionList = "submission_list"
  }

  public init(_ m: Member, submissions: [EnrollmentSubmission]? = nil) {
    id = m.id
    name = m.name
    phone = m.phone
    email = m.email
    addressQuery = m.addressQuery
    street = m.street
    housenumber = m.houseNumber
    box = m.box.isEmpty ? nil : m.box
    postcode = m.postcode
    locality = m.locality
    x = m.position.x
    y = m.position.y
    groupAtEnrollment = m.groupAtEnrollment
    groupVersionAtEnrollment = m.groupVersionAtEnrollment
    consentAt = m.consentAt
    enrolledAt = m.enrolledAt
    self.submissions = m.submissionCount
    otherNames = m.otherNames
    submissionList = submissions.map { $0.map(SubmissionSummary.init) }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    try c.encode(phone, forKey: .phone)
    try c.encodeIfPresent(email, forKey: .email)
    try c.encode(addressQuery, forKey: .addressQuery)
    try c.encode(street, forKey: .street)
    try c.encodeIfPresent(housenumber, forKey: .housenumber)
    try c.encodeIfPresent(box, forKey: .box)
    try c.encode(postcode, forKey: .postcode)
    try c.encodeIfPresent(locality, forKey: .locality)
    try c.encode(x, forKey: .x)
    try c.encode(y, forKey: .y)
    try c.encodeIfPresent(groupAtEnrollment, forKey: .groupAtEnrollment)
    try c.encodeIfPresent(groupVersionAtEnrollment, forKey: .groupVersionAtEnrollment)
    try c.encode(consentAt, forKey: .consentAt)
    try c.encode(enrolledAt, forKey: .enrolledAt)
    try c.encode(submissions, forKey: .submissions)
    try c.encode(otherNames, forKey: .otherNames)
    // Only `members show` lists the submissions.
    if let submissionList { try c.encode(submissionList, forKey: .submissionList) }
  }
}

/// One submission as staff see it in a member's record.
public struct SubmissionSummary: Encodable, Sendable, Equatable {
  public var id: String
  public var name: String
  public var email: String?
  public var addressQuery: String
  public var submittedAt: String

  enum CodingKeys: String, CodingKey {
    case id, name, email
    case addressQuery = "address_query"
    case submittedAt = "submitted_at"
  }

  public init(_ s: EnrollmentSubmission) {
    id = s.id
    name = s.name
    email = s.email
    addressQuery = s.addressQuery
    submittedAt = s.submittedAt
  }
}

/// A member in a group's member list (`/v1/groups/{name}/members`).
public struct GroupMemberEntry: Encodable, Sendable, Equatable {
  public var id: String
  public var name: String
  public var phone: String
  public var email: String?
  public var street: String
  public var housenumber: String?
  public var box: String?
  public var postcode: String
  public var submissions: Int
  public var otherNames: [String]

  enum CodingKeys: String, CodingKey {
    case id, name, phone, email, street, housenumber, box, postcode, submissions
    case otherNames = "other_names"
  }

  public init(_ m: Member) {
    id = m.id
    name = m.name
    phone = m.phone
    email = m.email
    street = m.street
    housenumber = m.houseNumber
    box = m.box.isEmpty ? nil : m.box
    postcode = m.postcode
    submissions = m.submissionCount
    otherNames = m.otherNames
  }
}

/// What one submission sent, as its own management token shows it: nothing of other
/// submissions of the same phone and address (their names, their number, when the first was made).
public struct SubmissionReceipt: Encodable, Sendable, Equatable {
  public var id: String
  public var name: String
  public var phone: String
  public var email: String?
  public var addressQuery: String
  public var street: String
  public var housenumber: String?
  public var box: String?
  public var postcode: String
  public var locality: String?
  public var group: GroupRef?
  public var groupVersion: Int?
  public var consentAt: String
  public var submittedAt: String

  enum CodingKeys: String, CodingKey {
    case id, name, phone, email
    case addressQuery = "address_query"
    case street, housenumber, box, postcode, locality, group
    case groupVersion = "group_version"
    case consentAt = "consent_at"
    case submittedAt = "submitted_at"
  }

  public init(_ s: EnrollmentSubmission, of m: Member) {
    id = s.id
    name = s.name
    phone = m.phone
    email = s.email
    addressQuery = s.addressQuery
    street = m.street
    housenumber = m.houseNumber
    box = m.box.isEmpty ? nil : m.box
    postcode = m.postcode
    locality = m.locality
    group = s.group.map(GroupRef.init(name:))
    groupVersion = s.groupVersion
    consentAt = s.consentAt
    submittedAt = s.submittedAt
  }
}
