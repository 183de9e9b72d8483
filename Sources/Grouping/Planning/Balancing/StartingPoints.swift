import GeoCore

/// The two starting points of a run (see ``Balancer``): from scratch, and from the current set.
extension BalancingState {
  /// Every connected part is bisected into the groups its households call for; parts without
  /// households are left without a group (strays).
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

  /// Every atom starts in its current group; then oversized groups are bisected, parts with too
  /// few groups get more, and undersized groups merge with a neighbour.
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
        // Ties go to the lower group number: a Set's order changes from run to run.
        guard let heaviest = present.max(by: { (gw[$0], -$0) < (gw[$1], -$1) }) else { break }
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
}
