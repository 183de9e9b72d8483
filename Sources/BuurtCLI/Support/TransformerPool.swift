import GeoCore
import GeoFormats
import GeoProjection

/// PROJ transformers to the metric CRS kept between calls, so a streamed job creates one per
/// worker thread instead of one per chunk (creating one costs tens of milliseconds of PROJ
/// database queries; ``LayerLoader/metricPoints(_:)`` creates one per call).
///
/// Thread-safe: a call takes an idle transformer (or makes one), uses it alone and returns it.
final class TransformerPool: @unchecked Sendable {
  let metricCRS: CRS
  private let lock = SpinLock()
  private var idle: [CRS: [CoordinateTransformer]] = [:]

  init(metricCRS: CRS) { self.metricCRS = metricCRS }

  /// The positions in the metric CRS, in order (projected from lon/lat, or transformed from
  /// another metric CRS; unchanged when already in it). - Throws: ``ProjectionError``.
  func metricPoints(_ positions: PointPositions) throws -> [XY] {
    switch positions {
    case .lonLat(let ps): return try transform(ps, from: .wgs84)
    case .metric(let ps, let crs): return crs == metricCRS ? ps : try transform(ps, from: crs)
    }
  }

  private func transform<C: PlanarCoordinate>(_ positions: [C], from source: CRS) throws -> [XY] {
    let transformer = try lock.withLock { idle[source]?.popLast() } ?? CoordinateTransformer(from: source, to: metricCRS)
    defer { lock.withLock { idle[source, default: []].append(transformer) } }
    var flat = [Double](repeating: 0, count: positions.count * 2)
    for (i, p) in positions.enumerated() {
      flat[2 * i] = p.first
      flat[2 * i + 1] = p.second
    }
    try flat.withUnsafeMutableBufferPointer { b in
      if let base = b.baseAddress { try transformer.transformInPlace(base, count: positions.count) }
    }
    return (0..<positions.count).map { XY(x: flat[2 * $0], y: flat[2 * $0 + 1]) }
  }
}
