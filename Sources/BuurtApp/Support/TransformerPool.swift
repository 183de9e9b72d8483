import GeoCore
import GeoProjection

/// PROJ transformers kept between calls, one set per (source, target) pair, so a streamed job
/// creates one per worker thread instead of one per chunk (creating one costs tens of
/// milliseconds of PROJ database queries).
///
/// Thread-safe: a call takes an idle transformer (or makes one), uses it alone and returns it.
final class TransformerPool: @unchecked Sendable {
  private struct Pair: Hashable {
    var source: CRS
    var target: CRS
  }
  private let lock = SpinLock()
  private var idle: [Pair: [CoordinateTransformer]] = [:]

  init() {}

  /// `positions` transformed from `source` to `target`, in order. - Throws: ``ProjectionError``.
  func transform<C: PlanarCoordinate, D: PlanarCoordinate>(_ positions: [C], from source: CRS, to target: CRS) throws -> [D] {
    let pair = Pair(source: source, target: target)
    let transformer = try lock.withLock { idle[pair]?.popLast() } ?? CoordinateTransformer(from: source, to: target)
    defer { lock.withLock { idle[pair, default: []].append(transformer) } }
    var flat = [Double](repeating: 0, count: positions.count * 2)
    for (i, p) in positions.enumerated() {
      flat[2 * i] = p.first
      flat[2 * i + 1] = p.second
    }
    try flat.withUnsafeMutableBufferPointer { b in
      if let base = b.baseAddress { try transformer.transformInPlace(base, count: positions.count) }
    }
    return (0..<positions.count).map { D(first: flat[2 * $0], second: flat[2 * $0 + 1]) }
  }
}
