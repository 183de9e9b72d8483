public import GeoCore

/// A set of named groups (areas in metres) with its point-in-polygon index: the answer to
/// "which group is this address in?".
///
/// Names need not be unique (a spatial join may use any property). Immutable and `Sendable`.
public struct GroupSet: Sendable {
  public let names: [String]
  public let areas: [MultiPolygon<XY>]
  public let index: PolygonIndex

  /// - Precondition: `names.count == areas.count`.
  public init(names: [String], areas: [MultiPolygon<XY>]) {
    precondition(names.count == areas.count)
    self.names = names
    self.areas = areas
    self.index = PolygonIndex(areas: areas)
  }

  public var count: Int { names.count }

  /// The index of the group that owns `p` (rule: ``PolygonIndex``), or nil outside.
  public func group(containing p: XY) -> Int? { index.area(containing: p) }

  /// Group indices (-1 outside) for a batch of points, over `threads` threads.
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
