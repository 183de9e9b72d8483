import GeoCore

extension State {
  func cost(weight: Double, area: Double, perimeter: Double) -> Double {
    guard weight > 0 || area > 0 else { return 0 }
    let d = (weight - b.target) / b.target
    // Aim a little inside the tolerance, so the result stays within it.
    let excess = max(0, abs(d) - b.tolerance * 0.93)
    let pp = perimeter > 0 ? 4 * Double.pi * area / (perimeter * perimeter) : 0
    let slack = max(0, abs(d) - b.tolerance / 2)
    return b.balanceWeight * slack * slack + 50 * excess + 2000 * excess * excess + b.compactnessWeight * (1 - min(1, pp))
  }

  func totalCost() -> Double {
    var c = 0.0
    for g in 0..<groupCount { c += cost(weight: gw[g], area: ga[g], perimeter: gp[g]) }
    if fromCurrent {
      for i in 0..<n where group[i] != original[i] { c += b.movePenalty * w[i] / b.target }
    }
    return c
  }
}
