import GeoCore
import TestSupport
import Testing

/// A random tiling of a jittered grid into triangles, each triangle given to a random area.
struct RandomTiling {
  var areas: [MultiPolygon<XY>]
  var triangles: [(area: Int, a: XY, b: XY, c: XY)]
  var vertices: [XY]

  init(seed: UInt64, size: Int, areaCount: Int, scale: Double, offset: XY) {
    var rng = SeededGenerator(seed: seed)
    var grid: [[XY]] = []
    for i in 0...size {
      var row: [XY] = []
      for j in 0...size {
        // Interior vertices jitter; border vertices stay on the square so the union is convex.
        let jx = (i > 0 && i < size) ? Double.random(in: -0.3...0.3, using: &rng) : 0
        let jy = (j > 0 && j < size) ? Double.random(in: -0.3...0.3, using: &rng) : 0
        row.append(XY(x: offset.x + (Double(i) + jx) * scale, y: offset.y + (Double(j) + jy) * scale))
      }
      grid.append(row)
    }
    var parts = [[Polygon<XY>]](repeating: [], count: areaCount)
    var tris: [(Int, XY, XY, XY)] = []
    for i in 0..<size {
      for j in 0..<size {
        let p00 = grid[i][j]
        let p10 = grid[i + 1][j]
        let p11 = grid[i + 1][j + 1]
        let p01 = grid[i][j + 1]
        let split: [(XY, XY, XY)] =
          Bool.random(using: &rng) ? [(p00, p10, p11), (p00, p11, p01)] : [(p00, p10, p01), (p10, p11, p01)]
        for (a, b, c) in split {
          let area = Int.random(in: 0..<areaCount, using: &rng)
          parts[area].append(Polygon(exterior: LinearRing([a, b, c, a])))
          tris.append((area, a, b, c))
        }
      }
    }
    areas = parts.map { MultiPolygon($0) }
    triangles = tris
    vertices = grid.flatMap { $0 }
  }

  /// Areas whose closed triangles contain `p` (exact), by brute force.
  func closedOwners(_ p: XY) -> Set<Int> {
    var owners = Set<Int>()
    for t in triangles {
      let s1 = Orientation.sign(t.a, t.b, p)
      let s2 = Orientation.sign(t.b, t.c, p)
      let s3 = Orientation.sign(t.c, t.a, p)
      let hasNeg = s1 < 0 || s2 < 0 || s3 < 0
      let hasPos = s1 > 0 || s2 > 0 || s3 > 0
      if !(hasNeg && hasPos) { owners.insert(t.area) }
    }
    return owners
  }
}

@Suite("PolygonIndex properties")
struct PolygonIndexPropertyTests {
  @Test(
    "every point in the union gets exactly one group",
    arguments: [
      (UInt64(1), 1.0, XY(x: 0, y: 0)),
      (UInt64(2), 37.3, XY(x: 150_000.013, y: 200_000.7)),  // Lambert-like metres
      (UInt64(3), 1e-3, XY(x: 5.6, y: 50.9)),  // degree-like magnitudes
    ])
  func exactlyOne(seed: UInt64, scale: Double, offset: XY) {
    let tiling = RandomTiling(seed: seed, size: 12, areaCount: 9, scale: scale, offset: offset)
    let index = PolygonIndex(areas: tiling.areas)
    var rng = SeededGenerator(seed: seed &* 7)
    var points = tiling.vertices  // every vertex, shared by up to six triangles
    for t in tiling.triangles.prefix(60) {
      // Points on edges: the exact midpoint of a horizontal/vertical edge is rare here, so use
      // the edge's endpoints and points just off it as well.
      points.append(XY(x: (t.a.x + t.b.x) / 2, y: (t.a.y + t.b.y) / 2))
    }
    for _ in 0..<2000 {
      points.append(
        XY(
          x: offset.x + Double.random(in: -1...13, using: &rng) * scale,
          y: offset.y + Double.random(in: -1...13, using: &rng) * scale))
    }
    for p in points {
      let owners = tiling.closedOwners(p)
      let answer = index.area(containing: p)
      let nudgedInside = (0..<tiling.areas.count).filter { index.locate(p, inArea: $0) == .inside }
      #expect(nudgedInside.count <= 1, "nudge puts \(p) in \(nudgedInside)")
      if owners.isEmpty {
        #expect(answer == nil, "\(p) is outside every triangle but got \(String(describing: answer))")
      } else {
        #expect(answer.map { owners.contains($0) } == true, "\(p) owners \(owners) got \(String(describing: answer))")
      }
    }
  }

  /// The same tiling given as ``LonLat`` areas (degree-like numbers) and queried with ``LonLat``
  /// points: every vertex and random point gets one of the triangles' owners, exactly as the
  /// ``XY`` index over the same numbers answers.
  @Test func lonLatTilingExactlyOne() {
    let tiling = RandomTiling(seed: 4, size: 12, areaCount: 9, scale: 1e-3, offset: XY(x: 5.6, y: 50.9))
    let lonLatAreas = tiling.areas.map { area in
      MultiPolygon(area.polygons.map { Polygon(exterior: LinearRing($0.exterior.coordinates.map { LonLat(lon: $0.x, lat: $0.y) })) })
    }
    let index = PolygonIndex(areas: lonLatAreas)
    var rng = SeededGenerator(seed: 44)
    var points = tiling.vertices
    for _ in 0..<2000 {
      points.append(XY(x: 5.6 + Double.random(in: -1...13, using: &rng) * 1e-3, y: 50.9 + Double.random(in: -1...13, using: &rng) * 1e-3))
    }
    let lonLats = points.map { LonLat(lon: $0.x, lat: $0.y) }
    #expect(index.assign(lonLats, threads: 2) == PolygonIndex(areas: tiling.areas).assign(points))
    for (p, q) in zip(points, lonLats) {
      let owners = tiling.closedOwners(p)
      let answer = index.area(containing: q)
      if owners.isEmpty { #expect(answer == nil, "\(q)") } else { #expect(answer.map(owners.contains) == true, "\(q) owners \(owners)") }
    }
  }

  @Test func agreesAcrossGridDensities() {
    let tiling = RandomTiling(seed: 9, size: 20, areaCount: 15, scale: 10, offset: XY(x: 0, y: 0))
    let coarse = PolygonIndex(areas: tiling.areas, cellsPerVertex: 0.01)
    let fine = PolygonIndex(areas: tiling.areas, cellsPerVertex: 50)
    var rng = SeededGenerator(seed: 99)
    var points = tiling.vertices
    for _ in 0..<5000 {
      points.append(XY(x: Double.random(in: -5...205, using: &rng), y: Double.random(in: -5...205, using: &rng)))
    }
    #expect(coarse.assign(points) == fine.assign(points))
  }
}
