public import ArgumentParser
import BuurtApp
import Foundation
import GeoCore
import GeoFormats
import GeoOverlay
import GeoProjection
import Grouping

/// `buurt balance`: propose groups of balanced size made of whole street blocks.
public struct BalanceCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "balance",
    abstract: "Propose contiguous groups of about --target households, made of street blocks.",
    discussion: """
      Atoms are street blocks: the faces of the drivable streets and the municipality boundary (dead ends near \
      the boundary are joined to it), weighted by their addresses; a block with more than --split-above \
      addresses is cut between its address clusters. Groups are unions of atoms, contiguous, within \
      target ± tolerance where the data allow. --from current keeps as many households in their group as it can.
      """)

  @Option(help: "Data folder or store (addresses, streets, boundary, deelgemeenten, current groups).") public var data: String
  @Option(help: "Households per group.") public var target: Int
  @Option(help: "Allowed relative deviation from the target.") public var tolerance: Double = 0.15
  @Option(help: "current (change as few households as possible) or scratch.") public var from: String = "current"
  @Option(name: .customLong("keep-within"), help: "deelgemeenten: groups never cross a deelgemeente border.") public var keepWithin: String?
  @Option(help: "Comma-separated road classes groups may not cross (e.g. primary,secondary).") public var barriers: String?
  @Option(name: .customLong("split-above"), help: "Cut blocks with more addresses than this (default: target / 5).") public var splitAbove:
    Int?
  @Option(
    help: "Weight of compactness (1 − Polsby-Popper per group) against balance (100 × the squared deviation beyond half the tolerance).")
  public var compactness: Double = 4
  @Option(name: .customLong("move-weight"), help: "Cost of moving households away from their current group (× households / target).")
  public var moveWeight: Double = 20
  @Option(name: .shortAndLong, help: "Write the proposal as GeoJSON (a tiling of the municipality).") public var output: String?
  @Option(name: .customLong("atoms-output"), help: "Write the atoms, their neighbours and their group as GeoJSON (for peers and QGIS).")
  public var atomsOutput: String?
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }
  @OptionGroup public var compute: ComputeOptions

  public init() {}

  public func validate() throws {
    guard target > 0 else { throw ValidationError("--target must be a positive number of households") }
    guard tolerance >= 0 && tolerance < 1 else { throw ValidationError("--tolerance must be between 0 and 1") }
    guard ["current", "scratch"].contains(from) else { throw ValidationError("--from must be current or scratch") }
    if let k = keepWithin, k != "deelgemeenten" { throw ValidationError("--keep-within supports deelgemeenten") }
    if let s = splitAbove, s < 1 { throw ValidationError("--split-above must be at least 1") }
  }

  public func run() throws {
    try reportingErrors {
      let progress = compute.progress(alsoQuiet: json)
      let loader = try compute.loader()
      let planning = try progress.step("reading \(data)") { try PlanningData(path: data, loader: loader) }
      var options = BalancePlan.Options(target: target, tolerance: tolerance, fromCurrent: from == "current")
      options.keepWithinDeelgemeenten = keepWithin != nil
      options.barrierClasses = Set(
        (barriers ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
      options.splitAbove = splitAbove
      options.compactness = compactness
      options.moveWeight = moveWeight
      let plan = try BalancePlan(data: planning, options: options, progress: progress)
      if let output {
        try progress.step("writing \(output)") { try FileIO.write(try plan.groupsGeoJSON(projection: loader.projection), to: output) }
      }
      if let atomsOutput {
        try progress.step("writing \(atomsOutput)") {
          try FileIO.write(try plan.atomsGeoJSON(projection: loader.projection), to: atomsOutput)
        }
      }
      Terminal.output(json ? ReportJSON.text(plan.report) + "\n" : plan.reportText)
    }
  }
}
