import CGEOS
public import GeoCore

/// Why GEOS finds a polygon invalid, and where.
public struct Invalidity: Hashable, Sendable {
  /// GEOS's reason, e.g. "Self-intersection", "Hole lies outside shell".
  public var reason: String
  public var location: XY
  /// A stable code for the reason: `self_intersection`, `ring_self_intersection`,
  /// `hole_outside_shell`, `nested_holes`, `disconnected_interior`, `nested_shells`,
  /// `duplicate_rings`, `too_few_points`, `ring_not_closed`, `invalid_coordinate`,
  /// `invalid_polygon` for anything else.
  public var code: String {
    switch reason.lowercased() {
    case "self-intersection": "self_intersection"
    case "ring self-intersection": "ring_self_intersection"
    case "hole lies outside shell": "hole_outside_shell"
    case "holes are nested": "nested_holes"
    case "interior is disconnected": "disconnected_interior"
    case "nested shells": "nested_shells"
    case "duplicate rings": "duplicate_rings"
    case "too few distinct points in geometry component", "too few points in geometry component": "too_few_points"
    case "ring is not closed": "ring_not_closed"
    case "invalid coordinate": "invalid_coordinate"
    default: "invalid_polygon"
    }
  }
}

/// Overlay, validity and polygonising on metric geometries, through GEOS's reentrant C API.
///
/// An `Overlay` owns one GEOS context: use one per thread. Inputs and outputs are GeoCore
/// values; GEOS handles never leave this target.
public final class Overlay {
  let ctx = GEOSContext()

  public init() {}

  /// Nil when `area` is valid in the OGC sense; else GEOS's reason and location.
  /// - Throws: ``OverlayError`` when GEOS cannot even build the geometry.
  public func invalidity(_ area: MultiPolygon<XY>) throws -> Invalidity? {
    let g = try ctx.shape(area)
    var reason: UnsafeMutablePointer<CChar>?
    var location: OpaquePointer?
    let r = GEOSisValidDetail_r(ctx.handle, g.pointer, 0, &reason, &location)
    defer {
      if let reason { GEOSFree_r(ctx.handle, reason) }
      if let location { GEOSGeom_destroy_r(ctx.handle, location) }
    }
    if r == 1 { return nil }
    if r == 2 { throw OverlayError(operation: "validity", message: ctx.lastError) }
    let text = reason.map { String(cString: $0) } ?? "invalid"
    let at = location.flatMap { ctx.firstPoint($0) } ?? area.polygons.first?.exterior.coordinates.first ?? XY(x: 0, y: 0)
    return Invalidity(reason: text, location: at)
  }

  /// A valid area covering the same points (GEOS MakeValid), keeping polygonal parts only.
  public func makeValid(_ area: MultiPolygon<XY>) throws -> MultiPolygon<XY> {
    let g = try ctx.shape(area)
    let v = try ctx.owned(GEOSMakeValid_r(ctx.handle, g.pointer), "make valid")
    return MultiPolygon(ctx.polygons(v.pointer))
  }

  /// The union of all `areas`. A positive `gridSize` (metres) snaps the result to that grid,
  /// so slivers thinner than it vanish (GEOS's fixed-precision overlay).
  public func union(_ areas: [MultiPolygon<XY>], gridSize: Double = 0) throws -> MultiPolygon<XY> {
    let all = MultiPolygon(areas.flatMap(\.polygons))
    guard !all.polygons.isEmpty else { return all }
    let g = try ctx.shape(all)
    let u = try ctx.owned(
      gridSize > 0 ? GEOSUnaryUnionPrec_r(ctx.handle, g.pointer, gridSize) : GEOSUnaryUnion_r(ctx.handle, g.pointer), "union")
    return MultiPolygon(ctx.polygons(u.pointer))
  }

  /// The part of `a` inside `b`.
  public func intersection(_ a: MultiPolygon<XY>, _ b: MultiPolygon<XY>, gridSize: Double = 0) throws -> MultiPolygon<XY> {
    let ga = try ctx.shape(a)
    let gb = try ctx.shape(b)
    let r = try ctx.owned(
      gridSize > 0
        ? GEOSIntersectionPrec_r(ctx.handle, ga.pointer, gb.pointer, gridSize) : GEOSIntersection_r(ctx.handle, ga.pointer, gb.pointer),
      "intersection")
    return MultiPolygon(ctx.polygons(r.pointer))
  }

  /// The part of `a` outside `b`.
  public func difference(_ a: MultiPolygon<XY>, _ b: MultiPolygon<XY>, gridSize: Double = 0) throws -> MultiPolygon<XY> {
    let ga = try ctx.shape(a)
    let gb = try ctx.shape(b)
    let r = try ctx.owned(
      gridSize > 0
        ? GEOSDifferencePrec_r(ctx.handle, ga.pointer, gb.pointer, gridSize) : GEOSDifference_r(ctx.handle, ga.pointer, gb.pointer),
      "difference")
    return MultiPolygon(ctx.polygons(r.pointer))
  }

  /// `area` with every position on a grid of `gridSize` (GEOS snap-rounding: the result stays
  /// valid, unlike rounding each coordinate on its own). The numbers are treated as plain
  /// planar coordinates, so this also serves lon/lat output at 1e-9 degree.
  public func snapped(_ area: MultiPolygon<XY>, gridSize: Double) throws -> MultiPolygon<XY> {
    guard !area.polygons.isEmpty else { return area }
    let g = try ctx.shape(area)
    let r = try ctx.owned(GEOSGeom_setPrecision_r(ctx.handle, g.pointer, gridSize, 0), "snap to grid")
    return MultiPolygon(ctx.polygons(r.pointer))
  }

  /// The parts of `lines` inside `area` (boundary included).
  public func clip(_ lines: [LineString<XY>], to area: MultiPolygon<XY>) throws -> [LineString<XY>] {
    guard !lines.isEmpty, !area.polygons.isEmpty else { return [] }
    let l = try ctx.shape(lines: lines)
    let a = try ctx.shape(area)
    let r = try ctx.owned(GEOSIntersection_r(ctx.handle, l.pointer, a.pointer), "clip")
    return ctx.lines(r.pointer)
  }

  /// A point guaranteed to lie inside `area` (GEOS PointOnSurface); nil for an empty area.
  public func pointOnSurface(_ area: MultiPolygon<XY>) throws -> XY? {
    guard !area.polygons.isEmpty else { return nil }
    let g = try ctx.shape(area)
    let p = try ctx.owned(GEOSPointOnSurface_r(ctx.handle, g.pointer), "point on surface")
    return ctx.firstPoint(p.pointer)
  }

  /// The faces enclosed by `lines` after noding them at every crossing (GEOS Node +
  /// Polygonize). Dangling and unclosed lines enclose nothing and are dropped.
  public func polygonize(_ lines: [LineString<XY>]) throws -> [Polygon<XY>] {
    let g = try ctx.shape(lines: lines)
    let noded = try ctx.owned(GEOSUnaryUnion_r(ctx.handle, g.pointer), "noding")
    var input: OpaquePointer? = noded.pointer
    let faces = try ctx.owned(GEOSPolygonize_r(ctx.handle, &input, 1), "polygonize")
    return ctx.polygons(faces.pointer)
  }

  /// Lengths of the boundary shared by touching areas: for every pair `(i, j)`, `i < j`, whose
  /// common boundary is longer than `minimumLength`, the shared length and the part of it that
  /// lies farther than `barrierWidth` from every `barrier` line.
  public func sharedBoundaries(
    _ areas: [MultiPolygon<XY>], barriers: [LineString<XY>] = [], barrierWidth: Double = 2, minimumLength: Double = 0.5
  ) throws -> [SharedBoundary] {
    let boxes = areas.map { a in BoundingBox(a.polygons.flatMap(\.exterior.coordinates)) }
    var boundaries: [GEOSShape?] = []
    for a in areas {
      if a.polygons.isEmpty {
        boundaries.append(nil)
        continue
      }
      let g = try ctx.shape(a)
      boundaries.append(try ctx.owned(GEOSBoundary_r(ctx.handle, g.pointer), "boundary"))
    }
    var barrierZone: GEOSShape?
    if !barriers.isEmpty {
      let lines = try ctx.shape(lines: barriers)
      barrierZone = try ctx.owned(GEOSBuffer_r(ctx.handle, lines.pointer, barrierWidth, 4), "barrier buffer")
    }
    // Sweep over x so only boxes that overlap are compared.
    let order = areas.indices.sorted { boxes[$0].minFirst < boxes[$1].minFirst }
    var out: [SharedBoundary] = []
    let slack = 0.01
    for (k, i) in order.enumerated() {
      guard let bi = boundaries[i] else { continue }
      var m = k + 1
      while m < order.count, boxes[order[m]].minFirst <= boxes[i].maxFirst + slack {
        let j = order[m]
        m += 1
        guard let bj = boundaries[j], boxes[j].minSecond <= boxes[i].maxSecond + slack, boxes[i].minSecond <= boxes[j].maxSecond + slack
        else { continue }
        let common = try ctx.owned(GEOSIntersection_r(ctx.handle, bi.pointer, bj.pointer), "shared boundary")
        var length = 0.0
        GEOSLength_r(ctx.handle, common.pointer, &length)
        guard length > minimumLength else { continue }
        var open = length
        if let zone = barrierZone {
          let rest = try ctx.owned(GEOSDifference_r(ctx.handle, common.pointer, zone.pointer), "barrier difference")
          GEOSLength_r(ctx.handle, rest.pointer, &open)
        }
        out.append(SharedBoundary(first: min(i, j), second: max(i, j), length: length, lengthOffBarriers: open))
      }
    }
    return out.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
  }

  /// The boundary lines of `area` (its rings as line strings).
  public static func rings(of area: MultiPolygon<XY>) -> [LineString<XY>] {
    area.polygons.flatMap { $0.rings.map { LineString($0.coordinates) } }
  }
}

/// The boundary two areas have in common (see ``Overlay/sharedBoundaries(_:barriers:barrierWidth:minimumLength:)``).
public struct SharedBoundary: Hashable, Sendable {
  public var first: Int
  public var second: Int
  /// Metres of common boundary.
  public var length: Double
  /// Metres of common boundary away from every barrier line.
  public var lengthOffBarriers: Double
}
