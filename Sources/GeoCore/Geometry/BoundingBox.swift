/// An axis-aligned, closed bounding box. An empty box has `minFirst > maxFirst`.
public struct BoundingBox<C: PlanarCoordinate>: Hashable, Sendable {
  public var minFirst: Double
  public var minSecond: Double
  public var maxFirst: Double
  public var maxSecond: Double

  public init(minFirst: Double, minSecond: Double, maxFirst: Double, maxSecond: Double) {
    self.minFirst = minFirst
    self.minSecond = minSecond
    self.maxFirst = maxFirst
    self.maxSecond = maxSecond
  }

  /// The empty box, neutral for ``extend(_:)``.
  public static var empty: BoundingBox {
    BoundingBox(
      minFirst: .infinity, minSecond: .infinity, maxFirst: -.infinity, maxSecond: -.infinity)
  }

  public init<S: Sequence>(_ coordinates: S) where S.Element == C {
    self = .empty
    for c in coordinates { extend(c) }
  }

  public var isEmpty: Bool { !(minFirst <= maxFirst && minSecond <= maxSecond) }
  public var width: Double { isEmpty ? 0 : maxFirst - minFirst }
  public var height: Double { isEmpty ? 0 : maxSecond - minSecond }

  @inlinable public mutating func extend(_ c: C) {
    if c.first < minFirst { minFirst = c.first }
    if c.first > maxFirst { maxFirst = c.first }
    if c.second < minSecond { minSecond = c.second }
    if c.second > maxSecond { maxSecond = c.second }
  }

  public mutating func extend(_ other: BoundingBox) {
    guard !other.isEmpty else { return }
    minFirst = Swift.min(minFirst, other.minFirst)
    minSecond = Swift.min(minSecond, other.minSecond)
    maxFirst = Swift.max(maxFirst, other.maxFirst)
    maxSecond = Swift.max(maxSecond, other.maxSecond)
  }

  /// Closed containment: a coordinate on the edge of the box is contained.
  @inlinable public func contains(_ c: C) -> Bool {
    c.first >= minFirst && c.first <= maxFirst && c.second >= minSecond && c.second <= maxSecond
  }

  public func intersects(_ other: BoundingBox) -> Bool {
    !(other.minFirst > maxFirst || other.maxFirst < minFirst || other.minSecond > maxSecond
      || other.maxSecond < minSecond)
  }
}
