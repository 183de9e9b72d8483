public import GeoCore

/// GeoPackage geometry blobs (OGC 12-128r18, section 2.1.3): the `GP` header with the SRS id
/// and an envelope, followed by little-endian WKB.
public enum GeoPackageGeometry {
  /// Encodes a geometry with an `[minx, maxx, miny, maxy]` envelope (none for points).
  public static func encode<C: PlanarCoordinate>(_ g: Geometry<C>, srsID: Int32) -> [UInt8] {
    var out: [UInt8] = [0x47, 0x50, 0]  // "GP", version 0
    let isPoint: Bool
    if case .point = g { isPoint = true } else { isPoint = false }
    let envelope: UInt8 = isPoint ? 0 : 1
    out.append(envelope << 1 | 1)  // flags: envelope type, little-endian
    withUnsafeBytes(of: srsID.littleEndian) { out.append(contentsOf: $0) }
    if !isPoint {
      let b = g.boundingBox
      for v in [b.minFirst, b.maxFirst, b.minSecond, b.maxSecond] {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
      }
    }
    out.append(contentsOf: WKB.encode(g))
    return out
  }

  /// The parts of a blob's header.
  public struct Header: Sendable {
    public var srsID: Int32
    public var isEmpty: Bool
    /// minx, maxx, miny, maxy when the blob carries an envelope.
    public var envelope: (Double, Double, Double, Double)?
    public var wkbOffset: Int
  }

  /// Parses the header. - Throws: ``WKB/DecodeError`` for anything that is not a GeoPackage blob.
  public static func header(_ blob: [UInt8]) throws -> Header {
    guard blob.count >= 8, blob[0] == 0x47, blob[1] == 0x50 else { throw WKB.DecodeError(message: "not a GeoPackage geometry blob") }
    let flags = blob[3]
    let little = flags & 1 == 1
    func u32(_ at: Int) -> UInt32 {
      var v: UInt32 = 0
      for k in 0..<4 { v |= UInt32(blob[at + k]) << (8 * UInt32(k)) }
      return little ? v : v.byteSwapped
    }
    func f64(_ at: Int) -> Double {
      var v: UInt64 = 0
      for k in 0..<8 { v |= UInt64(blob[at + k]) << (8 * UInt64(k)) }
      return Double(bitPattern: little ? v : v.byteSwapped)
    }
    let envelopeKind = (flags >> 1) & 0x7
    let doubles = [0: 0, 1: 4, 2: 6, 3: 6, 4: 8][Int(envelopeKind)] ?? -1
    guard doubles >= 0 else { throw WKB.DecodeError(message: "bad envelope kind \(envelopeKind)") }
    let wkbOffset = 8 + 8 * doubles
    guard blob.count >= wkbOffset else { throw WKB.DecodeError(message: "truncated header") }
    let env = doubles >= 4 ? (f64(8), f64(16), f64(24), f64(32)) : nil
    return Header(srsID: Int32(bitPattern: u32(4)), isEmpty: (flags >> 4) & 1 == 1, envelope: env, wkbOffset: wkbOffset)
  }

  /// Decodes a blob. - Throws: ``WKB/DecodeError``.
  public static func decode<C: PlanarCoordinate>(_ blob: [UInt8], as: C.Type = C.self) throws -> (geometry: Geometry<C>, srsID: Int32) {
    let h = try header(blob)
    return (try WKB.decode(blob[h.wkbOffset...]), h.srsID)
  }
}
