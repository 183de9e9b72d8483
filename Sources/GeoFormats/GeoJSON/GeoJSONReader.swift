public import GeoCore

/// Reads RFC 7946 GeoJSON (FeatureCollection, Feature or a bare geometry) into features.
///
/// Checks every position and ring and names the feature and the place of the first problem:
/// non-numeric, NaN or infinite coordinates; longitude/latitude out of range (with a hint when
/// the numbers are Lambert metres); lat/lon given in swapped order; rings not closed, with
/// fewer than 4 positions, or crossing themselves. Rings may run either way; they are
/// normalised (exterior counter-clockwise, holes clockwise). A legacy `crs` member
/// (`urn:ogc:def:crs:EPSG::31370`) or `options.crs` selects a metric CRS instead of lon/lat.
public struct GeoJSONReader: Sendable {
  public struct Options: Sendable {
    /// The CRS of the coordinates; nil means "EPSG:4326 unless the file's legacy `crs` member says otherwise".
    public var crs: CRS?
    /// Check rings for self-intersection (O(n log n) per ring).
    public var checkSelfIntersection: Bool
    public init(crs: CRS? = nil, checkSelfIntersection: Bool = true) {
      self.crs = crs
      self.checkSelfIntersection = checkSelfIntersection
    }
  }

  public var options: Options
  public init(options: Options = Options()) { self.options = options }

  /// Reads a document, throwing at the first problem. - Throws: ``GeoJSONError``.
  public func read(_ bytes: [UInt8]) throws -> GeoLayer {
    let (layer, problems) = try inspect(bytes, stopAtFirst: true)
    if let first = problems.first { throw first }
    return layer
  }

  public func read(_ text: String) throws -> GeoLayer { try read(Array(text.utf8)) }

  /// Reads a document, skipping features with problems and listing every problem
  /// (for `buurt info`). Only a document that is not JSON, or not GeoJSON at all, throws.
  /// - Throws: ``GeoJSONError``.
  public func inspect(_ bytes: [UInt8], stopAtFirst: Bool = false) throws -> (GeoLayer, [GeoJSONError]) {
    let root: JSONValue
    do { root = try JSONParser.parse(bytes) } catch let e as JSONParser.SyntaxError {
      throw GeoJSONError(message: "not valid JSON: \(e)")
    }
    guard case .object(let top) = root else {
      throw GeoJSONError(message: "the document is \(root.kind), not a GeoJSON object")
    }
    let crs = try options.crs ?? legacyCRS(top) ?? .wgs84
    let type = top["type"]?.stringValue
    var rawFeatures: [JSONObject] = []
    var foreign = JSONObject()
    switch type {
    case "FeatureCollection":
      guard case .array(let items)? = top["features"] else {
        throw GeoJSONError(message: "a FeatureCollection needs a \"features\" array")
      }
      for item in items {
        // A non-object entry becomes a feature without "type", reported in order below.
        if case .object(let o) = item {
          rawFeatures.append(o)
        } else {
          rawFeatures.append(JSONObject([.init(key: "__not_an_object", value: .string(item.kind))]))
        }
      }
      foreign = JSONObject(top.members.filter { !["type", "features", "crs", "bbox"].contains($0.key) })
    case "Feature":
      rawFeatures = [top]
    case let t? where GeoJSONReader.geometryTypes.contains(t):
      rawFeatures = [JSONObject([.init(key: "type", value: .string("Feature")), .init(key: "geometry", value: root)])]
    case let t?:
      throw GeoJSONError(message: "unknown GeoJSON type \"\(t)\"")
    case nil:
      throw GeoJSONError(message: "no \"type\" member: not a GeoJSON object")
    }

    if crs.isGeographicWGS84 {
      let (features, box, found): ([Feature<LonLat>], BoundingBox<LonLat>, [GeoJSONError]) = decodeAll(
        rawFeatures, geographic: true, stopAtFirst: stopAtFirst)
      var problems = found
      if problems.isEmpty || !stopAtFirst, CoordinateSanity.looksSwapped(box) {
        problems.insert(GeoJSONError(message: CoordinateSanity.swappedMessage), at: 0)
      }
      return (.lonLat(FeatureCollection(features, foreignMembers: foreign)), problems)
    } else {
      let (features, box, found): ([Feature<XY>], BoundingBox<XY>, [GeoJSONError]) = decodeAll(
        rawFeatures, geographic: false, stopAtFirst: stopAtFirst)
      var problems = found
      if CoordinateSanity.looksLikeDegrees(box) {
        problems.insert(
          GeoJSONError(message: "coordinates look like lon/lat degrees, not \(crs) metres; drop --crs (GeoJSON is lon/lat by default)"),
          at: 0)
      }
      return (.metric(FeatureCollection(features, foreignMembers: foreign), crs), problems)
    }
  }

  /// Decodes every feature, collecting problems (stopping at the first when asked) and the bounding box.
  func decodeAll<C: PlanarCoordinate>(_ raws: [JSONObject], geographic: Bool, stopAtFirst: Bool) -> (
    [Feature<C>], BoundingBox<C>, [GeoJSONError]
  ) {
    var features: [Feature<C>] = []
    features.reserveCapacity(raws.count)
    var box = BoundingBox<C>.empty
    var problems: [GeoJSONError] = []
    for (k, raw) in raws.enumerated() {
      do {
        let f: Feature<C> = try decodeFeature(raw, index: k, geographic: geographic)
        if let g = f.geometry { box.extend(g.boundingBox) }
        features.append(f)
      } catch let e as GeoJSONError {
        problems.append(e)
        if stopAtFirst { break }
      } catch {
        problems.append(GeoJSONError(feature: k, message: "\(error)"))
        if stopAtFirst { break }
      }
    }
    return (features, box, problems)
  }

  static let geometryTypes: Set<String> = [
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
  ]

  func legacyCRS(_ top: JSONObject) throws -> CRS? {
    guard case .object(let crs)? = top["crs"], case .object(let props)? = crs["properties"],
      let name = props["name"]?.stringValue
    else { return nil }
    // urn:ogc:def:crs:EPSG::31370, urn:ogc:def:crs:OGC:1.3:CRS84, EPSG:31370
    let upper = name.uppercased()
    if upper.hasSuffix("CRS84") { return .wgs84 }
    if upper.contains("EPSG") {
      let code = String(upper.reversed().prefix { $0.isNumber }.reversed())
      if !code.isEmpty { return CRS("EPSG:" + code) }
    }
    throw GeoJSONError(message: "unrecognised \"crs\" member \"\(name)\"; pass --crs EPSG:NNNN")
  }

  func label(_ raw: JSONObject) -> String? {
    if case .object(let p)? = raw["properties"] {
      for key in ["name", "naam", "code", "NAME"] {
        if let v = p[key], v != .null { return "\(key) \(v.plainText)" }
      }
    }
    if let id = raw["id"], id != .null { return "id \(id.plainText)" }
    return nil
  }

  func decodeFeature<C: PlanarCoordinate>(_ raw: JSONObject, index: Int, geographic: Bool) throws -> Feature<C> {
    let lbl = label(raw)
    func fail(_ location: String?, _ message: String) -> GeoJSONError {
      GeoJSONError(feature: index, label: lbl, location: location, message: message)
    }
    if let kind = raw["__not_an_object"]?.stringValue {
      throw fail(nil, "is \(kind), not a Feature object")
    }
    guard raw["type"]?.stringValue == "Feature" else {
      throw fail(
        nil,
        "\"type\" must be \"Feature\", found \(raw["type"].map { $0.plainText.isEmpty ? $0.kind : "\"\($0.plainText)\"" } ?? "nothing")")
    }
    var properties = JSONObject()
    switch raw["properties"] {
    case .object(let o)?: properties = o
    case .null?, nil: break
    case let other?: throw fail("properties", "must be an object or null, not \(other.kind)")
    }
    var geometry: Geometry<C>?
    switch raw["geometry"] {
    case .null?, nil: geometry = nil
    case .object(let g)?:
      var decoder = GeometryDecoder<C>(geographic: geographic, checkSelfIntersection: options.checkSelfIntersection)
      do { geometry = try decoder.decode(g) } catch let e as GeometryDecoder<C>.Problem {
        throw fail(e.location, e.message)
      }
    case let other?: throw fail("geometry", "must be an object or null, not \(other.kind)")
    }
    return Feature(id: raw["id"], geometry: geometry, properties: properties)
  }
}

/// Decodes one geometry object, checking positions and rings.
struct GeometryDecoder<C: PlanarCoordinate> {
  struct Problem: Error {
    var location: String
    var message: String
  }
  let geographic: Bool
  let checkSelfIntersection: Bool

  mutating func decode(_ g: JSONObject) throws -> Geometry<C> {
    guard let type = g["type"]?.stringValue else { throw Problem(location: "geometry", message: "no \"type\"") }
    if type == "GeometryCollection" {
      throw Problem(location: "geometry", message: "GeometryCollection is not supported; use one geometry per feature")
    }
    guard let coordinates = g["coordinates"] else {
      throw Problem(location: "geometry", message: "\(type) has no \"coordinates\"")
    }
    switch type {
    case "Point": return .point(try position(coordinates, "coordinates"))
    case "MultiPoint": return .multiPoint(try positions(coordinates, "coordinates"))
    case "LineString": return .lineString(try lineString(coordinates, "coordinates"))
    case "MultiLineString":
      return .multiLineString(try array(coordinates, "coordinates").enumerated().map { try lineString($1, "coordinates[\($0)]") })
    case "Polygon": return .polygon(try polygon(coordinates, "coordinates", name: "polygon"))
    case "MultiPolygon":
      return .multiPolygon(
        MultiPolygon(
          try array(coordinates, "coordinates").enumerated().map { try polygon($1, "coordinates[\($0)]", name: "polygon \($0)") }))
    default: throw Problem(location: "geometry", message: "unknown geometry type \"\(type)\"")
    }
  }

  func array(_ v: JSONValue, _ path: String) throws -> [JSONValue] {
    guard case .array(let a) = v else { throw Problem(location: path, message: "must be an array, not \(v.kind)") }
    return a
  }

  func position(_ v: JSONValue, _ path: String) throws -> C {
    let a = try array(v, path)
    guard a.count >= 2 else { throw Problem(location: path, message: "a position needs at least 2 numbers, found \(a.count)") }
    var xy = [0.0, 0.0]
    for k in 0..<2 {
      guard case .number(let n) = a[k] else {
        throw Problem(location: "\(path)[\(k)]", message: "coordinate is \(a[k].kind), not a number")
      }
      guard n.isFinite else {
        throw Problem(location: "\(path)[\(k)]", message: n.isNaN ? "coordinate is NaN" : "coordinate is infinite")
      }
      xy[k] = n
    }
    if geographic && (abs(xy[0]) > 180 || abs(xy[1]) > 90) {
      let what = abs(xy[1]) > 90 ? "latitude \(xy[1]) is out of range [-90, 90]" : "longitude \(xy[0]) is out of range [-180, 180]"
      let hint = CoordinateSanity.metricHint(xy[0], xy[1]).map { "; \($0)" } ?? ""
      throw Problem(location: path, message: what + hint)
    }
    return C(first: xy[0], second: xy[1])
  }

  func positions(_ v: JSONValue, _ path: String) throws -> [C] {
    try array(v, path).enumerated().map { try position($1, "\(path)[\($0)]") }
  }

  func lineString(_ v: JSONValue, _ path: String) throws -> LineString<C> {
    let ps = try positions(v, path)
    guard ps.count >= 2 else { throw Problem(location: path, message: "a LineString needs at least 2 positions, found \(ps.count)") }
    return LineString(ps)
  }

  func polygon(_ v: JSONValue, _ path: String, name: String) throws -> Polygon<C> {
    let ringValues = try array(v, path)
    guard !ringValues.isEmpty else { throw Problem(location: path, message: "a polygon needs at least one ring") }
    var rings: [LinearRing<C>] = []
    for (k, rv) in ringValues.enumerated() {
      let ringPlace = "ring \(k) of \(name) (\(path)[\(k)])"
      let ps = try positions(rv, "\(path)[\(k)]")
      guard ps.count >= 4 else {
        throw Problem(location: ringPlace, message: "a ring needs at least 4 positions, found \(ps.count)")
      }
      guard ps.first == ps.last else {
        throw Problem(location: ringPlace, message: "ring is not closed: first position \(ps[0]) differs from last \(ps[ps.count - 1])")
      }
      let ring = LinearRing(ps)
      if checkSelfIntersection, let x = ring.firstSelfIntersection() {
        throw Problem(
          location: ringPlace, message: "ring intersects itself near \(x.location) (segments \(x.segment) and \(x.otherSegment))")
      }
      rings.append(ring)
    }
    return Polygon(exterior: rings[0], holes: Array(rings.dropFirst())).normalized()
  }
}
