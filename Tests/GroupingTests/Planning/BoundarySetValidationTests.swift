import GeoCore
import GeoOverlay
import Grouping
import Testing

/// One fixture per kind of problem: a municipality of 200 × 100 m split into West and East,
/// with one thing broken each time.
enum ValidationFixture {
  static func p(_ x: Double, _ y: Double) -> XY { XY(x: x, y: y) }
  static func ring(_ points: [(Double, Double)]) -> LinearRing<XY> { LinearRing((points + [points[0]]).map { p($0.0, $0.1) }) }
  static func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> LinearRing<XY> {
    ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
  }
  static func area(_ shell: LinearRing<XY>, holes: [LinearRing<XY>] = []) -> MultiPolygon<XY> {
    MultiPolygon([Polygon(exterior: shell, holes: holes)])
  }

  static let municipality = area(box(0, 0, 200, 100))
  static let west = ProposedGroup(name: "West", area: area(box(0, 0, 100, 100)))
  static let east = ProposedGroup(name: "East", area: area(box(100, 0, 200, 100)))
  static let addresses = [p(50, 50), p(150, 50), p(20, 80)]

  /// (code expected, the set, extra addresses, where the finding must be, severity)
  static let cases: [(code: String, groups: [ProposedGroup], extra: [XY], at: XY?, severity: ValidationFinding.Severity)] = [
    (
      "self_intersection", [ProposedGroup(name: "West", area: area(ring([(0, 0), (100, 100), (100, 0), (0, 100)]))), east], [], p(50, 50),
      .error
    ),
    (
      "ring_self_intersection", [ProposedGroup(name: "West", area: area(ring([(0, 0), (100, 0), (100, 100), (50, 0), (0, 100)]))), east],
      [], p(50, 0), .error
    ),
    (
      "hole_outside_shell", [ProposedGroup(name: "West", area: area(box(0, 0, 100, 100), holes: [box(120, 20, 130, 30)])), east], [], nil,
      .error
    ),
    (
      "nested_holes",
      [ProposedGroup(name: "West", area: area(box(0, 0, 100, 100), holes: [box(10, 10, 90, 90), box(20, 20, 30, 30)])), east], [], nil,
      .error
    ),
    (
      "disconnected_interior",
      [ProposedGroup(name: "West", area: area(box(0, 0, 100, 100), holes: [ring([(0, 50), (50, 20), (100, 50), (50, 80)])])), east], [],
      nil, .error
    ),
    (
      "nested_shells",
      [
        ProposedGroup(name: "West", area: MultiPolygon([Polygon(exterior: box(0, 0, 100, 100)), Polygon(exterior: box(20, 20, 30, 30))])),
        east,
      ], [], nil, .error
    ),
    (
      "too_few_points", [west, east, ProposedGroup(name: "Dot", area: area(LinearRing([p(10, 10), p(20, 10), p(10, 10), p(10, 10)])))], [],
      nil, .error
    ),
    ("gap", [ProposedGroup(name: "West", area: area(box(0, 0, 90, 100))), east], [], p(95, 50), .error),
    (
      "gap_sliver",
      [
        ProposedGroup(
          name: "West", area: area(ring([(0, 0), (100, 0), (100, 30), (99.98, 30), (99.98, 70), (100, 70), (100, 100), (0, 100)]))), east,
      ], [], p(99.99, 50), .warning
    ),
    ("overlap", [ProposedGroup(name: "West", area: area(box(0, 0, 110, 100))), east], [], p(105, 50), .error),
    (
      "overlap_sliver",
      [
        ProposedGroup(
          name: "West", area: area(ring([(0, 0), (100, 0), (100, 30), (100.02, 30), (100.02, 70), (100, 70), (100, 100), (0, 100)]))), east,
      ], [], p(100.01, 50), .warning
    ),
    ("outside_municipality", [west, ProposedGroup(name: "East", area: area(box(100, 0, 220, 100)))], [], p(210, 50), .error),
    (
      "outside_sliver",
      [
        west,
        ProposedGroup(
          name: "East", area: area(ring([(100, 0), (200, 0), (200, 30), (200.02, 30), (200.02, 70), (200, 70), (200, 100), (100, 100)]))),
      ], [], p(200.01, 50), .warning
    ),
    ("duplicate_name", [west, ProposedGroup(name: "West", area: east.area)], [], p(100, 0), .error),
    ("empty_name", [west, ProposedGroup(name: "  ", area: east.area)], [], p(100, 0), .error),
    ("not_a_polygon", [west, ProposedGroup(name: "East", area: nil, typeName: "LineString")], [], nil, .error),
    ("missing_geometry", [west, ProposedGroup(name: "East", area: nil)], [], nil, .error),
    ("address_in_no_group", [ProposedGroup(name: "West", area: area(box(0, 0, 90, 100))), east], [p(95, 40)], p(95, 40), .error),
    ("address_in_two_groups", [ProposedGroup(name: "West", area: area(box(0, 0, 110, 100))), east], [p(105, 40)], p(105, 40), .error),
    ("no_groups", [], [], nil, .error),
  ]
}

@Test func aSoundSetIsValid() throws {
  let v = try BoundarySetValidation(
    groups: [ValidationFixture.west, ValidationFixture.east], municipality: ValidationFixture.municipality,
    addresses: ValidationFixture.addresses)
  #expect(v.findings.isEmpty)
  #expect(v.isValid)
  #expect(v.households == [2, 1] && v.outside == 0)
}

@Test(arguments: ValidationFixture.cases.indices)
func eachProblemIsReportedWithItsCodeAndPlace(_ k: Int) throws {
  let c = ValidationFixture.cases[k]
  let v = try BoundarySetValidation(
    groups: c.groups, municipality: ValidationFixture.municipality, addresses: ValidationFixture.addresses + c.extra)
  let hits = v.findings.filter { $0.code == c.code }
  #expect(!hits.isEmpty, "\(c.code): got \(v.findings.map(\.code))")
  #expect(hits.allSatisfy { $0.severity == c.severity }, "\(c.code)")
  #expect(v.isValid == (c.severity == .warning), "\(c.code): \(v.findings.map(\.code))")
  if let at = c.at {
    #expect(hits.contains { abs($0.location.x - at.x) < 5.01 && abs($0.location.y - at.y) < 50.01 }, "\(c.code) at \(hits.map(\.location))")
  }
  // Findings about one group name it.
  if ["self_intersection", "ring_self_intersection", "outside_municipality", "duplicate_name"].contains(c.code) {
    #expect(hits.allSatisfy { !$0.groups.isEmpty })
  }
}

@Test func overlapFindingsNameBothGroupsAndTheArea() throws {
  let c = ValidationFixture.cases.first { $0.code == "overlap" }!
  let v = try BoundarySetValidation(groups: c.groups, municipality: ValidationFixture.municipality, addresses: [])
  let overlap = try #require(v.findings.first { $0.code == "overlap" })
  #expect(Set(overlap.groups) == ["West", "East"])
  #expect(abs((overlap.area ?? 0) - 1000) < 1e-6)
  #expect(overlap.location.x > 100 && overlap.location.x < 110)
}

@Test func differencesThinnerThanACentimetreAreRoundingNotFindings() throws {
  let groups = [
    ProposedGroup(name: "West", area: ValidationFixture.area(ValidationFixture.box(0, 0, 99.995, 100))), ValidationFixture.east,
  ]
  let v = try BoundarySetValidation(groups: groups, municipality: ValidationFixture.municipality, addresses: [])
  #expect(v.findings.isEmpty)
}

@Test func sliverToleranceIsAParameter() throws {
  let groups = [ProposedGroup(name: "West", area: ValidationFixture.area(ValidationFixture.box(0, 0, 99.9, 100))), ValidationFixture.east]
  let strict = try BoundarySetValidation(groups: groups, municipality: ValidationFixture.municipality, addresses: [])
  #expect(strict.findings.map(\.code) == ["gap"])
  let lenient = try BoundarySetValidation(groups: groups, municipality: ValidationFixture.municipality, addresses: [], sliverTolerance: 20)
  #expect(lenient.findings.map(\.code) == ["gap_sliver"] && lenient.isValid)
}
