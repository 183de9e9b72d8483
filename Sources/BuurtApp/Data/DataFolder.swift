public import Addressing
public import BuurtStore
public import GeoCore
import GeoFormats
import GeoProjection
public import Grouping

/// A data folder (layout in GeoData/README.md) loaded for resolution: the address register,
/// street lines, locality names and the groups.
public struct DataFolder: Sendable {
  public let path: String
  public let resolver: AddressResolver
  public private(set) var groups: GroupSet?
  public private(set) var proximity: BoundaryProximity?
  /// The published version the groups are, when they come from a store's published sets.
  public private(set) var groupsVersion: Int?
  public let loader: LayerLoader
  /// The municipality outline (the boundary layer), when the data has one.
  public let municipality: MultiPolygon<XY>?

  /// Loads `path`; groups come from `groupsPath` (with `nameProperty`), else the folder's
  /// `groups.geojson`, else its `wijken.geojson` (property `name`).
  /// - Throws: ``AppError`` naming the missing or broken file.
  public init(path: String, groupsPath: String? = nil, nameProperty: String = "name", loader: LayerLoader, progress: Progress) throws {
    if !FileIO.isDirectory(path) && FileIO.exists(path) {
      self = try DataFolder(
        store: try Store.forReading(path: path), groupsPath: groupsPath, nameProperty: nameProperty, loader: loader, progress: progress)
    } else {
      self = try DataFolder(folder: path, groupsPath: groupsPath, nameProperty: nameProperty, loader: loader, progress: progress)
    }
  }

  init(folder path: String, groupsPath: String?, nameProperty: String, loader: LayerLoader, progress: Progress) throws {
    self.path = path
    self.loader = loader
    guard FileIO.isDirectory(path) else {
      throw AppError.notFound("\(path): not a data folder or a store (see GeoData/README.md for the layout)")
    }
    let addressFile = ["addresses.csv", "addresses.csv.gz"].map { path + "/" + $0 }.first(where: FileIO.exists)
    guard let addressFile else { throw AppError.notFound("\(path): no addresses.csv or addresses.csv.gz in the data folder") }

    func optionalLayer(_ name: String) throws -> GeoLayer? {
      let file = path + "/" + name
      return FileIO.exists(file) ? try LayerLoader.readGeoJSON(file) : nil
    }
    func namedAreas(_ layer: GeoLayer?) throws -> [(name: String, area: MultiPolygon<XY>)] {
      guard let layer else { return [] }
      let geometries = try loader.metricGeometries(layer)
      return zip(layer.properties, geometries).compactMap { props, g in
        guard let name = props["name"]?.stringValue, let area = g?.areal else { return nil }
        return (name, area)
      }
    }
    municipality = try optionalLayer("boundary.geojson").flatMap { layer in
      MunicipalityOutline.of(try loader.metricGeometries(layer).compactMap { $0?.areal })
    }
    let localityLayers = try progress.step("reading locality layers") {
      // gemeenten: the current municipality names ("Nazareth-De Pinte"), which the register's own may predate.
      try ["deelgemeenten.geojson", "wijken.geojson", "kernen.geojson", "gemeenten.geojson"].map { try namedAreas(try optionalLayer($0)) }
        .filter { !$0.isEmpty }
    }
    let rows = try progress.step("reading \(addressFile)") { try DataFolder.readAddresses(addressFile, loader: loader) }
    let register = progress.step("indexing \(Format.count(rows.count)) addresses") {
      AddressRegister(rows: rows, localityLayers: localityLayers)
    }
    var lines: [(name: String, line: LineString<XY>)] = []
    if let streets = try optionalLayer("streets.geojson") {
      let geometries = try loader.metricGeometries(streets)
      for (props, g) in zip(streets.properties, geometries) {
        guard let name = props["name"]?.stringValue, let g else { continue }
        switch g {
        case .lineString(let l): lines.append((name, l))
        case .multiLineString(let ls): for l in ls { lines.append((name, l)) }
        default: break
        }
      }
    }
    resolver = AddressResolver(register: register, streetLines: lines)

    let groupsFile = groupsPath ?? ["groups.geojson", "wijken.geojson"].map { path + "/" + $0 }.first(where: FileIO.exists)
    if let groupsFile {
      let g = try GroupLayer.load(groupsFile, nameProperty: groupsPath == nil ? "name" : nameProperty, loader: loader)
      groups = g
      proximity = BoundaryProximity(areas: g.areas, threshold: 5)
    } else {
      groups = nil
      proximity = nil
    }
  }

  /// A store as the data: its addresses, streets and locality layers, and the newest published
  /// groups (else its `wijken` layer).
  public init(store: Store, groupsPath: String? = nil, nameProperty: String = "name", loader: LayerLoader, progress: Progress) throws {
    path = store.path
    self.loader = loader
    func namedAreas(_ layer: String) throws -> [(name: String, area: MultiPolygon<XY>)] {
      guard try store.hasLayer(layer) else { return [] }
      return try store.features(of: layer).compactMap { f in
        guard let name = f.properties["name"]?.stringValue, let area = f.geometry?.areal else { return nil }
        return (name, area)
      }
    }
    municipality = try MunicipalityOutline.of(store: store)
    let localityLayers = try ["deelgemeenten", "wijken", "kernen", "gemeenten"].map(namedAreas).filter { !$0.isEmpty }
    let rows = try progress.step("reading addresses from \(store.path)") {
      let stored = try store.addressRows()
      // The store keeps metric positions; their lon/lat is computed once here, not per answer.
      let lonLats = try loader.projection.inverse(stored.map(\.position), threads: loader.threads)
      return zip(stored, lonLats).map { r, ll in
        AddressRegister.Row(
          street: r.street, houseNumber: r.houseNumber, postcode: Int(r.postcode) ?? 0, municipality: r.municipality, position: r.position,
          lonLat: ll.roundedTo7Decimals)
      }
    }
    let register = progress.step("indexing \(Format.count(rows.count)) addresses") {
      AddressRegister(rows: rows, localityLayers: localityLayers)
    }
    var lines: [(name: String, line: LineString<XY>)] = []
    if try store.hasLayer("streets") {
      for f in try store.features(of: "streets") {
        guard let name = f.properties["name"]?.stringValue else { continue }
        switch f.geometry {
        case .lineString(let l)?: lines.append((name, l))
        case .multiLineString(let ls)?: for l in ls { lines.append((name, l)) }
        default: break
        }
      }
    }
    resolver = AddressResolver(register: register, streetLines: lines)
    let g: GroupSet?
    if let groupsPath {
      g = try GroupLayer.load(groupsPath, nameProperty: nameProperty, loader: loader)
    } else if let published = try store.groups() {
      g = try loader.groupSet(names: published.groups.map(\.name), stored: published.areas)
      groupsVersion = published.version
    } else {
      let wijken = try namedAreas("wijken")
      g = wijken.isEmpty ? nil : GroupSet(names: wijken.map(\.name), areas: wijken.map(\.area))
    }
    groups = g
    proximity = g.map { BoundaryProximity(areas: $0.areas, threshold: 5) }
  }

  /// A resolved candidate's lon/lat as answers report it: the register's own lon/lat for a
  /// registered address, else its metric position unprojected and rounded to 1e-7°.
  /// (``ResolutionWriter`` computes the same with a cached transformer.)
  public func reportedLonLat(of c: Resolution.Candidate) throws -> LonLat {
    if let i = c.addressIndex, resolver.register.lonLats[i].lon.isFinite { return resolver.register.lonLats[i] }
    let ll = try loader.projection.inverse(c.position)
    return ll.roundedTo7Decimals
  }

  /// The group a resolved candidate is placed in, decided in the groups' own coordinates (at
  /// its reported lon/lat when they were drawn in lon/lat); nil outside or without groups.
  public func group(of c: Resolution.Candidate) throws -> Int? {
    guard let groups else { return nil }
    return groups.group(placing: groups.isDrawnInLonLat ? try reportedLonLat(of: c) : LonLat(lon: .nan, lat: .nan), metric: c.position)
  }

  /// The same data with other groups (a newly published version).
  public func replacingGroups(_ groups: GroupSet, version: Int?) -> DataFolder {
    var copy = self
    copy.groups = groups
    copy.proximity = BoundaryProximity(areas: groups.areas, threshold: 5)
    copy.groupsVersion = version
    return copy
  }

  /// Reads an address table: street, housenumber, postcode, optional municipality, lon/lat or
  /// x/y, streamed (``AddressTableReader``).
  static func readAddresses(_ file: String, loader: LayerLoader) throws -> [AddressRegister.Row] {
    try AddressTableReader.rows(file, loader: loader)
  }
}
