extension LinearRing {
  /// Twice the signed area by the shoelace formula, in squared units of the coordinates:
  /// positive when the ring runs counter-clockwise. Summed relative to the first
  /// position to keep cancellation small.
  public var signedDoubleArea: Double {
    let cs = coordinates
    guard cs.count >= 4, let o = cs.first else { return 0 }
    var sum = 0.0
    for i in 1..<(cs.count - 1) {
      let a = cs[i]
      let b = cs[i + 1]
      sum += (a.first - o.first) * (b.second - o.second) - (b.first - o.first) * (a.second - o.second)
    }
    return sum
  }

  /// Length of the ring in units of the coordinates.
  public var length: Double {
    let cs = coordinates
    var sum = 0.0
    for i in 0..<Swift.max(0, cs.count - 1) {
      let dx = cs[i + 1].first - cs[i].first
      let dy = cs[i + 1].second - cs[i].second
      sum += (dx * dx + dy * dy).squareRoot()
    }
    return sum
  }

  /// Whether the ring runs counter-clockwise (positive signed area).
  public var isCounterClockwise: Bool { signedDoubleArea > 0 }

  /// The ring reversed when needed so that it runs counter-clockwise (`ccw == true`) or clockwise.
  public func oriented(counterClockwise ccw: Bool) -> LinearRing {
    isCounterClockwise == ccw ? self : LinearRing(coordinates.reversed())
  }
}

extension Polygon {
  /// Exterior counter-clockwise, holes clockwise (RFC 7946 section 3.1.6).
  public func normalized() -> Polygon {
    Polygon(
      exterior: exterior.oriented(counterClockwise: true),
      holes: holes.map { $0.oriented(counterClockwise: false) })
  }

  /// Length of every ring, holes included.
  public var perimeter: Double { rings.reduce(0) { $0 + $1.length } }

  /// Area in squared units of the coordinates (exterior minus holes).
  public var area: Double {
    (abs(exterior.signedDoubleArea) - holes.reduce(0) { $0 + abs($1.signedDoubleArea) }) / 2
  }
}

extension MultiPolygon {
  public func normalized() -> MultiPolygon { MultiPolygon(polygons.map { $0.normalized() }) }
  public var area: Double { polygons.reduce(0) { $0 + $1.area } }
}
