import BuurtApp
public import ArgumentParser
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
  @Flag(help: "Answer as JSON.") public var json = false
  @OptionGroup public var compute: ComputeOptions

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
      let loader = try LayerLoader(metricCRS: CRS(compute.metricCRS), threads: 1)
      let groups = try GroupLayer.load(groupOptions.groups, nameProperty: groupOptions.nameProperty, crs: groupOptions.groupsCRS.map(CRS.init), loader: loader)
      let p = try loader.projection.forward(LonLat(lon: lon, lat: lat))
      let g = groups.group(placing: LonLat(lon: lon, lat: lat), metric: p)
      if json {
        let o = JSONObject([
          .init(key: "lon", value: .number(lon)), .init(key: "lat", value: .number(lat)),
          .init(key: "x", value: .number((p.x * 100).rounded() / 100)),
          .init(key: "y", value: .number((p.y * 100).rounded() / 100)),
          .init(key: "crs", value: .string(compute.metricCRS)),
          .init(key: "group", value: g.map { .object(JSONObject([.init(key: "name", value: .string(groups.names[$0]))])) } ?? .null),
        ])
        Terminal.output(JSONWriter.serialize(.object(o)) + "\n")
      } else {
        Terminal.output((g.map { groups.names[$0] } ?? "outside") + "\n")
      }
    }
  }
}
