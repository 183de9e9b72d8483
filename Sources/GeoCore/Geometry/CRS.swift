/// A coordinate reference system named by its authority code, such as `EPSG:31370`.
///
/// This is only a name; GeoProjection resolves it through PROJ.
public struct CRS: Hashable, Sendable, CustomStringConvertible {
  public var identifier: String

  public init(_ identifier: String) { self.identifier = identifier.uppercased() }

  /// WGS84 longitude/latitude in degrees (the only CRS of RFC 7946 GeoJSON).
  public static let wgs84 = CRS("EPSG:4326")
  /// Belgian Lambert 72, metres: buurt's default metric CRS.
  public static let belgianLambert72 = CRS("EPSG:31370")
  /// Belgian Lambert 2008, metres.
  public static let belgianLambert2008 = CRS("EPSG:3812")

  public var description: String { identifier }
  public var isGeographicWGS84: Bool {
    identifier == "EPSG:4326" || identifier == "OGC:CRS84" || identifier == "CRS84"
  }
}
