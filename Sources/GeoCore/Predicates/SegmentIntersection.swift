/// Exact segment predicates built on ``Orientation``.
public enum SegmentIntersection {
  /// Whether the closed segments `p1–p2` and `q1–q2` share at least one point (exact).
  public static func intersects<C: PlanarCoordinate>(_ p1: C, _ p2: C, _ q1: C, _ q2: C) -> Bool {
    let d1 = Orientation.sign(q1, q2, p1)
    let d2 = Orientation.sign(q1, q2, p2)
    let d3 = Orientation.sign(p1, p2, q1)
    let d4 = Orientation.sign(p1, p2, q2)
    if d1 * d2 < 0 && d3 * d4 < 0 { return true }
    if d1 == 0 && onSegment(q1, q2, p1) { return true }
    if d2 == 0 && onSegment(q1, q2, p2) { return true }
    if d3 == 0 && onSegment(p1, p2, q1) { return true }
    if d4 == 0 && onSegment(p1, p2, q2) { return true }
    return false
  }

  /// Whether `c`, known to be collinear with `a–b`, lies within the segment's bounding box.
  @inlinable
  public static func onSegment<C: PlanarCoordinate>(_ a: C, _ b: C, _ c: C) -> Bool {
    min(a.first, b.first) <= c.first && c.first <= max(a.first, b.first)
      && min(a.second, b.second) <= c.second && c.second <= max(a.second, b.second)
  }

  /// Approximate intersection point of two segments known to cross (for error messages).
  public static func crossingPoint<C: PlanarCoordinate>(_ p1: C, _ p2: C, _ q1: C, _ q2: C) -> C {
    let rx = p2.first - p1.first
    let ry = p2.second - p1.second
    let sx = q2.first - q1.first
    let sy = q2.second - q1.second
    let denom = rx * sy - ry * sx
    if denom == 0 { return q1 }
    let t = ((q1.first - p1.first) * sy - (q1.second - p1.second) * sx) / denom
    return C(first: p1.first + t * rx, second: p1.second + t * ry)
  }
}

/// A place where a ring touches or crosses itself.
public struct RingSelfIntersection<C: PlanarCoordinate>: Hashable, Sendable {
  /// Index of the first segment (segment `i` runs from position `i` to `i + 1`).
  public var segment: Int
  /// Index of the other segment.
  public var otherSegment: Int
  /// Where, approximately.
  public var location: C
}

extension LinearRing {
  /// The first place where the ring touches or crosses itself, or nil for a simple ring.
  ///
  /// Segments that follow each other may share their common position only; a ring that
  /// doubles back on itself (a spike) counts as self-intersecting. Zero-length segments
  /// (repeated positions) are ignored. Cost: O(n log n + k) by a sweep over the segments
  /// sorted by their lowest first coordinate, `k` the number of overlapping segment boxes.
  public func firstSelfIntersection() -> RingSelfIntersection<C>? {
    // Drop repeated consecutive positions so adjacency is well defined.
    var pts: [C] = []
    pts.reserveCapacity(coordinates.count)
    for c in coordinates where pts.last != c { pts.append(c) }
    let n = pts.count - 1  // segments
    // Fewer than three distinct segments: the ring has no area (it doubles back on itself).
    guard n >= 3 else { return RingSelfIntersection(segment: 0, otherSegment: max(0, n - 1), location: pts.first ?? coordinates[0]) }
    let order = (0..<n).sorted { min(pts[$0].first, pts[$0 + 1].first) < min(pts[$1].first, pts[$1 + 1].first) }
    var active: [Int] = []
    for i in order {
      let a = pts[i]
      let b = pts[i + 1]
      let lo = min(a.first, b.first)
      active.removeAll { max(pts[$0].first, pts[$0 + 1].first) < lo }
      for j in active {
        let c = pts[j]
        let d = pts[j + 1]
        if max(c.second, d.second) < min(a.second, b.second) || min(c.second, d.second) > max(a.second, b.second) { continue }
        let (s, t) = (min(i, j), max(i, j))
        let adjacent = t == s + 1 || (s == 0 && t == n - 1)
        if adjacent {
          // Share exactly one endpoint; they intersect more only when collinear and overlapping.
          let (p0, p1, q0, q1) = (pts[s], pts[s + 1], pts[t], pts[t + 1])
          let shared: C = t == s + 1 ? p1 : p0
          let farP = shared == p1 ? p0 : p1
          let farQ = shared == q0 ? q1 : q0
          if Orientation.sign(farP, shared, farQ) == 0 {
            // Collinear: a spike when the far ends lie on the same side of the shared point.
            let dot =
              (farP.first - shared.first) * (farQ.first - shared.first)
              + (farP.second - shared.second) * (farQ.second - shared.second)
            if dot > 0 { return RingSelfIntersection(segment: s, otherSegment: t, location: shared) }
          }
          continue
        }
        if SegmentIntersection.intersects(a, b, c, d) {
          return RingSelfIntersection(
            segment: s, otherSegment: t,
            location: SegmentIntersection.crossingPoint(pts[s], pts[s + 1], pts[t], pts[t + 1]))
        }
      }
      active.append(i)
    }
    return nil
  }
}
