/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) with a cut-off.
public enum EditDistance {
  /// The distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`.
  /// - Complexity: O(|a| · |b|) worst case, less with the cut-off; no heap allocation.
  public static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
    let n = a.count
    let m = b.count
    if abs(n - m) > limit { return limit + 1 }
    if n == 0 { return m }
    if m == 0 { return n }
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { rows in
      var previous2 = rows.baseAddress!
      var previous = previous2 + (m + 1)
      var current = previous + (m + 1)
      for j in 0...m {
        previous[j] = j
        previous2[j] = 0
      }
      for i in 1...n {
        current[0] = i
        var rowMin = i
        let ai = a[i - 1]
        for j in 1...m {
          let cost = ai == b[j - 1] ? 0 : 1
          var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
          if i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
          current[j] = v
          if v < rowMin { rowMin = v }
        }
        if rowMin > limit { return limit + 1 }
        let t = previous2
        previous2 = previous
        previous = current
        current = t
      }
      return previous[m]
    }
  }
}
