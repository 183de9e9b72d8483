import GeoCore

extension BalancingState {
  /// A chain of moves is kept only when it lowers the total cost by more than this.
  private static let minimumRepairGain = 1e-9
  /// In the search for a path of groups: a group not reached yet, and the group the path starts at.
  private static let unreached = -2
  private static let pathStart = -1

  /// One round of chain repair: for every group outside the tolerance (or further than
  /// `repairBand` from the target), find the nearest group (through neighbouring groups) that
  /// can take households (below the target) or give them (above it), and shift one boundary
  /// atom along each step of that path, the one whose households come closest to the excess
  /// or shortfall. Kept only when the total cost drops by more than `minimumRepairGain`.
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
      for i in 0..<n where group[i] >= 0 {
        for j in allowed[i] where group[j] >= 0 && group[j] != group[i] { adjacentGroups[group[i]].insert(group[j]) }
      }
      // Breadth-first search to the nearest group with room (over) or surplus (under).
      var previous = [Int](repeating: Self.unreached, count: groupCount)
      previous[g] = Self.pathStart
      var queue = [g]
      var found: Int? = nil
      var k = 0
      while k < queue.count, found == nil {
        let x = queue[k]
        k += 1
        for y in adjacentGroups[x].sorted() where previous[y] == Self.unreached {
          previous[y] = x
          queue.append(y)
          if over ? gw[y] < b.target : gw[y] > b.target {
            found = y
            break
          }
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
          if best == nil || score < best!.0, gw[donor] - w[i] > 0, staysConnected(donor, without: i) { best = (score, i) }
        }
        guard let (_, i) = best else {
          ok = false
          break
        }
        group[i] = taker
        recomputeTotals()
      }
      if ok && totalCost() < costBefore - Self.minimumRepairGain {
        changed = true
      } else {
        group = snapshot
        recomputeTotals()
      }
    }
    return changed
  }
}
