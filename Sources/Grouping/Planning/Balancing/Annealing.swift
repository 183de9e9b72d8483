import GeoCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension BalancingState {
  /// Temperature of the first step (in units of cost).
  private static let startTemperature = 0.5
  /// Temperature the cooling reaches at the last step.
  private static let endTemperature = 0.0005
  /// Random draws allowed per step, at most (a draw that is no move across a group border is
  /// no step), so a graph with few borders still ends.
  private static let maximumDrawsPerStep = 20
  /// The temperature is recomputed every this many steps.
  private static let coolingInterval = 1024

  /// Simulated annealing over single-atom moves (same cost and contiguity rule as
  /// ``refine()``): a random atom moves to the group of a random allowed neighbour when that
  /// lowers the cost, or else with probability exp(−Δcost / temperature); the temperature
  /// falls geometrically from `startTemperature` to `endTemperature` over `steps`. The best
  /// state seen is kept. Deterministic for `seed`.
  mutating func anneal(steps: Int) {
    recomputeTotals()
    var rng = SplitMix64(seed: b.seed)
    var current = totalCost()
    var best = current
    var bestGroup = group
    // Only moves across a group border count as steps; the temperature falls with the steps.
    var step = 0
    var draws = 0
    let ratio = Self.endTemperature / Self.startTemperature
    var temperature = Self.startTemperature
    while step < steps && draws < Self.maximumDrawsPerStep * steps {
      draws += 1
      let i = Int(rng.next() % UInt64(n))
      let from = group[i]
      guard from >= 0, !allowed[i].isEmpty else { continue }
      let j = allowed[i][Int(rng.next() % UInt64(allowed[i].count))]
      let to = group[j]
      guard to >= 0, to != from else { continue }
      step += 1
      if step % Self.coolingInterval == 0 { temperature = Self.startTemperature * pow(ratio, Double(step) / Double(steps)) }
      if gw[from] > 0 && gw[from] - w[i] <= 0 { continue }
      var sharedFrom = 0.0
      var sharedTo = 0.0
      for (k, len) in touching[i] {
        if group[k] == from { sharedFrom += len } else if group[k] == to { sharedTo += len }
      }
      let fromP = gp[from] - perimeter[i] + 2 * sharedFrom
      let toP = gp[to] + perimeter[i] - 2 * sharedTo
      var delta =
        cost(weight: gw[from] - w[i], area: ga[from] - area[i], perimeter: fromP)
        + cost(weight: gw[to] + w[i], area: ga[to] + area[i], perimeter: toP)
        - cost(weight: gw[from], area: ga[from], perimeter: gp[from]) - cost(weight: gw[to], area: ga[to], perimeter: gp[to])
      if fromCurrent {
        delta += b.movePenalty * ((to != original[i] ? w[i] : 0) - (from != original[i] ? w[i] : 0)) / b.target
      }
      let draw = rng.unit()  // drawn on every step, so the sequence does not depend on delta
      guard delta <= 0 || draw < exp(-delta / temperature) else { continue }
      guard staysConnected(from, without: i) else { continue }
      group[i] = to
      gw[from] -= w[i]
      ga[from] -= area[i]
      gp[from] = fromP
      gw[to] += w[i]
      ga[to] += area[i]
      gp[to] = toP
      current += delta
      if current < best - Self.costResolution {
        best = current
        bestGroup = group
      }
    }
    group = bestGroup
    recomputeTotals()
  }
}
