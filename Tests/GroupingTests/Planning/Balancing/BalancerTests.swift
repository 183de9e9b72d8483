import GeoCore
import GeoOverlay
import Grouping
import Testing

/// A town of 10 × 10 square blocks of 100 m, drawn as street lines, with a varying number of
/// houses per block (a deterministic pattern).
enum GridTown {
  static let size = 10
  static var municipality: MultiPolygon<XY> {
    MultiPolygon([
      Polygon(exterior: LinearRing([XY(x: 0, y: 0), XY(x: 1000, y: 0), XY(x: 1000, y: 1000), XY(x: 0, y: 1000), XY(x: 0, y: 0)]))
    ])
  }
  /// Streets stop 60 m short of the boundary on the west side (as in the real data).
  static var streets: [StreetLine] {
    var out: [StreetLine] = []
    for k in 1..<size {
      let c = Double(k) * 100
      out.append(
        StreetLine(
          name: "Straat \(k)", roadClass: k == 5 ? "primary" : "residential", line: LineString([XY(x: c, y: 0), XY(x: c, y: 1000)])))
      out.append(StreetLine(name: "Laan \(k)", roadClass: "residential", line: LineString([XY(x: 60, y: c), XY(x: 1000, y: c)])))
    }
    return out
  }
  static var houses: [XY] {
    var out: [XY] = []
    for bx in 0..<size {
      for by in 0..<size {
        let n = (bx * 7 + by * 3) % 9  // 0…8 houses
        for h in 0..<n { out.append(XY(x: Double(bx) * 100 + 15 + Double(h) * 9, y: Double(by) * 100 + 20 + Double(h % 3) * 25)) }
      }
    }
    return out
  }
}

@Test func streetBlocksTileTheTownAndJoinDeadEndsToTheBoundary() throws {
  let graph = try StreetBlockBuilder().build(municipality: GridTown.municipality, streets: GridTown.streets, addresses: GridTown.houses)
  // Without joining, the west column would be one strip; joined, every block is its own face.
  #expect(graph.blockCount == 100)
  #expect(abs(graph.atoms.reduce(0) { $0 + $1.squareMetres } - 1_000_000) < 1e-6)
  #expect(graph.atoms.reduce(0) { $0 + $1.households } == GridTown.houses.count)
  // A 10 × 10 grid has 180 edge-sharing neighbour pairs.
  #expect(graph.edges.filter { $0.length > 1 }.count == 180)
}

@Test func oversizedBlocksAreCutBetweenAddressClusters() throws {
  var builder = StreetBlockBuilder()
  builder.splitAbove = 3
  let graph = try builder.build(municipality: GridTown.municipality, streets: GridTown.streets, addresses: GridTown.houses)
  #expect(graph.splitBlocks > 0)
  #expect(graph.atoms.allSatisfy { $0.households <= 3 })
  #expect(abs(graph.atoms.reduce(0) { $0 + $1.squareMetres } - 1_000_000) < 1e-6)
  #expect(graph.atoms.reduce(0) { $0 + $1.households } == GridTown.houses.count)
}

@Test(arguments: [20, 40, 80])
func balancedGroupsAreContiguousAndWithinTolerance(target: Int) throws {
  var builder = StreetBlockBuilder()
  builder.splitAbove = max(2, target / 5)
  let graph = try builder.build(municipality: GridTown.municipality, streets: GridTown.streets, addresses: GridTown.houses)
  let result = Balancer(target: Double(target), tolerance: 0.15).balance(graph)
  let m = PlanMetrics(graph: graph, assignment: result.assignment, groupCount: result.groupCount, target: Double(target))
  #expect(m.nonContiguous == 0)
  #expect(m.groups.reduce(0) { $0 + $1.households } == GridTown.houses.count)
  #expect(result.groupCount == Int((Double(GridTown.houses.count) / Double(target)).rounded()))
  #expect(m.maxDeviation <= 0.15 + 1e-9, "\(m.groups.map(\.households))")
}

@Test func barriersAreNeverCrossedByAGroupWithHouseholds() throws {
  var builder = StreetBlockBuilder()
  builder.barrierClasses = ["primary"]  // Straat 5, x = 500
  let graph = try builder.build(municipality: GridTown.municipality, streets: GridTown.streets, addresses: GridTown.houses)
  #expect(graph.edges.filter { !$0.allowed }.count == 10)
  let result = Balancer(target: 40, tolerance: 0.15).balance(graph)
  var sides: [Int: Set<Bool>] = [:]
  for (k, a) in graph.atoms.enumerated() where a.households > 0 { sides[result.assignment[k], default: []].insert(a.centroid.x < 500) }
  #expect(sides.values.allSatisfy { $0.count == 1 })
}

@Test func fromTheCurrentSetOnlyTheNeededHouseholdsMove() throws {
  let graph = try StreetBlockBuilder().build(municipality: GridTown.municipality, streets: GridTown.streets, addresses: GridTown.houses)
  // Current: west and east halves, each about the target already.
  let total = Double(GridTown.houses.count)
  let current: [Int?] = graph.atoms.map { $0.centroid.x < 500 ? 0 : 1 }
  let result = Balancer(target: total / 2, tolerance: 0.15).balance(graph, current: current)
  let m = PlanMetrics(graph: graph, assignment: result.assignment, groupCount: result.groupCount, target: total / 2, current: current)
  #expect(result.groupCount == 2)
  #expect(m.householdsMoved == 0)
  // Target a quarter: each half splits in two; only the households of the two new groups move.
  let quarter = Balancer(target: total / 4, tolerance: 0.15).balance(graph, current: current)
  let q = PlanMetrics(graph: graph, assignment: quarter.assignment, groupCount: quarter.groupCount, target: total / 4, current: current)
  #expect(quarter.groupCount == 4)
  #expect(q.nonContiguous == 0 && q.maxDeviation <= 0.15 + 1e-9)
  let newGroups = q.groups.indices.filter { q.matchedCurrent[$0] == nil }
  #expect(newGroups.count == 2)
  #expect(q.householdsMoved == newGroups.reduce(0) { $0 + q.groups[$1].households })
}
