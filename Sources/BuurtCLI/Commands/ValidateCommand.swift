import BuurtApp
public import ArgumentParser
public import GeoCore
public import GeoFormats
public import GeoProjection
public import Grouping

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
      let report = try ValidationReport(findings: findings, names: names, households: validation.households, outside: validation.outside,
                                        projection: loader.projection)
      Terminal.output(json ? JSONWriter.serialize(report.json) + "\n" : report.text(file: file))
      return report.errorCount == 0
    }
    if !valid { throw ExitCode(1) }
  }
}

/// Findings in lon/lat for people and programs.
public struct ValidationReport: Sendable {
  public struct Row: Sendable {
    public var finding: ValidationFinding
    public var lonLat: LonLat
  }
  public let rows: [Row]
  public let names: [String]
  public let households: [Int]
  public let outside: Int

  public var errorCount: Int { rows.filter { $0.finding.severity == .error }.count }
  public var warningCount: Int { rows.count - errorCount }

  public init(findings: [ValidationFinding], names: [String], households: [Int], outside: Int, projection: MetricProjection) throws {
    let lonLats = try projection.inverse(findings.map(\.location))
    rows = zip(findings, lonLats).map { Row(finding: $0, lonLat: $1) }
    self.names = names
    self.households = households
    self.outside = outside
  }

  static func coordinate(_ v: Double) -> Double { (v * 1e7).rounded() / 1e7 }

  public var json: JSONValue {
    .object(JSONObject([
      .init(key: "valid", value: .bool(errorCount == 0)),
      .init(key: "errors", value: .number(Double(errorCount))),
      .init(key: "warnings", value: .number(Double(warningCount))),
      .init(key: "findings", value: .array(rows.map { r in
        var members: [JSONObject.Member] = [
          .init(key: "code", value: .string(r.finding.code)),
          .init(key: "severity", value: .string(r.finding.severity.rawValue)),
          .init(key: "group", value: r.finding.groups.first.map { .string($0) } ?? .null),
          .init(key: "groups", value: .array(r.finding.groups.map { .string($0) })),
          .init(key: "lon", value: .number(Self.coordinate(r.lonLat.lon))),
          .init(key: "lat", value: .number(Self.coordinate(r.lonLat.lat))),
        ]
        if let a = r.finding.area { members.append(.init(key: "area_m2", value: .number((a * 100).rounded() / 100))) }
        members.append(.init(key: "message", value: .string(r.finding.message)))
        return .object(JSONObject(members))
      })),
      .init(key: "groups", value: .array(zip(names, households).map { n, h in
        .object(JSONObject([.init(key: "name", value: .string(n)), .init(key: "households", value: .number(Double(h)))]))
      })),
      .init(key: "addresses_outside", value: .number(Double(outside))),
    ]))
  }

  public func text(file: String) -> String {
    var out = ""
    for r in rows {
      let f = r.finding
      let group = f.groups.isEmpty ? "-" : f.groups.joined(separator: " / ")
      out += "\(Format.padded(f.severity.rawValue, 8))\(Format.padded(f.code, 24))\(Format.padded(group, 28))"
      out += "\(Format.fixed(r.lonLat.lon, 6)),\(Format.fixed(r.lonLat.lat, 6))  \(f.message)\n"
    }
    out += "\(file): \(names.count) groups, \(errorCount) errors, \(warningCount) warnings: "
    out += errorCount == 0 ? "valid\n" : "not valid\n"
    return out
  }
}
