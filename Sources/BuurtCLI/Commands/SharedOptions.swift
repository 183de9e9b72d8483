public import ArgumentParser

/// The groups layer and its name property, shared by assign and locate.
public struct GroupOptions: ParsableArguments {
  @Option(name: .long, help: "Groups layer: GeoJSON of Polygons/MultiPolygons.")
  public var groups: String

  @Option(name: .customLong("name-property"), help: "Property holding each group's name.")
  public var nameProperty: String = "name"

  @Option(name: .customLong("groups-crs"), help: "CRS of the groups file when not lon/lat (e.g. EPSG:31370).")
  public var groupsCRS: String?

  public init() {}
}

/// How geometry is computed.
public struct ComputeOptions: ParsableArguments {
  @Option(name: .customLong("metric-crs"), help: "Metric CRS for computation (EPSG:31370 or EPSG:3812).")
  public var metricCRS: String = "EPSG:31370"

  @Option(help: "Worker threads (default: all cores).")
  public var threads: Int?

  @Flag(name: .shortAndLong, help: "No progress lines on stderr.")
  public var quiet = false

  public init() {}
}
