public import GeoCore

/// Well-Known Binary (ISO/OGC simple features, 2D) for the six RFC 7946 geometry types.
/// Written little-endian; read in either byte order.
public enum WKB {
  public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "WKB: \(message)" }
  }

  public static func encode<C: PlanarCoordinate>(_ g: Geometry<C>) -> [UInt8] {
    var w = Writer()
    w.geometry(g)
    return w.bytes
  }

  /// - Throws: ``DecodeError`` for truncated or unknown content.
  public static func decode<C: PlanarCoordinate>(_ bytes: ArraySlice<UInt8>, as: C.Type = C.self) throws -> Geometry<C> {
    var r = Reader(bytes: bytes, offset: bytes.startIndex)
    return try r.geometry()
  }

  struct Writer {
    var bytes: [UInt8] = []
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func header(_ type: UInt32) {
      u8(1)
      u32(type)
    }
    mutating func points<C: PlanarCoordinate>(_ cs: [C]) {
      u32(UInt32(cs.count))
      for c in cs {
        f64(c.first)
        f64(c.second)
      }
    }
    mutating func polygon<C: PlanarCoordinate>(_ p: Polygon<C>) {
      header(3)
      u32(UInt32(p.rings.count))
      for r in p.rings { points(r.coordinates) }
    }
    mutating func geometry<C: PlanarCoordinate>(_ g: Geometry<C>) {
      switch g {
      case .point(let c):
        header(1)
        f64(c.first)
        f64(c.second)
      case .lineString(let l):
        header(2)
        points(l.coordinates)
      case .polygon(let p): polygon(p)
      case .multiPoint(let cs):
        header(4)
        u32(UInt32(cs.count))
        for c in cs { geometry(Geometry<C>.point(c)) }
      case .multiLineString(let ls):
        header(5)
        u32(UInt32(ls.count))
        for l in ls { geometry(Geometry<C>.lineString(l)) }
      case .multiPolygon(let m):
        header(6)
        u32(UInt32(m.polygons.count))
        for p in m.polygons { polygon(p) }
      }
    }
  }

  struct Reader {
    let bytes: ArraySlice<UInt8>
    var offset: Int
    var little = true

    mutating func need(_ n: Int) throws {
      guard offset + n <= bytes.endIndex else { throw DecodeError(message: "truncated at byte \(offset - bytes.startIndex)") }
    }
    mutating func u8() throws -> UInt8 {
      try need(1)
      defer { offset += 1 }
      return bytes[offset]
    }
    mutating func u32() throws -> UInt32 {
      try need(4)
      var v: UInt32 = 0
      for k in 0..<4 { v |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
      offset += 4
      return little ? v : v.byteSwapped
    }
    mutating func f64() throws -> Double {
      try need(8)
      var v: UInt64 = 0
      for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
      offset += 8
      return Double(bitPattern: little ? v : v.byteSwapped)
    }
    mutating func count() throws -> Int {
      let n = Int(try u32())
      guard n <= (bytes.endIndex - offset) else { throw DecodeError(message: "count \(n) exceeds the data") }
      return n
    }
    mutating func coordinates<C: PlanarCoordinate>() throws -> [C] {
      let n = try count()
      var out: [C] = []
      out.reserveCapacity(n)
      for _ in 0..<n { out.append(C(first: try f64(), second: try f64())) }
      return out
    }
    mutating func polygonBody<C: PlanarCoordinate>() throws -> Polygon<C> {
      let n = try count()
      guard n >= 1 else { throw DecodeError(message: "polygon without rings") }
      var rings: [LinearRing<C>] = []
      for _ in 0..<n { rings.append(LinearRing(try coordinates())) }
      return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }
    mutating func geometry<C: PlanarCoordinate>() throws -> Geometry<C> {
      let order = try u8()
      guard order <= 1 else { throw DecodeError(message: "bad byte order \(order)") }
      little = order == 1
      let type = try u32() % 1000  // ISO Z/M variants share the base type
      switch type {
      case 1: return .point(C(first: try f64(), second: try f64()))
      case 2: return .lineString(LineString(try coordinates()))
      case 3: return .polygon(try polygonBody())
      case 4:
        let n = try count()
        var ps: [C] = []
        for _ in 0..<n {
          guard case .point(let p) = try geometry() as Geometry<C> else { throw DecodeError(message: "MultiPoint member is not a Point") }
          ps.append(p)
        }
        return .multiPoint(ps)
      case 5:
        let n = try count()
        var ls: [LineString<C>] = []
        for _ in 0..<n {
          guard case .lineString(let l) = try geometry() as Geometry<C> else {
            throw DecodeError(message: "MultiLineString member is not a LineString")
          }
          ls.append(l)
        }
        return .multiLineString(ls)
      case 6:
        let n = try count()
        var ps: [Polygon<C>] = []
        for _ in 0..<n {
          guard case .polygon(let p) = try geometry() as Geometry<C> else {
            throw DecodeError(message: "MultiPolygon member is not a Polygon")
          }
          ps.append(p)
        }
        return .multiPolygon(MultiPolygon(ps))
      default: throw DecodeError(message: "unsupported geometry type \(type)")
      }
    }
  }
}
