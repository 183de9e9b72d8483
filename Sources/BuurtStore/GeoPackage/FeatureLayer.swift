public import GeoCore
public import GeoFormats

/// A layer to write into the store: a name, typed attribute columns and rows.
public struct FeatureLayer: Sendable {
  public enum ColumnType: String, Sendable {
    case text = "TEXT"
    case real = "REAL"
    case integer = "INTEGER"
  }

  public var name: String
  /// GeoPackage geometry type name: POINT, LINESTRING, POLYGON, MULTIPOLYGON, GEOMETRY, …
  public var geometryType: String
  public var columns: [(name: String, type: ColumnType)]
  public var count: Int
  /// Row `i`: attribute values in column order (nil for NULL) and the geometry in the layer's CRS.
  public var row: @Sendable (Int) -> (values: [JSONValue], geometry: Geometry<XY>?)
  public var bounds: BoundingBox<XY>
  /// The layer's CRS (`gpkg_spatial_ref_sys.srs_id`): 31370 (metres, `x` east) by default, 4326 for
  /// lon/lat (`x` is then the longitude). Geometries are written as given, never transformed.
  public var srsID: Int32

  public init(
    name: String, geometryType: String, columns: [(name: String, type: ColumnType)], count: Int, bounds: BoundingBox<XY>,
    srsID: Int32 = Store.srsID, row: @escaping @Sendable (Int) -> (values: [JSONValue], geometry: Geometry<XY>?)
  ) {
    self.srsID = srsID
    self.name = name
    self.geometryType = geometryType
    self.columns = columns
    self.count = count
    self.bounds = bounds
    self.row = row
  }

  /// A layer from features: columns from the union of property names, typed by their values.
  public static func from(name: String, features: [Feature<XY>], geometries: [Geometry<XY>?]) -> FeatureLayer {
    var keys: [String] = []
    var seen = Set<String>()
    for f in features { for k in f.properties.keys where seen.insert(k).inserted { keys.append(k) } }
    let columns: [(name: String, type: ColumnType)] = keys.map { key in
      var allInt = true
      var allNumber = true
      var any = false
      for f in features {
        guard let v = f.properties[key], v != .null else { continue }
        any = true
        if case .number(let n) = v {
          if n != n.rounded() || abs(n) > 9e15 { allInt = false }
        } else {
          allInt = false
          allNumber = false
        }
      }
      return (key, !any ? .text : (allInt ? .integer : (allNumber ? .real : .text)))
    }
    var types = Set<String>()
    var box = BoundingBox<XY>.empty
    for g in geometries.compactMap({ $0 }) {
      types.insert(g.typeName.uppercased())
      box.extend(g.boundingBox)
    }
    let type =
      types.count == 1
      ? types.first!
      : (types == ["POLYGON", "MULTIPOLYGON"]
        ? "MULTIPOLYGON" : (types == ["LINESTRING", "MULTILINESTRING"] ? "MULTILINESTRING" : "GEOMETRY"))
    let props = features.map(\.properties)
    let columnNames = keys
    return FeatureLayer(name: name, geometryType: type, columns: columns, count: features.count, bounds: box) { i in
      var g = geometries[i]
      // Homogeneous layers for GIS tools: promote single parts when the layer mixes them.
      if type == "MULTIPOLYGON", case .polygon(let p)? = g { g = .multiPolygon(MultiPolygon([p])) }
      if type == "MULTILINESTRING", case .lineString(let l)? = g { g = .multiLineString([l]) }
      return (columnNames.map { props[i][$0] ?? .null }, g)
    }
  }
}
