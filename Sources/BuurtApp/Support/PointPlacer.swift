public import GeoCore
public import GeoFormats
import GeoProjection
public import Grouping

/// Places points in groups as drawn: the points are transformed to the groups' own CRS when
/// they are in another one (PROJ is used only then), never the groups to the points'.
///
/// Immutable and `Sendable`; ``place(_:threads:)`` may run on several threads at once (each
/// call borrows its own PROJ transformer from a pool).
public struct PointPlacer: Sendable {
  public let groups: DrawnGroups
  public let index: PolygonIndex
  private let transformers = TransformerPool()

  public init(_ groups: DrawnGroups) {
    self.groups = groups
    index = groups.placementIndex()
  }

  /// The group index of every position (-1 outside), by the rule of ``PolygonIndex``, the
  /// lookups over `threads` threads. - Throws: ``ProjectionError`` when a transformation is
  /// needed and PROJ fails.
  public func place(_ positions: PointPositions, threads: Int = 1) throws -> [Int32] {
    switch (groups.areas, positions) {
    case (.lonLat, .lonLat(let p)):
      return index.assign(p, threads: threads)
    case (.lonLat, .metric(let p, let crs)):
      let lonLat: [LonLat] = try transformers.transform(p, from: crs, to: .wgs84)
      return index.assign(lonLat, threads: threads)
    case (.projected(_, let target), .lonLat(let p)):
      let xy: [XY] = try transformers.transform(p, from: .wgs84, to: target)
      return index.assign(xy, threads: threads)
    case (.projected(_, let target), .metric(let p, let crs)):
      if crs == target { return index.assign(p, threads: threads) }
      let xy: [XY] = try transformers.transform(p, from: crs, to: target)
      return index.assign(xy, threads: threads)
    }
  }
}
