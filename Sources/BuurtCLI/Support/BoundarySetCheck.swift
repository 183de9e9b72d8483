import BuurtStore
import Foundation
public import GeoCore
public import GeoFormats
public import Grouping

/// The checks a boundary set must pass before it is published: readable (Multi)Polygons with the
/// name property, then every check of ``BoundarySetValidation`` (validity, gaps, overlaps,
/// outside parts, names, addresses in no or two groups).
public struct BoundarySetCheck: Sendable {
  public let groups: GroupSet
  public let properties: [JSONObject]
  public let findings: [ValidationFinding]
  /// "code: message" per error and per warning.
  public var errors: [String] { findings.filter { $0.severity == .error }.map { "\($0.code): \($0.message)" } }
  public var warnings: [String] { findings.filter { $0.severity == .warning }.map { "\($0.code): \($0.message)" } }
  /// Households (register addresses) per group, and outside every group.
  public let households: [Int]
  public let outside: Int

  public var isValid: Bool { !findings.contains { $0.severity == .error } }

  /// - Throws: ``CLIError`` when the layer is not GeoJSON of named polygons at all.
  public init(layer: GeoLayer, nameProperty: String, loader: LayerLoader, addresses: [XY], municipality: MultiPolygon<XY>? = nil) throws {
    let geometries = try loader.metricGeometries(layer)
    let props = layer.properties
    guard !props.isEmpty else { throw CLIError("the boundary set has no features") }
    var names: [String] = []
    var areas: [MultiPolygon<XY>] = []
    for (k, g) in geometries.enumerated() {
      guard let value = props[k][nameProperty], value != .null else {
        throw CLIError("feature \(k) has no property \"\(nameProperty)\" (it has: \(props[k].keys.joined(separator: ", ")))")
      }
      guard let area = g?.areal else { throw CLIError("feature \(k) (\(value.plainText)) is \(g?.typeName ?? "without geometry"); groups must be Polygons or MultiPolygons") }
      names.append(value.plainText)
      areas.append(area)
    }
    let validation = try BoundarySetValidation(
      groups: zip(names, areas).map { ProposedGroup(name: $0, area: $1) }, municipality: municipality, addresses: addresses)
    groups = GroupSet(names: names, areas: areas)
    properties = props
    findings = validation.findings
    households = validation.households
    outside = validation.outside
  }

  /// The rows to publish.
  public var rows: [(name: String, properties: JSONObject, area: MultiPolygon<XY>)] {
    zip(zip(groups.names, properties), groups.areas).map { ($0.0, $0.1, $1) }
  }
}
