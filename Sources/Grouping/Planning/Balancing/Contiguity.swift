import GeoCore

/// The contiguity test every move passes: a group must stay connected without the atom it loses.
extension BalancingState {
  /// Whether group `g` stays connected without atom `i`: a search from one of i's neighbours
  /// in g must reach all the others (stamps instead of sets: this runs for every move).
  mutating func staysConnected(_ g: Int, without i: Int) -> Bool {
    var first = -1
    var count = 0
    generation &+= 1
    if generation == 0 {
      for k in visited.indices {
        visited[k] = 0
        isTarget[k] = 0
      }
      generation = 1
    }
    for j in allowed[i] where group[j] == g && isTarget[j] != generation {
      isTarget[j] = generation
      if first < 0 { first = j }
      count += 1
    }
    guard count > 1 else { return true }
    visited[i] = generation
    visited[first] = generation
    stack.removeAll(keepingCapacity: true)
    stack.append(first)
    var found = 1
    while let x = stack.popLast() {
      for j in allowed[x] where group[j] == g && visited[j] != generation {
        visited[j] = generation
        stack.append(j)
        if isTarget[j] == generation {
          found += 1
          if found == count { return true }
        }
      }
    }
    return false
  }
}
