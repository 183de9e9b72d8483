/// The figures of a grouping of atoms: sizes, deviation, compactness, contiguity, cut edges and
/// households moved compared with another grouping. One definition, used for buurt's plans and
/// in the peer comparison.
public struct PlanMetrics: Sendable {
  public struct Group: Sendable {
    public var households: Int
    /// (households − target) / target.
    public var deviation: Double
    /// 4πA / P², 1 for a disc.
    public var polsbyPopper: Double
    /// Connected through shared boundary of positive length (any edge, barriers included).
    public var contiguous: Bool
    public var atoms: Int
    public var squareMetres: Double
  }
  public var groups: [Group]
  /// Neighbour pairs in different groups.
  public var cutEdges: Int
  /// Households whose group is not the one matched to their current group (nil without a current grouping).
  public var householdsMoved: Int?
  /// For each group, the current group it continues (greedy one-to-one matching on shared households).
  public var matchedCurrent: [Int?]

  public var maxDeviation: Double { groups.map { abs($0.deviation) }.max() ?? 0 }
  public var meanPolsbyPopper: Double { groups.isEmpty ? 0 : groups.reduce(0) { $0 + $1.polsbyPopper } / Double(groups.count) }
  public var nonContiguous: Int { groups.filter { !$0.contiguous }.count }

  public init(graph: AtomGraph, assignment: [Int], groupCount: Int, target: Double, current: [Int?]? = nil) {
    var households = [Int](repeating: 0, count: groupCount)
    var area = [Double](repeating: 0, count: groupCount)
    var perimeter = area
    var atoms = households
    for (i, a) in graph.atoms.enumerated() {
      let g = assignment[i]
      households[g] += a.households
      area[g] += a.squareMetres
      perimeter[g] += a.perimeter
      atoms[g] += 1
    }
    var cut = 0
    var touching = [[Int]](repeating: [], count: graph.atoms.count)
    for e in graph.edges {
      if assignment[e.a] == assignment[e.b] {
        perimeter[assignment[e.a]] -= 2 * e.length
      } else if e.allowed {
        cut += 1
      }
      touching[e.a].append(e.b)
      touching[e.b].append(e.a)
    }
    // Contiguity: one connected piece per group in the touching graph.
    var pieces = [Int](repeating: 0, count: groupCount)
    var seen = [Bool](repeating: false, count: graph.atoms.count)
    for s in graph.atoms.indices where !seen[s] {
      pieces[assignment[s]] += 1
      seen[s] = true
      var stack = [s]
      while let x = stack.popLast() {
        for j in touching[x] where !seen[j] && assignment[j] == assignment[s] {
          seen[j] = true
          stack.append(j)
        }
      }
    }
    groups = (0..<groupCount).map { g in
      Group(
        households: households[g], deviation: (Double(households[g]) - target) / target,
        polsbyPopper: perimeter[g] > 0 ? 4 * Double.pi * area[g] / (perimeter[g] * perimeter[g]) : 0,
        contiguous: pieces[g] == 1, atoms: atoms[g], squareMetres: area[g])
    }
    cutEdges = cut
    guard let current else {
      householdsMoved = nil
      matchedCurrent = [Int?](repeating: nil, count: groupCount)
      return
    }
    var shared: [Int: [Int: Int]] = [:]
    for (i, a) in graph.atoms.enumerated() {
      guard let c = current[i] else { continue }
      shared[assignment[i], default: [:]][c, default: 0] += a.households
    }
    var pairs: [(Int, Int, Int)] = []
    for (g, row) in shared { for (c, h) in row where h > 0 { pairs.append((h, g, c)) } }
    pairs.sort { ($0.0, -$0.1, -$0.2) > ($1.0, -$1.1, -$1.2) }
    var matched = [Int?](repeating: nil, count: groupCount)
    var used = Set<Int>()
    for (_, g, c) in pairs where matched[g] == nil && !used.contains(c) {
      matched[g] = c
      used.insert(c)
    }
    var moved = 0
    for (i, a) in graph.atoms.enumerated() where matched[assignment[i]] != current[i] { moved += a.households }
    householdsMoved = moved
    matchedCurrent = matched
  }
}
