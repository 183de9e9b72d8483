public import GeoCore
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Groups atoms into contiguous groups of about `target` households.
///
/// From scratch: per connected part of the neighbour graph, k = round(W / target) groups are
/// grown from spread-out seeds (the lightest group takes its nearest free neighbour next),
/// re-seeded at the groups' centres a few times, and the best growth is refined. From the
/// current set: every atom starts in its current group; oversized groups are split by the same
/// growth inside them, undersized groups merge with a neighbour when the sum fits, and the
/// refinement pays for every household it moves.
///
/// The refinement moves one boundary atom at a time to a neighbouring group when that lowers
/// the cost (squared deviation from the target, a steep penalty outside the tolerance, 1 −
/// Polsby-Popper, and households moved) and the group it leaves stays connected.
public struct Balancer: Sendable {
  public var target: Double
  public var tolerance: Double
  /// Weight of compactness (1 − Polsby-Popper per group) against balance.
  public var compactnessWeight = 4.0
  /// Weight of balance: cost `balanceWeight × ((households − target) / target)²` per group.
  public var balanceWeight = 100.0
  /// Cost per household moved away from its current group, times households / target.
  public var movePenalty = 20.0
  /// Simulated-annealing moves (across a group border) per atom after the first refinement (0: none).
  public var annealingSteps = 1000
  /// Seed of the annealing's random moves (results are deterministic for a seed).
  public var seed: UInt64 = 1
  public var maxPasses = 60
  /// Rounds of chain repair (pushing households along a path of groups to one with room).
  public var repairRounds = 40
  /// Chain repair also runs for groups further than this from the target (relative).
  public var repairBand = 0.03

  public init(target: Double, tolerance: Double) {
    self.target = target
    self.tolerance = tolerance
  }

  public struct Result: Sendable {
    /// Group per atom.
    public var assignment: [Int]
    public var groupCount: Int
  }

  /// - Parameters:
  ///   - current: each atom's current group (nil when none), for balancing from the current set.
  public func balance(_ graph: AtomGraph, current: [Int?]? = nil) -> Result {
    var state = State(graph: graph, balancer: self)
    if let current {
      state.start(from: current)
    } else {
      state.startFromScratch()
    }
    state.attachStrays()
    state.refine()
    if annealingSteps > 0 { state.anneal(steps: annealingSteps * state.n) }
    state.refine()
    for _ in 0..<repairRounds {
      guard state.repair() else { break }
      state.refine()
    }
    state.dissolveEmptyGroups()
    state.renumber()
    return Result(assignment: state.group, groupCount: state.groupCount)
  }
}

/// The mutable work of one balancing run.
struct State {
  let n: Int
  let w: [Double]
  let area: [Double]
  let perimeter: [Double]
  let centroid: [XY]
  /// Allowed neighbours, and every touching atom with the shared length.
  let allowed: [[Int]]
  let touching: [[(Int, Double)]]
  let b: Balancer

  var group: [Int]
  var original: [Int]
  var groupCount = 0
  var gw: [Double] = []
  var ga: [Double] = []
  var gp: [Double] = []
  var fromCurrent = false
  // Scratch space of staysConnected.
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
    // A sliver that shares less than a metre with everything still needs neighbours, or a group
    // could leave it behind: it is tied to every atom it touches.
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

  func groupsFor(weight: Double) -> Int {
    guard weight > 0 else { return 0 }
    let ideal = max(1, Int((weight / b.target).rounded()))
    let lo = max(1, Int((weight / (b.target * (1 + b.tolerance))).rounded(.up)))
    let hi = max(1, Int((weight / (b.target * (1 - b.tolerance))).rounded(.down)))
    return lo <= hi ? min(max(ideal, lo), hi) : ideal
  }

  // MARK: recursive bisection

  /// Splits `members` (connected) into `k` connected parts of similar weight by recursive
  /// bisection: each cut sweeps across the longer axis of the part, so parts come out compact.
  func bisect(_ members: [Int], parts k: Int) -> [Int: Int] {
    var out: [Int: Int] = [:]
    var next = 0
    func recurse(_ set: [Int], _ k: Int) {
      if k <= 1 || set.count <= 1 {
        for i in set { out[i] = next }
        next += 1
        return
      }
      let k1 = k / 2
      let total = set.reduce(0) { $0 + w[$1] }
      let goal = total * Double(k1) / Double(k)
      let (a, b) = sweep(set, goal: goal)
      if a.isEmpty || b.isEmpty {
        for i in set { out[i] = next }
        next += 1
        return
      }
      // Enclosed pieces may have made the first part heavier than planned: share the groups
      // out by the weights the parts really have.
      let wa = a.reduce(0) { $0 + w[$1] }
      let ka = min(k - 1, max(1, Int((Double(k) * wa / max(total, 1)).rounded())))
      recurse(a, ka)
      recurse(b, k - ka)
    }
    recurse(members, k)
    return out
  }

  /// Grows a connected part from the extreme atom along the longer axis of `set`, taking the
  /// frontier atom furthest back along that axis each time, until its weight is closest to
  /// `goal`; pieces of the rest cut off from the rest's main piece join the part.
  func sweep(_ set: [Int], goal: Double) -> ([Int], [Int]) {
    var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
    for i in set {
      minX = min(minX, centroid[i].x); maxX = max(maxX, centroid[i].x)
      minY = min(minY, centroid[i].y); maxY = max(maxY, centroid[i].y)
    }
    let alongX = maxX - minX >= maxY - minY
    func key(_ i: Int) -> Double { alongX ? centroid[i].x : centroid[i].y }
    let inSet = Set(set)
    let start = set.min { key($0) != key($1) ? key($0) < key($1) : $0 < $1 }!
    var taken: Set<Int> = [start]
    var order = [start]
    var weight = w[start]
    var frontier = Set(allowed[start].filter { inSet.contains($0) })
    var best = (abs(weight - goal), 1)
    while !frontier.isEmpty && weight < goal + b.target {
      let i = frontier.min { key($0) != key($1) ? key($0) < key($1) : $0 < $1 }!
      frontier.remove(i)
      taken.insert(i)
      order.append(i)
      weight += w[i]
      for j in allowed[i] where inSet.contains(j) && !taken.contains(j) { frontier.insert(j) }
      if abs(weight - goal) < best.0 { best = (abs(weight - goal), order.count) }
    }
    var a = Set(order.prefix(best.1))
    // The rest must stay connected: its smaller pieces join the part.
    let rest = set.filter { !a.contains($0) }
    let pieces = components(rest)
    if pieces.count > 1 {
      let main = pieces.indices.max { pieces[$0].reduce(0) { $0 + w[$1] } < pieces[$1].reduce(0) { $0 + w[$1] } }!
      for (k, p) in pieces.enumerated() where k != main { a.formUnion(p) }
    }
    return (set.filter { a.contains($0) }, set.filter { !a.contains($0) })
  }

  // MARK: starting points

  mutating func startFromScratch() {
    for comp in components() {
      let weight = comp.reduce(0) { $0 + w[$1] }
      let k = groupsFor(weight: weight)
      guard k > 0 else { continue }  // households-free parts are attached to a neighbour later
      let part = bisect(comp, parts: k)
      for (i, p) in part { group[i] = groupCount + p }
      groupCount += k
    }
    original = group
    recomputeTotals()
  }

  mutating func start(from current: [Int?]) {
    fromCurrent = true
    // A current group may fall apart into pieces on the atoms: its heaviest piece keeps it,
    // the other pieces join the neighbour they share most boundary with (see attachStrays).
    var byGroup: [Int: [Int]] = [:]
    for i in 0..<n { if let g = current[i] { byGroup[g, default: []].append(i) } }
    for key in byGroup.keys.sorted() {
      let pieces = components(byGroup[key]!)
      let main = pieces.indices.max { a, z in
        let wa = pieces[a].reduce(0) { $0 + w[$1] }
        let wz = pieces[z].reduce(0) { $0 + w[$1] }
        return wa != wz ? wa < wz : pieces[a].count < pieces[z].count
      }!
      guard pieces[main].reduce(0, { $0 + w[$1] }) > 0 else { continue }
      for i in pieces[main] { group[i] = groupCount }
      for i in byGroup[key]! { original[i] = groupCount }
      groupCount += 1
    }
    attachStrays()
    recomputeTotals()
    // Oversized groups split into parts; the part overlapping most keeps the identity.
    var g = 0
    while g < groupCount {
      let members = (0..<n).filter { group[$0] == g }
      let k = groupsFor(weight: gw[g])
      if k > 1 {
        let part = bisect(members, parts: k)
        var pw = [Double](repeating: 0, count: k)
        for (i, p) in part { pw[p] += w[i] }
        let keep = pw.indices.max { pw[$0] < pw[$1] }!
        var newIds: [Int: Int] = [keep: g]
        for p in 0..<k where p != keep {
          newIds[p] = groupCount
          groupCount += 1
        }
        for (i, p) in part { group[i] = newIds[p]! }
        recomputeTotals()
      }
      g += 1
    }
    // Every connected part (between barriers) gets the number of groups its households call
    // for: while it has too few, its heaviest group is bisected.
    for comp in components() {
      let weight = comp.reduce(0) { $0 + w[$1] }
      let wanted = groupsFor(weight: weight)
      var present = Set(comp.compactMap { group[$0] >= 0 && w[$0] > 0 ? group[$0] : nil })
      while present.count < wanted {
        guard let heaviest = present.max(by: { gw[$0] < gw[$1] }) else { break }
        let members = comp.filter { group[$0] == heaviest }
        let part = bisect(members, parts: 2)
        guard Set(part.values).count == 2 else { break }
        for (i, p) in part where p == 1 { group[i] = groupCount }
        groupCount += 1
        recomputeTotals()
        present = Set(comp.compactMap { group[$0] >= 0 && w[$0] > 0 ? group[$0] : nil })
      }
    }
    // Undersized groups merge with the neighbour that gives the best fit.
    var merged = true
    while merged {
      merged = false
      for g in 0..<groupCount where gw[g] > 0 && gw[g] < b.target * (1 - b.tolerance) {
        var best: (Double, Int)? = nil
        for h in neighbourGroups(of: g) where gw[g] + gw[h] <= b.target * (1 + b.tolerance) {
          let d = abs(gw[g] + gw[h] - b.target)
          if best == nil || d < best!.0 { best = (d, h) }
        }
        if let (_, h) = best {
          let (keep, drop) = gw[h] >= gw[g] ? (h, g) : (g, h)
          for i in 0..<n where group[i] == drop { group[i] = keep }
          recomputeTotals()
          merged = true
          break
        }
      }
    }
  }

  func neighbourGroups(of g: Int) -> [Int] {
    var out = Set<Int>()
    for i in 0..<n where group[i] == g { for j in allowed[i] where group[j] >= 0 && group[j] != g { out.insert(group[j]) } }
    return out.sorted()
  }

  /// Atoms without a group (no households in their part, or no current group) join the
  /// touching group they share most boundary with.
  mutating func attachStrays() {
    // First through allowed neighbours only (so groups stay connected), then through any touch.
    for throughAnyTouch in [false, true] {
      var changed = true
      while changed {
        changed = false
        for i in 0..<n where group[i] < 0 {
          var best: (Double, Int)? = nil
          for (j, len) in touching[i] where group[j] >= 0 && (throughAnyTouch || allowed[i].contains(j)) {
            if best == nil || len > best!.0 { best = (len, group[j]) }
          }
          if let (_, g) = best {
            group[i] = g
            changed = true
          }
        }
      }
    }
    // Nothing touches them at all: the group of the nearest atom.
    for i in 0..<n where group[i] < 0 {
      var best: (Double, Int)? = nil
      for j in 0..<n where group[j] >= 0 {
        let d = (centroid[i].x - centroid[j].x) * (centroid[i].x - centroid[j].x) + (centroid[i].y - centroid[j].y) * (centroid[i].y - centroid[j].y)
        if best == nil || d < best!.0 { best = (d, group[j]) }
      }
      if let (_, g) = best {
        group[i] = g
      } else {
        group[i] = groupCount
        groupCount += 1
      }
    }
    recomputeTotals()
  }

  // MARK: refinement

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

  func cost(weight: Double, area: Double, perimeter: Double) -> Double {
    guard weight > 0 || area > 0 else { return 0 }
    let d = (weight - b.target) / b.target
    // Aim a little inside the tolerance, so the result stays within it.
    let excess = max(0, abs(d) - b.tolerance * 0.93)
    let pp = perimeter > 0 ? 4 * Double.pi * area / (perimeter * perimeter) : 0
    let slack = max(0, abs(d) - b.tolerance / 2)
    return b.balanceWeight * slack * slack + 50 * excess + 2000 * excess * excess + b.compactnessWeight * (1 - min(1, pp))
  }

  /// Whether group `g` stays connected without atom `i`: a search from one of i's neighbours
  /// in g must reach all the others (stamps instead of sets: this runs for every move).
  mutating func staysConnected(_ g: Int, without i: Int) -> Bool {
    var first = -1
    var count = 0
    generation &+= 1
    if generation == 0 {
      for k in visited.indices { visited[k] = 0; isTarget[k] = 0 }
      generation = 1
    }
    for j in allowed[i] where group[j] == g && isTarget[j] != generation {
      isTarget[j] = generation
      if first < 0 { first = j }
      count += 1
    }
    guard count > 1 else { return true }
    visited[i] = generation
    visited[first] = generation
    stack.removeAll(keepingCapacity: true)
    stack.append(first)
    var found = 1
    while let x = stack.popLast() {
      for j in allowed[x] where group[j] == g && visited[j] != generation {
        visited[j] = generation
        stack.append(j)
        if isTarget[j] == generation {
          found += 1
          if found == count { return true }
        }
      }
    }
    return false
  }

  mutating func refine() {
    recomputeTotals()
    for _ in 0..<b.maxPasses {
      var improved = false
      for i in 0..<n {
        let from = group[i]
        guard from >= 0 else { continue }
        let candidates = Set(allowed[i].map { group[$0] }).subtracting([from]).sorted()
        guard !candidates.isEmpty else { continue }
        // Perimeter change when i leaves `from` / joins `to`.
        var sharedWith: [Int: Double] = [:]
        for (j, len) in touching[i] { sharedWith[group[j], default: 0] += len }
        let before = cost(weight: gw[from], area: ga[from], perimeter: gp[from])
        let fromAfterP = gp[from] - perimeter[i] + 2 * (sharedWith[from] ?? 0)
        let fromAfter = cost(weight: gw[from] - w[i], area: ga[from] - area[i], perimeter: fromAfterP)
        var best: (Double, Int)? = nil
        for to in candidates {
          let toAfterP = gp[to] + perimeter[i] - 2 * (sharedWith[to] ?? 0)
          var delta = fromAfter + cost(weight: gw[to] + w[i], area: ga[to] + area[i], perimeter: toAfterP)
            - before - cost(weight: gw[to], area: ga[to], perimeter: gp[to])
          if fromCurrent {
            let movedBefore = from != original[i] ? w[i] : 0
            let movedAfter = to != original[i] ? w[i] : 0
            delta += b.movePenalty * (movedAfter - movedBefore) / b.target
          }
          if delta < -1e-12 && (best == nil || delta < best!.0) { best = (delta, to) }
        }
        guard let (_, to) = best, gw[from] - w[i] > 0 || ga[from] - area[i] > 1, staysConnected(from, without: i) else { continue }
        // Never empty a group of its last household.
        if gw[from] > 0 && gw[from] - w[i] <= 0 { continue }
        gp[from] = fromAfterP
        gp[to] = gp[to] + perimeter[i] - 2 * (sharedWith[to] ?? 0)
        gw[from] -= w[i]; ga[from] -= area[i]
        gw[to] += w[i]; ga[to] += area[i]
        group[i] = to
        improved = true
      }
      if !improved { break }
    }
  }

  /// Groups without households are dissolved into their neighbours.
  mutating func dissolveEmptyGroups() {
    recomputeTotals()
    let empty = Set((0..<groupCount).filter { gw[$0] <= 0 })
    guard !empty.isEmpty, empty.count < groupCount else { return }
    for i in 0..<n where empty.contains(group[i]) { group[i] = -1 }
    attachStrays()
  }

  /// One round of chain repair: for every group outside the tolerance, find the nearest group
  /// (through neighbouring groups) that can take or give households, and shift one boundary
  /// atom along each step of that path. Kept only when the total cost drops.
  /// - Returns: whether anything changed.
  mutating func repair() -> Bool {
    let low = b.target * (1 - b.tolerance)
    let high = b.target * (1 + b.tolerance)
    let repairBand = b.repairBand
    var changed = false
    for g in 0..<groupCount where gw[g] > high || (gw[g] > 0 && gw[g] < low) || abs(gw[g] - b.target) > repairBand * b.target {
      let over = gw[g] > b.target
      // Group adjacency.
      var adjacentGroups = [Set<Int>](repeating: [], count: groupCount)
      for i in 0..<n where group[i] >= 0 { for j in allowed[i] where group[j] >= 0 && group[j] != group[i] { adjacentGroups[group[i]].insert(group[j]) } }
      // Breadth-first search to the nearest group with room (over) or surplus (under).
      var previous = [Int](repeating: -2, count: groupCount)
      previous[g] = -1
      var queue = [g]
      var found: Int? = nil
      var k = 0
      while k < queue.count, found == nil {
        let x = queue[k]
        k += 1
        for y in adjacentGroups[x].sorted() where previous[y] == -2 {
          previous[y] = x
          queue.append(y)
          if over ? gw[y] < b.target : gw[y] > b.target { found = y; break }
        }
      }
      guard let end = found else { continue }
      var path = [end]
      while previous[path[path.count - 1]] >= 0 { path.append(previous[path[path.count - 1]]) }
      path.reverse()  // g … end
      if !over { path.reverse() }  // households flow from the surplus end towards g
      let amount = over ? gw[g] - b.target : b.target - gw[g]
      let snapshot = group
      let costBefore = totalCost()
      var ok = true
      for t in 0..<(path.count - 1) {
        let donor = path[t]
        let taker = path[t + 1]
        var best: (Double, Int)? = nil
        for i in 0..<n where group[i] == donor && w[i] > 0 && allowed[i].contains(where: { group[$0] == taker }) {
          let score = abs(w[i] - amount)
          if (best == nil || score < best!.0), gw[donor] - w[i] > 0, staysConnected(donor, without: i) { best = (score, i) }
        }
        guard let (_, i) = best else { ok = false; break }
        group[i] = taker
        recomputeTotals()
      }
      if ok && totalCost() < costBefore - 1e-9 {
        changed = true
      } else {
        group = snapshot
        recomputeTotals()
      }
    }
    return changed
  }

  func totalCost() -> Double {
    var c = 0.0
    for g in 0..<groupCount { c += cost(weight: gw[g], area: ga[g], perimeter: gp[g]) }
    if fromCurrent {
      for i in 0..<n where group[i] != original[i] { c += b.movePenalty * w[i] / b.target }
    }
    return c
  }

  /// Simulated annealing over single-atom moves (same cost and contiguity rule as
  /// ``refine()``); the best state seen is kept.
  mutating func anneal(steps: Int) {
    recomputeTotals()
    var rng = SplitMix64(seed: b.seed)
    var current = totalCost()
    var best = current
    var bestGroup = group
    let startTemperature = 0.5
    let endTemperature = 0.0005
    // Only moves across a group border count as steps; the temperature falls per step.
    var step = 0
    var draws = 0
    let ratio = endTemperature / startTemperature
    var temperature = startTemperature
    while step < steps && draws < 20 * steps {
      draws += 1
      let i = Int(rng.next() % UInt64(n))
      let from = group[i]
      guard from >= 0, !allowed[i].isEmpty else { continue }
      let j = allowed[i][Int(rng.next() % UInt64(allowed[i].count))]
      let to = group[j]
      guard to >= 0, to != from else { continue }
      step += 1
      if step & 1023 == 0 { temperature = startTemperature * pow(ratio, Double(step) / Double(steps)) }
      if gw[from] > 0 && gw[from] - w[i] <= 0 { continue }
      var sharedFrom = 0.0
      var sharedTo = 0.0
      for (k, len) in touching[i] {
        if group[k] == from { sharedFrom += len } else if group[k] == to { sharedTo += len }
      }
      let fromP = gp[from] - perimeter[i] + 2 * sharedFrom
      let toP = gp[to] + perimeter[i] - 2 * sharedTo
      var delta = cost(weight: gw[from] - w[i], area: ga[from] - area[i], perimeter: fromP)
        + cost(weight: gw[to] + w[i], area: ga[to] + area[i], perimeter: toP)
        - cost(weight: gw[from], area: ga[from], perimeter: gp[from]) - cost(weight: gw[to], area: ga[to], perimeter: gp[to])
      if fromCurrent {
        delta += b.movePenalty * ((to != original[i] ? w[i] : 0) - (from != original[i] ? w[i] : 0)) / b.target
      }
      let draw = rng.unit()  // drawn on every step, so the sequence does not depend on delta
      guard delta <= 0 || draw < exp(-delta / temperature) else { continue }
      guard staysConnected(from, without: i) else { continue }
      group[i] = to
      gw[from] -= w[i]; ga[from] -= area[i]; gp[from] = fromP
      gw[to] += w[i]; ga[to] += area[i]; gp[to] = toP
      current += delta
      if current < best - 1e-12 {
        best = current
        bestGroup = group
      }
    }
    group = bestGroup
    recomputeTotals()
  }

  /// Group numbers 0..<count with no empty number.
  mutating func renumber() {
    var map: [Int: Int] = [:]
    for i in 0..<n where map[group[i]] == nil { map[group[i]] = map.count }
    group = group.map { map[$0]! }
    groupCount = map.count
  }
}

