import GeoCore
import Grouping
import Testing

/// The lon/lat raster never disagrees with projecting and asking the polygon index.
@Suite struct GroupLookupGridTests {
  /// A curved "projection" (not affine, so cell footprints are not parallelograms).
  static func project(_ p: LonLat) -> XY {
    XY(x: (p.lon - 5) * 70_000 + 40 * (p.lat - 50) * (p.lat - 50) * 1000, y: (p.lat - 50) * 111_000 + 2_000 * (p.lon - 5) * (p.lon - 5))
  }

  /// Three groups: a triangle, a square with a hole, and the hole's island as its own group;
  /// around them, nothing.
  static let groups: GroupSet = {
    func ring(_ cs: [(Double, Double)]) -> LinearRing<XY> { LinearRing((cs + [cs[0]]).map { XY(x: $0.0, y: $0.1) }) }
    let triangle = MultiPolygon([Polygon(exterior: ring([(1000, 1000), (6000, 1200), (2500, 5000)]))])
    let square = MultiPolygon([
      Polygon(exterior: ring([(6500, 1000), (10_000, 1000), (10_000, 4500), (6500, 4500)]), holes: [ring([(7500, 2000), (7500, 3500), (9000, 3500), (9000, 2000)])])
    ])
    let island = MultiPolygon([Polygon(exterior: ring([(7500, 2000), (9000, 2000), (9000, 3500), (7500, 3500)]))])
    return GroupSet(names: ["triangle", "square", "island"], areas: [triangle, square, island])
  }()

  @Test func agreesWithTheExactLookupEverywhere() {
    let grid = GroupLookupGrid(groups: Self.groups, west: 5, south: 50, east: 5.17, north: 50.06, cellMetres: 50) { $0.map(Self.project) }
    #expect(grid.answeredShare > 0.8)
    var random = SplitMix64(seed: 11)
    var counts: [GroupLookupGrid.Answer: Int] = [:]
    for k in 0..<300_000 {
      // Uniform over the raster and beyond it, and a third of them within a few metres of a corner of the triangle.
      let u = Double(random.next() % 1_000_000) / 1_000_000
      let v = Double(random.next() % 1_000_000) / 1_000_000
      let p =
        k % 3 == 0
        ? LonLat(lon: 5 + 6000.0 / 70_000 + (u - 0.5) * 1e-4, lat: 50 + 1200.0 / 111_000 + (v - 0.5) * 1e-4)
        : LonLat(lon: 4.99 + u * 0.2, lat: 49.99 + v * 0.09)
      let exact = Self.groups.group(containing: Self.project(p))
      let answer = grid.answer(p)
      counts[answer, default: 0] += 1
      switch answer {
      case .group(let g): #expect(g == exact, "\(p)")
      case .outside: #expect(exact == nil, "\(p)")
      case .exact: continue
      }
      if case .group(let g) = answer, g != exact { return }
    }
    // Every kind of answer occurs.
    #expect(counts.keys.contains(.group(0)) && counts.keys.contains(.group(1)) && counts.keys.contains(.group(2)))
    #expect(counts[.outside, default: 0] > 0 && counts[.exact, default: 0] > 0)
  }

  @Test func positionsOffTheRasterAskForTheExactLookup() {
    let grid = GroupLookupGrid(groups: Self.groups, west: 5, south: 50, east: 5.17, north: 50.06) { $0.map(Self.project) }
    #expect(grid.answer(LonLat(lon: 4.9, lat: 50.03)) == .exact)
    #expect(grid.answer(LonLat(lon: 5.1, lat: 50.2)) == .exact)
    #expect(grid.answer(LonLat(lon: .nan, lat: 50.03)) == .exact)
  }

  @Test func aHugeExtentIsCappedInCells() {
    let grid = GroupLookupGrid(groups: Self.groups, west: 0, south: 45, east: 10, north: 55, cellMetres: 25, maxCells: 10_000) { $0.map(Self.project) }
    #expect(grid.columns * grid.rows <= 10_500)
  }
}
