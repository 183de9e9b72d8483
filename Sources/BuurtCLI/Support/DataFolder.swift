public import Addressing
public import GeoCore
public import GeoFormats
import GeoProjection
public import Grouping

/// A data folder (layout in GeoData/README.md) loaded for resolution: the address register,
/// street lines, locality names and the groups.
public struct DataFolder: Sendable {
  public let path: String
  public let resolver: AddressResolver
  public let groups: GroupSet?
  public let proximity: BoundaryProximity?
  public let loader: LayerLoader

  /// Loads `path`; groups come from `groupsPath` (with `nameProperty`), else the folder's
  /// `groups.geojson`, else its `wijken.geojson` (property `name`).
  /// - Throws: ``CLIError`` naming the missing or broken file.
  public init(path: String, groupsPath: String? = nil, nameProperty: String = "name", loader: LayerLoader, progress: Progress) throws {
    self.path = path
    self.loader = loader
    guard FileIO.isDirectory(path) else { throw CLIError("\(path): not a data folder (see GeoData/README.md for the layout)") }
    let addressFile = ["addresses.csv", "addresses.csv.gz"].map { path + "/" + $0 }.first(where: FileIO.exists)
    guard let addressFile else { throw CLIError("\(path): no addresses.csv or addresses.csv.gz in the data folder") }

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
    let localityLayers = try progress.step("reading locality layers") {
      try ["deelgemeenten.geojson", "wijken.geojson", "kernen.geojson"].map { try namedAreas(try optionalLayer($0)) }.filter { !$0.isEmpty }
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
      let g = try loader.loadGroups(groupsFile, nameProperty: groupsPath == nil ? "name" : nameProperty)
      groups = g
      proximity = BoundaryProximity(areas: g.areas, threshold: 5)
    } else {
      groups = nil
      proximity = nil
    }
  }

  /// Reads an address table: street, housenumber, postcode, optional municipality, lon/lat or x/y.
  static func readAddresses(_ file: String, loader: LayerLoader) throws -> [AddressRegister.Row] {
    let bytes = try FileIO.read(file)
    let table: PointTable
    do {
      let csv = try CSVTable(bytes: bytes)
      let hasLonLat = csv.column(named: "lon") != nil && csv.column(named: "lat") != nil
      let hasXY = csv.column(named: "x") != nil && csv.column(named: "y") != nil
      table = try PointTable(table: csv, crs: hasLonLat || !hasXY ? nil : CRS.belgianLambert72, threads: loader.threads)
    } catch let e as CSVError {
      throw CLIError("\(file): \(e)")
    }
    let csv = table.table
    guard let streetColumn = csv.column(named: "street"), let numberColumn = csv.column(named: "housenumber"),
      let postcodeColumn = csv.column(named: "postcode")
    else {
      throw CLIError("\(file): an address table needs the columns street, housenumber and postcode (it has \(csv.header.joined(separator: ",")))")
    }
    let municipalityColumn = csv.column(named: "municipality")
    let positions = try loader.metricPoints(table.positions)
    var lonLats: [LonLat]? = nil
    if case .lonLat(let ll) = table.positions { lonLats = ll }
    var rows: [AddressRegister.Row] = []
    rows.reserveCapacity(csv.rowCount)
    for i in 0..<csv.rowCount {
      let f = csv.fields(row: i)
      guard f.count > max(streetColumn, numberColumn, postcodeColumn), let pc = Int(f[postcodeColumn]) else {
        throw CLIError("\(file): line \(csv.line(ofRow: i)): postcode \"\(f.count > postcodeColumn ? f[postcodeColumn] : "")\" is not a number")
      }
      rows.append(
        AddressRegister.Row(
          street: f[streetColumn], houseNumber: f[numberColumn], postcode: pc,
          municipality: municipalityColumn.map { f[$0] } ?? "", position: positions[i], lonLat: lonLats?[i]))
    }
    return rows
  }
}
