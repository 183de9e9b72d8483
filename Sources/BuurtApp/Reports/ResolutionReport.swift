/// One resolved address as the CLI (`buurt resolve --json`) and the API (`/v1/resolve`) report
/// it. Encoded with `JSONValueEncoder`: members in this order, `null` where there is nothing;
/// `candidates` and `reason` appear only when there are any.
public struct ResolutionReport: Encodable, Sendable, Equatable {
  public var query: String
  /// `matched`, `ambiguous` or `not_found`.
  public var status: String
  public var address: AddressReport?
  public var method: String?
  /// 0 to 1, three decimals; 0 without a match.
  public var score: Double
  public var group: GroupRef?
  public var nearBoundary: Bool
  public var candidates: [CandidateReport]?
  public var reason: String?

  enum CodingKeys: String, CodingKey {
    case query, status, address, method, score, group
    case nearBoundary = "near_boundary"
    case candidates, reason
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(query, forKey: .query)
    try c.encode(status, forKey: .status)
    try c.encodeIfPresent(address, forKey: .address)
    try c.encodeIfPresent(method, forKey: .method)
    try c.encode(score, forKey: .score)
    try c.encodeIfPresent(group, forKey: .group)
    try c.encode(nearBoundary, forKey: .nearBoundary)
    if let candidates { try c.encode(candidates, forKey: .candidates) }
    if let reason { try c.encode(reason, forKey: .reason) }
  }
}

/// An address point: the register's street, number and place, in lon/lat.
public struct AddressReport: Encodable, Sendable, Equatable {
  public var street: String
  public var housenumber: String?
  public var box: String?
  public var postcode: String
  public var locality: String
  public var lon: Double
  public var lat: Double
}

/// An address too close to call, or a place the register has the typed street in: the
/// address's members, then how it matched and its group.
public struct CandidateReport: Encodable, Sendable, Equatable {
  public var address: AddressReport
  public var method: String
  public var score: Double
  public var group: GroupRef?

  enum CodingKeys: String, CodingKey { case method, score, group }

  public func encode(to encoder: any Encoder) throws {
    try address.encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(method, forKey: .method)
    try c.encode(score, forKey: .score)
    try c.encodeIfPresent(group, forKey: .group)
  }
}

/// A group named in a report: `{"name": …}`.
public struct GroupRef: Encodable, Sendable, Equatable {
  public var name: String
  public init(name: String) { self.name = name }
}
