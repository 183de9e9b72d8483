import GeoCore
import Grouping

/// The groups now served (`GET /v1/groups`): the published version and per group its register
/// addresses and area.
public struct GroupListReport: Encodable, Sendable, Equatable {
  public struct Entry: Encodable, Sendable, Equatable {
    public var name: String
    public var households: Int
    /// Square kilometres, two decimals.
    public var areaKm2: Double
    enum CodingKeys: String, CodingKey {
      case name, households
      case areaKm2 = "area_km2"
    }
  }
  public var version: Int?
  public var groups: [Entry]

  /// Of `folder`'s groups, with `households` register addresses per group (in their order).
  public init(folder: DataFolder, households: [Int]) {
    version = folder.groupsVersion
    guard let groups = folder.groups else {
      self.groups = []
      return
    }
    self.groups = groups.names.enumerated().map { k, name in
      Entry(name: name, households: households[k], areaKm2: GroupListReport.squareKilometres(groups.areas[k].area))
    }
  }

  /// Square metres as square kilometres, two decimals.
  public static func squareKilometres(_ squareMetres: Double) -> Double { (squareMetres / 1e4).rounded() / 100 }
}
