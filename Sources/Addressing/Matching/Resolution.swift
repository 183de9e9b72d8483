public import GeoCore

/// The answer to "which address did the resident mean?".
public struct Resolution: Sendable {
  public enum Status: String, Sendable {
    case matched, ambiguous
    case notFound = "not_found"
  }
  public enum Method: String, Sendable { case exact, fuzzy, interpolated, street }

  /// One address point (a register address, an interpolated point or a street's middle).
  public struct Candidate: Sendable {
    public var street: String
    /// The register's form (`12A`); nil at street level.
    public var houseNumber: String?
    public var postcode: Int
    public var locality: String
    public var municipality: String
    public var position: XY
    public var method: Method
    public var score: Double
    /// Index of the register address, when the point is one.
    public var addressIndex: Int?
  }

  public var query: String
  public var status: Status
  public var best: Candidate?
  /// The box typed, if any (`bus 3` → "3").
  public var box: String?
  /// For ambiguous answers: the candidates too close to call. For not_found answers of a street
  /// typed with a postcode or locality that does not have it: the places the register has that
  /// street in, the house number placed on each, best first (at most five; scores ignore the
  /// typed place). Otherwise empty.
  public var candidates: [Candidate]
  /// For not_found: why.
  public var reason: String?
}
