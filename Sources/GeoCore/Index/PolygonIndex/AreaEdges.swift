extension PolygonIndex {
  /// An edge with its lower end first (`y0 <= y1`).
  struct Edge {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
  }

  /// Phase 1 of the build: the edges of every area, each with its lower end first, and the
  /// bounding box and vertex count of them all.
  struct AreaEdges {
    /// `perArea[a]`: the edges of area `a`, ring after ring.
    let perArea: [[Edge]]
    /// Bounding box of every finite position that starts or ends an edge.
    let bounds: BoundingBox<XY>
    /// Polygon vertices (ring closing positions excluded).
    let vertexCount: Int
    /// Edges over all areas.
    let edgeCount: Int

    /// Repeated positions (zero-length edges) and edges with a non-finite end are skipped.
    init<C: PlanarCoordinate>(_ areas: [MultiPolygon<C>]) {
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
      perArea = edgesPerArea
      bounds = box
      vertexCount = vertices
      edgeCount = edgesPerArea.reduce(0) { $0 + $1.count }
    }
  }
}
