public import GeoCore

/// A GeoJSON Feature: an optional geometry with its properties (order kept) and optional id.
public struct Feature<C: PlanarCoordinate>: Hashable, Sendable {
  public var id: JSONValue?
  public var geometry: Geometry<C>?
  public var properties: JSONObject

  public init(id: JSONValue? = nil, geometry: Geometry<C>?, properties: JSONObject = JSONObject()) {
    self.id = id
    self.geometry = geometry
    self.properties = properties
  }
}

/// A GeoJSON FeatureCollection with its foreign members (for instance `name`) kept.
public struct FeatureCollection<C: PlanarCoordinate>: Hashable, Sendable {
  public var features: [Feature<C>]
  public var foreignMembers: JSONObject

  public init(_ features: [Feature<C>], foreignMembers: JSONObject = JSONObject()) {
    self.features = features
    self.foreignMembers = foreignMembers
  }
}

/// A layer read from a file: in lon/lat (RFC 7946) or in a named metric CRS.
public enum GeoLayer: Sendable {
  case lonLat(FeatureCollection<LonLat>)
  case metric(FeatureCollection<XY>, CRS)

  public var crs: CRS {
    switch self {
    case .lonLat: .wgs84
    case .metric(_, let crs): crs
    }
  }

  public var featureCount: Int {
    switch self {
    case .lonLat(let fc): fc.features.count
    case .metric(let fc, _): fc.features.count
    }
  }

  /// Properties of every feature, in order.
  public var properties: [JSONObject] {
    switch self {
    case .lonLat(let fc): fc.features.map(\.properties)
    case .metric(let fc, _): fc.features.map(\.properties)
    }
  }
}
