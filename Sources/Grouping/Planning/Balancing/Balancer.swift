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
