import GeoCore

/// Atoms without a group, after the start and after empty groups dissolve.
extension BalancingState {
  /// Atoms without a group (no households in their part, no current group or not in its
  /// heaviest piece, or in a dissolved group) join the touching group they share most boundary
  /// with: first through allowed neighbours only, then through any touch. An atom still without
  /// one joins the group of the nearest grouped atom (by centroid), or a new group when no atom
  /// has one.
  mutating func attachStrays() {
    // First through allowed neighbours only (so groups stay connected), then through any touch.
    for throughAnyTouch in [false, true] {
      var changed = true
      while changed {
        changed = false
        for i in 0..<n where group[i] < 0 {
          var best: (Double, Int)? = nil
          for (j, len) in touching[i] where group[j] >= 0 && (throughAnyTouch || allowed[i].contains(j)) {
            if best == nil || len > best!.0 { best = (len, group[j]) }
          }
          if let (_, g) = best {
            group[i] = g
            changed = true
          }
        }
      }
    }
    // Nothing touches them at all: the group of the nearest atom.
    for i in 0..<n where group[i] < 0 {
      var best: (Double, Int)? = nil
      for j in 0..<n where group[j] >= 0 {
        let d =
          (centroid[i].x - centroid[j].x) * (centroid[i].x - centroid[j].x) + (centroid[i].y - centroid[j].y)
          * (centroid[i].y - centroid[j].y)
        if best == nil || d < best!.0 { best = (d, group[j]) }
      }
      if let (_, g) = best {
        group[i] = g
      } else {
        group[i] = groupCount
        groupCount += 1
      }
    }
    recomputeTotals()
  }

  /// Groups without households are dissolved into their neighbours.
  mutating func dissolveEmptyGroups() {
    recomputeTotals()
    let empty = Set((0..<groupCount).filter { gw[$0] <= 0 })
    guard !empty.isEmpty, empty.count < groupCount else { return }
    for i in 0..<n where empty.contains(group[i]) { group[i] = -1 }
    attachStrays()
  }
}
