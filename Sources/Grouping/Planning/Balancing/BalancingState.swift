import GeoCore

/// The mutable work of one balancing run: the atoms' data, the group of every atom and each
/// group's totals. Its phases are extensions in this folder, in the order ``Balancer/balance(_:current:)``
/// runs them: StartingPoints (with Bisection), Strays, Refinement, Annealing, ChainRepair; the
/// cost they all lower is in BalanceScore, the connectivity test in Contiguity.
struct BalancingState {
  let n: Int
  let w: [Double]
  let area: [Double]
  let perimeter: [Double]
  let centroid: [XY]
  /// Allowed neighbours, and every touching atom with the shared length.
  let allowed: [[Int]]
  let touching: [[(Int, Double)]]
  let b: Balancer

  /// Group per atom (-1: none yet).
  var group: [Int]
  /// Group per atom at the start, which moves are counted against (from the current set).
  var original: [Int]
  var groupCount = 0
  /// Per group: households, area and perimeter (kept up to date by every move).
  var gw: [Double] = []
  var ga: [Double] = []
  var gp: [Double] = []
  /// Whether the run started from the current set (moves then cost `movePenalty`).
  var fromCurrent = false
  // Scratch space of staysConnected (Contiguity.swift).
  var visited: [UInt32] = []
  var isTarget: [UInt32] = []
  var generation: UInt32 = 0
  var stack: [Int] = []

  init(graph: AtomGraph, balancer: Balancer) {
    n = graph.atoms.count
    w = graph.atoms.map { Double($0.households) }
    area = graph.atoms.map(\.squareMetres)
    perimeter = graph.atoms.map(\.perimeter)
    centroid = graph.atoms.map(\.centroid)
    var allowed = [[Int]](repeating: [], count: graph.atoms.count)
    var touching = [[(Int, Double)]](repeating: [], count: graph.atoms.count)
    for e in graph.edges {
      touching[e.a].append((e.b, e.length))
      touching[e.b].append((e.a, e.length))
      if e.allowed {
        allowed[e.a].append(e.b)
        allowed[e.b].append(e.a)
      }
    }
    // An atom without any allowed neighbour (a sliver that shares too little with everything,
    // or one cut off by barriers or region borders) still needs neighbours, or a group could
    // leave it behind: it is tied to every atom it touches.
    for i in 0..<graph.atoms.count where allowed[i].isEmpty {
      for (j, _) in touching[i] where !allowed[i].contains(j) {
        allowed[i].append(j)
        allowed[j].append(i)
      }
    }
    self.allowed = allowed
    self.touching = touching
    b = balancer
    group = [Int](repeating: -1, count: graph.atoms.count)
    original = group
    visited = [UInt32](repeating: 0, count: graph.atoms.count)
    isTarget = visited
  }

  // MARK: components

  /// Connected parts of the allowed graph over `members` (all atoms when nil).
  func components(_ members: [Int]? = nil) -> [[Int]] {
    let list = members ?? Array(0..<n)
    var inSet = [Bool](repeating: members == nil, count: n)
    if members != nil { for i in list { inSet[i] = true } }
    var seen = [Bool](repeating: false, count: n)
    var out: [[Int]] = []
    for s in list where !seen[s] {
      var comp = [s]
      seen[s] = true
      var k = 0
      while k < comp.count {
        for j in allowed[comp[k]] where inSet[j] && !seen[j] {
          seen[j] = true
          comp.append(j)
        }
        k += 1
      }
      out.append(comp)
    }
    return out
  }

  /// The number of groups `weight` households call for: round(weight / target), at least 1,
  /// moved into the range of counts whose mean is within the tolerance when there is one;
  /// 0 for no households.
  func groupsFor(weight: Double) -> Int {
    guard weight > 0 else { return 0 }
    let ideal = max(1, Int((weight / b.target).rounded()))
    let lo = max(1, Int((weight / (b.target * (1 + b.tolerance))).rounded(.up)))
    let hi = max(1, Int((weight / (b.target * (1 - b.tolerance))).rounded(.down)))
    return lo <= hi ? min(max(ideal, lo), hi) : ideal
  }

  /// The groups that atoms of group `g` have as allowed neighbours, in order.
  func neighbourGroups(of g: Int) -> [Int] {
    var out = Set<Int>()
    for i in 0..<n where group[i] == g { for j in allowed[i] where group[j] >= 0 && group[j] != g { out.insert(group[j]) } }
    return out.sorted()
  }

  // MARK: totals

  /// Every group's households, area and perimeter (shared boundary inside a group not counted).
  mutating func recomputeTotals() {
    gw = [Double](repeating: 0, count: groupCount)
    ga = gw
    gp = gw
    for i in 0..<n where group[i] >= 0 {
      gw[group[i]] += w[i]
      ga[group[i]] += area[i]
      gp[group[i]] += perimeter[i]
      for (j, len) in touching[i] where group[j] == group[i] { gp[group[i]] -= len }
    }
  }

  /// Group numbers 0..<count with no empty number.
  mutating func renumber() {
    var map: [Int: Int] = [:]
    for i in 0..<n where map[group[i]] == nil { map[group[i]] = map.count }
    group = group.map { map[$0]! }
    groupCount = map.count
  }
}
