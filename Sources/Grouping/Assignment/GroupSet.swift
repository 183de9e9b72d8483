public import GeoCore

/// A set of named groups with the indexes that answer "which group is this address in?".
///
/// Two views of the same areas:
/// - **as drawn** (``placement``): the point-in-polygon index over the coordinates the groups
///   were drawn in: lon/lat for a GeoJSON layer (RFC 7946: edges are straight in lon/lat), the
///   metric CRS for a layer drawn in metres (a store layer in EPSG:31370). Every placement of an
///   address or a coordinate in a group is decided here (``group(placing:metric:)``), by the rule
///   in ``PolygonIndex``: the outer boundary counts as inside, a shared edge or vertex goes to
///   exactly one group.
/// - **in metres** (``areas``, ``index``): for what needs metres: distances, areas,
///   compactness, planning and signs. After projection an edge bends by a fraction of a
///   millimetre, so a point exactly on a boundary may fall differently here; never use it to
///   place an address.
///
/// Names need not be unique (a spatial join may use any property). Immutable and `Sendable`.
public struct GroupSet: Sendable {
  public let names: [String]
  /// The areas in metres of the metric CRS.
  public let areas: [MultiPolygon<XY>]
  /// The areas as drawn in lon/lat, or nil when they were drawn in the metric CRS.
  public let lonLatAreas: [MultiPolygon<LonLat>]?
  /// Index over ``areas`` (metres): for metric algorithms only.
  public let index: PolygonIndex
  /// Index over the areas as drawn (``lonLatAreas`` when present, else ``areas``).
  public let placement: PolygonIndex

  /// Groups drawn in the metric CRS (placement is decided in metres).
  /// - Precondition: `names.count == areas.count`.
  public init(names: [String], areas: [MultiPolygon<XY>]) {
    precondition(names.count == areas.count)
    self.names = names
    self.areas = areas
    self.lonLatAreas = nil
    self.index = PolygonIndex(areas: areas)
    self.placement = index
  }

  /// Groups drawn in lon/lat, with the same areas projected to metres.
  /// - Precondition: `names`, `lonLatAreas` and `metricAreas` have one entry per group, in the same order.
  public init(names: [String], lonLatAreas: [MultiPolygon<LonLat>], metricAreas: [MultiPolygon<XY>]) {
    precondition(names.count == lonLatAreas.count && names.count == metricAreas.count)
    self.names = names
    self.areas = metricAreas
    self.lonLatAreas = lonLatAreas
    self.index = PolygonIndex(areas: metricAreas)
    self.placement = PolygonIndex(areas: lonLatAreas)
  }

  public var count: Int { names.count }

  /// Whether placement is decided in lon/lat (the groups were drawn in lon/lat).
  public var isDrawnInLonLat: Bool { lonLatAreas != nil }

  /// The group a point belongs to, decided in the coordinates the groups were drawn in; the
  /// caller gives the point both ways (`lonLat` and its projection `metric`), and only the one
  /// in the groups' own coordinates is read. Nil outside every group.
  public func group(placing lonLat: LonLat, metric: XY) -> Int? {
    isDrawnInLonLat ? placement.area(containing: lonLat) : placement.area(containing: metric)
  }

  /// ``group(placing:metric:)`` for a batch (-1 outside), over `threads` threads.
  /// - Precondition: `lonLats.count == metric.count`.
  public func assign(placing lonLats: [LonLat], metric: [XY], threads: Int = 1) -> [Int32] {
    precondition(lonLats.count == metric.count)
    return isDrawnInLonLat ? placement.assign(lonLats, threads: threads) : placement.assign(metric, threads: threads)
  }

  /// The group whose metric area holds `p` (rule: ``PolygonIndex``), for metric algorithms
  /// (signs, planning); addresses are placed with ``group(placing:metric:)``.
  public func group(containing p: XY) -> Int? { index.area(containing: p) }

  /// Metric-index group indices (-1 outside) for a batch of points, over `threads` threads.
  public func assign(_ points: [XY], threads: Int = 1) -> [Int32] { index.assign(points, threads: threads) }

  /// Points per group (and outside) for an assignment.
  public func tally(_ assignment: [Int32]) -> (perGroup: [Int], outside: Int) {
    var counts = [Int](repeating: 0, count: count)
    var outside = 0
    for a in assignment {
      if a < 0 { outside += 1 } else { counts[Int(a)] += 1 }
    }
    return (counts, outside)
  }
}
