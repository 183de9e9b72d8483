public import ArgumentParser
import BuurtApp
import BuurtStore
import GeoCore
import GeoFormats
import Grouping

/// `buurt diff`: who would move if a proposed set replaced the published one.
public struct DiffCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare a proposed boundary set with the published one: households moving, sizes before and after.",
    discussion: """
      The published set is the store's newest version (a data folder: its groups.geojson or wijken.geojson). \
      --members (staff) adds the enrolled members whose group changes; it needs a store.
      """)

  @Argument(help: "GeoJSON file or FILE.gpkg:LAYER.") public var file: String
  @OptionGroup public var naming: NamePropertyOption
  var nameProperty: String { naming.nameProperty }
  @Option(help: "Store (or data folder).") public var data: String
  @Option(help: "CRS of the file when not lon/lat.") public var crs: String?
  @Flag(help: "List the enrolled members whose group changes (personal data: staff only).") public var members = false
  @Option(name: .customLong("moved-output"), help: "Write every moved address to this CSV file.") public var movedOutput: String?
  @Option(help: "Addresses listed in the text report.") public var limit: Int = 20
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }
  @OptionGroup public var compute: ComputeOptions

  public init() {}

  public func run() throws {
    try reportingErrors {
      let loader = try compute.loader()
      let planning = try PlanningData(path: data, loader: loader)
      let proposed = try ProposedSet(path: file, nameProperty: nameProperty, loader: loader, crs: crs.map(CRS.init))
      if members {
        guard FileIO.exists(data) && !FileIO.isDirectory(data) else { throw CLIError("--members needs a store (--data lanaken.gpkg)") }
      }
      let report = try DiffReport(
        proposed, file: file, against: planning, members: members ? try Store.forReading(path: data).members() : nil)
      if let movedOutput { try FileIO.write(report.movedCSV, to: movedOutput) }
      Terminal.output(json ? ReportJSON.text(report) + "\n" : report.text(file: file, limit: limit))
    }
  }
}
