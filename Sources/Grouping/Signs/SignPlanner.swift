public import GeoCore

/// A street as the sign planner sees it: a line in metres with its name and road class.
public struct StreetLine: Sendable {
  public var name: String
  public var roadClass: String
  public var line: LineString<XY>
  public init(name: String, roadClass: String, line: LineString<XY>) {
    self.name = name
    self.roadClass = roadClass
    self.line = line
  }
}

/// A place where a neighbourhood-watch sign should stand.
public struct SignPlacement: Sendable, Hashable {
  /// Index of the group the sign announces.
  public var group: Int
  public var street: String
  public var roadClass: String
  /// The sign, `inset` metres inside the area along the street.
  public var position: XY
  /// Where the street crosses into the area (or its clipped end).
  public var entry: XY
  /// Unit direction of travel into the area at the sign (grid east/north).
  public var direction: XY
  /// Street length (metres) reachable inside the area from this entry: how much it opens up.
  public var reach: Double
  /// True when the entry is a street that ends near the border of the data (clipped layer).
  public var clippedEnd: Bool
}

/// Finds where streets enter watched areas.
///
/// - `zone` mode: an entry is a place where a street passes from outside every group into a
///   group (a boundary between two watched groups needs no sign). `group` mode: every group
///   boundary, each side announcing its own group.
/// - A street end that no other street continues, inside the zone and within `clippedEndDistance`
///   of its outer border, whose street carried on straight outward would reach that border (within
///   three times that distance), is an entry too (street layers are often clipped at the border).
/// - Signs stand `inset` metres inside along the street. Crossings closer than `minSpacing` for
///   the same group become one sign (the most important: road class, then reach).
/// Pure; O(S log S + E) for S street segments and E boundary edges.
public struct SignPlanner: Sendable {
  public enum Mode: String, Sendable { case zone, group }

  public static let defaultRoadClasses: [String] = ["primary", "secondary", "tertiary", "unclassified", "residential", "living_street"]
  /// Road classes by importance, most important first (others rank after these).
  public static let classRank: [String] = [
    "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential", "living_street", "service", "track", "cycleway",
    "footway", "path", "pedestrian", "steps",
  ]

  public var mode: Mode = .zone
  public var roadClasses: Set<String> = Set(SignPlanner.defaultRoadClasses)
  public var inset: Double = 10
  public var minSpacing: Double = 50
  public var clippedEndDistance: Double = 150

  public init() {}

  public func plan(groups: GroupSet, streets: [StreetLine]) -> [SignPlacement] {
    let selected = streets.filter { roadClasses.contains($0.roadClass) && $0.line.coordinates.count >= 2 }
    let boundary = BoundaryEdges(areas: groups.areas)
    let reach = ReachIndex(streets: selected, groups: groups)
    var raw: [SignPlacement] = []

    // 1. Crossings of street segments with group boundaries.
    for (s, street) in selected.enumerated() {
      let cs = street.line.coordinates
      for i in 0..<(cs.count - 1) {
        let a = cs[i]
        let b = cs[i + 1]
        if a == b { continue }
        var ts = boundary.crossings(a, b)
        guard !ts.isEmpty else {
          continue
        }
        ts.sort()
        // Classify the pieces between crossings by their midpoints.
        var cuts = [0.0] + ts + [1.0]
        cuts = cuts.reduce(into: [Double]()) { acc, t in if acc.last.map({ t - $0 > 1e-12 }) ?? true { acc.append(t) } }
        var owners: [Int?] = []
        for k in 0..<(cuts.count - 1) {
          let m = (cuts[k] + cuts[k + 1]) / 2
          owners.append(groups.group(containing: lerp(a, b, m)))
        }
        for k in 0..<(owners.count - 1) {
          let before = owners[k]
          let after = owners[k + 1]
          if before == after { continue }
          let at = lerp(a, b, cuts[k + 1])
          // Travelling a → b enters `after`; travelling b → a enters `before`.
          for (into, from, forward) in [(after, before, true), (before, after, false)] {
            guard let g = into else { continue }
            if mode == .zone && from != nil { continue }
            let (position, direction) = walkInside(
              street.line, segment: i, t: cuts[k + 1], forward: forward, distance: inset, group: g, groups: groups)
            raw.append(
              SignPlacement(
                group: g, street: street.name, roadClass: street.roadClass, position: position, entry: at, direction: direction,
                reach: reach.reach(street: s, group: g), clippedEnd: false))
          }
        }
      }
    }

    // 2. Clipped street ends: a dead end inside the zone whose street, carried on straight
    //    outward for `clippedEndDistance`, would reach the outer border of the zone.
    var degree: [XY: Int] = [:]
    for street in selected {
      let cs = street.line.coordinates
      degree[cs[0], default: 0] += 1
      degree[cs[cs.count - 1], default: 0] += 1
    }
    for (s, street) in selected.enumerated() {
      let cs = street.line.coordinates
      for end in [0, cs.count - 1] where degree[cs[end]] == 1 {
        let p = cs[end]
        guard let g = groups.group(containing: p) else { continue }
        let neighbour = end == 0 ? cs[1] : cs[cs.count - 2]
        let outward = unit(sub(p, neighbour))
        // Near the border, and heading for it (streets rarely point straight at it).
        let ahead = XY(x: p.x + outward.x * 3 * clippedEndDistance, y: p.y + outward.y * 3 * clippedEndDistance)
        guard boundary.outerDistance(p, limit: clippedEndDistance) != nil, boundary.meetsOuter(p, ahead) else { continue }
        let forward = end == 0
        let (position, direction) = walkInside(
          street.line, segment: forward ? 0 : cs.count - 2, t: forward ? 0 : 1, forward: forward, distance: inset, group: g, groups: groups)
        raw.append(
          SignPlacement(
            group: g, street: street.name, roadClass: street.roadClass, position: position, entry: p, direction: direction,
            reach: reach.reach(street: s, group: g), clippedEnd: true))
      }
    }

    // 3. One sign per cluster: most important first, skip any within minSpacing of a kept one.
    let ordered = raw.sorted(by: SignPlanner.moreImportant)
    var kept: [SignPlacement] = []
    for sign in ordered {
      let close = kept.contains { $0.group == sign.group && distance($0.entry, sign.entry) < minSpacing }
      if !close { kept.append(sign) }
    }
    return kept
  }

  public static func rank(_ roadClass: String) -> Int { classRank.firstIndex(of: roadClass) ?? classRank.count }

  /// Road class first, then how much street the entry opens, then position (deterministic).
  public static func moreImportant(_ a: SignPlacement, _ b: SignPlacement) -> Bool {
    let ra = rank(a.roadClass)
    let rb = rank(b.roadClass)
    if ra != rb { return ra < rb }
    if a.reach != b.reach { return a.reach > b.reach }
    if a.entry.x != b.entry.x { return a.entry.x < b.entry.x }
    return a.entry.y < b.entry.y
  }

  /// From a point on segment `segment` at parameter `t`, walks `distance` metres along the line
  /// (towards its end when `forward`) and returns the point and the direction of travel there.
  /// Stops at the line's end; keeps to the group (stops at the last point inside it).
  func walkInside(_ line: LineString<XY>, segment: Int, t: Double, forward: Bool, distance: Double, group: Int, groups: GroupSet) -> (
    XY, XY
  ) {
    let cs = line.coordinates
    var p = lerp(cs[segment], cs[segment + 1], t)
    var remaining = distance
    var i = segment
    var direction = unit(forward ? sub(cs[segment + 1], cs[segment]) : sub(cs[segment], cs[segment + 1]))
    // The last point known to be in the group (the entry itself is on its boundary).
    var lastInside = p
    while true {
      let target = forward ? cs[i + 1] : cs[i]
      let d = dist(p, target)
      if d > 0 { direction = unit(sub(target, p)) }
      if d >= remaining {
        let q = XY(x: p.x + direction.x * remaining, y: p.y + direction.y * remaining)
        return groups.group(containing: q) == group ? (q, direction) : (lastInside, direction)
      }
      remaining -= d
      p = target
      // The street leaves the group again before the inset is reached: stop at the last point inside.
      if groups.group(containing: p) != group { return (lastInside, direction) }
      lastInside = p
      if forward { i += 1 } else { i -= 1 }
      if i < 0 || i + 1 >= cs.count { return (p, direction) }
    }
  }
}

@inline(__always) func lerp(_ a: XY, _ b: XY, _ t: Double) -> XY { XY(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t) }
@inline(__always) func sub(_ a: XY, _ b: XY) -> XY { XY(x: a.x - b.x, y: a.y - b.y) }
@inline(__always) func dist(_ a: XY, _ b: XY) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }
@inline(__always) func distance(_ a: XY, _ b: XY) -> Double { dist(a, b) }
@inline(__always) func unit(_ v: XY) -> XY {
  let n = (v.x * v.x + v.y * v.y).squareRoot()
  return n > 0 ? XY(x: v.x / n, y: v.y / n) : XY(x: 0, y: 0)
}
