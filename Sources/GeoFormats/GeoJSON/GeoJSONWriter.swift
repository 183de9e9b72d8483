public import GeoCore

/// Writes RFC 7946 GeoJSON: one feature per line, properties in their original order,
/// coordinates in shortest round-trip form (or rounded to `decimals`).
public struct GeoJSONWriter: Sendable {
  /// Round coordinates to this many decimals (7 ≈ 1 cm in degrees); nil keeps full precision.
  public var decimals: Int?
  public init(decimals: Int? = nil) { self.decimals = decimals }

  public func write<C: PlanarCoordinate>(_ collection: FeatureCollection<C>) -> String {
    var out = "{\"type\":\"FeatureCollection\""
    for m in collection.foreignMembers.members {
      out += ","
      JSONWriter.writeString(m.key, to: &out)
      out += ":"
      JSONWriter.write(m.value, to: &out)
    }
    out += ",\"features\":[\n"
    for (k, f) in collection.features.enumerated() {
      if k > 0 { out += ",\n" }
      write(f, to: &out)
    }
    out += "\n]}\n"
    return out
  }

  public func write<C: PlanarCoordinate>(_ feature: Feature<C>, to out: inout String) {
    out += "{\"type\":\"Feature\""
    if let id = feature.id {
      out += ",\"id\":"
      JSONWriter.write(id, to: &out)
    }
    out += ",\"properties\":"
    JSONWriter.write(.object(feature.properties), to: &out)
    out += ",\"geometry\":"
    if let g = feature.geometry { write(g, to: &out) } else { out += "null" }
    out += "}"
  }

  public func write<C: PlanarCoordinate>(_ geometry: Geometry<C>, to out: inout String) {
    out += "{\"type\":\"\(geometry.typeName)\",\"coordinates\":"
    switch geometry {
    case .point(let c): position(c, &out)
    case .multiPoint(let cs): positions(cs, &out)
    case .lineString(let l): positions(l.coordinates, &out)
    case .multiLineString(let ls): list(ls, &out) { positions($0.coordinates, &$1) }
    case .polygon(let p): polygon(p, &out)
    case .multiPolygon(let m): list(m.polygons, &out) { polygon($0, &$1) }
    }
    out += "}"
  }

  public func string<C: PlanarCoordinate>(_ geometry: Geometry<C>) -> String {
    var s = ""
    write(geometry, to: &s)
    return s
  }

  func number(_ v: Double) -> String {
    guard let d = decimals else { return JSONWriter.format(v) }
    var scale = 1.0
    for _ in 0..<d { scale *= 10 }
    return JSONWriter.format((v * scale).rounded() / scale)
  }

  func position<C: PlanarCoordinate>(_ c: C, _ out: inout String) {
    out += "[" + number(c.first) + "," + number(c.second) + "]"
  }

  func positions<C: PlanarCoordinate>(_ cs: [C], _ out: inout String) {
    list(cs, &out) { position($0, &$1) }
  }

  func polygon<C: PlanarCoordinate>(_ p: Polygon<C>, _ out: inout String) {
    list(p.rings, &out) { positions($0.coordinates, &$1) }
  }

  func list<T>(_ items: [T], _ out: inout String, _ body: (T, inout String) -> Void) {
    out += "["
    for (k, item) in items.enumerated() {
      if k > 0 { out += "," }
      body(item, &out)
    }
    out += "]"
  }
}
