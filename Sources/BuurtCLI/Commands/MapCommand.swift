public import ArgumentParser
import BuurtApp
import Foundation
import GeoCore
import GeoFormats
import GeoOverlay
import Grouping

/// `buurt map`: the municipality with its groups, streets and signs as SVG or PNG.
public struct MapCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "map",
    abstract: "Draw the groups (coloured, labelled with their households), the streets and the signs as SVG or PNG.",
    discussion: "PNG goes through rsvg-convert (Debian package librsvg2-bin).")

  @Option(help: "Data folder or store.") public var data: String
  @Option(help: "Groups to draw (default: the published set, or the folder's groups/wijken).") public var groups: String?
  @OptionGroup public var naming: NamePropertyOption
  var nameProperty: String { naming.nameProperty }
  @Option(help: "Sign points to draw (GeoJSON from buurt signs).") public var signs: String?
  @Option(help: "A title for the map.") public var title: String?
  @Option(help: "Width in pixels.") public var width: Int = 1600
  @Option(name: .shortAndLong, help: "Output: .svg or .png.") public var output: String
  @OptionGroup public var compute: ComputeOptions

  public init() {}

  public func validate() throws {
    guard output.hasSuffix(".svg") || output.hasSuffix(".png") else { throw ValidationError("--output must end in .svg or .png") }
    guard width >= 200 && width <= 10_000 else { throw ValidationError("--width must be between 200 and 10000") }
  }

  public func run() throws {
    try reportingErrors {
      let loader = try compute.loader()
      let planning = try PlanningData(path: data, loader: loader)
      var named: [(name: String, area: MultiPolygon<XY>)] = planning.current
      var subtitle = planning.currentSource ?? ""
      if let groups {
        let set = try ProposedSet(path: groups, nameProperty: nameProperty, loader: loader)
        named = set.groups.enumerated().compactMap { k, g in g.area.map { (g.name ?? "feature \(k)", $0) } }
        subtitle = groups
      }
      var signPoints: [XY] = []
      if let signs {
        let layer = try LayerLoader.readGeoJSON(signs)
        for g in try loader.metricGeometries(layer) {
          if case .point(let p)? = g { signPoints.append(p) }
        }
      }
      let svg = try MapRenderer(width: Double(width)).render(
        municipality: planning.municipality, groups: named, streets: planning.streets, addresses: planning.positions, signs: signPoints,
        title: title ?? "\(named.count) groups — \(subtitle)")
      if output.hasSuffix(".svg") {
        try FileIO.write(svg, to: output)
      } else {
        try MapCommand.png(svg: svg, to: output)
      }
      if !compute.quiet { Terminal.error("buurt: wrote \(output) (\(named.count) groups, \(signPoints.count) signs)") }
    }
  }

  static func png(svg: String, to output: String) throws {
    let tmp = output + ".tmp.svg"
    try FileIO.write(svg, to: tmp)
    defer { unlink(tmp) }
    let candidates = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"]
    guard let tool = candidates.first(where: FileIO.exists) else {
      throw CLIError("PNG output needs rsvg-convert (apt-get install librsvg2-bin); or write .svg")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = ["-o", output, tmp]
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw CLIError("rsvg-convert failed (exit \(p.terminationStatus)) writing \(output)") }
  }
}
