/// Groups atoms into contiguous groups of about `target` households, each within `tolerance`
/// (relative) of it where the atoms allow.
///
/// How many groups: a connected part of the neighbour graph (its allowed edges) with W > 0
/// households calls for round(W / target) groups (at least one), moved into the range of
/// counts whose mean lies within the tolerance when that range is not empty.
///
/// Starting point, from scratch: every connected part is cut into its groups by recursive
/// bisection. Each cut grows one side from the extreme atom along the longer axis of the
/// part's centroids, always taking the frontier atom furthest back along that axis, and keeps
/// the prefix whose households come closest to that side's share; pieces of the other side
/// cut off from its main piece join the first side.
///
/// Starting point, from the current set (`current`): every atom starts in its current group,
/// of which the heaviest connected piece keeps it (the other pieces are strays, below). A
/// group whose households call for more than one group is bisected into that many, the part
/// with most households keeping its identity; a
/// connected part with fewer groups than its households call for has its heaviest group
/// bisected until it has them; then a group below the tolerance merges with the neighbouring
/// group that brings the sum closest to the target without going over the tolerance.
///
/// Then, either way:
/// 1. Strays (atoms without a group: no households in their part, or no current group) join
///    the touching group they share most boundary with.
/// 2. Refinement: passes over all atoms that move one atom at a time to a neighbouring group
///    when that lowers the cost and the group it leaves stays connected.
/// 3. Simulated annealing over the same single-atom moves (`annealingSteps` per atom, from
///    `seed`), keeping the best state seen; then refinement again.
/// 4. Chain repair, up to `repairRounds` rounds each followed by refinement: a group outside
///    the tolerance (or further than `repairBand` from the target) pushes or pulls one atom at
///    each step of a path of neighbouring groups to the nearest group with room or surplus,
///    kept only when the total cost drops.
/// 5. Groups left without households dissolve into their neighbours, and groups are numbered
///    0..<count.
///
/// The cost of a group is `balanceWeight × s²`, s how far its relative deviation from the
/// target goes past half the tolerance, plus a steep penalty once the deviation goes past
/// 93 % of the tolerance, plus `compactnessWeight × (1 − Polsby-Popper)`; from the current set,
/// every moved atom adds `movePenalty × its households / target` (BalanceScore.swift).
public struct Balancer: Sendable {
  /// Households per group aimed at.
  public var target: Double
  /// Allowed deviation from `target`, relative (0.15: ±15 %).
  public var tolerance: Double
  /// Weight of compactness (1 − Polsby-Popper per group) against balance.
  public var compactnessWeight = 4.0
  /// Weight of balance: cost `balanceWeight × s²` per group, s = max(0, |households − target|
  /// / target − tolerance / 2), so deviations within half the tolerance cost nothing.
  public var balanceWeight = 100.0
  /// Cost of moving an atom away from its current group (balancing from the current set only):
  /// `movePenalty × its households / target`.
  public var movePenalty = 20.0
  /// Simulated-annealing moves (across a group border) per atom after the first refinement (0: none).
  public var annealingSteps = 1000
  /// Seed of the annealing's random moves (results are deterministic for a seed).
  public var seed: UInt64 = 1
  /// Passes of the refinement over all atoms, at most (it stops after a pass that moves nothing).
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
    var state = BalancingState(graph: graph, balancer: self)
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
