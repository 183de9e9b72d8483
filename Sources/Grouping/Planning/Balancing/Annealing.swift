import GeoCore
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension State {
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
}
