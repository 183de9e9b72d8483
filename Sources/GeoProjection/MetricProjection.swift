public import GeoCore

/// The projection between WGS84 lon/lat (EPSG:4326) and one metric CRS
/// (EPSG:31370 by default), for single positions, whole geometries and large batches.
///
/// Batches are split over threads, each with its own PROJ transformer. Immutable and
/// `Sendable`: every call makes the PROJ objects it needs.
public struct MetricProjection: Sendable {
  public let metricCRS: CRS

  /// - Throws: ``ProjectionError/unknownCRS(_:reason:)``, ``ProjectionError/notMetric(_:)``.
  public init(metricCRS: CRS = .belgianLambert72) throws {
    guard try CoordinateTransformer.isProjected(metricCRS) else { throw ProjectionError.notMetric(metricCRS) }
    _ = try CoordinateTransformer(from: .wgs84, to: metricCRS)
    self.metricCRS = metricCRS
  }

  /// Projects lon/lat positions to metres, in order. - Throws: ``ProjectionError``.
  public func forward(_ positions: [LonLat], threads: Int = 1) throws -> [XY] {
    try Self.transform(positions, from: .wgs84, to: metricCRS, threads: threads) { XY(x: $0, y: $1) }
  }

  /// Unprojects metres to lon/lat, in order. - Throws: ``ProjectionError``.
  public func inverse(_ positions: [XY], threads: Int = 1) throws -> [LonLat] {
    try Self.transform(positions, from: metricCRS, to: .wgs84, threads: threads) { LonLat(lon: $0, lat: $1) }
  }

  public func forward(_ p: LonLat) throws -> XY { try forward([p])[0] }
  public func inverse(_ p: XY) throws -> LonLat { try inverse([p])[0] }

  /// Projects a whole geometry. - Throws: ``ProjectionError``.
  public func forward(_ geometry: Geometry<LonLat>) throws -> Geometry<XY> {
    geometry.replacingCoordinates(with: try forward(geometry.allCoordinates))
  }

  public func inverse(_ geometry: Geometry<XY>) throws -> Geometry<LonLat> {
    geometry.replacingCoordinates(with: try inverse(geometry.allCoordinates))
  }

  /// Transforms positions between any two CRSs PROJ knows, in batches over `threads` threads.
  public static func transform<A: PlanarCoordinate, B: PlanarCoordinate>(
    _ positions: [A], from source: CRS, to target: CRS, threads: Int = 1,
    make: (Double, Double) -> B
  ) throws -> [B] {
    var flat = [Double](repeating: 0, count: positions.count * 2)
    for (i, p) in positions.enumerated() {
      flat[2 * i] = p.first
      flat[2 * i + 1] = p.second
    }
    try transformInterleaved(&flat, from: source, to: target, threads: threads)
    var out: [B] = []
    out.reserveCapacity(positions.count)
    for i in 0..<positions.count { out.append(make(flat[2 * i], flat[2 * i + 1])) }
    return out
  }

  /// Transforms interleaved pairs in place, split over `threads` threads.
  public static func transformInterleaved(_ flat: inout [Double], from source: CRS, to target: CRS, threads: Int = 1) throws {
    let count = flat.count / 2
    guard count > 0 else { return }
    let first = try CoordinateTransformer(from: source, to: target)
    let parts = max(1, min(threads, count / 50_000 + 1))
    if parts == 1 {
      try flat.withUnsafeMutableBufferPointer { try first.transformInPlace($0.baseAddress!, count: count) }
      return
    }
    var transformers = [first]
    for _ in 1..<parts { transformers.append(try first.copy()) }
    let chunk = (count + parts - 1) / parts
    let errors = ErrorBox()
    nonisolated(unsafe) let boxes = transformers
    flat.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let base = buffer.baseAddress!
      Parallel.forEachChunk(count: parts, threads: parts, minimumChunk: 1) { range in
        for part in range {
          let lo = part * chunk
          let n = min(count, lo + chunk) - lo
          guard n > 0 else { continue }
          do { try boxes[part].transformInPlace(base + 2 * lo, count: n, indexOffset: lo) } catch { errors.record(error) }
        }
      }
    }
    if let error = errors.first { throw error }
  }
}

/// Collects the error with the lowest position from parallel work.
final class ErrorBox: @unchecked Sendable {
  private var errors: [Error] = []
  private let lock = SpinLock()
  func record(_ e: Error) { lock.withLock { errors.append(e) } }
  var first: Error? {
    lock.withLock {
      errors.min { a, b in
        if case .transformFailed(let i, _) = a as? ProjectionError, case .transformFailed(let j, _) = b as? ProjectionError { return i < j }
        return false
      }
    }
  }
}
