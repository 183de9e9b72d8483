public import ArgumentParser
import BuurtApp
import GeoCore
import GeoFormats
import GeoProjection
import Grouping

/// `buurt locate`: the group of one coordinate.
public struct LocateCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "locate", abstract: "Tell which group a lon/lat position lies in.")

  @OptionGroup public var groupOptions: GroupOptions
  @Option(help: "Longitude in degrees (WGS84).") public var lon: Double
  @Option(help: "Latitude in degrees (WGS84).") public var lat: Double
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }
  @OptionGroup public var metric: MetricCRSOption

  public init() {}

  public func validate() throws {
    guard lon.isFinite, lat.isFinite, abs(lon) <= 180, abs(lat) <= 90 else {
      let hint = CoordinateSanity.metricHint(lon, lat).map { " (\($0))" } ?? ""
      throw ValidationError("--lon must be in [-180, 180] and --lat in [-90, 90]\(hint)")
    }
    if CoordinateSanity.looksSwapped(BoundingBox([LonLat(lon: lon, lat: lat)])) {
      throw ValidationError(CoordinateSanity.swappedMessage)
    }
  }

  public func run() throws {
    try reportingErrors {
      let loader = try LayerLoader(metricCRS: metric.crs, threads: 1)
      let groups = try GroupLayer.load(
        groupOptions.groups, nameProperty: groupOptions.nameProperty, crs: groupOptions.groupsCRS.map(CRS.init), loader: loader)
      let p = try loader.projection.forward(LonLat(lon: lon, lat: lat))
      let g = groups.group(placing: LonLat(lon: lon, lat: lat), metric: p)
      if json {
        let located = Located(
          lon: lon, lat: lat, x: (p.x * 100).rounded() / 100, y: (p.y * 100).rounded() / 100, crs: metric.metricCRS,
          group: g.map { GroupRef(name: groups.names[$0]) })
        Terminal.output(ReportJSON.text(located) + "\n")
      } else {
        Terminal.output((g.map { groups.names[$0] } ?? "outside") + "\n")
      }
    }
  }
}

/// What `buurt locate --json` prints: the position, in metres too, and its group.
struct Located: Encodable {
  var lon: Double
  var lat: Double
  var x: Double
  var y: Double
  var crs: String
  var group: GroupRef?
}
