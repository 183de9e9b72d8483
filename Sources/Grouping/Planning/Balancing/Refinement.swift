import GeoCore

extension BalancingState {
  /// An atom may leave a group that then has no households only while the group keeps more
  /// than this area (m²), so refinement never empties a group of its land either.
  private static let minimumRemainingArea = 1.0

  /// Greedy refinement: up to `maxPasses` passes over the atoms in order; each atom moves to
  /// the neighbouring group that lowers the cost most (by more than `costResolution`), when
  /// the group it leaves stays connected and keeps a household (or, without households, more
  /// than `minimumRemainingArea`). Stops after a pass that moves nothing.
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
          var delta =
            fromAfter + cost(weight: gw[to] + w[i], area: ga[to] + area[i], perimeter: toAfterP)
            - before - cost(weight: gw[to], area: ga[to], perimeter: gp[to])
          if fromCurrent {
            let movedBefore = from != original[i] ? w[i] : 0
            let movedAfter = to != original[i] ? w[i] : 0
            delta += b.movePenalty * (movedAfter - movedBefore) / b.target
          }
          if delta < -Self.costResolution && (best == nil || delta < best!.0) { best = (delta, to) }
        }
        guard let (_, to) = best, gw[from] - w[i] > 0 || ga[from] - area[i] > Self.minimumRemainingArea, staysConnected(from, without: i)
        else { continue }
        // Never empty a group of its last household.
        if gw[from] > 0 && gw[from] - w[i] <= 0 { continue }
        gp[from] = fromAfterP
        gp[to] = gp[to] + perimeter[i] - 2 * (sharedWith[to] ?? 0)
        gw[from] -= w[i]
        ga[from] -= area[i]
        gw[to] += w[i]
        ga[to] += area[i]
        group[i] = to
        improved = true
      }
      if !improved { break }
    }
  }
}
