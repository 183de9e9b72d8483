import Dispatch

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
public final class PolygonIndex: @unchecked Sendable {
  /// The number of areas the index was built over.
  public let count: Int
  /// Bounding box of all areas, in the areas' own coordinates (`first`, `second` as x, y).
  public let bounds: BoundingBox<XY>
  /// The coordinate type the areas were given in (`LonLat.self` or `XY.self`).
  public let coordinates: any PlanarCoordinate.Type

  // Grid
  private let originX: Double
  private let originY: Double
  private let inverseCellWidth: Double
  private let inverseCellHeight: Double
  private let columns: Int
  private let rows: Int
  /// Per cell: an area index (pure cell), `outsideCode`, or `mixedFlag | offset into mixed`.
  private let cells: UnsafeMutableBufferPointer<UInt32>
  /// For mixed cell `m`: candidates in `candidates[mixedStart[m] ..< mixedStart[m + 1]]`.
  private let mixedStart: UnsafeMutableBufferPointer<UInt32>
  private let candidates: UnsafeMutableBufferPointer<UInt32>

  // Per-area strip index
  private let areaMinY: UnsafeMutableBufferPointer<Double>
  private let areaMaxY: UnsafeMutableBufferPointer<Double>
  private let areaInverseStripHeight: UnsafeMutableBufferPointer<Double>
  private let areaStripCount: UnsafeMutableBufferPointer<Int32>
  /// First strip of area `a` is `areaFirstStrip[a]`; strip `s` holds `stripEdges[stripStart[s] ..< stripStart[s+1]]`.
  private let areaFirstStrip: UnsafeMutableBufferPointer<Int32>
  private let stripStart: UnsafeMutableBufferPointer<UInt32>
  private let stripEdges: UnsafeMutableBufferPointer<Edge>

  private static let outsideCode: UInt32 = 0xFFFF_FFFF
  private static let mixedFlag: UInt32 = 0x8000_0000

  /// An edge with its lower end first (`y0 <= y1`).
  struct Edge {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
  }

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
    precondition(areas.count < Int(PolygonIndex.mixedFlag), "too many areas")
    count = areas.count
    coordinates = C.self

    // 1. Collect edges per area.
    var edgesPerArea: [[Edge]] = []
    edgesPerArea.reserveCapacity(areas.count)
    var box = BoundingBox<XY>.empty
    var vertices = 0
    for area in areas {
      var edges: [Edge] = []
      for polygon in area.polygons {
        for ring in polygon.rings {
          let cs = ring.coordinates
          guard cs.count >= 2 else { continue }
          vertices += cs.count - 1
          for i in 0..<(cs.count - 1) {
            let a = XY(x: cs[i].first, y: cs[i].second)
            let b = XY(x: cs[i + 1].first, y: cs[i + 1].second)
            guard a.isFinite, b.isFinite, a != b else { continue }
            box.extend(a)
            box.extend(b)
            edges.append(a.y <= b.y ? Edge(x0: a.x, y0: a.y, x1: b.x, y1: b.y) : Edge(x0: b.x, y0: b.y, x1: a.x, y1: a.y))
          }
        }
      }
      edgesPerArea.append(edges)
    }
    bounds = box
    vertexCount = vertices
    let edgeCount = edgesPerArea.reduce(0) { $0 + $1.count }

    // 2. Strip index per area.
    areaMinY = .allocate(capacity: max(1, areas.count))
    areaMaxY = .allocate(capacity: max(1, areas.count))
    areaInverseStripHeight = .allocate(capacity: max(1, areas.count))
    areaStripCount = .allocate(capacity: max(1, areas.count))
    areaFirstStrip = .allocate(capacity: max(1, areas.count))
    var starts: [UInt32] = [0]
    var flat: [Edge] = []
    flat.reserveCapacity(edgeCount * 2)
    var stripTotal: Int32 = 0
    for (a, edges) in edgesPerArea.enumerated() {
      var lo = Double.infinity
      var hi = -Double.infinity
      for e in edges {
        lo = min(lo, e.y0)
        hi = max(hi, e.y1)
      }
      let strips = edges.isEmpty ? 1 : max(1, min(edges.count / 3, 4096))
      let height = hi - lo
      let inv = height > 0 ? Double(strips) / height : 0
      areaMinY[a] = edges.isEmpty ? .infinity : lo
      areaMaxY[a] = edges.isEmpty ? -.infinity : hi
      areaInverseStripHeight[a] = inv
      areaStripCount[a] = Int32(strips)
      areaFirstStrip[a] = stripTotal
      stripTotal += Int32(strips)
      var buckets = [[Edge]](repeating: [], count: strips)
      for e in edges {
        let s0 = PolygonIndex.strip(e.y0, lo, inv, strips)
        let s1 = PolygonIndex.strip(e.y1, lo, inv, strips)
        for s in s0...s1 { buckets[s].append(e) }
      }
      for bucket in buckets {
        // Edges wholly to the left are tested first cheaply either way; sort by x for locality.
        flat.append(contentsOf: bucket)
        starts.append(UInt32(flat.count))
      }
    }
    stripStart = .allocate(capacity: starts.count)
    _ = stripStart.initialize(from: starts)
    stripEdges = .allocate(capacity: max(1, flat.count))
    _ = stripEdges.initialize(from: flat)

    // 3. Grid.
    let pad = max(box.width, box.height, 1) * 1e-9
    let gx0 = box.isEmpty ? 0 : box.minFirst - pad
    let gy0 = box.isEmpty ? 0 : box.minSecond - pad
    let gw = box.isEmpty ? 1 : box.width + 2 * pad
    let gh = box.isEmpty ? 1 : box.height + 2 * pad
    let targetCells = min(max(64.0, Double(vertices) * cellsPerVertex), 16_000_000)
    let cellSize = (gw * gh / targetCells).squareRoot()
    let cols = max(1, min(Int((gw / cellSize).rounded(.up)), 65_536))
    let rws = max(1, min(Int((gh / cellSize).rounded(.up)), 65_536))
    originX = gx0
    originY = gy0
    columns = cols
    rows = rws
    let cw = gw / Double(cols)
    let ch = gh / Double(rws)
    inverseCellWidth = 1 / cw
    inverseCellHeight = 1 / ch

    // 3a. Which cells do edges touch (conservatively), and with which areas.
    var touched: [UInt64] = []  // cell << 32 | area
    touched.reserveCapacity(edgeCount * 3)
    let slack = max(cw, ch) * 1e-7
    for (a, edges) in edgesPerArea.enumerated() {
      for e in edges {
        let minX = min(e.x0, e.x1)
        let maxX = max(e.x0, e.x1)
        let c0 = PolygonIndex.clampCell((minX - slack - gx0) / cw, cols)
        let c1 = PolygonIndex.clampCell((maxX + slack - gx0) / cw, cols)
        let r0 = PolygonIndex.clampCell((e.y0 - slack - gy0) / ch, rws)
        let r1 = PolygonIndex.clampCell((e.y1 + slack - gy0) / ch, rws)
        let dx = e.x1 - e.x0
        let dy = e.y1 - e.y0
        let length = (dx * dx + dy * dy).squareRoot()
        for r in r0...r1 {
          for c in c0...c1 {
            if (r1 > r0 || c1 > c0) && !(r0 == r1 || c0 == c1) {
              // Diagonal edge over several cells: keep the cells the segment passes near.
              let cx0 = gx0 + Double(c) * cw - slack
              let cy0 = gy0 + Double(r) * ch - slack
              let cx1 = cx0 + cw + 2 * slack
              let cy1 = cy0 + ch + 2 * slack
              let tolerance = length * slack
              let s00 = dx * (cy0 - e.y0) - dy * (cx0 - e.x0)
              let s01 = dx * (cy1 - e.y0) - dy * (cx0 - e.x0)
              let s10 = dx * (cy0 - e.y0) - dy * (cx1 - e.x0)
              let s11 = dx * (cy1 - e.y0) - dy * (cx1 - e.x0)
              if (s00 > tolerance && s01 > tolerance && s10 > tolerance && s11 > tolerance)
                || (s00 < -tolerance && s01 < -tolerance && s10 < -tolerance && s11 < -tolerance)
              {
                continue
              }
            }
            touched.append(UInt64(r * cols + c) << 32 | UInt64(a))
          }
        }
      }
    }
    touched.sort()

    // 3b. Scan line through each row's cell centres: areas that contain each centre.
    var crossingsPerRow = [[(x: Double, area: UInt32)]](repeating: [], count: rws)
    for (a, edges) in edgesPerArea.enumerated() {
      for e in edges where e.y1 > e.y0 {
        // rows whose centre y satisfies y0 <= yc < y1
        let first = max(0, Int(((e.y0 - gy0) / ch - 0.5).rounded(.up)) - 1)
        let last = min(rws - 1, Int(((e.y1 - gy0) / ch - 0.5).rounded(.up)))
        if first > last { continue }
        for r in first...last {
          let yc = gy0 + (Double(r) + 0.5) * ch
          guard e.y0 <= yc && yc < e.y1 else { continue }
          let x = e.x0 + (yc - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0)
          crossingsPerRow[r].append((x, UInt32(a)))
        }
      }
    }

    let cellCount = cols * rws
    cells = .allocate(capacity: cellCount)
    var mixedStarts: [UInt32] = [0]
    var mixedCandidates: [UInt32] = []
    var odd: [UInt32] = []  // areas containing the current centre, sorted
    var touchedCursor = 0
    var pure = 0
    for r in 0..<rws {
      crossingsPerRow[r].sort { $0.x < $1.x }
      let crossings = crossingsPerRow[r]
      var k = 0
      odd.removeAll(keepingCapacity: true)
      for c in 0..<cols {
        let cell = r * cols + c
        let xc = gx0 + (Double(c) + 0.5) * cw
        while k < crossings.count && crossings[k].x < xc {
          let area = crossings[k].area
          if let i = odd.firstIndex(of: area) { odd.remove(at: i) } else {
            odd.insert(area, at: odd.firstIndex { $0 > area } ?? odd.endIndex)
          }
          k += 1
        }
        let touchStart = touchedCursor
        while touchedCursor < touched.count && Int(touched[touchedCursor] >> 32) == cell { touchedCursor += 1 }
        // A cell inside two overlapping areas is "mixed" too, so every area can be listed.
        if touchStart == touchedCursor && odd.count <= 1 {
          cells[cell] = odd.first ?? PolygonIndex.outsideCode
          pure += 1
        } else {
          var set = odd
          var last: UInt32 = .max
          for t in touchStart..<touchedCursor {
            let area = UInt32(truncatingIfNeeded: touched[t])
            if area != last && !set.contains(area) { set.append(area) }
            last = area
          }
          set.sort()
          cells[cell] = PolygonIndex.mixedFlag | UInt32(mixedStarts.count - 1)
          mixedCandidates.append(contentsOf: set)
          mixedStarts.append(UInt32(mixedCandidates.count))
        }
      }
    }
    pureCellFraction = Double(pure) / Double(cellCount)
    mixedStart = .allocate(capacity: mixedStarts.count)
    _ = mixedStart.initialize(from: mixedStarts)
    candidates = .allocate(capacity: max(1, mixedCandidates.count))
    _ = candidates.initialize(from: mixedCandidates)

    byteCount =
      cellCount * 4 + mixedStarts.count * 4 + mixedCandidates.count * 4 + starts.count * 4
      + flat.count * MemoryLayout<Edge>.stride + areas.count * (8 * 3 + 4 * 2)
  }

  deinit {
    cells.deallocate()
    mixedStart.deallocate()
    candidates.deallocate()
    areaMinY.deallocate()
    areaMaxY.deallocate()
    areaInverseStripHeight.deallocate()
    areaStripCount.deallocate()
    areaFirstStrip.deallocate()
    stripStart.deallocate()
    stripEdges.deallocate()
  }

  @inline(__always)
  private static func strip(_ y: Double, _ lo: Double, _ inv: Double, _ count: Int) -> Int {
    let s = Int(((y - lo) * inv).rounded(.down))
    return s < 0 ? 0 : (s >= count ? count - 1 : s)
  }

  @inline(__always)
  private static func clampCell(_ v: Double, _ count: Int) -> Int {
    guard v > 0 else { return 0 }
    let i = Int(v.rounded(.down))
    return i >= count ? count - 1 : i
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
    let fx = (p.x - originX) * inverseCellWidth
    let fy = (p.y - originY) * inverseCellHeight
    guard fx >= 0 && fy >= 0 && fx < Double(columns) && fy < Double(rows) else { return -1 }
    let code = cells[Int(fy) * columns + Int(fx)]
    if code & PolygonIndex.mixedFlag == 0 { return Int32(bitPattern: code) }
    if code == PolygonIndex.outsideCode { return -1 }
    let m = Int(code & ~PolygonIndex.mixedFlag)
    var firstOnBoundary: Int32 = -1
    for i in Int(mixedStart[m])..<Int(mixedStart[m + 1]) {
      let area = Int(candidates[i])
      switch locate(p, inArea: area) {
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
    let fx = (p.x - originX) * inverseCellWidth
    let fy = (p.y - originY) * inverseCellHeight
    guard fx >= 0 && fy >= 0 && fx < Double(columns) && fy < Double(rows) else { return [] }
    let code = cells[Int(fy) * columns + Int(fx)]
    if code == PolygonIndex.outsideCode { return [] }
    if code & PolygonIndex.mixedFlag == 0 { return [(Int(code), .inside)] }
    let m = Int(code & ~PolygonIndex.mixedFlag)
    var out: [(area: Int, location: Location)] = []
    for i in Int(mixedStart[m])..<Int(mixedStart[m + 1]) {
      let area = Int(candidates[i])
      let l = locate(p, inArea: area)
      if l != .outside { out.append((area, l)) }
    }
    return out
  }

  /// Three-way location of `p` in area `area` under the nudge rule: `.inside` when the nudged
  /// point is inside; otherwise `.boundary` when `p` lies exactly on one of the area's edges;
  /// otherwise `.outside`.
  public func locate(_ p: XY, inArea area: Int) -> Location {
    let y = p.y
    let x = p.x
    guard y >= areaMinY[area] && y <= areaMaxY[area] else { return .outside }
    let s = Int(areaFirstStrip[area]) + PolygonIndex.strip(y, areaMinY[area], areaInverseStripHeight[area], Int(areaStripCount[area]))
    var inside = false
    var onBoundary = false
    var i = Int(stripStart[s])
    let end = Int(stripStart[s + 1])
    while i < end {
      let e = stripEdges[i]
      i += 1
      if y < e.y0 || y > e.y1 { continue }
      let minX = e.x0 < e.x1 ? e.x0 : e.x1
      if x < minX {
        if y < e.y1 { inside.toggle() }
        continue
      }
      let maxX = e.x0 < e.x1 ? e.x1 : e.x0
      if x > maxX { continue }
      let o = Orientation.sign(e.x0, e.y0, e.x1, e.y1, x, y)
      if o == 0 {
        onBoundary = true
      } else if o > 0 && y < e.y1 {
        inside.toggle()
      }
    }
    return inside ? .inside : (onBoundary ? .boundary : .outside)
  }

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

  /// Assigns every lon/lat point (area index, or -1 outside) into `result`, over `threads`
  /// threads (for an index built over ``LonLat`` areas).
  public func assign(_ points: UnsafeBufferPointer<LonLat>, into result: UnsafeMutableBufferPointer<Int32>, threads: Int = 1) {
    assignCodes(points, into: result, threads: threads)
  }

  /// Convenience: the area code (-1 outside) of every lon/lat point.
  public func assign(_ points: [LonLat], threads: Int = 1) -> [Int32] { assignCodes(points, threads: threads) }

  /// Assigns every point of `points` (area index, or -1 for outside) into `result`,
  /// splitting the work over `threads` threads.
  public func assign(_ points: UnsafeBufferPointer<XY>, into result: UnsafeMutableBufferPointer<Int32>, threads: Int = 1) {
    assignCodes(points, into: result, threads: threads)
  }

  /// Convenience: the area code (-1 outside) of every point.
  public func assign(_ points: [XY], threads: Int = 1) -> [Int32] { assignCodes(points, threads: threads) }

  /// The batch behind the typed `assign`s (specialised for each coordinate type in this module).
  private func assignCodes<C: PlanarCoordinate>(_ points: UnsafeBufferPointer<C>, into result: UnsafeMutableBufferPointer<Int32>, threads: Int) {
    precondition(result.count >= points.count)
    nonisolated(unsafe) let result = result
    nonisolated(unsafe) let points = points
    Parallel.forEachChunk(count: points.count, threads: threads) { range in
      for i in range { result[i] = areaCode(XY(x: points[i].first, y: points[i].second)) }
    }
  }

  private func assignCodes<C: PlanarCoordinate>(_ points: [C], threads: Int) -> [Int32] {
    var out = [Int32](repeating: -1, count: points.count)
    points.withUnsafeBufferPointer { pts in
      out.withUnsafeMutableBufferPointer { assignCodes(pts, into: $0, threads: threads) }
    }
    return out
  }
}
