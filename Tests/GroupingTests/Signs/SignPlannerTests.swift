import GeoCore
import Grouping
import Testing

func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> MultiPolygon<XY> {
  MultiPolygon([Polygon(exterior: LinearRing([XY(x: x0, y: y0), XY(x: x1, y: y0), XY(x: x1, y: y1), XY(x: x0, y: y1), XY(x: x0, y: y0)]))])
}

func street(_ name: String, _ cls: String, _ points: [(Double, Double)]) -> StreetLine {
  StreetLine(name: name, roadClass: cls, line: LineString(points.map { XY(x: $0.0, y: $0.1) }))
}

/// Grid bearing of a direction (degrees from grid north, clockwise).
func gridBearing(_ d: XY) -> Double {
  let b = (atan2Deg(d.x, d.y) + 360).truncatingRemainder(dividingBy: 360)
  return (b * 10).rounded() / 10
}

func atan2Deg(_ y: Double, _ x: Double) -> Double {
  // atan2 without Foundation: via the standard library's Double methods is not available, so series-free exact cases only.
  if x == 0 { return y > 0 ? 90 : (y < 0 ? 270 : 0) }
  if y == 0 { return x > 0 ? 0 : 180 }
  return .nan
}

/// A 1 km square zone, two groups side by side; three east-west residential streets crossing
/// it, a north-south footway, a junction right at the west edge and a street clipped short of
/// the east edge.
let westEast = GroupSet(names: ["West", "East"], areas: [square(0, 0, 500, 1000), square(500, 0, 1000, 1000)])
let gridStreets: [StreetLine] = [
  street("Noordstraat", "residential", [(-300, 750), (1300, 750)]),
  street("Middenstraat", "residential", [(-300, 500), (1300, 500)]),
  street("Zuidstraat", "tertiary", [(-300, 250), (1300, 250)]),
  street("Wandelpad", "footway", [(250, -300), (250, 1300)]),
  // Two roads entering 20 m apart near (0, 120) and (0, 140): one junction, one sign.
  street("Hoekweg", "residential", [(-200, 120), (100, 120)]),
  street("Hoekweg", "residential", [(-200, 140), (100, 140)]),
  // A street that stops 60 m inside the east edge without continuing: a clipped entry.
  street("Dorpsweg", "unclassified", [(600, 900), (940, 900)]),
]

@Suite("Sign placement on a hand-built grid")
struct SignPlannerTests {
  @Test func zoneModeFindsEveryEntryAndNoOther() {
    var planner = SignPlanner()
    planner.inset = 10
    let signs = planner.plan(groups: westEast, streets: gridStreets)
    // West edge: Noord, Midden, Zuid, Hoekweg (merged); east edge: Noord, Midden, Zuid; clipped Dorpsweg.
    #expect(signs.count == 8)
    let west = signs.filter { $0.entry.x == 0 }
    let east = signs.filter { $0.entry.x == 1000 }
    #expect(Set(west.map(\.street)) == ["Noordstraat", "Middenstraat", "Zuidstraat", "Hoekweg"])
    #expect(Set(east.map(\.street)) == ["Noordstraat", "Middenstraat", "Zuidstraat"])
    for s in west {
      #expect(s.group == 0)
      #expect(gridBearing(s.direction) == 90, "eastbound into the zone")
      #expect(s.position == XY(x: 10, y: s.entry.y), "10 m inside")
    }
    for s in east {
      #expect(s.group == 1)
      #expect(gridBearing(s.direction) == 270, "westbound into the zone")
      #expect(s.position == XY(x: 990, y: s.entry.y))
    }
    let clipped = signs.filter(\.clippedEnd)
    #expect(clipped.map(\.street) == ["Dorpsweg"])
    #expect(clipped.first?.position == XY(x: 930, y: 900))
    #expect(clipped.first.map { gridBearing($0.direction) } == 270)
    #expect(!signs.contains { $0.street == "Wandelpad" }, "footways only when asked for")
    // The boundary between the two groups needs no sign in zone mode.
    #expect(!signs.contains { $0.entry.x == 500 })
  }

  @Test func groupModeAnnouncesEachSide() {
    var planner = SignPlanner()
    planner.mode = .group
    let signs = planner.plan(groups: westEast, streets: gridStreets)
    let middle = signs.filter { $0.entry.x == 500 }
    // Three streets cross x = 500: each gives a sign for West (westbound) and for East (eastbound).
    #expect(middle.count == 6)
    #expect(middle.filter { $0.group == 1 }.allSatisfy { gridBearing($0.direction) == 90 })
    #expect(middle.filter { $0.group == 0 }.allSatisfy { gridBearing($0.direction) == 270 })
  }

  @Test func roadClassFilterAndMinSpacing() {
    var planner = SignPlanner()
    planner.roadClasses = ["footway"]
    let footway = planner.plan(groups: westEast, streets: gridStreets)
    #expect(footway.count == 2)
    #expect(Set(footway.map { gridBearing($0.direction) }) == [0, 180])
    var tight = SignPlanner()
    tight.minSpacing = 10
    #expect(tight.plan(groups: westEast, streets: gridStreets).filter { $0.street == "Hoekweg" }.count == 2)
    var loose = SignPlanner()
    loose.minSpacing = 300
    // Along each edge everything within 300 m merges: far fewer signs, the most important kept.
    let merged = loose.plan(groups: westEast, streets: gridStreets)
    #expect(merged.count < 8)
    #expect(merged.contains { $0.street == "Zuidstraat" }, "the tertiary road outranks residential ones")
  }

  @Test func aRoadZigzaggingAlongTheBoundaryGivesOneSign() {
    var zig: [(Double, Double)] = []
    for k in 0...20 { zig.append((Double(k % 2 == 0 ? -3 : 3), 300 + Double(k) * 2)) }
    let signs = SignPlanner().plan(groups: westEast, streets: [street("Grensweg", "residential", zig)])
    #expect(signs.count == 1)
  }

  @Test func importanceRanksByClassThenReach() {
    let signs = SignPlanner().plan(groups: westEast, streets: gridStreets).sorted(by: SignPlanner.moreImportant)
    #expect(signs.first?.street == "Zuidstraat")
  }
}
