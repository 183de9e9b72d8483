public import GeoCore
import GeoOverlay

/// A balancing unit: a street block, or a part of an oversized block cut between its address
/// clusters.
public struct Atom: Sendable {
  public var area: MultiPolygon<XY>
  /// Indices of the addresses inside.
  public var addresses: [Int]
  /// The street block it belongs to (several atoms share one when the block was split).
  public var block: Int
  /// Index of the deelgemeente holding it, when deelgemeenten were given.
  public var region: Int?
  public var squareMetres: Double
  public var perimeter: Double
  public var centroid: XY
  public var households: Int { addresses.count }
}

/// Atoms and who borders whom.
public struct AtomGraph: Sendable {
  public struct Edge: Sendable, Hashable {
    public var a: Int
    public var b: Int
    /// Metres of shared boundary.
    public var length: Double
    /// False when the shared boundary runs only along a barrier (or a region border): the two
    /// atoms may not be grouped through this edge.
    public var allowed: Bool
  }
  public var atoms: [Atom]
  public var edges: [Edge]
  /// Street blocks before splitting, and how many were split.
  public var blockCount: Int
  public var splitBlocks: Int
  /// Blocks that could not be split below the limit (all addresses at one spot, for example).
  public var oversizedAtoms: [Int]

  /// The connected parts of the neighbour graph (allowed edges): the part of every atom, and
  /// the households of every part.
  public func neighbourComponents() -> (of: [Int], households: [Int]) {
    var adjacent = [[Int]](repeating: [], count: atoms.count)
    for e in edges where e.allowed {
      adjacent[e.a].append(e.b)
      adjacent[e.b].append(e.a)
    }
    var of = [Int](repeating: -1, count: atoms.count)
    var households: [Int] = []
    for s in atoms.indices where of[s] < 0 {
      let c = households.count
      households.append(0)
      of[s] = c
      var stack = [s]
      while let x = stack.popLast() {
        households[c] += atoms[x].households
        for j in adjacent[x] where of[j] < 0 {
          of[j] = c
          stack.append(j)
        }
      }
    }
    return (of, households)
  }
}

/// Builds street blocks: the faces enclosed by the drivable streets and the municipality
/// boundary (polygonised with GEOS), weighted by the addresses they hold.
///
/// Street lines usually stop short of the municipal boundary (see the data notes): a dead end
/// within `joinDistance` of the boundary is joined to it, so blocks along the edge close.
public struct StreetBlockBuilder: Sendable {
  /// OSM highway classes whose lines bound blocks.
  public var roadClasses: Set<String> = [
    "motorway", "trunk", "primary", "secondary", "tertiary", "residential", "unclassified", "service", "living_street",
    "motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
  ]
  /// Dead ends this close (metres) to the boundary are joined to it.
  public var joinDistance: Double = 150
  /// Blocks with more addresses are cut between address clusters until no part has more.
  public var splitAbove: Int = .max
  /// Road classes that groups may not cross.
  public var barrierClasses: Set<String> = []
  /// Shared boundary shorter than this (metres) does not make atoms neighbours.
  public var minimumSharedLength: Double = 1
  /// Block outlines are snapped to this grid (metres).
  public var gridSize: Double = 0.001

  public init() {}

  /// - Parameters:
  ///   - regions: when given, blocks are also cut by these areas' borders, and atoms of
  ///     different regions are never neighbours (`--keep-within deelgemeenten`).
  /// - Throws: ``OverlayError`` when GEOS fails.
  public func build(municipality: MultiPolygon<XY>, streets: [StreetLine], addresses: [XY], regions: [MultiPolygon<XY>]? = nil) throws
    -> AtomGraph
  {
    let overlay = Overlay()
    let drivable = streets.filter { roadClasses.contains($0.roadClass) }.map(\.line).filter { $0.coordinates.count >= 2 }
    var lines = drivable + joiners(drivable, municipality: municipality) + Overlay.rings(of: municipality)
    if let regions { lines += regions.flatMap(Overlay.rings(of:)) }
    let inside = PolygonIndex(areas: [municipality])
    var faces = try overlay.polygonize(lines).filter { face in
      // Faces without area (a line drawn twice) hold nothing.
      guard face.area > 1e-6, let p = try overlay.pointOnSurface(MultiPolygon([face])) else { return false }
      return inside.area(containing: p) != nil
    }
    faces.sort {
      ($0.exterior.coordinates.first?.x ?? 0, $0.exterior.coordinates.first?.y ?? 0) < (
        $1.exterior.coordinates.first?.x ?? 0, $1.exterior.coordinates.first?.y ?? 0
      )
    }

    // Addresses per face; the few outside every face go to the nearest one.
    let faceAreas = faces.map { MultiPolygon([$0]) }
    let faceIndex = PolygonIndex(areas: faceAreas)
    var members = [[Int]](repeating: [], count: faces.count)
    for (k, p) in addresses.enumerated() {
      if let f = faceIndex.area(containing: p) ?? StreetBlockBuilder.nearest(p, faceAreas) { members[f].append(k) }
    }

    // Oversized blocks: find the cut lines first, then polygonise streets and cuts together, so
    // that every atom shares exact edges with its neighbours.
    var cutLines: [LineString<XY>] = []
    var split = 0
    for (f, face) in faces.enumerated() where members[f].count > splitAbove {
      split += 1
      try cut(face, members[f], addresses: addresses, overlay: overlay, lines: &cutLines)
    }
    var atomFaces = faces
    var atomMembers = members
    var blockOf = Array(faces.indices)
    if !cutLines.isEmpty {
      atomFaces = try overlay.polygonize(lines + cutLines).filter { face in
        guard face.area > 1e-6, let p = try overlay.pointOnSurface(MultiPolygon([face])) else { return false }
        return inside.area(containing: p) != nil
      }
      atomFaces.sort {
        ($0.exterior.coordinates.first?.x ?? 0, $0.exterior.coordinates.first?.y ?? 0) < (
          $1.exterior.coordinates.first?.x ?? 0, $1.exterior.coordinates.first?.y ?? 0
        )
      }
      let areas = atomFaces.map { MultiPolygon([$0]) }
      let index = PolygonIndex(areas: areas)
      atomMembers = [[Int]](repeating: [], count: atomFaces.count)
      for (k, p) in addresses.enumerated() {
        if let f = index.area(containing: p) ?? StreetBlockBuilder.nearest(p, areas) { atomMembers[f].append(k) }
      }
      blockOf = try atomFaces.map { face in
        let p = try overlay.pointOnSurface(MultiPolygon([face])) ?? StreetBlockBuilder.centroid(face)
        return faceIndex.area(containing: p) ?? 0
      }
    }
    var atoms: [Atom] = []
    var oversized: [Int] = []
    for (k, poly) in atomFaces.enumerated() {
      if atomMembers[k].count > splitAbove { oversized.append(atoms.count) }
      atoms.append(
        Atom(
          area: MultiPolygon([poly]), addresses: atomMembers[k], block: blockOf[k], region: nil, squareMetres: poly.area,
          perimeter: poly.perimeter, centroid: StreetBlockBuilder.centroid(poly)))
    }
    if let regions {
      let regionIndex = PolygonIndex(areas: regions)
      for k in atoms.indices {
        let p = try overlay.pointOnSurface(atoms[k].area) ?? atoms[k].centroid
        atoms[k].region = regionIndex.area(containing: p)
      }
    }
    let barriers = streets.filter { barrierClasses.contains($0.roadClass) }.map(\.line)
    let shared = try overlay.sharedBoundaries(atoms.map(\.area), barriers: barriers, barrierWidth: 2, minimumLength: 0.01)
    var edges = shared.map { s in
      AtomGraph.Edge(
        a: s.first, b: s.second, length: s.length,
        allowed: s.lengthOffBarriers >= minimumSharedLength && atoms[s.first].region == atoms[s.second].region)
    }
    // A sliver that shares less than a metre with everything is tied to every atom it touches,
    // or no group could hold it together with anything.
    var hasNeighbour = [Bool](repeating: false, count: atoms.count)
    for e in edges where e.allowed {
      hasNeighbour[e.a] = true
      hasNeighbour[e.b] = true
    }
    edges = edges.map { e in
      var e = e
      if !e.allowed && (!hasNeighbour[e.a] || !hasNeighbour[e.b]) && atoms[e.a].region == atoms[e.b].region { e.allowed = true }
      return e
    }
    return AtomGraph(atoms: atoms, edges: edges, blockCount: faces.count, splitBlocks: split, oversizedAtoms: oversized)
  }

  /// Segments from every dead end near the boundary to the nearest point of the boundary.
  func joiners(_ lines: [LineString<XY>], municipality: MultiPolygon<XY>) -> [LineString<XY>] {
    struct Key: Hashable {
      var x: Double
      var y: Double
    }
    var degree: [Key: Int] = [:]
    for l in lines {
      for p in [l.coordinates[0], l.coordinates[l.coordinates.count - 1]] { degree[Key(x: p.x, y: p.y), default: 0] += 1 }
    }
    let rings = municipality.polygons.flatMap(\.rings)
    var out: [LineString<XY>] = []
    for (key, d) in degree where d == 1 {
      let p = XY(x: key.x, y: key.y)
      var best: (Double, XY)? = nil
      for r in rings {
        let cs = r.coordinates
        for i in 0..<(cs.count - 1) {
          let q = StreetBlockBuilder.closestPoint(p, cs[i], cs[i + 1])
          let d2 = (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)
          if best == nil || d2 < best!.0 { best = (d2, q) }
        }
      }
      if let (d2, q) = best, d2 <= joinDistance * joinDistance, d2 > 0 { out.append(LineString([p, q])) }
    }
    return out.sorted { ($0.coordinates[0].x, $0.coordinates[0].y) < ($1.coordinates[0].x, $1.coordinates[0].y) }
  }

  /// Cuts `face` straight across its longer address axis, at the widest gap between addresses
  /// near the middle, until no piece holds more than `splitAbove` addresses.
  func cut(_ face: Polygon<XY>, _ ids: [Int], addresses: [XY], overlay: Overlay, lines: inout [LineString<XY>], depth: Int = 0) throws {
    guard ids.count > splitAbove, depth < 24 else { return }
    let pts = ids.map { addresses[$0] }
    let box = BoundingBox(pts)
    let alongX = box.width >= box.height
    let order = ids.indices.sorted { alongX ? pts[$0].x < pts[$1].x : pts[$0].y < pts[$1].y }
    let values = order.map { alongX ? pts[$0].x : pts[$0].y }
    let lo = max(1, Int(Double(ids.count) * 0.3))
    let hi = min(ids.count - 1, max(lo, Int(Double(ids.count) * 0.7)))
    var bestGap = 0.0
    var at = -1
    for k in lo...hi where values[k] - values[k - 1] > bestGap {
      bestGap = values[k] - values[k - 1]
      at = k
    }
    // Every address in the middle stands at one spot: the block stays whole.
    if at < 0 { return }
    let c = (values[at - 1] + values[at]) / 2
    let fb = BoundingBox(face.exterior.coordinates)
    let m = 10.0
    let low: LinearRing<XY> =
      alongX
      ? LinearRing([
        XY(x: fb.minFirst - m, y: fb.minSecond - m), XY(x: c, y: fb.minSecond - m), XY(x: c, y: fb.maxSecond + m),
        XY(x: fb.minFirst - m, y: fb.maxSecond + m), XY(x: fb.minFirst - m, y: fb.minSecond - m),
      ])
      : LinearRing([
        XY(x: fb.minFirst - m, y: fb.minSecond - m), XY(x: fb.maxFirst + m, y: fb.minSecond - m), XY(x: fb.maxFirst + m, y: c),
        XY(x: fb.minFirst - m, y: c), XY(x: fb.minFirst - m, y: fb.minSecond - m),
      ])
    let half = MultiPolygon([Polygon(exterior: low)])
    let whole = MultiPolygon([face])
    let line =
      alongX
      ? LineString([XY(x: c, y: fb.minSecond - m), XY(x: c, y: fb.maxSecond + m)])
      : LineString([XY(x: fb.minFirst - m, y: c), XY(x: fb.maxFirst + m, y: c)])
    lines += try overlay.clip([line], to: whole)
    let parts = try overlay.intersection(whole, half).polygons + overlay.difference(whole, half).polygons
    let index = PolygonIndex(areas: parts.map { MultiPolygon([$0]) })
    var owned = [[Int]](repeating: [], count: parts.count)
    for id in ids {
      if let k = index.area(containing: addresses[id]) ?? StreetBlockBuilder.nearest(addresses[id], parts.map { MultiPolygon([$0]) }) {
        owned[k].append(id)
      }
    }
    // A part holding every address means the cut missed them all (an odd shape): stop there.
    for (k, part) in parts.enumerated() where owned[k].count < ids.count {
      try cut(part, owned[k], addresses: addresses, overlay: overlay, lines: &lines, depth: depth + 1)
    }
  }

  /// The polygon with every position on the grid and repeated positions dropped; nil when a
  /// ring collapses.
  static func snapped(_ p: Polygon<XY>, grid: Double) -> Polygon<XY>? {
    func ring(_ r: LinearRing<XY>) -> LinearRing<XY>? {
      var out: [XY] = []
      for c in r.coordinates {
        let q = XY(x: (c.x / grid).rounded() * grid, y: (c.y / grid).rounded() * grid)
        if out.last != q { out.append(q) }
      }
      return out.count >= 4 ? LinearRing(out) : nil
    }
    guard let shell = ring(p.exterior) else { return nil }
    return Polygon(exterior: shell, holes: p.holes.compactMap(ring))
  }

  static func closestPoint(_ p: XY, _ a: XY, _ b: XY) -> XY {
    let dx = b.x - a.x
    let dy = b.y - a.y
    let len2 = dx * dx + dy * dy
    guard len2 > 0 else { return a }
    let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2))
    return XY(x: a.x + t * dx, y: a.y + t * dy)
  }

  /// The area whose boundary is nearest to `p`.
  static func nearest(_ p: XY, _ areas: [MultiPolygon<XY>]) -> Int? {
    var best: (Double, Int)? = nil
    for (k, a) in areas.enumerated() {
      for r in a.polygons.flatMap(\.rings) {
        let cs = r.coordinates
        for i in 0..<max(0, cs.count - 1) {
          let q = closestPoint(p, cs[i], cs[i + 1])
          let d2 = (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)
          if best == nil || d2 < best!.0 { best = (d2, k) }
        }
      }
    }
    return best?.1
  }

  static func centroid(_ p: Polygon<XY>) -> XY {
    let cs = p.exterior.coordinates
    guard let o = cs.first, cs.count >= 4 else { return cs.first ?? XY(x: 0, y: 0) }
    var a = 0.0
    var cx = 0.0
    var cy = 0.0
    for i in 0..<(cs.count - 1) {
      let x0 = cs[i].x - o.x
      let y0 = cs[i].y - o.y
      let x1 = cs[i + 1].x - o.x
      let y1 = cs[i + 1].y - o.y
      let c = x0 * y1 - x1 * y0
      a += c
      cx += (x0 + x1) * c
      cy += (y0 + y1) * c
    }
    guard a != 0 else { return o }
    return XY(x: o.x + cx / (3 * a), y: o.y + cy / (3 * a))
  }
}
