/// Counts of an assignment, summed chunk by chunk: rows per group index, rows outside every
/// group, and all rows. A value; adding tallies is associative, so chunks can be counted on
/// any thread and summed in any order.
public struct AssignmentTally: Sendable, Hashable {
  /// Rows assigned to group `k`.
  public var perGroup: [Int]
  /// Rows assigned to no group (value -1).
  public var outside: Int
  /// All rows counted.
  public var rows: Int

  /// The empty tally for `groups` groups.
  public init(groups: Int) {
    perGroup = [Int](repeating: 0, count: groups)
    outside = 0
    rows = 0
  }

  /// The tally of one batch of group indices (-1 outside).
  /// - Precondition: every value is -1 or below `groups`.
  public init(groups: Int, values: [Int32]) {
    self.init(groups: groups)
    for v in values {
      if v < 0 { outside += 1 } else { perGroup[Int(v)] += 1 }
    }
    rows = values.count
  }

  /// Adds another tally over the same groups.
  public mutating func add(_ other: AssignmentTally) {
    for k in perGroup.indices { perGroup[k] += other.perGroup[k] }
    outside += other.outside
    rows += other.rows
  }
}
