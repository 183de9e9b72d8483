public import GeoCore

/// Who moves when one group set replaces another: per point the group before and after, and
/// the counts per pair of groups.
public struct GroupSetDiff: Sendable {
  public struct Move: Sendable, Hashable {
    /// Group names; nil means "in no group".
    public var from: String?
    public var to: String?
    public var households: Int
  }
  /// Group per point before and after (nil outside every group).
  public let before: [String?]
  public let after: [String?]
  /// Points whose group changes.
  public let moved: [Int]
  /// Households per (from, to) pair with from ≠ to, largest first.
  public let moves: [Move]
  /// Households per group name before and after (every name of either set).
  public let sizes: [(name: String, before: Int, after: Int)]

  public init(before old: GroupSet, after new: GroupSet, points: [XY], threads: Int = 1) {
    let a = old.assign(points, threads: threads).map { $0 < 0 ? nil : old.names[Int($0)] }
    let b = new.assign(points, threads: threads).map { $0 < 0 ? nil : new.names[Int($0)] }
    before = a
    after = b
    var moved: [Int] = []
    struct Pair: Hashable {
      var from: String?
      var to: String?
    }
    var pairs: [Pair: Int] = [:]
    var countBefore: [String: Int] = [:]
    var countAfter: [String: Int] = [:]
    for k in points.indices {
      if let x = a[k] { countBefore[x, default: 0] += 1 }
      if let y = b[k] { countAfter[y, default: 0] += 1 }
      if a[k] != b[k] {
        moved.append(k)
        pairs[Pair(from: a[k], to: b[k]), default: 0] += 1
      }
    }
    self.moved = moved
    moves = pairs.map { Move(from: $0.key.from, to: $0.key.to, households: $0.value) }
      .sorted { ($0.households, $1.from ?? "", $1.to ?? "") > ($1.households, $0.from ?? "", $0.to ?? "") }
    var names: [String] = []
    var seen = Set<String>()
    for n in old.names + new.names where seen.insert(n).inserted { names.append(n) }
    sizes = names.map { ($0, countBefore[$0] ?? 0, countAfter[$0] ?? 0) }
  }
}
