/// A point-in-polygon index over a set of areas (groups), built once and queried many times.
///
/// ## The rule: every point gets exactly one group, or "outside"
/// Closed semantics with a deterministic tie-break, decided in exact arithmetic:
/// 1. A point belongs to the area that contains the point moved by an infinitesimal
///    `(ε, ε²)`: a little to the east, and even less to the north. On an edge shared by two
///    areas the point therefore goes to the area east of the edge; on a horizontal shared edge,
///    to the area north of it; on a vertex shared by several areas, to the one area whose
///    interior the nudge enters. (This is the half-open crossing-number rule: an edge counts
///    when its lower end is at or below the point, its upper end strictly above, and the point
///    strictly to its left.)
/// 2. If the nudge leaves every area, but the point lies on the boundary of one or more
///    areas (the outer edge of the union, or the edge of an empty hole), it belongs to the
///    one with the lowest index: the outer boundary counts as inside.
/// 3. Otherwise the point is outside.
/// When areas overlap (which a published boundary set never does), the lowest index among
/// those containing the nudged point wins, so the answer is still unique.
///
/// All decisions use exact orientation tests (``Orientation``) and exact comparisons of the
/// input doubles, so floating-point rounding never puts a point in two areas or in none.
/// Points with NaN or infinite coordinates are outside.
///
/// ## Coordinates
/// The rule is decided in the plane of the coordinates the areas were given in, with every edge
/// a straight segment there: for ``LonLat`` areas (RFC 7946 §3.1.1: a GeoJSON edge is straight in
/// lon/lat) "east" is increasing longitude and "north" increasing latitude; for ``XY`` areas,
/// increasing x and y. This is what GEOS, PostGIS and QGIS do. Query with the same coordinate
/// type the index was built from (``coordinates``): a point in another CRS is transformed to the
/// areas' CRS first, never the areas to the point's.
///
/// ## Structure and cost
/// A uniform grid over the union's bounding box. A cell that no edge touches is "pure" and
/// stores its one answer (found at build time by a scan line through the cell centres), so
/// most queries are one array read. A cell that edges touch lists its candidate areas; each
/// candidate is decided by a ray cast over that area's edges in the horizontal strip that
/// holds the point (an interval index like JTS's `IndexedPointInAreaLocator`).
/// Build is O(E log E) for E edges; a query is O(1) in a pure cell and O(k) in a mixed one,
/// k the edges of a candidate area in one strip.
///
/// Immutable after `init`; safe to query from any number of threads at once.
///
/// The build runs in three phases, one file each beside this one: the edges of every area
/// (AreaEdges), every area's edges in horizontal strips (StripIndex), and the grid of cells
/// (CellGrid, with GridCoverage). The exact test of one area is BoundaryRule; the batch
/// queries are BatchQuery.
public final class PolygonIndex: @unchecked Sendable {
  /// The number of areas the index was built over.
  public let count: Int
  /// Bounding box of all areas, in the areas' own coordinates (`first`, `second` as x, y).
  public let bounds: BoundingBox<XY>
  /// The coordinate type the areas were given in (`LonLat.self` or `XY.self`).
  public let coordinates: any PlanarCoordinate.Type

  /// The grid: per cell its one answer, or its candidate areas.
  private let grid: CellGrid
  /// Per area, its edges in horizontal strips, for the exact test of one candidate.
  private let strips: StripIndex

  /// Memory held by the index, in bytes.
  public let byteCount: Int
  /// Total number of polygon vertices indexed (ring closing positions excluded).
  public let vertexCount: Int
  /// Fraction of grid cells that no edge touches (answered by a single read).
  public let pureCellFraction: Double

  /// Builds the index over `areas` (index `i` in every answer is `areas[i]`).
  ///
  /// Rings may run either way; holes and multiple parts are honoured (even-odd over all rings
  /// of an area). Repeated positions and zero-length edges are ignored. Non-finite positions
  /// are skipped. - Complexity: O(E log E) time, O(E) memory, E the number of edges.
  /// - Parameter cellsPerVertex: grid density; more cells answer more queries by one read.
  public init<C: PlanarCoordinate>(areas: [MultiPolygon<C>], cellsPerVertex: Double = 4) {
    precondition(areas.count < Int(CellGrid.mixedFlag), "too many areas")
    count = areas.count
    coordinates = C.self
    // 1. Collect edges per area.
    let edges = AreaEdges(areas)
    bounds = edges.bounds
    vertexCount = edges.vertexCount
    // 2. Strip index per area.
    strips = StripIndex(edges.perArea, edgeCount: edges.edgeCount)
    // 3. Grid.
    grid = CellGrid(
      edges.perArea, bounds: edges.bounds, vertexCount: edges.vertexCount, edgeCount: edges.edgeCount, cellsPerVertex: cellsPerVertex)
    pureCellFraction = grid.pureCellFraction
    byteCount = grid.byteCount + strips.byteCount
  }

  deinit {
    grid.deallocate()
    strips.deallocate()
  }

  /// The area that owns `p` by the rule above, or nil when `p` is outside every area.
  /// - Complexity: O(1) for most points; thread-safe.
  @inlinable
  public func area(containing p: XY) -> Int? {
    let a = areaCode(p)
    return a < 0 ? nil : Int(a)
  }

  /// As ``area(containing:)`` with -1 for outside (no optional wrapping in hot loops).
  public func areaCode(_ p: XY) -> Int32 {
    let code = grid.code(p)
    if code & CellGrid.mixedFlag == 0 { return Int32(bitPattern: code) }
    if code == CellGrid.outsideCode { return -1 }
    let m = Int(code & ~CellGrid.mixedFlag)
    var firstOnBoundary: Int32 = -1
    for i in Int(grid.mixedStart[m])..<Int(grid.mixedStart[m + 1]) {
      let area = Int(grid.candidates[i])
      switch strips.locate(p, inArea: area) {
      case .inside: return Int32(area)
      case .boundary: if firstOnBoundary < 0 { firstOnBoundary = Int32(area) }
      case .outside: break
      }
    }
    return firstOnBoundary
  }

  /// Every area whose closure contains `p` (inside by the nudge rule, or on its boundary),
  /// in index order. In a tiling this is one area, or several only on shared boundaries;
  /// more than one inside means the areas overlap.
  public func areas(containing p: XY) -> [(area: Int, location: Location)] {
    let code = grid.code(p)
    if code == CellGrid.outsideCode { return [] }
    if code & CellGrid.mixedFlag == 0 { return [(Int(code), .inside)] }
    let m = Int(code & ~CellGrid.mixedFlag)
    var out: [(area: Int, location: Location)] = []
    for i in Int(grid.mixedStart[m])..<Int(grid.mixedStart[m + 1]) {
      let area = Int(grid.candidates[i])
      let l = strips.locate(p, inArea: area)
      if l != .outside { out.append((area, l)) }
    }
    return out
  }

  /// Three-way location of `p` in area `area` under the nudge rule: `.inside` when the nudged
  /// point is inside; otherwise `.boundary` when `p` lies exactly on one of the area's edges;
  /// otherwise `.outside`.
  public func locate(_ p: XY, inArea area: Int) -> Location { strips.locate(p, inArea: area) }

  /// As ``area(containing:)-(XY)`` for an index built over ``LonLat`` areas: the rule is decided
  /// in lon/lat, longitude as the first axis.
  @inlinable
  public func area(containing p: LonLat) -> Int? {
    let a = areaCode(p)
    return a < 0 ? nil : Int(a)
  }

  /// As ``areaCode(_:)-(XY)`` in lon/lat (for an index built over ``LonLat`` areas).
  @inline(__always)
  public func areaCode(_ p: LonLat) -> Int32 { areaCode(XY(x: p.lon, y: p.lat)) }

  /// As ``areas(containing:)-(XY)`` in lon/lat (for an index built over ``LonLat`` areas).
  public func areas(containing p: LonLat) -> [(area: Int, location: Location)] { areas(containing: XY(x: p.lon, y: p.lat)) }
}
