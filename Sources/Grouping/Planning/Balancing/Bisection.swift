import GeoCore

/// Recursive bisection, the cut of a connected set of atoms into parts of similar weight that
/// both starting points use.
extension BalancingState {
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
    var minX = Double.infinity
    var maxX = -Double.infinity
    var minY = Double.infinity
    var maxY = -Double.infinity
    for i in set {
      minX = min(minX, centroid[i].x)
      maxX = max(maxX, centroid[i].x)
      minY = min(minY, centroid[i].y)
      maxY = max(maxY, centroid[i].y)
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
}
