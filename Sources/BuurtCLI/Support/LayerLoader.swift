public import GeoCore
public import GeoFormats
public import GeoProjection
public import Grouping

/// Reads layer files and brings them into the metric CRS: the I/O edge between the files a
/// GIS officer has and the pure libraries.
public struct LayerLoader: Sendable {
  public let projection: MetricProjection
  public let threads: Int

  public init(metricCRS: CRS = .belgianLambert72, threads: Int = Parallel.processorCount) throws {
    projection = try MetricProjection(metricCRS: metricCRS)
    self.threads = threads
  }

  /// Reads any GeoJSON file. - Throws: ``FileError``, ``GeoJSONError`` (prefixed with the path).
  public static func readGeoJSON(_ path: String, crs: CRS? = nil) throws -> GeoLayer {
    let bytes = try FileIO.read(path)
    do { return try GeoJSONReader(options: .init(crs: crs)).read(bytes) } catch let e as GeoJSONError {
      throw CLIError("\(path): \(e)")
    }
  }

  /// Any layer's geometries in metres (lon/lat projected; another metric CRS transformed).
  public func metricGeometries(_ layer: GeoLayer) throws -> [Geometry<XY>?] {
    switch layer {
    case .lonLat(let fc):
      return try LayerLoader.transformAll(fc) { try projection.forward($0, threads: threads) }
    case .metric(let fc, let crs):
      if crs == projection.metricCRS { return fc.features.map(\.geometry) }
      return try LayerLoader.transformAll(fc) {
        try MetricProjection.transform($0, from: crs, to: projection.metricCRS, threads: threads) { XY(x: $0, y: $1) }
      }
    }
  }

  /// Transforms every position of a collection in one batch and rebuilds each geometry.
  static func transformAll<C: PlanarCoordinate>(_ fc: FeatureCollection<C>, _ batch: ([C]) throws -> [XY]) throws -> [Geometry<XY>?] {
    let moved = try batch(fc.features.flatMap { $0.geometry?.allCoordinates ?? [] })
    var k = 0
    return fc.features.map { f in
      guard let g = f.geometry else { return nil }
      let n = g.allCoordinates.count
      defer { k += n }
      return g.replacingCoordinates(with: Array(moved[k..<(k + n)]))
    }
  }

  /// Reads a groups layer: every feature must be a (Multi)Polygon with the name property.
  /// - Throws: ``CLIError`` naming the feature that is not an area or lacks the property.
  public func loadGroups(_ path: String, nameProperty: String, crs: CRS? = nil) throws -> GroupSet {
    let layer = try LayerLoader.readGeoJSON(path, crs: crs)
    let geometries = try metricGeometries(layer)
    let properties = layer.properties
    guard !properties.isEmpty else { throw CLIError("\(path): the layer has no features") }
    var names: [String] = []
    var areas: [MultiPolygon<XY>] = []
    for (k, g) in geometries.enumerated() {
      guard let value = properties[k][nameProperty], value != .null else {
        let available = properties[k].keys.joined(separator: ", ")
        throw CLIError("\(path): feature \(k) has no property \"\(nameProperty)\" (it has: \(available.isEmpty ? "none" : available)); choose one with --name-property")
      }
      guard let area = g?.areal else {
        throw CLIError("\(path): feature \(k) (\(nameProperty) \(value.plainText)) is \(g?.typeName ?? "without geometry"); groups must be Polygons or MultiPolygons")
      }
      names.append(value.plainText)
      areas.append(area)
    }
    return GroupSet(names: names, areas: areas)
  }

  /// Points in metres from lon/lat or another CRS.
  public func metricPoints(_ positions: PointPositions) throws -> [XY] {
    switch positions {
    case .lonLat(let p): return try projection.forward(p, threads: threads)
    case .metric(let p, let crs):
      if crs == projection.metricCRS { return p }
      return try MetricProjection.transform(p, from: crs, to: projection.metricCRS, threads: threads) { XY(x: $0, y: $1) }
    }
  }
}
