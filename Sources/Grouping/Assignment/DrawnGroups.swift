public import GeoCore

/// A groups layer as it was drawn: the names and the areas in the layer's own coordinates,
/// before any projection. Enough to place points (``placementIndex()``) without PROJ; a
/// ``GroupSet`` adds the areas in metres.
public struct DrawnGroups: Sendable {
  /// The areas in the layer's own coordinates.
  public enum Areas: Sendable {
    /// Lon/lat degrees (RFC 7946 GeoJSON, EPSG:4326).
    case lonLat([MultiPolygon<LonLat>])
    /// Metres of a projected CRS (a GeoJSON with a `crs` member or `--groups-crs`, a store layer).
    case projected([MultiPolygon<XY>], CRS)
  }

  public let names: [String]
  public let areas: Areas

  /// - Precondition: one name per area.
  public init(names: [String], areas: Areas) {
    switch areas {
    case .lonLat(let a): precondition(a.count == names.count)
    case .projected(let a, _): precondition(a.count == names.count)
    }
    self.names = names
    self.areas = areas
  }

  public var count: Int { names.count }

  /// The CRS the areas are in.
  public var crs: CRS {
    switch areas {
    case .lonLat: .wgs84
    case .projected(_, let crs): crs
    }
  }

  /// The point-in-polygon index over the areas as drawn (query it with ``LonLat`` for
  /// `.lonLat`, with ``XY`` of ``crs`` for `.projected`). - Complexity: O(E log E).
  public func placementIndex() -> PolygonIndex {
    switch areas {
    case .lonLat(let a): PolygonIndex(areas: a)
    case .projected(let a, _): PolygonIndex(areas: a)
    }
  }
}
