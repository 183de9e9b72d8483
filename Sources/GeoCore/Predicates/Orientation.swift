/// Exact 2D orientation predicates (after Shewchuk, "Adaptive Precision Floating-Point
/// Arithmetic and Fast Robust Geometric Predicates", 1997).
///
/// `orientation(a, b, c)` is the sign of the determinant
/// `(ax - cx)(by - cy) - (ay - cy)(bx - cx)`: `+1` when `c` lies to the left of the directed
/// line `a → b` (counter-clockwise turn), `-1` to the right, `0` when the three are exactly
/// collinear. The sign is exact for all finite inputs whose products neither overflow nor
/// underflow: a floating-point filter answers almost every call; the rest are decided by
/// error-free expansion arithmetic over the original coordinates.
public enum Orientation {
  @usableFromInline static let epsilon = 0x1p-53
  @usableFromInline static let errorBoundA = (3.0 + 16.0 * 0x1p-53) * 0x1p-53

  /// The exact sign (-1, 0, +1) of the orientation of `c` relative to the line `a → b`.
  @inlinable
  public static func sign(
    _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double
  ) -> Int {
    let detLeft = (ax - cx) * (by - cy)
    let detRight = (ay - cy) * (bx - cx)
    let det = detLeft - detRight
    let bound = errorBoundA * (abs(detLeft) + abs(detRight))
    if det > bound { return 1 }
    if -det > bound { return -1 }
    return exactSign(ax, ay, bx, by, cx, cy)
  }

  public static func sign<C: PlanarCoordinate>(_ a: C, _ b: C, _ c: C) -> Int {
    sign(a.first, a.second, b.first, b.second, c.first, c.second)
  }

  /// The sign of `ax*by - ax*cy - cx*by - ay*bx + ay*cx + cy*bx`, computed without rounding:
  /// each product is split into two doubles with a fused multiply-add and the twelve terms
  /// are summed into a non-overlapping expansion.
  @usableFromInline
  static func exactSign(
    _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double
  ) -> Int {
    var expansion = Expansion()
    expansion.addProduct(ax, by)
    expansion.addProduct(-ax, cy)
    expansion.addProduct(-cx, by)
    expansion.addProduct(-ay, bx)
    expansion.addProduct(ay, cx)
    expansion.addProduct(cy, bx)
    return expansion.sign
  }
}

/// A non-overlapping floating-point expansion with components in increasing magnitude;
/// its value is the exact sum of its components.
@usableFromInline
struct Expansion {
  // Twelve terms at most are added; each can add one component.
  var components: [Double] = []

  @usableFromInline init() { components.reserveCapacity(16) }

  /// Adds `a * b` exactly (two components from a fused multiply-add).
  @usableFromInline mutating func addProduct(_ a: Double, _ b: Double) {
    let p = a * b
    let e = a.multipliedFullPrecisionError(b, p)
    add(e)
    add(p)
  }

  /// Grow-expansion: adds one double exactly, dropping zero components.
  @usableFromInline mutating func add(_ b: Double) {
    var q = b
    var out: [Double] = []
    out.reserveCapacity(components.count + 1)
    for e in components {
      let (sum, err) = Expansion.twoSum(q, e)
      if err != 0 { out.append(err) }
      q = sum
    }
    if q != 0 { out.append(q) }
    components = out
  }

  @usableFromInline static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let x = a + b
    let bVirtual = x - a
    let aVirtual = x - bVirtual
    let bRound = b - bVirtual
    let aRound = a - aVirtual
    return (x, aRound + bRound)
  }

  /// The sign of the exact value: that of the most significant non-zero component.
  @usableFromInline var sign: Int {
    guard let top = components.last else { return 0 }
    return top > 0 ? 1 : (top < 0 ? -1 : 0)
  }
}

extension Double {
  /// The rounding error of `self * other` given its rounded value `product`:
  /// `self * other == product + error` exactly (barring overflow and underflow).
  @usableFromInline func multipliedFullPrecisionError(_ other: Double, _ product: Double) -> Double {
    // fma(a, b, -p) is exact and equals a*b - p.
    (-product).addingProduct(self, other)
  }
}
