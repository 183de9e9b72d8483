public import ArgumentParser
import BuurtApp
import GeoCore
import GeoFormats
import GeoProjection
import Grouping

/// `buurt assign`: the spatial join of a point table with the groups.
///
/// A CSV (.csv or .csv.gz) written as CSV (.csv, .csv.gz or "-") streams: chunks of about
/// 2 MB are read, parsed, assigned, formatted and compressed on `--threads` workers and
/// written in order to a temporary file renamed over the output at the end, so memory stays
/// bounded whatever the file's length and a bad row leaves no (partial) output. GeoJSON
/// points, or a .geojson/.json output, take the in-memory path (``PointInput``).
public struct AssignCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "assign",
    abstract: "Add the containing group's name to every point of a table.",
    discussion: """
      Writes every input row, in input order, with all its columns plus a column `group` \
      (empty when the point is outside every group). POINTS is a CSV (.csv or .csv.gz; lon,lat \
      columns, or x,y with --crs) or a GeoJSON of points. A point on a boundary shared by two \
      groups goes to exactly one of them (see `PolygonIndex`). A summary goes to stderr. \
      CSV to CSV streams in chunks with bounded memory; the output file appears only when \
      every row was read.
      """)

  @OptionGroup public var groupOptions: GroupOptions
  @Option(help: "Points: CSV (.csv/.csv.gz) or GeoJSON.") public var points: String
  @Option(help: "CRS of the points' x,y columns (default: lon,lat in EPSG:4326).") public var crs: String?
  @OptionGroup public var encoding: EncodingOption
  @Option(name: .customLong("group-column"), help: "Name of the added column.") public var groupColumn = "group"
  @Option(name: .shortAndLong, help: "Output file (.csv, .csv.gz or .geojson); default standard output.")
  public var output: String = "-"
  /// `--json`: the summary on stderr as JSON (the assignments go to --output or stdout).
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }
  @OptionGroup public var compute: ComputeOptions

  public init() {}

  public func run() throws {
    try reportingErrors {
      let progress = Progress(quiet: compute.quiet)
      let threads = compute.threads
      // --metric-crs does not change an assignment, but a wrong one is still an error.
      if CRS(compute.metricCRS) != .belgianLambert72 { _ = try MetricProjection(metricCRS: CRS(compute.metricCRS)) }
      // Points are placed in the groups' own coordinates: lon/lat points in lon/lat groups need no PROJ.
      let drawn = try progress.step("reading groups \(groupOptions.groups)") {
        try GroupLayer.read(groupOptions.groups, nameProperty: groupOptions.nameProperty, crs: groupOptions.groupsCRS.map(CRS.init))
      }
      let placer = progress.step("indexing \(Format.count(drawn.count)) groups") { PointPlacer(drawn) }
      let source = try InflatingBlockReader(path: points)
      let summary: AssignSummary
      if PointInput.looksLikeGeoJSON(try source.peek(4096)) || output.hasSuffix(".geojson") || output.hasSuffix(".json") {
        summary = try assignInMemory(source, placer: placer, progress: progress, threads: threads)
      } else {
        summary = try assignStreaming(source, placer: placer, progress: progress, threads: threads)
      }
      // --json asks for the summary; --quiet silences the table.
      if json { Terminal.error(summary.json) } else if !compute.quiet { Terminal.error(summary.table) }
    }
  }

  /// CSV in, CSV or CSV.gz out: read, assign and write chunk by chunk on `threads` workers
  /// (``StreamingPointAssignment``), with bounded memory; the output appears only when every
  /// row was good.
  func assignStreaming(
    _ source: InflatingBlockReader, placer: PointPlacer, progress: Progress, threads: Int
  ) throws -> AssignSummary {
    let reader: CSVChunkReader
    let parser: PointRowParser
    do {
      reader = try CSVChunkReader(source: TranscodingReader.utf8(source, from: encoding.encoding))
      parser = try PointRowParser(header: reader.header, crs: crs.map(CRS.init))
    } catch let e as CSVError { throw CLIError("\(points): \(e)") }
    if CSVTable.column(named: groupColumn, in: reader.header) != nil {
      throw CLIError("the points already have a column \"\(groupColumn)\"; choose another name with --group-column")
    }
    // Each chunk is placed (transformed first only when its CRS is not the groups') on its worker thread.
    let lookup: @Sendable (PointPositions) throws -> [Int32] = { positions in try placer.place(positions, threads: 1) }
    let lookupClock = ConcurrentClock()
    let job = StreamingPointAssignment(reader: reader, parser: parser, column: groupColumn, names: placer.groups.names, workers: threads)
    let destination = output == "-" ? "standard output" : output
    let tally = try progress.step("reading points \(points), assigning and writing \(destination) in chunks on \(threads) threads") {
      do {
        return try job.run(to: output, progress: { t in progress.report(every: 3) { "\(Format.count(t.rows)) rows written" } }) {
          positions in try lookupClock.timing { try lookup(positions) }
        }
      } catch let e as CSVError { throw CLIError("\(points): \(e)") }
    }
    return AssignSummary(names: placer.groups.names, tally: tally, seconds: progress.elapsed, assignSeconds: lookupClock.seconds)
  }

  /// GeoJSON in or GeoJSON out: the whole table in memory (``PointInput``), up to its bound
  /// (``FileIO/maximumWholeFileBytes`` for GeoJSON, ``FileIO/maximumTableBytes`` for CSV).
  func assignInMemory(_ source: InflatingBlockReader, placer: PointPlacer, progress: Progress, threads: Int) throws -> AssignSummary {
    let input = try progress.step("reading points \(points)") {
      try PointInput.read(source: source, crs: crs.map(CRS.init), threads: threads, encoding: encoding.encoding)
    }
    let t0 = Terminal.now()
    let assignment = try progress.step("assigning \(Format.count(input.count)) points") {
      try placer.place(input.positions, threads: threads)
    }
    let assignSeconds = Terminal.now() - t0
    let names = placer.groups.names
    try progress.step("writing \(output == "-" ? "standard output" : output)") {
      try input.write(assignment: assignment, names: names, column: groupColumn, to: output)
    }
    let tally = AssignmentTally(groups: names.count, values: assignment)
    return AssignSummary(names: names, tally: tally, seconds: progress.elapsed, assignSeconds: assignSeconds)
  }
}

/// The stderr summary of an assignment: points per group, outside, time, points per second.
struct AssignSummary {
  let rows: [(name: String, count: Int)]
  let outside: Int
  let total: Int
  let seconds: Double
  let assignSeconds: Double

  /// - Parameter assignSeconds: time spent placing the points (any transformation and the
  ///   point-in-polygon lookups; summed over threads when the points were streamed).
  init(names: [String], tally: AssignmentTally, seconds: Double, assignSeconds: Double) {
    // Groups with the same name are one row (names need not be unique in a spatial join).
    var order: [String] = []
    var byName: [String: Int] = [:]
    for (k, name) in names.enumerated() {
      if byName[name] == nil { order.append(name) }
      byName[name, default: 0] += tally.perGroup[k]
    }
    rows = order.map { ($0, byName[$0] ?? 0) }
    outside = tally.outside
    total = tally.rows
    self.seconds = seconds
    self.assignSeconds = assignSeconds
  }

  var pointsPerSecond: Double { seconds > 0 ? Double(total) / seconds : 0 }

  var table: String {
    let width = max(5, rows.map(\.name.count).max() ?? 0, "(outside)".count)
    var out = Format.padded("group", width) + "  " + Format.padded("points", 10, right: true) + "\n"
    let shown = rows.count > 60 ? 40 : rows.count
    for r in rows.prefix(shown) {
      out += Format.padded(r.name, width) + "  " + Format.padded(Format.count(r.count), 10, right: true) + "\n"
    }
    if shown < rows.count {
      let rest = rows.dropFirst(shown).reduce(0) { $0 + $1.count }
      out +=
        Format.padded("(\(Format.count(rows.count - shown)) more groups; --json lists all)", width) + "  "
        + Format.padded(Format.count(rest), 10, right: true) + "\n"
    }
    out += Format.padded("(outside)", width) + "  " + Format.padded(Format.count(outside), 10, right: true) + "\n"
    out += Format.padded("total", width) + "  " + Format.padded(Format.count(total), 10, right: true) + "\n"
    out +=
      "\(Format.count(total)) points in \(Format.seconds(seconds)) (\(Format.count(Int(pointsPerSecond))) points/s; placement \(Format.seconds(assignSeconds)))"
    return out
  }

  var json: String {
    var groupsJSON = JSONObject()
    for r in rows { groupsJSON[r.name] = .number(Double(r.count)) }
    let o = JSONObject([
      .init(key: "points", value: .number(Double(total))),
      .init(key: "outside", value: .number(Double(outside))),
      .init(key: "groups", value: .object(groupsJSON)),
      .init(key: "seconds", value: .number(seconds)),
      .init(key: "points_per_second", value: .number(pointsPerSecond.rounded())),
    ])
    return JSONWriter.serialize(.object(o))
  }
}
