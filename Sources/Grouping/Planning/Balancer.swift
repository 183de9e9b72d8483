public import GeoCore

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
  public var compactnessWeight = 0.02
  /// Cost per household moved away from its current group, in units of (deviation/target)².
  public var movePenalty = 0.3
  public var seedRounds = 6
  public var maxPasses = 60
  /// Rounds of chain repair (pushing households along a path of groups to one with room).
  public var repairRounds = 40

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
    self.allowed = allowed
    self.touching = touching
    b = balancer
    group = [Int](repeating: -1, count: graph.atoms.count)
    original = group
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

  // MARK: growing

  /// Splits `members` (connected) into `k` connected parts of similar weight; returns a part per member.
  func grow(_ members: [Int], parts k: Int) -> [Int: Int] {
    guard k > 1 else { return Dictionary(uniqueKeysWithValues: members.map { ($0, 0) }) }
    let weighted = members.filter { w[$0] > 0 }
    let pool = weighted.isEmpty ? members : weighted
    // Farthest-point seeds.
    var cx = 0.0, cy = 0.0
    for i in pool { cx += centroid[i].x; cy += centroid[i].y }
    let centre = XY(x: cx / Double(pool.count), y: cy / Double(pool.count))
    func d2(_ a: XY, _ c: XY) -> Double { (a.x - c.x) * (a.x - c.x) + (a.y - c.y) * (a.y - c.y) }
    var seeds = [pool.max { d2(centroid[$0], centre) < d2(centroid[$1], centre) }!]
    while seeds.count < min(k, pool.count) {
      seeds.append(pool.max { a, c in
        seeds.map { d2(centroid[a], centroid[$0]) }.min()! < seeds.map { d2(centroid[c], centroid[$0]) }.min()!
      }!)
    }
    var best: [Int: Int] = [:]
    var bestCost = Double.infinity
    for _ in 0..<b.seedRounds {
      let part = growFrom(seeds, members)
      // Cost: squared relative deviation of the parts.
      var pw = [Double](repeating: 0, count: seeds.count)
      for (i, p) in part { pw[p] += w[i] }
      var cost = 0.0
      for x in pw {
        let d = (x - b.target) / b.target
        let excess = max(0, abs(d) - b.tolerance)
        cost += d * d + 20 * excess + 500 * excess * excess
      }
      if cost < bestCost {
        bestCost = cost
        best = part
      }
      // Re-seed at the atom nearest each part's weighted centre.
      var sx = [Double](repeating: 0, count: seeds.count), sy = sx, sw = sx
      for (i, p) in part {
        let wt = max(w[i], 0.01)
        sx[p] += centroid[i].x * wt
        sy[p] += centroid[i].y * wt
        sw[p] += wt
      }
      var next: [Int] = []
      for p in seeds.indices {
        let c = XY(x: sx[p] / sw[p], y: sy[p] / sw[p])
        let inPart = part.filter { $0.value == p }.map(\.key)
        next.append(inPart.min { d2(centroid[$0], c) < d2(centroid[$1], c) } ?? seeds[p])
      }
      if next == seeds { break }
      seeds = next
    }
    return best
  }

  /// Balanced growth: the lightest part takes its nearest free neighbour next.
  func growFrom(_ seeds: [Int], _ members: [Int]) -> [Int: Int] {
    var part: [Int: Int] = [:]
    var free = Set(members)
    var pw = [Double](repeating: 0, count: seeds.count)
    var px = [Double](repeating: 0, count: seeds.count), py = px, pc = px
    for (p, s) in seeds.enumerated() {
      part[s] = p
      free.remove(s)
      pw[p] = w[s]
      px[p] = centroid[s].x
      py[p] = centroid[s].y
      pc[p] = 1
    }
    var frontier = [Set<Int>](repeating: [], count: seeds.count)
    for (p, s) in seeds.enumerated() { for j in allowed[s] where free.contains(j) { frontier[p].insert(j) } }
    while !free.isEmpty {
      // The lightest part that can still grow.
      var pick = -1
      for p in seeds.indices {
        frontier[p] = frontier[p].filter { free.contains($0) }
        if !frontier[p].isEmpty && (pick < 0 || pw[p] < pw[pick]) { pick = p }
      }
      if pick < 0 { break }
      let c = XY(x: px[pick] / pc[pick], y: py[pick] / pc[pick])
      let i = frontier[pick].min { a, z in
        let da = (centroid[a].x - c.x) * (centroid[a].x - c.x) + (centroid[a].y - c.y) * (centroid[a].y - c.y)
        let dz = (centroid[z].x - c.x) * (centroid[z].x - c.x) + (centroid[z].y - c.y) * (centroid[z].y - c.y)
        return da != dz ? da < dz : a < z
      }!
      part[i] = pick
      free.remove(i)
      pw[pick] += w[i]
      px[pick] += centroid[i].x
      py[pick] += centroid[i].y
      pc[pick] += 1
      for j in allowed[i] where free.contains(j) { frontier[pick].insert(j) }
    }
    return part
  }

  // MARK: starting points

  mutating func startFromScratch() {
    for comp in components() {
      let weight = comp.reduce(0) { $0 + w[$1] }
      let k = groupsFor(weight: weight)
      guard k > 0 else { continue }  // households-free parts are attached to a neighbour later
      let part = grow(comp, parts: k)
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
        let part = grow(members, parts: k)
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
    var changed = true
    while changed {
      changed = false
      for i in 0..<n where group[i] < 0 {
        var best: (Double, Int)? = nil
        for (j, len) in touching[i] where group[j] >= 0 {
          let preferred = allowed[i].contains(j) ? 1e9 : 0
          if best == nil || len + preferred > best!.0 { best = (len + preferred, group[j]) }
        }
        if let (_, g) = best {
          group[i] = g
          changed = true
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
    let excess = max(0, abs(d) - b.tolerance)
    let pp = perimeter > 0 ? 4 * Double.pi * area / (perimeter * perimeter) : 0
    return d * d + 20 * excess + 500 * excess * excess + b.compactnessWeight * (1 - min(1, pp))
  }

  /// Whether group `g` stays connected without atom `i`.
  func staysConnected(_ g: Int, without i: Int) -> Bool {
    let inside = allowed[i].filter { group[$0] == g }
    guard inside.count > 1 else { return true }
    var seen: Set<Int> = [i, inside[0]]
    var stack = [inside[0]]
    var found = 1
    let targets = Set(inside)
    while let x = stack.popLast() {
      for j in allowed[x] where group[j] == g && !seen.contains(j) {
        seen.insert(j)
        stack.append(j)
        if targets.contains(j) {
          found += 1
          if found == targets.count { return true }
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
    var changed = false
    for g in 0..<groupCount where gw[g] > high || (gw[g] > 0 && gw[g] < low) {
      let over = gw[g] > high
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

  /// Group numbers 0..<count with no empty number.
  mutating func renumber() {
    var map: [Int: Int] = [:]
    for i in 0..<n where map[group[i]] == nil { map[group[i]] = map.count }
    group = group.map { map[$0]! }
    groupCount = map.count
  }
}
