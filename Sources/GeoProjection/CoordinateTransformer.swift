internal import CProj
public import GeoCore

/// A PROJ coordinate operation between two CRSs, with axis order fixed to
/// longitude/easting first (PROJ's `proj_normalize_for_visualization`).
///
/// Owns its PROJ context, so one transformer must not be used by two threads at once; use
/// ``copy()`` to get one per thread, or the batch functions of ``MetricProjection``.
/// - Throws: ``ProjectionError/unknownCRS(_:reason:)`` when PROJ cannot resolve either CRS.
public final class CoordinateTransformer {
  public let source: CRS
  public let target: CRS
  private let context: OpaquePointer
  private let operation: OpaquePointer
  /// The one operation PROJ picks for positions inside its area of use (found on first use).
  private var bestOperation: OpaquePointer?
  private var bestArea: (west: Double, south: Double, east: Double, north: Double)?
  private let sourceIsGeographic: Bool

  public init(from source: CRS, to target: CRS) throws {
    self.source = source
    self.target = target
    guard let ctx = proj_context_create() else {
      throw ProjectionError.unknownCRS(source.identifier, reason: "PROJ context could not be created")
    }
    proj_log_level(ctx, PJ_LOG_NONE)
    for crs in [source, target] {
      guard let object = proj_create(ctx, crs.identifier) else {
        let reason = String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx)))
        proj_context_destroy(ctx)
        throw ProjectionError.unknownCRS(crs.identifier, reason: reason)
      }
      proj_destroy(object)
    }
    guard let raw = proj_create_crs_to_crs(ctx, source.identifier, target.identifier, nil) else {
      let reason = String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx)))
      proj_context_destroy(ctx)
      throw ProjectionError.unknownCRS("\(source) → \(target)", reason: reason)
    }
    guard let normalized = proj_normalize_for_visualization(ctx, raw) else {
      proj_destroy(raw)
      proj_context_destroy(ctx)
      throw ProjectionError.unknownCRS("\(source) → \(target)", reason: "axis order cannot be normalised")
    }
    proj_destroy(raw)
    context = ctx
    operation = normalized
    sourceIsGeographic = source.isGeographicWGS84
  }

  deinit {
    if let best = bestOperation { proj_destroy(best) }
    proj_destroy(operation)
    proj_context_destroy(context)
  }

  /// A new, independent transformer for the same two CRSs (for another thread).
  public func copy() throws -> CoordinateTransformer {
    try CoordinateTransformer(from: source, to: target)
  }

  /// Whether a CRS is projected (PROJ says so) and hence in metres for the CRSs buurt uses.
  public static func isProjected(_ crs: CRS) throws -> Bool {
    guard let ctx = proj_context_create() else { return false }
    defer { proj_context_destroy(ctx) }
    proj_log_level(ctx, PJ_LOG_NONE)
    guard let object = proj_create(ctx, crs.identifier) else {
      let reason = String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx)))
      throw ProjectionError.unknownCRS(crs.identifier, reason: reason)
    }
    defer { proj_destroy(object) }
    return proj_get_type(object) == PJ_TYPE_PROJECTED_CRS
  }

  /// Transforms `count` interleaved pairs in place (`pairs[2i]` first axis, `pairs[2i+1]` second).
  ///
  /// When the source is lon/lat and every position lies inside the area of use of the
  /// operation PROJ picks for the first one, the batch runs through that single operation
  /// (PROJ would pick it for each of them anyway; this skips the per-position choice among
  /// candidate operations). Otherwise every position goes through PROJ's full choice.
  /// - Throws: ``ProjectionError/transformFailed(index:reason:)`` naming the first
  ///   position PROJ could not transform.
  public func transformInPlace(_ pairs: UnsafeMutablePointer<Double>, count: Int, indexOffset: Int = 0) throws {
    guard count > 0 else { return }
    let stride = 2 * MemoryLayout<Double>.stride
    var chosen = operation
    if sourceIsGeographic, let single = singleOperation(for: pairs, count: count) { chosen = single }
    proj_errno_reset(chosen)
    _ = proj_trans_generic(
      chosen, PJ_FWD,
      pairs, stride, count,
      pairs + 1, stride, count,
      nil, 0, 0, nil, 0, 0)
    for i in 0..<count where !(pairs[2 * i].isFinite && pairs[2 * i + 1].isFinite) {
      let errno = proj_errno(chosen)
      let reason = errno != 0 ? String(cString: proj_context_errno_string(context, errno)) : "outside the area of the CRS"
      throw ProjectionError.transformFailed(index: indexOffset + i, reason: reason)
    }
  }

  /// The single operation covering every lon/lat position of the batch, or nil.
  private func singleOperation(for pairs: UnsafeMutablePointer<Double>, count: Int) -> OpaquePointer? {
    if bestOperation == nil {
      var c = PJ_COORD()
      c.xy.x = pairs[0]
      c.xy.y = pairs[1]
      _ = proj_trans(operation, PJ_FWD, c)
      guard let used = proj_trans_get_last_used_operation(operation) else { return nil }
      var w = 0.0
      var s = 0.0
      var e = 0.0
      var n = 0.0
      guard proj_get_area_of_use(context, used, &w, &s, &e, &n, nil) != 0, w < e else {
        proj_destroy(used)
        return nil
      }
      bestOperation = used
      bestArea = (w, s, e, n)
    }
    guard let area = bestArea, let best = bestOperation else { return nil }
    for i in 0..<count {
      let lon = pairs[2 * i]
      let lat = pairs[2 * i + 1]
      if !(lon >= area.west && lon <= area.east && lat >= area.south && lat <= area.north) { return nil }
    }
    return best
  }
}
