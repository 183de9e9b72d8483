/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) with a cut-off.
public enum EditDistance {
  /// The distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`.
  /// - Complexity: O(|a| · |b|) worst case, less with the cut-off.
  public static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
    let n = a.count
    let m = b.count
    if abs(n - m) > limit { return limit + 1 }
    if n == 0 { return m }
    if m == 0 { return n }
    var previous2 = [Int](repeating: 0, count: m + 1)
    var previous = Array(0...m)
    var current = [Int](repeating: 0, count: m + 1)
    for i in 1...n {
      current[0] = i
      var rowMin = current[0]
      for j in 1...m {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
        current[j] = v
        rowMin = min(rowMin, v)
      }
      if rowMin > limit { return limit + 1 }
      swap(&previous2, &previous)
      swap(&previous, &current)
    }
    return previous[m]
  }
}
