public import GeoCore
import Glibc

/// A raster over longitude/latitude that answers most "which group holds this position?"
/// questions without projecting the position: a cell whose whole projected footprint lies
/// away from every group boundary holds one answer for every point in it (a group, or outside
/// all of them). Cells that come near a boundary say `exact`, and the caller projects the
/// position and asks the polygon index.
///
/// Sound by construction: a cell's footprint lies within `radius` of its reference point `Q`
/// (the mean of its projected corners; the radius covers the farthest corner plus a margin for
/// the curvature of projected cell edges), and a cell is answered only when `Q` is farther than
/// `radius` from every boundary segment. Then the segment from `Q` to any projected point of
/// the cell crosses no boundary, so both are in the same groups.
public struct GroupLookupGrid: Sendable {
  public enum Answer: Hashable, Sendable {
    case group(Int)
    case outside
    case exact
  }

  public let west: Double
  public let south: Double
  public let cellLon: Double
  public let cellLat: Double
  public let columns: Int
  public let rows: Int
  /// Group index, `outside` (-1), or `exact` (-2), row by row from the south-west (16 bits a
  /// cell keeps the raster small enough to stay in cache; with more groups than that, every
  /// cell says `exact`).
  let cells: [Int16]
  /// Share of the cells answered without projection.
  public let answeredShare: Double

  static let outsideCode: Int16 = -1
  static let exactCode: Int16 = -2

  /// Builds the raster over `west…east × south…north` with cells of about `cellMetres`
  /// (at most `maxCells` of them). `project` maps lon/lat to the groups' metric CRS (a batch).
  public init(
    groups: GroupSet, west: Double, south: Double, east: Double, north: Double, cellMetres: Double = 25, maxCells: Int = 2_000_000,
    project: ([LonLat]) throws -> [XY]
  ) rethrows {
    let midLat = (south + north) / 2
    var cellLat = cellMetres / 111_320
    var cellLon = cellMetres / (111_320 * max(0.05, cos(midLat * .pi / 180)))
    var columns = max(1, Int(((east - west) / cellLon).rounded(.up)))
    var rows = max(1, Int(((north - south) / cellLat).rounded(.up)))
    if columns * rows > maxCells {
      let f = (Double(columns * rows) / Double(maxCells)).squareRoot()
      cellLat *= f
      cellLon *= f
      columns = max(1, Int(((east - west) / cellLon).rounded(.up)))
      rows = max(1, Int(((north - south) / cellLat).rounded(.up)))
    }
    self.west = west
    self.south = south
    self.cellLon = cellLon
    self.cellLat = cellLat
    self.columns = columns
    self.rows = rows

    // Corners of every cell, projected in one batch.
    var lattice: [LonLat] = []
    lattice.reserveCapacity((columns + 1) * (rows + 1))
    for r in 0...rows {
      for c in 0...columns { lattice.append(LonLat(lon: west + Double(c) * cellLon, lat: south + Double(r) * cellLat)) }
    }
    let xy = try project(lattice)
    func corner(_ c: Int, _ r: Int) -> XY { xy[r * (columns + 1) + c] }

    // Reference points and the radius that covers every footprint.
    var references = [XY](repeating: XY(x: 0, y: 0), count: columns * rows)
    var radius = 0.0
    for r in 0..<rows {
      for c in 0..<columns {
        let cs = [corner(c, r), corner(c + 1, r), corner(c, r + 1), corner(c + 1, r + 1)]
        let q = XY(x: cs.reduce(0) { $0 + $1.x } / 4, y: cs.reduce(0) { $0 + $1.y } / 4)
        references[r * columns + c] = q
        for p in cs { radius = max(radius, ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()) }
      }
    }
    // Projected cell edges bend by far less than a millimetre at these sizes; half a metre and
    // one percent more keep the test on the safe side.
    radius = radius * 1.01 + 0.5
    let near = BoundaryProximity(areas: groups.areas, threshold: radius)
    var cells = [Int16](repeating: GroupLookupGrid.exactCode, count: columns * rows)
    var answered = 0
    for (k, q) in references.enumerated() where groups.count < Int(Int16.max) && q.x.isFinite && q.y.isFinite && !near.isNear(q) {
      cells[k] = groups.group(containing: q).map(Int16.init) ?? GroupLookupGrid.outsideCode
      answered += 1
    }
    self.cells = cells
    answeredShare = Double(answered) / Double(max(1, cells.count))
  }

  /// The answer for a position: a group or outside when its cell is clear of boundaries, else
  /// `exact` (also outside the raster).
  public func answer(_ p: LonLat) -> Answer {
    let fc = (p.lon - west) / cellLon
    let fr = (p.lat - south) / cellLat
    guard fc >= 0, fr >= 0, fc < Double(columns), fr < Double(rows) else { return .exact }
    let code = cells[Int(fr) * columns + Int(fc)]
    switch code {
    case GroupLookupGrid.exactCode: return .exact
    case GroupLookupGrid.outsideCode: return .outside
    default: return .group(Int(code))
    }
  }
}
