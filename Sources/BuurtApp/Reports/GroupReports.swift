import GeoCore
import Grouping

/// The groups now served (`GET /v1/groups`): the published version and per group its register
/// addresses, area and state (status, members, capacity, contact).
public struct GroupListReport: Encodable, Sendable {
  public struct Entry: Encodable, Sendable {
    public var name: String
    public var households: Int
    /// Square kilometres, two decimals.
    public var areaKm2: Double
    public var state: GroupState?
    enum CodingKeys: String, CodingKey {
      case name, households
      case areaKm2 = "area_km2"
    }
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(name, forKey: .name)
      try c.encode(households, forKey: .households)
      try c.encode(areaKm2, forKey: .areaKm2)
      try state?.encode(to: encoder)
    }
  }
  public var version: Int?
  public var groups: [Entry]

  /// Of `folder`'s groups, with `households` register addresses per group (in their order) and
  /// their states when given.
  public init(folder: DataFolder, households: [Int], states: GroupStates? = nil) {
    version = folder.groupsVersion
    guard let groups = folder.groups else {
      self.groups = []
      return
    }
    self.groups = groups.names.enumerated().map { k, name in
      Entry(
        name: name, households: households[k], areaKm2: GroupListReport.squareKilometres(groups.areas[k].area),
        state: states?.state(of: name))
    }
  }

  /// Square metres as square kilometres, two decimals.
  public static func squareKilometres(_ squareMetres: Double) -> Double { (squareMetres / 1e4).rounded() / 100 }
}
