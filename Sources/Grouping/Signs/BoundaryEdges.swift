import GeoCore

/// The boundary edges of a set of areas in a grid, for segment crossings and distances.
/// `outer` edges are those on the boundary of the union (not shared by two areas).
struct BoundaryEdges: Sendable {
  let cell: Double
  let originX: Double
  let originY: Double
  let columns: Int
  let rows: Int
  let buckets: [[Int32]]
  let edges: [(XY, XY)]
  let outer: [Bool]

  init(areas: [MultiPolygon<XY>], cell: Double = 200) {
    var es: [(XY, XY)] = []
    var box = BoundingBox<XY>.empty
    var count: [EdgeKey: Int] = [:]
    for area in areas {
      for polygon in area.polygons {
        for ring in polygon.rings {
          let cs = ring.coordinates
          guard cs.count >= 2 else { continue }
          for i in 0..<(cs.count - 1) where cs[i] != cs[i + 1] {
            es.append((cs[i], cs[i + 1]))
            box.extend(cs[i])
            count[EdgeKey(cs[i], cs[i + 1]), default: 0] += 1
          }
        }
      }
    }
    self.cell = cell
    originX = box.isEmpty ? 0 : box.minFirst - cell
    originY = box.isEmpty ? 0 : box.minSecond - cell
    columns = box.isEmpty ? 1 : Int((box.width + 2 * cell) / cell) + 1
    rows = box.isEmpty ? 1 : Int((box.height + 2 * cell) / cell) + 1
    var b = [[Int32]](repeating: [], count: columns * rows)
    for (k, e) in es.enumerated() {
      let c0 = max(0, Int((min(e.0.x, e.1.x) - originX) / cell))
      let c1 = min(columns - 1, Int((max(e.0.x, e.1.x) - originX) / cell))
      let r0 = max(0, Int((min(e.0.y, e.1.y) - originY) / cell))
      let r1 = min(rows - 1, Int((max(e.0.y, e.1.y) - originY) / cell))
      if c0 > c1 || r0 > r1 { continue }
      for r in r0...r1 { for c in c0...c1 { b[r * columns + c].append(Int32(k)) } }
    }
    buckets = b
    edges = es
    outer = es.map { count[EdgeKey($0.0, $0.1)] == 1 }
  }

  struct EdgeKey: Hashable {
    var a: XY
    var b: XY
    init(_ p: XY, _ q: XY) {
      if (p.x, p.y) < (q.x, q.y) {
        a = p
        b = q
      } else {
        a = q
        b = p
      }
    }
  }

  func cells(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) -> Set<Int32> {
    let c0 = max(0, Int((minX - originX) / cell))
    let c1 = min(columns - 1, Int((maxX - originX) / cell))
    let r0 = max(0, Int((minY - originY) / cell))
    let r1 = min(rows - 1, Int((maxY - originY) / cell))
    var out = Set<Int32>()
    if c0 > c1 || r0 > r1 { return out }
    for r in r0...r1 { for c in c0...c1 { out.formUnion(buckets[r * columns + c]) } }
    return out
  }

  /// Parameters t in (0, 1] along a → b where the segment meets a boundary edge.
  func crossings(_ a: XY, _ b: XY) -> [Double] {
    var ts: [Double] = []
    for k in cells(min(a.x, b.x), min(a.y, b.y), max(a.x, b.x), max(a.y, b.y)) {
      let (c, d) = edges[Int(k)]
      guard SegmentIntersection.intersects(a, b, c, d) else { continue }
      let rx = b.x - a.x
      let ry = b.y - a.y
      let sx = d.x - c.x
      let sy = d.y - c.y
      let denom = rx * sy - ry * sx
      if denom == 0 { continue }  // collinear overlap: the pieces' midpoints decide
      let t = ((c.x - a.x) * sy - (c.y - a.y) * sx) / denom
      ts.append(min(1, max(0, t)))
    }
    return ts
  }

  /// Whether the segment a → b meets an outer (union) boundary edge.
  func meetsOuter(_ a: XY, _ b: XY) -> Bool {
    for k in cells(min(a.x, b.x), min(a.y, b.y), max(a.x, b.x), max(a.y, b.y)) where outer[Int(k)] {
      let (c, d) = edges[Int(k)]
      if SegmentIntersection.intersects(a, b, c, d) { return true }
    }
    return false
  }

  /// Distance to the nearest outer (union) boundary edge when below `limit`.
  func outerDistance(_ p: XY, limit: Double) -> Double? {
    var best = Double.infinity
    for k in cells(p.x - limit, p.y - limit, p.x + limit, p.y + limit) where outer[Int(k)] {
      let (u, v) = edges[Int(k)]
      let dx = v.x - u.x
      let dy = v.y - u.y
      let len2 = dx * dx + dy * dy
      let t = len2 > 0 ? max(0, min(1, ((p.x - u.x) * dx + (p.y - u.y) * dy) / len2)) : 0
      best = min(best, dist(p, XY(x: u.x + t * dx, y: u.y + t * dy)))
    }
    return best <= limit ? best : nil
  }
}

/// Street length reachable inside each group from each street (connected pieces of the
/// network whose segment midpoints lie in the group).
struct ReachIndex: Sendable {
  let reachByStreetGroup: [Int: [Int: Double]]

  init(streets: [StreetLine], groups: GroupSet) {
    // Length of each street inside each group (by segment midpoints).
    var lengthInGroup = [[Int: Double]](repeating: [:], count: streets.count)
    var streetsOfGroup: [Int: [Int]] = [:]
    for (s, st) in streets.enumerated() {
      let cs = st.line.coordinates
      for i in 0..<(cs.count - 1) {
        if let g = groups.group(containing: lerp(cs[i], cs[i + 1], 0.5)) { lengthInGroup[s][g, default: 0] += dist(cs[i], cs[i + 1]) }
      }
      for g in lengthInGroup[s].keys { streetsOfGroup[g, default: []].append(s) }
    }
    // Per group: streets joined at shared end points form the network an entry opens.
    var out: [Int: [Int: Double]] = [:]
    for (g, members) in streetsOfGroup {
      var parent: [Int: Int] = [:]
      for s in members { parent[s] = s }
      func find(_ x: Int) -> Int {
        var x = x
        while let p = parent[x], p != x {
          parent[x] = parent[p]
          x = p
        }
        return x
      }
      var byPoint: [XY: Int] = [:]
      for s in members {
        let cs = streets[s].line.coordinates
        for p in [cs[0], cs[cs.count - 1]] {
          if let o = byPoint[p] { parent[find(o)] = find(s) } else { byPoint[p] = s }
        }
      }
      var total: [Int: Double] = [:]
      for s in members { total[find(s), default: 0] += lengthInGroup[s][g] ?? 0 }
      for s in members { out[s, default: [:]][g] = total[find(s)] ?? 0 }
    }
    reachByStreetGroup = out
  }

  func reach(street: Int, group: Int) -> Double { reachByStreetGroup[street]?[group] ?? 0 }
}
