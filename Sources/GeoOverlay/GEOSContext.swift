import CGEOS
import GeoCore

/// What GEOS reported when an operation failed (usually a topology exception on invalid input).
public struct OverlayError: Error, Sendable, CustomStringConvertible {
  public var operation: String
  public var message: String
  public var description: String { "\(operation) failed in GEOS: \(message)" }
}

/// One reentrant GEOS context (`GEOS_init_r`), with its last error message. Not thread-safe:
/// each ``Overlay`` owns one and is used from one thread at a time.
final class GEOSContext {
  let handle: GEOSContextHandle_t
  var lastError = ""

  init() {
    handle = GEOS_init_r()
    GEOSContext_setErrorMessageHandler_r(
      handle,
      { message, userdata in
        guard let message, let userdata else { return }
        Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
      }, Unmanaged.passUnretained(self).toOpaque())
  }

  deinit { GEOS_finish_r(handle) }

  /// Wraps an owned result pointer, or throws the context's last error when it is NULL.
  func owned(_ pointer: OpaquePointer?, _ operation: String) throws -> GEOSShape {
    guard let pointer else { throw OverlayError(operation: operation, message: lastError.isEmpty ? "no result" : lastError) }
    return GEOSShape(pointer, context: self)
  }
}

/// An owned GEOS geometry, destroyed with its context's handle.
final class GEOSShape {
  let pointer: OpaquePointer
  let context: GEOSContext
  init(_ pointer: OpaquePointer, context: GEOSContext) {
    self.pointer = pointer
    self.context = context
  }
  deinit { GEOSGeom_destroy_r(context.handle, pointer) }
}

// MARK: - Conversion between GeoCore values and GEOS geometries

extension GEOSContext {
  func sequence(_ points: [XY]) throws -> OpaquePointer {
    let seq = points.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: Double.self) { doubles in
        GEOSCoordSeq_copyFromBuffer_r(handle, doubles.baseAddress, UInt32(points.count), 0, 0)
      }
    }
    guard let seq else { throw OverlayError(operation: "coordinate sequence", message: lastError) }
    return seq
  }

  func ringPointer(_ ring: LinearRing<XY>) throws -> OpaquePointer {
    guard let r = GEOSGeom_createLinearRing_r(handle, try sequence(ring.coordinates)) else {
      throw OverlayError(operation: "linear ring", message: lastError)
    }
    return r
  }

  func polygonPointer(_ polygon: Polygon<XY>) throws -> OpaquePointer {
    let shell = try ringPointer(polygon.exterior)
    var holes: [OpaquePointer?] = []
    for h in polygon.holes { holes.append(try ringPointer(h)) }
    let p = holes.withUnsafeMutableBufferPointer { GEOSGeom_createPolygon_r(handle, shell, $0.baseAddress, UInt32($0.count)) }
    guard let p else { throw OverlayError(operation: "polygon", message: lastError) }
    return p
  }

  func shape(_ polygon: Polygon<XY>) throws -> GEOSShape { GEOSShape(try polygonPointer(polygon), context: self) }

  func shape(_ area: MultiPolygon<XY>) throws -> GEOSShape {
    if area.polygons.count == 1 { return try shape(area.polygons[0]) }
    var parts: [OpaquePointer?] = []
    for p in area.polygons { parts.append(try polygonPointer(p)) }
    let m = parts.withUnsafeMutableBufferPointer {
      GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTIPOLYGON.rawValue), $0.baseAddress, UInt32($0.count))
    }
    return try owned(m, "multipolygon")
  }

  func shape(lines: [LineString<XY>]) throws -> GEOSShape {
    var parts: [OpaquePointer?] = []
    for l in lines where l.coordinates.count >= 2 {
      guard let g = GEOSGeom_createLineString_r(handle, try sequence(l.coordinates)) else {
        throw OverlayError(operation: "line", message: lastError)
      }
      parts.append(g)
    }
    let m = parts.withUnsafeMutableBufferPointer {
      GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTILINESTRING.rawValue), $0.baseAddress, UInt32($0.count))
    }
    return try owned(m, "multilinestring")
  }

  func shape(points: [XY]) throws -> GEOSShape {
    var parts: [OpaquePointer?] = []
    for p in points {
      guard let g = GEOSGeom_createPointFromXY_r(handle, p.x, p.y) else { throw OverlayError(operation: "point", message: lastError) }
      parts.append(g)
    }
    let m = parts.withUnsafeMutableBufferPointer {
      GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTIPOINT.rawValue), $0.baseAddress, UInt32($0.count))
    }
    return try owned(m, "multipoint")
  }

  func coordinates(_ g: OpaquePointer) -> [XY] {
    guard let seq = GEOSGeom_getCoordSeq_r(handle, g) else { return [] }
    var size: UInt32 = 0
    GEOSCoordSeq_getSize_r(handle, seq, &size)
    var out = [XY](repeating: XY(x: 0, y: 0), count: Int(size))
    out.withUnsafeMutableBufferPointer { buffer in
      buffer.withMemoryRebound(to: Double.self) { doubles in
        _ = GEOSCoordSeq_copyToBuffer_r(handle, seq, doubles.baseAddress, 0, 0)
      }
    }
    return out
  }

  func polygonValue(_ g: OpaquePointer) -> Polygon<XY> {
    let shell = LinearRing(coordinates(GEOSGetExteriorRing_r(handle, g)))
    let n = GEOSGetNumInteriorRings_r(handle, g)
    var holes: [LinearRing<XY>] = []
    if n > 0 { for k in 0..<n { holes.append(LinearRing(coordinates(GEOSGetInteriorRingN_r(handle, g, k)))) } }
    return Polygon(exterior: shell, holes: holes)
  }

  /// Every non-empty polygon inside `g` (a polygon, a multipolygon or a collection).
  func polygons(_ g: OpaquePointer) -> [Polygon<XY>] {
    let type = GEOSGeomTypeId_r(handle, g)
    if type == Int32(GEOS_POLYGON.rawValue) {
      return GEOSisEmpty_r(handle, g) == 1 ? [] : [polygonValue(g)]
    }
    if type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
      let n = GEOSGetNumGeometries_r(handle, g)
      var out: [Polygon<XY>] = []
      if n > 0 { for k in 0..<n { if let part = GEOSGetGeometryN_r(handle, g, k) { out += polygons(part) } } }
      return out
    }
    return []
  }

  /// Every non-empty line string inside `g`.
  func lines(_ g: OpaquePointer) -> [LineString<XY>] {
    let type = GEOSGeomTypeId_r(handle, g)
    if type == Int32(GEOS_LINESTRING.rawValue) || type == Int32(GEOS_LINEARRING.rawValue) {
      return GEOSisEmpty_r(handle, g) == 1 ? [] : [LineString(coordinates(g))]
    }
    if type == Int32(GEOS_MULTILINESTRING.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
      let n = GEOSGetNumGeometries_r(handle, g)
      var out: [LineString<XY>] = []
      if n > 0 { for k in 0..<n { if let part = GEOSGetGeometryN_r(handle, g, k) { out += lines(part) } } }
      return out
    }
    return []
  }

  func firstPoint(_ g: OpaquePointer) -> XY? {
    let type = GEOSGeomTypeId_r(handle, g)
    if type == Int32(GEOS_POINT.rawValue) {
      guard GEOSisEmpty_r(handle, g) == 0 else { return nil }
      var x = 0.0
      var y = 0.0
      GEOSGeomGetX_r(handle, g, &x)
      GEOSGeomGetY_r(handle, g, &y)
      return XY(x: x, y: y)
    }
    if GEOSGetNumGeometries_r(handle, g) > 0, let part = GEOSGetGeometryN_r(handle, g, 0), part != g { return firstPoint(part) }
    return nil
  }
}
