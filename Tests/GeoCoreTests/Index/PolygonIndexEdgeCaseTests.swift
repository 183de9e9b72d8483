import GeoCore
import Testing

/// Builds a polygon from `(x, y)` integer pairs; the ring is closed automatically.
func poly(_ outer: [(Double, Double)], holes: [[(Double, Double)]] = []) -> Polygon<XY> {
  func ring(_ pts: [(Double, Double)]) -> LinearRing<XY> {
    LinearRing((pts + [pts[0]]).map { XY(x: $0.0, y: $0.1) })
  }
  return Polygon(exterior: ring(outer), holes: holes.map(ring))
}

func rect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [(Double, Double)] {
  [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

/// The fixture: four squares meeting at (10, 10), a polygon with an empty hole, a polygon
/// whose hole is filled by an enclave, a two-part multipolygon, a polygon with collinear
/// vertices and one with a spike.
let edgeCaseAreas: [MultiPolygon<XY>] = [
  MultiPolygon([poly(rect(0, 0, 10, 10))]),  // 0 A
  MultiPolygon([poly(rect(10, 0, 20, 10))]),  // 1 B, east of A
  MultiPolygon([poly(rect(0, 10, 10, 20))]),  // 2 C, north of A
  MultiPolygon([poly(rect(10, 10, 20, 20))]),  // 3 D
  MultiPolygon([poly(rect(30, 0, 40, 10), holes: [rect(33, 3, 37, 7).reversed()])]),  // 4 H, empty hole
  MultiPolygon([poly(rect(50, 0, 60, 10), holes: [rect(53, 3, 57, 7).reversed()])]),  // 5 E
  MultiPolygon([poly(rect(53, 3, 57, 7))]),  // 6 F, the enclave in E's hole
  MultiPolygon([poly(rect(70, 0, 72, 2)), poly(rect(74, 0, 76, 2))]),  // 7 M, two parts
  MultiPolygon([poly([(80, 0), (85, 0), (90, 0), (90, 5), (90, 10), (80, 10)])]),  // 8 K, collinear
  MultiPolygon([poly([(100, 0), (110, 0), (110, 5), (115, 5), (110, 5), (110, 10), (100, 10)])]),  // 9 S, spike
  MultiPolygon([poly([(120, 0), (130, 0), (120, 10)].reversed())]),  // 10 T, clockwise triangle
]

struct EdgeCase: CustomStringConvertible, Sendable {
  var x: Double
  var y: Double
  var expected: Int?
  var why: String
  var description: String { "(\(x), \(y)) → \(expected.map(String.init) ?? "outside"): \(why)" }
}

let edgeCases: [EdgeCase] = [
  .init(x: 5, y: 5, expected: 0, why: "interior"),
  .init(x: 10, y: 5, expected: 1, why: "shared vertical edge goes east"),
  .init(x: 5, y: 10, expected: 2, why: "shared horizontal edge goes north"),
  .init(x: 10, y: 10, expected: 3, why: "vertex of four areas goes north-east"),
  .init(x: 10, y: 0, expected: 1, why: "outer vertex shared by two: the nudge enters B"),
  .init(x: 10, y: 20, expected: 2, why: "outer vertex of C and D: nudge leaves both, lowest index on the boundary wins"),
  .init(x: 0, y: 5, expected: 0, why: "outer west edge: nudge enters A"),
  .init(x: 20, y: 5, expected: 1, why: "outer east edge: boundary counts as inside"),
  .init(x: 5, y: 0, expected: 0, why: "outer south edge: nudge enters A"),
  .init(x: 20, y: 20, expected: 3, why: "outer corner"),
  .init(x: 0, y: 20, expected: 2, why: "outer corner, boundary only"),
  .init(x: -1, y: 5, expected: nil, why: "west of everything"),
  .init(x: 5, y: 20.000001, expected: nil, why: "just north of C"),
  .init(x: 25, y: 5, expected: nil, why: "between areas"),
  .init(x: 35, y: 5, expected: nil, why: "in an empty hole"),
  .init(x: 33, y: 5, expected: 4, why: "on the west edge of an empty hole"),
  .init(x: 37, y: 5, expected: 4, why: "on the east edge of an empty hole"),
  .init(x: 35, y: 3, expected: 4, why: "on the south edge of an empty hole"),
  .init(x: 33, y: 3, expected: 4, why: "on a hole vertex"),
  .init(x: 31, y: 1, expected: 4, why: "between shell and hole"),
  .init(x: 55, y: 5, expected: 6, why: "in the enclave"),
  .init(x: 53, y: 5, expected: 6, why: "enclave west edge goes east, into the enclave"),
  .init(x: 57, y: 5, expected: 5, why: "enclave east edge goes east, into the surrounding area"),
  .init(x: 55, y: 3, expected: 6, why: "enclave south edge goes north"),
  .init(x: 55, y: 7, expected: 5, why: "enclave north edge goes north"),
  .init(x: 57, y: 7, expected: 5, why: "enclave north-east vertex"),
  .init(x: 53, y: 3, expected: 6, why: "enclave south-west vertex"),
  .init(x: 71, y: 1, expected: 7, why: "first part of a multipolygon"),
  .init(x: 75, y: 1, expected: 7, why: "second part of a multipolygon"),
  .init(x: 73, y: 1, expected: nil, why: "between the parts"),
  .init(x: 72, y: 1, expected: 7, why: "east edge of the first part"),
  .init(x: 85, y: 0, expected: 8, why: "collinear vertex on the south edge"),
  .init(x: 90, y: 5, expected: 8, why: "collinear vertex on the east edge"),
  .init(x: 87, y: 5, expected: 8, why: "interior level with a collinear vertex"),
  .init(x: 91, y: 5, expected: nil, why: "east of a collinear vertex"),
  .init(x: 105, y: 5, expected: 9, why: "interior level with a spike"),
  .init(x: 112, y: 5, expected: 9, why: "on a spike"),
  .init(x: 115, y: 5, expected: 9, why: "spike tip"),
  .init(x: 116, y: 5, expected: nil, why: "beyond the spike tip"),
  .init(x: 111, y: 6, expected: nil, why: "beside the spike"),
  .init(x: 122, y: 2, expected: 10, why: "clockwise ring works too"),
  .init(x: 125, y: 5, expected: 10, why: "on the hypotenuse: boundary"),
  .init(x: 125.000001, y: 5, expected: nil, why: "just past the hypotenuse"),
  .init(x: .nan, y: 5, expected: nil, why: "NaN is outside"),
  .init(x: .infinity, y: 5, expected: nil, why: "infinity is outside"),
]

@Suite("PolygonIndex edge cases")
struct PolygonIndexEdgeCaseTests {
  @Test("each case follows the stated rule", arguments: [0.01, 4.0, 400.0])
  func table(density: Double) {
    let index = PolygonIndex(areas: edgeCaseAreas, cellsPerVertex: density)
    for c in edgeCases {
      #expect(index.area(containing: XY(x: c.x, y: c.y)) == c.expected, "\(c)")
    }
  }

  @Test func locateIsThreeWay() {
    let index = PolygonIndex(areas: edgeCaseAreas)
    #expect(index.locate(XY(x: 5, y: 5), inArea: 0) == .inside)
    #expect(index.locate(XY(x: 10, y: 5), inArea: 0) == .boundary)
    #expect(index.locate(XY(x: 10, y: 5), inArea: 1) == .inside)
    #expect(index.locate(XY(x: 15, y: 5), inArea: 0) == .outside)
    #expect(index.locate(XY(x: 33, y: 5), inArea: 4) == .boundary)
  }

  @Test func emptyIndexSaysOutside() {
    let index = PolygonIndex(areas: [MultiPolygon<XY>]())
    #expect(index.area(containing: XY(x: 0, y: 0)) == nil)
    #expect(index.count == 0)
  }

  @Test func batchAgreesWithSingleQueries() {
    let index = PolygonIndex(areas: edgeCaseAreas)
    let points = edgeCases.map { XY(x: $0.x, y: $0.y) }
    let one = index.assign(points, threads: 1)
    let two = index.assign(points, threads: 2)
    #expect(one == two)
    #expect(one.map { $0 < 0 ? nil : Int($0) } == edgeCases.map(\.expected))
  }
}

/// The edge-case table in lon/lat: the fixture scaled to degrees (lon = x/8, lat = 40 + y/8,
/// exact in binary), built from ``LonLat`` areas and queried with ``LonLat`` points. East is
/// increasing longitude, north increasing latitude, edges straight in lon/lat.
@Suite("PolygonIndex edge cases in lon/lat")
struct PolygonIndexLonLatEdgeCaseTests {
  static func degrees(_ x: Double, _ y: Double) -> LonLat { LonLat(lon: x / 8, lat: 40 + y / 8) }
  static let areas: [MultiPolygon<LonLat>] = edgeCaseAreas.map { area in
    Geometry<XY>.multiPolygon(area).map { degrees($0.x, $0.y) }.areal!
  }

  @Test(arguments: edgeCases)
  func table(_ c: EdgeCase) {
    let index = PolygonIndex(areas: Self.areas)
    #expect(index.area(containing: Self.degrees(c.x, c.y)) == c.expected, "\(c)")
  }

  @Test func batchAgreesWithSingleQueries() {
    let index = PolygonIndex(areas: Self.areas)
    let points = edgeCases.map { Self.degrees($0.x, $0.y) }
    #expect(index.assign(points, threads: 2).map { $0 < 0 ? nil : Int($0) } == edgeCases.map(\.expected))
    #expect(ObjectIdentifier(index.coordinates) == ObjectIdentifier(LonLat.self))
  }
}

@Suite("PolygonIndex overlaps")
struct PolygonIndexOverlapTests {
  @Test func overlappingAreasAreAllListedAndTheLowestWins() {
    let big = MultiPolygon([poly(rect(0, 0, 100, 100))])
    let small = MultiPolygon([poly(rect(40, 40, 60, 60))])
    let index = PolygonIndex(areas: [big, small], cellsPerVertex: 400)
    #expect(index.area(containing: XY(x: 50, y: 50)) == 0)
    #expect(index.areas(containing: XY(x: 50, y: 50)).map(\.area) == [0, 1])
    #expect(index.areas(containing: XY(x: 10, y: 10)).map(\.area) == [0])
    #expect(index.areas(containing: XY(x: 200, y: 10)).isEmpty)
  }
}
