public import ArgumentParser
public import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import GeoProjection
public import Grouping

/// `buurt signs`: where the neighbourhood-watch signs should stand.
public struct SignsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "signs",
    abstract: "List the places where streets enter the watched area: where the buurtpreventie signs go.",
    discussion: """
      zone mode (default): entries into the union of the groups; group mode: into every group. A street that \
      ends near the border of the data counts as an entry (layers are clipped). Output by extension: .geojson \
      (points with group, street, highway, bearing), .csv (for staff) or .gpx (for a phone in the field).
      """)

  @Option(help: "Data folder or store (streets and groups).") public var data: String
  @Option(help: "Groups layer (default: the store's published groups, the folder's groups.geojson or wijken.geojson).") public var groups:
    String?
  @OptionGroup public var naming: NamePropertyOption
  var nameProperty: String { naming.nameProperty }
  @Option(help: "zone or group.") public var mode: String = "zone"
  @Option(
    name: .customLong("road-classes"),
    help: "Comma-separated OSM highway classes (default: primary…residential, unclassified, living_street).")
  public var roadClasses: String?
  @Option(help: "Metres inside the area along the street.") public var inset: Double = 10
  @Option(name: .customLong("min-spacing"), help: "Entries closer than this (metres) become one sign.") public var minSpacing: Double = 50
  @Option(help: "Keep the N most important entries; the rest are listed as optional.") public var max: Int?
  @Option(help: "Points (GeoJSON or CSV lon,lat) of signs already standing.") public var existing: String?
  @Option(name: .shortAndLong, help: "Output: .geojson, .csv or .gpx.") public var output: String
  @OptionGroup public var compute: ComputeOptions
  var quiet: Bool { compute.quiet }

  public init() {}

  public func validate() throws {
    guard ["zone", "group"].contains(mode) else { throw ValidationError("--mode must be zone or group") }
    guard inset >= 0, minSpacing >= 0 else { throw ValidationError("--inset and --min-spacing must not be negative") }
    if let m = max, m < 0 { throw ValidationError("--max must not be negative") }
    guard [".geojson", ".json", ".csv", ".gpx"].contains(where: { output.hasSuffix($0) }) else {
      throw ValidationError("--output must end in .geojson, .csv or .gpx")
    }
  }

  public func run() throws {
    try reportingErrors {
      let loader = try compute.loader()
      let (groupSet, streets) = try SignsCommand.load(data: data, groupsPath: groups, nameProperty: nameProperty, loader: loader)
      var planner = SignPlanner()
      planner.mode = mode == "group" ? .group : .zone
      if let rc = roadClasses { planner.roadClasses = Set(rc.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
      planner.inset = inset
      planner.minSpacing = minSpacing
      let t0 = Terminal.now()
      let signs = planner.plan(groups: groupSet, streets: streets)
      let seconds = Terminal.now() - t0
      var standing: [XY] = []
      if let existing {
        let input = try PointInput.read(existing, crs: nil, threads: 1)
        standing = try loader.metricPoints(input.positions)
      }
      let table = try SignTable(
        signs, groups: groupSet, projection: loader.projection, max: max, existing: existing == nil ? nil : standing, spacing: minSpacing)
      let rows = table.rows
      try FileIO.write(output.hasSuffix(".csv") ? table.csv : output.hasSuffix(".gpx") ? table.gpx : table.geojson, to: output)
      if !quiet {
        var perGroup: [String: Int] = [:]
        for r in rows where !r.optional { perGroup[r.group, default: 0] += 1 }
        var out = "\(rows.count) sign places (\(rows.filter(\.optional).count) optional) in \(Format.seconds(seconds)):\n"
        for name in groupSet.names where perGroup[name] != nil { out += "  \(Format.padded(name, 24)) \(perGroup[name]!)\n" }
        if existing != nil {
          out +=
            "covered by a standing sign: \(rows.filter { $0.covered == true }.count), missing: \(rows.filter { $0.covered == false }.count)\n"
        }
        Terminal.error(out + "wrote \(output)")
      }
    }
  }

  public static func load(data: String, groupsPath: String?, nameProperty: String, loader: LayerLoader) throws -> (GroupSet, [StreetLine]) {
    let folder = try DataFolder(
      path: data, groupsPath: groupsPath, nameProperty: nameProperty, loader: loader, progress: Progress(quiet: true))
    guard let groups = folder.groups else { throw CLIError("\(data): no groups (publish a boundary set or pass --groups)") }
    var features: [(JSONObject, Geometry<XY>?)] = []
    if FileIO.isDirectory(data) {
      let file = data + "/streets.geojson"
      guard FileIO.exists(file) else { throw CLIError("\(data): no streets.geojson in the data folder") }
      let layer = try LayerLoader.readGeoJSON(file)
      features = Array(zip(layer.properties, try loader.metricGeometries(layer)))
    } else {
      let store = try Store.forReading(path: data)
      guard try store.hasLayer("streets") else {
        throw CLIError("\(data): the store has no streets layer; import a folder with streets.geojson")
      }
      features = try store.features(of: "streets").map { ($0.properties, $0.geometry) }
    }
    let streets = PlanningData.streetLines(features)
    return (groups, streets)
  }
}
