import GeoCore

/// The cost that every phase after the start lowers: per group, balance, a steep penalty past
/// the tolerance and compactness; from the current set, households moved.
extension BalancingState {
  /// The steep penalty starts at this fraction of the tolerance: the cost aims a little inside
  /// the tolerance, so the result stays within it.
  private static let penaltyStartFraction = 0.93
  /// Deviations within this fraction of the tolerance cost nothing for balance (the quadratic
  /// `balanceWeight` term counts only what lies past it).
  private static let freeBandFraction = 0.5
  /// Weight of the linear part of the penalty past `penaltyStartFraction`, per unit of relative deviation.
  private static let penaltyLinearWeight = 50.0
  /// Weight of the quadratic part of the penalty past `penaltyStartFraction`.
  private static let penaltyQuadraticWeight = 2000.0
  /// A change of total cost smaller than this is rounding, not an improvement (refinement,
  /// annealing's best state).
  static let costResolution = 1e-12

  /// The cost of one group of `weight` households over `area` with `perimeter` (0 for a group
  /// with neither households nor area): `balanceWeight × s² + penaltyLinearWeight × e +
  /// penaltyQuadraticWeight × e² + compactnessWeight × (1 − Polsby-Popper)`, d the relative
  /// deviation from the target, s = max(0, |d| − freeBandFraction × tolerance) and
  /// e = max(0, |d| − penaltyStartFraction × tolerance).
  func cost(weight: Double, area: Double, perimeter: Double) -> Double {
    guard weight > 0 || area > 0 else { return 0 }
    let d = (weight - b.target) / b.target
    // Aim a little inside the tolerance, so the result stays within it.
    let excess = max(0, abs(d) - b.tolerance * Self.penaltyStartFraction)
    let pp = perimeter > 0 ? 4 * Double.pi * area / (perimeter * perimeter) : 0
    let slack = max(0, abs(d) - b.tolerance * Self.freeBandFraction)
    return b.balanceWeight * slack * slack + Self.penaltyLinearWeight * excess + Self.penaltyQuadraticWeight * excess * excess
      + b.compactnessWeight * (1 - min(1, pp))
  }

  /// The cost of every group, plus `movePenalty × households / target` for every atom away
  /// from its original group when balancing from the current set.
  func totalCost() -> Double {
    var c = 0.0
    for g in 0..<groupCount { c += cost(weight: gw[g], area: ga[g], perimeter: gp[g]) }
    if fromCurrent {
      for i in 0..<n where group[i] != original[i] { c += b.movePenalty * w[i] / b.target }
    }
    return c
  }
}
