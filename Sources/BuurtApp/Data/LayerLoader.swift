public import BuurtStore
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
      throw AppError.invalidInput("\(path): \(e)")
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

  /// The groups with their areas in metres, placement in their own coordinates.
  public func groupSet(_ drawn: DrawnGroups) throws -> GroupSet {
    switch drawn.areas {
    case .lonLat(let areas):
      let metric = try LayerLoader.transformAreas(areas) { try projection.forward($0, threads: threads) }
      return GroupSet(names: drawn.names, lonLatAreas: areas, metricAreas: metric)
    case .projected(let areas, let crs):
      if crs == projection.metricCRS { return GroupSet(names: drawn.names, areas: areas) }
      let metric = try LayerLoader.transformAreas(areas) {
        try MetricProjection.transform($0, from: crs, to: projection.metricCRS, threads: threads) { XY(x: $0, y: $1) }
      }
      return GroupSet(names: drawn.names, areas: metric)
    }
  }

  /// The group (-1 outside) of points known in metres of the metric CRS (stored members and
  /// addresses), placed in the groups' own coordinates: for groups drawn in lon/lat the points
  /// are unprojected first (rounded to 1e-7°, the precision of the register's lon/lat).
  public func place(metric positions: [XY], in groups: GroupSet) throws -> [Int32] {
    guard groups.isDrawnInLonLat else { return groups.placement.assign(positions, threads: threads) }
    let lonLat = try projection.inverse(positions, threads: threads).map(\.roundedTo7Decimals)
    return groups.placement.assign(lonLat, threads: threads)
  }

  /// Group `k`'s area in lon/lat: as drawn when it was drawn in lon/lat, else unprojected.
  public func lonLatGeometry(of groups: GroupSet, _ k: Int) throws -> Geometry<LonLat> {
    if let drawn = groups.lonLatAreas { return .multiPolygon(drawn[k]) }
    return try projection.inverse(Geometry<XY>.multiPolygon(groups.areas[k]))
  }

  /// Published groups as a group set (placement in the coordinates they were stored in).
  public func groupSet(names: [String], stored: GroupAreas) throws -> GroupSet {
    switch stored {
    case .lonLat(let a): try groupSet(DrawnGroups(names: names, areas: .lonLat(a)))
    case .lambert72(let a): try groupSet(DrawnGroups(names: names, areas: .projected(a, .belgianLambert72)))
    }
  }

  /// Transforms every position of a list of areas in one batch and rebuilds each area.
  static func transformAreas<C: PlanarCoordinate>(_ areas: [MultiPolygon<C>], _ batch: ([C]) throws -> [XY]) throws -> [MultiPolygon<XY>] {
    let moved = try batch(areas.flatMap { Geometry<C>.multiPolygon($0).allCoordinates })
    var k = 0
    return areas.map { area in
      let g = Geometry<C>.multiPolygon(area)
      let n = g.allCoordinates.count
      defer { k += n }
      return g.replacingCoordinates(with: Array(moved[k..<(k + n)])).areal ?? MultiPolygon([])
    }
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
