import GeoCore
import GeoOverlay
import Testing

func square(_ x0: Double, _ y0: Double, _ size: Double) -> Polygon<XY> {
  Polygon(
    exterior: LinearRing([
      XY(x: x0, y: y0), XY(x: x0 + size, y: y0), XY(x: x0 + size, y: y0 + size), XY(x: x0, y: y0 + size), XY(x: x0, y: y0),
    ]))
}

@Test func validityNamesTheReasonAndPlace() throws {
  let overlay = Overlay()
  #expect(try overlay.invalidity(MultiPolygon([square(0, 0, 10)])) == nil)
  let bowTie = Polygon(exterior: LinearRing([XY(x: 0, y: 0), XY(x: 10, y: 10), XY(x: 10, y: 0), XY(x: 0, y: 10), XY(x: 0, y: 0)]))
  let bad = try #require(try overlay.invalidity(MultiPolygon([bowTie])))
  #expect(bad.code == "self_intersection")
  #expect(abs(bad.location.x - 5) < 1e-9 && abs(bad.location.y - 5) < 1e-9)
  let holeOutside = Polygon(exterior: square(0, 0, 10).exterior, holes: [square(20, 20, 2).exterior])
  #expect(try overlay.invalidity(MultiPolygon([holeOutside]))?.code == "hole_outside_shell")
  let nested = MultiPolygon([square(0, 0, 10), square(2, 2, 2)])
  #expect(try overlay.invalidity(nested)?.code == "nested_shells")
}

@Test func unionIntersectionDifference() throws {
  let overlay = Overlay()
  let a = MultiPolygon([square(0, 0, 10)])
  let b = MultiPolygon([square(5, 0, 10)])
  #expect(abs(try overlay.union([a, b]).area - 150) < 1e-9)
  #expect(abs(try overlay.intersection(a, b).area - 50) < 1e-9)
  #expect(abs(try overlay.difference(a, b).area - 50) < 1e-9)
  #expect(try overlay.intersection(a, MultiPolygon([square(50, 50, 1)])).polygons.isEmpty)
  let p = try #require(try overlay.pointOnSurface(a))
  #expect(p.x > 0 && p.x < 10 && p.y > 0 && p.y < 10)
}

@Test func polygonizeAStreetGrid() throws {
  // A 2 × 2 grid of streets drawn as four long lines crossing each other, plus a dangle.
  let lines = [
    LineString([XY(x: 0, y: 0), XY(x: 20, y: 0)]), LineString([XY(x: 0, y: 10), XY(x: 20, y: 10)]),
    LineString([XY(x: 0, y: 20), XY(x: 20, y: 20)]), LineString([XY(x: 0, y: 0), XY(x: 0, y: 20)]),
    LineString([XY(x: 10, y: 0), XY(x: 10, y: 20)]), LineString([XY(x: 20, y: 0), XY(x: 20, y: 20)]),
    LineString([XY(x: 5, y: 5), XY(x: 5, y: 8)]),
  ]
  let faces = try Overlay().polygonize(lines)
  #expect(faces.count == 4)
  #expect(faces.allSatisfy { abs(MultiPolygon([$0]).area - 100) < 1e-9 })
}

@Test func sharedBoundariesAndBarriers() throws {
  let areas = [
    MultiPolygon([square(0, 0, 10)]), MultiPolygon([square(10, 0, 10)]), MultiPolygon([square(0, 10, 10)]),
    MultiPolygon([square(10, 10, 10)]),
  ]
  let barrier = [LineString([XY(x: 10, y: -5), XY(x: 10, y: 25)])]
  let shared = try Overlay().sharedBoundaries(areas, barriers: barrier)
  // 0–1, 0–2, 1–3, 2–3 share 10 m each; 0–3 and 1–2 touch at one point only.
  #expect(shared.map { [$0.first, $0.second] } == [[0, 1], [0, 2], [1, 3], [2, 3]])
  #expect(shared.allSatisfy { abs($0.length - 10) < 1e-9 })
  let crossing = shared.filter { $0.lengthOffBarriers < 0.5 }.map { [$0.first, $0.second] }
  #expect(crossing == [[0, 1], [2, 3]])
}
