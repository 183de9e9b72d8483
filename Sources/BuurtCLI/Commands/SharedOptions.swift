public import ArgumentParser
public import BuurtApp
public import GeoCore
public import GeoFormats

/// The property holding each group's name: declared once, for every command that reads groups.
public struct NamePropertyOption: ParsableArguments {
  @Option(name: .customLong("name-property"), help: "Property holding each group's name.")
  public var nameProperty: String = "name"

  public init() {}
}

/// The groups layer and its name property, shared by assign and locate.
public struct GroupOptions: ParsableArguments {
  @Option(name: .long, help: "Groups layer: GeoJSON of Polygons/MultiPolygons.")
  public var groups: String

  @OptionGroup public var naming: NamePropertyOption
  public var nameProperty: String { naming.nameProperty }

  @Option(name: .customLong("groups-crs"), help: "CRS of the groups file when not lon/lat (e.g. EPSG:31370).")
  public var groupsCRS: String?

  public init() {}
}

/// The metric CRS that distances, areas and placement in metres are computed in.
public struct MetricCRSOption: ParsableArguments {
  @Option(name: .customLong("metric-crs"), help: "Metric CRS for computation (EPSG:31370 or EPSG:3812).")
  public var metricCRS: String = "EPSG:31370"
  public var crs: CRS { CRS(metricCRS) }

  public init() {}
}

/// How many threads the work may use.
public struct ThreadsOption: ParsableArguments {
  @Option(help: "Worker threads (default: all cores).")
  public var threads: Int?
  /// The threads to use: `--threads`, else every core.
  public var count: Int { threads ?? Parallel.processorCount }

  public init() {}

  public func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
  }
}

/// Silence on stderr: no progress lines, no summaries.
public struct QuietOption: ParsableArguments {
  @Flag(name: .shortAndLong, help: "No progress lines or summary on stderr.")
  public var quiet = false

  public init() {}
}

/// Output for programs: the command's answer as JSON instead of text.
public struct JSONOption: ParsableArguments {
  @Flag(help: "Answer as JSON.")
  public var json = false

  public init() {}
}

/// How geometry is computed: the metric CRS, the threads and the progress lines, for the
/// commands that read layers and compute on them.
public struct ComputeOptions: ParsableArguments {
  @OptionGroup public var metric: MetricCRSOption
  @OptionGroup public var threading: ThreadsOption
  @OptionGroup public var quietness: QuietOption

  public var metricCRS: String { metric.metricCRS }
  public var threads: Int { threading.count }
  public var quiet: Bool { quietness.quiet }

  /// A loader computing in the metric CRS with the threads asked for.
  /// - Throws: `ProjectionError` when PROJ does not know the CRS.
  public func loader() throws -> LayerLoader { try LayerLoader(metricCRS: metric.crs, threads: threading.count) }

  /// Progress lines on stderr unless `--quiet` (or `alsoQuiet`, when stdout carries JSON).
  public func progress(alsoQuiet: Bool = false) -> BuurtApp.Progress { Progress(quiet: quiet || alsoQuiet) }

  public init() {}
}

/// The character set of a CSV or text input, shared by the commands that read tables and
/// address lists (assign, info, resolve --batch, import, enroll --batch).
public struct EncodingOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Character set of the input: utf-8, latin-1 or windows-1252 (transcoded to UTF-8 while reading).",
      discussion:
        "Without it, text that is not UTF-8 is refused with its line; a file exported as Latin-1 or Windows-1252 (\"Église\" as byte 0xC9) is read with --encoding latin-1 or --encoding windows-1252."
    ),
    transform: { name in
      guard let e = TextEncoding(name: name) else {
        throw ValidationError("unknown encoding '\(name)'; use utf-8, latin-1 or windows-1252")
      }
      return e
    })
  public var encoding: TextEncoding = .utf8

  public init() {}
}
