public import GeoCore
public import GeoFormats
public import Grouping

/// A groups layer: (Multi)Polygon features, each a group named by one of its properties (the
/// `--name-property`, "name" by default). The one place that turns a property into a group's
/// name and a layer into groups: the CLI's commands, the planning checks and the server's
/// boundary-set routes all go through it.
public enum GroupLayer {
  /// The group name a feature's `property` gives: its value as text (a number as written, so
  /// code 71034 names group "71034"); nil when the feature lacks the property or it is null.
  public static func name(in properties: JSONObject, property: String) -> String? {
    guard let value = properties[property], value != .null else { return nil }
    return value.plainText
  }

  /// Reads a groups layer file as drawn (no projection, no PROJ).
  /// - Throws: ``AppError`` naming the file and the feature that is not an area or lacks the property.
  public static func read(_ path: String, nameProperty: String, crs: CRS? = nil) throws -> DrawnGroups {
    do { return try drawn(try LayerLoader.readGeoJSON(path, crs: crs), nameProperty: nameProperty) } catch let e as AppError
      where !e.message.hasPrefix(path)
    {
      throw e.prefixed("\(path): ")
    }
  }

  /// Reads a groups layer file with its areas in metres (see ``LayerLoader/groupSet(_:)``):
  /// placement stays in the layer's own coordinates.
  public static func load(_ path: String, nameProperty: String, crs: CRS? = nil, loader: LayerLoader) throws -> GroupSet {
    try loader.groupSet(try read(path, nameProperty: nameProperty, crs: crs))
  }

  /// A layer's features as groups as drawn.
  /// - Throws: ``AppError`` naming the feature that is not an area or lacks the property.
  public static func drawn(_ layer: GeoLayer, nameProperty: String) throws -> DrawnGroups {
    guard !layer.properties.isEmpty else { throw AppError.invalidInput("the layer has no features") }
    func areas<C>(_ fc: FeatureCollection<C>) throws -> (names: [String], areas: [MultiPolygon<C>]) {
      var names: [String] = []
      var areas: [MultiPolygon<C>] = []
      for (k, f) in fc.features.enumerated() {
        guard let name = name(in: f.properties, property: nameProperty) else {
          let available = f.properties.keys.joined(separator: ", ")
          throw AppError.invalidInput(
            "feature \(k) has no property \"\(nameProperty)\" (it has: \(available.isEmpty ? "none" : available)); choose one with --name-property"
          )
        }
        guard let area = f.geometry?.areal else {
          throw AppError.invalidInput(
            "feature \(k) (\(nameProperty) \(name)) is \(f.geometry?.typeName ?? "without geometry"); groups must be Polygons or MultiPolygons"
          )
        }
        names.append(name)
        areas.append(area)
      }
      return (names, areas)
    }
    switch layer {
    case .lonLat(let fc):
      let (names, a) = try areas(fc)
      return DrawnGroups(names: names, areas: .lonLat(a))
    case .metric(let fc, let crs):
      let (names, a) = try areas(fc)
      return DrawnGroups(names: names, areas: .projected(a, crs))
    }
  }
}
