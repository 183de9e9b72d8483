public import ArgumentParser
import BuurtApp
import GeoCore
import GeoFormats
import GeoProjection
import Grouping

/// `buurt info`: what a layer file holds, and what is wrong with it.
public struct InfoCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Describe a layer: features or rows, geometry types, bounding box, CRS, problems.",
    discussion: "Exits with status 1 when the file has problems.")

  @Argument(help: "A GeoJSON or CSV (.csv/.csv.gz) file.") public var file: String
  @Option(help: "CRS of the coordinates when not lon/lat (e.g. EPSG:31370).") public var crs: String?
  @OptionGroup public var encoding: EncodingOption
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }

  public init() {}

  public func run() throws {
    try reportingErrors {
      let report = try LayerReport.make(path: file, crs: crs.map(CRS.init), encoding: encoding.encoding)
      Terminal.output(json ? report.json + "\n" : report.text)
      if !report.problems.isEmpty { throw ExitCode(1) }
    }
  }
}

/// A description of one layer file.
struct LayerReport {
  var path: String
  var format: String
  var count: Int
  var countLabel: String
  var geometryTypes: [(String, Int)]
  var crs: CRS
  var bbox: BoundingBox<LonLat>?
  var metricBox: BoundingBox<XY>?
  var fields: [String]
  var problems: [String]

  /// Describes the file at `path`: a GeoJSON document (read whole, up to
  /// ``FileIO/maximumWholeFileBytes``) or a point CSV (streamed in chunks: never held whole).
  /// - Throws: ``FileError``, ``GeoJSONError``; ``CLIError`` naming the file for CSV that cannot
  ///   be read as a table (problems with the positions are the report's `problems`).
  static func make(path: String, crs: CRS?, encoding: TextEncoding = .utf8) throws -> LayerReport {
    let source = try InflatingBlockReader(path: path)
    let first = try source.peek(4096).first { $0 > 0x20 && $0 < 0x80 }
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
      let bytes = try source.readAll()
      let (layer, problems) = try GeoJSONReader(options: .init(crs: crs)).inspect(bytes)
      var types: [String: Int] = [:]
      var fields: [String] = []
      var seen = Set<String>()
      for p in layer.properties { for k in p.keys where seen.insert(k).inserted { fields.append(k) } }
      var report = LayerReport(
        path: path, format: "GeoJSON", count: layer.featureCount + problems.filter { $0.feature != nil }.count,
        countLabel: "features", geometryTypes: [],
        crs: layer.crs, fields: fields, problems: problems.map(\.description))
      switch layer {
      case .lonLat(let fc):
        var box = BoundingBox<LonLat>.empty
        for f in fc.features {
          types[f.geometry?.typeName ?? "null", default: 0] += 1
          if let g = f.geometry { box.extend(g.boundingBox) }
        }
        report.bbox = box.isEmpty ? nil : box
      case .metric(let fc, _):
        var box = BoundingBox<XY>.empty
        for f in fc.features {
          types[f.geometry?.typeName ?? "null", default: 0] += 1
          if let g = f.geometry { box.extend(g.boundingBox) }
        }
        report.metricBox = box.isEmpty ? nil : box
      }
      report.geometryTypes = types.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
      return report
    }
    let summary: PointTableSummary
    do {
      let reader = try CSVChunkReader(source: TranscodingReader.utf8(source, from: encoding))
      summary = try PointTableSummary(reader: reader, crs: crs, workers: Parallel.processorCount)
    } catch let e as CSVError {
      throw CLIError("\(path): \(e)")
    }
    return LayerReport(
      path: path, format: path.hasSuffix(".gz") ? "CSV (gzip)" : "CSV", count: summary.rows, countLabel: "rows",
      geometryTypes: [("Point", summary.rows)], crs: crs ?? .wgs84, bbox: summary.lonLatBox, metricBox: summary.metricBox,
      fields: summary.header, problems: summary.problem.map { [$0.description] } ?? [])
  }

  var text: String {
    let bad = problems.count
    let suffix = countLabel == "features" && bad > 0 ? " (\(Format.count(bad)) with problems, left out below)" : ""
    var out = "\(path)\n  format: \(format)\n  \(countLabel): \(Format.count(count))\(suffix)\n"
    out += "  geometry: " + geometryTypes.map { "\($0.0) \(Format.count($0.1))" }.joined(separator: ", ") + "\n"
    out += "  crs: \(crs)\n"
    if let b = bbox {
      out +=
        "  bbox (lon/lat): \(Format.fixed(b.minFirst, 7)), \(Format.fixed(b.minSecond, 7)), \(Format.fixed(b.maxFirst, 7)), \(Format.fixed(b.maxSecond, 7))\n"
    }
    if let b = metricBox {
      out +=
        "  bbox (metres): \(Format.fixed(b.minFirst, 2)), \(Format.fixed(b.minSecond, 2)), \(Format.fixed(b.maxFirst, 2)), \(Format.fixed(b.maxSecond, 2))\n"
    }
    out += "  \(format.hasPrefix("CSV") ? "columns" : "properties"): \(fields.joined(separator: ", "))\n"
    if problems.isEmpty {
      out += "  problems: none\n"
    } else {
      out += "  problems: \(problems.count)\n"
      for p in problems.prefix(50) { out += "    - \(p)\n" }
      if problems.count > 50 { out += "    … and \(problems.count - 50) more\n" }
    }
    return out
  }

  var json: String {
    func box<C>(_ b: BoundingBox<C>?) -> JSONValue {
      guard let b else { return .null }
      return .array([.number(b.minFirst), .number(b.minSecond), .number(b.maxFirst), .number(b.maxSecond)])
    }
    var types = JSONObject()
    for (t, n) in geometryTypes { types[t] = .number(Double(n)) }
    return JSONWriter.serialize(
      .object(
        JSONObject([
          .init(key: "path", value: .string(path)), .init(key: "format", value: .string(format)),
          .init(key: countLabel, value: .number(Double(count))), .init(key: "geometry_types", value: .object(types)),
          .init(key: "crs", value: .string(crs.identifier)), .init(key: "bbox", value: box(bbox)),
          .init(key: "bbox_metric", value: box(metricBox)),
          .init(key: "fields", value: .array(fields.map { .string($0) })),
          .init(key: "problems", value: .array(problems.map { .string($0) })),
        ])))
  }
}
