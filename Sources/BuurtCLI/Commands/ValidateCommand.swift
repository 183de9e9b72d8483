public import ArgumentParser
import BuurtApp
import GeoCore
import GeoFormats
import GeoProjection
import Grouping

/// `buurt validate`: is a redrawn boundary set sound?
public struct ValidateCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a proposed boundary set: invalid polygons, gaps, overlaps, parts outside the municipality, names, addresses.",
    discussion: """
      FILE is GeoJSON or a GeoPackage layer (lanaken.gpkg:draft_groups). Every finding has a code, the group and \
      a lon/lat. Gaps, overlaps and outside parts up to --sliver m² are warnings; everything else is an error. \
      Exit status 1 when there is an error, 0 otherwise.
      """)

  @Argument(help: "GeoJSON file or FILE.gpkg:LAYER.") public var file: String
  @OptionGroup public var naming: NamePropertyOption
  var nameProperty: String { naming.nameProperty }
  @Option(help: "Data folder or store (addresses and the municipality boundary).") public var data: String
  @Option(help: "Gaps and overlaps up to this many m² are warnings.") public var sliver: Double = 1
  @Option(help: "CRS of the file when not lon/lat.") public var crs: String?
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }
  @OptionGroup public var compute: ComputeOptions

  public init() {}

  public func validate() throws {
    guard sliver >= 0 else { throw ValidationError("--sliver must not be negative") }
  }

  public func run() throws {
    let valid = try reportingErrors { () throws -> Bool in
      let loader = try compute.loader()
      let planning = try PlanningData(path: data, loader: loader)
      let set = try ProposedSet(path: file, nameProperty: nameProperty, loader: loader, crs: crs.map(CRS.init))
      let (validation, findings) = try set.validate(against: planning, sliverTolerance: sliver)
      let names = set.groups.enumerated().map { $1.name ?? "feature \($0)" }
      let report = try ValidationReport(
        findings: findings, names: names, households: validation.households, outside: validation.outside,
        projection: loader.projection)
      Terminal.output(json ? ReportJSON.text(report) + "\n" : report.text(file: file))
      return report.errorCount == 0
    }
    if !valid { throw ExitCode(1) }
  }
}
