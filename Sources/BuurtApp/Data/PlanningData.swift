import Addressing
import BuurtStore
public import GeoCore
public import GeoFormats
import GeoProjection
public import Grouping

/// What planning needs from a data folder or a store, in metres: the addresses (with a label
/// each), the municipality outline, street lines with their road class, the deelgemeenten and
/// the current groups.
public struct PlanningData: Sendable {
  public struct Address: Sendable, Hashable {
    public var label: String
    public var position: XY
  }
  public let path: String
  public let addresses: [Address]
  /// The union of the boundary layer; nil when the data has none.
  public let municipality: MultiPolygon<XY>?
  public let streets: [StreetLine]
  public let deelgemeenten: [(name: String, area: MultiPolygon<XY>)]
  /// The published groups of a store (else its `wijken`), or the folder's groups/wijken file.
  public let current: [(name: String, area: MultiPolygon<XY>)]
  public let currentSource: String?

  public var positions: [XY] { addresses.map(\.position) }

  /// - Throws: ``AppError`` naming what is missing or broken.
  public init(path: String, loader: LayerLoader) throws {
    self.path = path
    if !FileIO.isDirectory(path) && FileIO.exists(path) {
      let store = try Store.forReading(path: path)
      addresses = try store.addressRows().map { Address(label: "\($0.street) \($0.houseNumber), \($0.postcode)", position: $0.position) }
      func features(_ layer: String) throws -> [Feature<XY>] { try store.hasLayer(layer) ? try store.features(of: layer) : [] }
      municipality = try MunicipalityOutline.of(store: store)
      streets = PlanningData.streetLines(try features("streets").map { ($0.properties, $0.geometry) })
      deelgemeenten = PlanningData.named(try features("deelgemeenten").map { ($0.properties, $0.geometry) })
      if let published = try store.groups() {
        let set = try loader.groupSet(names: published.groups.map(\.name), stored: published.areas)
        current = Array(zip(set.names, set.areas))
        currentSource = "published version \(published.version)"
      } else {
        current = PlanningData.named(try features("wijken").map { ($0.properties, $0.geometry) })
        currentSource = current.isEmpty ? nil : "the wijken layer"
      }
    } else {
      guard FileIO.isDirectory(path) else {
        throw AppError.notFound("\(path): not a data folder or a store (see GeoData/README.md for the layout)")
      }
      guard let addressFile = ["addresses.csv", "addresses.csv.gz"].map({ path + "/" + $0 }).first(where: FileIO.exists) else {
        throw AppError.notFound("\(path): no addresses.csv or addresses.csv.gz in the data folder")
      }
      addresses = try DataFolder.readAddresses(addressFile, loader: loader).map {
        Address(label: "\($0.street) \($0.houseNumber), \($0.postcode)", position: $0.position)
      }
      func features(_ file: String) throws -> [(JSONObject, Geometry<XY>?)] {
        let full = path + "/" + file
        guard FileIO.exists(full) else { return [] }
        let layer = try LayerLoader.readGeoJSON(full)
        return Array(zip(layer.properties, try loader.metricGeometries(layer)))
      }
      municipality = MunicipalityOutline.of(try features("boundary.geojson").compactMap { $0.1?.areal })
      streets = PlanningData.streetLines(try features("streets.geojson"))
      deelgemeenten = PlanningData.named(try features("deelgemeenten.geojson"))
      let groupsFile = ["groups.geojson", "wijken.geojson"].first { FileIO.exists(path + "/" + $0) }
      current = try groupsFile.map { PlanningData.named(try features($0)) } ?? []
      currentSource = groupsFile
    }
  }

  static func named(_ features: [(JSONObject, Geometry<XY>?)]) -> [(name: String, area: MultiPolygon<XY>)] {
    features.compactMap { props, g in
      guard let area = g?.areal else { return nil }
      return (GroupLayer.name(in: props, property: "name") ?? "", area)
    }
  }

  public static func streetLines(_ features: [(JSONObject, Geometry<XY>?)]) -> [StreetLine] {
    var out: [StreetLine] = []
    for (props, g) in features {
      let name = props["name"]?.stringValue ?? ""
      let highway = props["highway"]?.stringValue ?? ""
      switch g {
      case .lineString(let l)?: out.append(StreetLine(name: name, roadClass: highway, line: l))
      case .multiLineString(let ls)?: for l in ls { out.append(StreetLine(name: name, roadClass: highway, line: l)) }
      default: break
      }
    }
    return out
  }
}

/// A proposed boundary set as a planner hands it in: a GeoJSON file or a GeoPackage layer
/// (`lanaken.gpkg:draft_groups`). Reading is lenient: a feature whose rings are broken becomes
/// a finding instead of stopping the read, so every problem is reported at once.
public struct ProposedSet: Sendable {
  public var groups: [ProposedGroup]
  /// Problems the reader found (unclosed rings, bad coordinates), with code and place.
  public var readFindings: [ValidationFinding]
  public var properties: [JSONObject]

  /// - Throws: ``AppError`` when the file cannot be read at all.
  public init(path: String, nameProperty: String, loader: LayerLoader, crs: CRS? = nil) throws {
    if let colon = path.lastIndex(of: ":"), path[..<colon].hasSuffix(".gpkg") {
      let file = String(path[..<colon])
      let layer = String(path[path.index(after: colon)...])
      guard FileIO.exists(file) else { throw AppError.notFound("\(file): no such GeoPackage") }
      let store = try Store.forReading(path: file)
      guard try store.hasLayer(layer) else {
        let names = try store.layers().map(\.name).joined(separator: ", ")
        throw AppError.notFound("\(file): no layer \"\(layer)\" (it has: \(names))")
      }
      let features = try store.features(of: layer)
      groups = features.map { f in
        ProposedGroup(
          name: GroupLayer.name(in: f.properties, property: nameProperty), area: f.geometry?.areal, typeName: f.geometry?.typeName,
          anchor: f.geometry?.allCoordinates.first)
      }
      properties = features.map(\.properties)
      readFindings = []
      return
    }
    let bytes = try FileIO.read(path)
    let (layer, problems): (GeoLayer, [GeoJSONError])
    do {
      (layer, problems) = try GeoJSONReader(options: .init(crs: crs, checkSelfIntersection: false)).inspect(bytes)
    } catch let e as GeoJSONError {
      throw AppError.invalidInput("\(path): \(e)")
    }
    let good = try loader.metricGeometries(layer)
    let goodProps = layer.properties
    // Features the reader rejected keep their place, name and first position (the raw JSON is
    // read again only then).
    let raw = problems.isEmpty ? nil : try? JSONParser.parse(bytes)
    var rawFeatures: [JSONObject] = []
    if case .object(let top)? = raw, case .array(let items)? = top["features"] {
      rawFeatures = items.map { if case .object(let o) = $0 { o } else { JSONObject() } }
    } else if case .object(let top)? = raw {
      rawFeatures = [top]
    }
    let bad = Dictionary(problems.compactMap { p in p.feature.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
    var groups: [ProposedGroup] = []
    var properties: [JSONObject] = []
    var findings: [ValidationFinding] = []
    var next = 0
    let total = max(rawFeatures.count, good.count + bad.count)
    for k in 0..<total {
      if let problem = bad[k] {
        let props: JSONObject
        if k < rawFeatures.count, case .object(let p)? = rawFeatures[k]["properties"] { props = p } else { props = JSONObject() }
        let name = GroupLayer.name(in: props, property: nameProperty)
        let first = k < rawFeatures.count ? ProposedSet.firstPosition(rawFeatures[k]["geometry"]) : nil
        let at = first.flatMap { try? loader.projection.forward(LonLat(lon: $0.0, lat: $0.1)) } ?? XY(x: 0, y: 0)
        let message = problem.message
        let code =
          message.contains("not closed") ? "ring_not_closed" : message.contains("fewer than 4") ? "too_few_points" : "invalid_coordinate"
        findings.append(
          ValidationFinding(
            code: code, severity: .error, groups: [name ?? "feature \(k)"], location: at, message: "feature \(k): \(message)"))
        groups.append(ProposedGroup(name: name, area: nil, typeName: "unreadable geometry", anchor: at))
        properties.append(props)
      } else if next < good.count {
        let g = good[next]
        let props = goodProps[next]
        next += 1
        groups.append(
          ProposedGroup(
            name: GroupLayer.name(in: props, property: nameProperty), area: g?.areal, typeName: g?.typeName,
            anchor: g?.allCoordinates.first))
        properties.append(props)
      }
    }
    self.groups = groups
    self.properties = properties
    // Unreadable features are reported by the reader; the validation should not add a second finding.
    readFindings = findings
  }

  static func firstPosition(_ value: JSONValue?) -> (Double, Double)? {
    guard case .object(let g)? = value, var v = g["coordinates"] else { return nil }
    while case .array(let items) = v, let first = items.first {
      if case .number(let a) = first, items.count >= 2, case .number(let b) = items[1] { return (a, b) }
      v = first
    }
    return nil
  }
}

extension ProposedSet {
  /// The validation of this set against `data`, with what the reader found first (a feature
  /// the reader rejected is reported once, by the reader).
  public func validate(against data: PlanningData, sliverTolerance: Double = 1) throws -> (
    validation: BoundarySetValidation, findings: [ValidationFinding]
  ) {
    let v = try BoundarySetValidation(
      groups: groups, municipality: data.municipality, addresses: data.positions, sliverTolerance: sliverTolerance)
    let unreadable = Set(readFindings.flatMap(\.groups))
    let findings = readFindings + v.findings.filter { !($0.code == "not_a_polygon" && $0.groups.allSatisfy(unreadable.contains)) }
    return (v, findings)
  }
}
