public import BuurtStore
import Foundation
public import GeoCore
public import GeoFormats
public import Grouping

/// The checks a boundary set must pass before it is published: readable (Multi)Polygons with a
/// unique, non-empty name each, and no address inside two groups. (The planning work adds
/// gaps, overlaps and validity with GEOS.)
public struct BoundarySetCheck: Sendable {
  public let groups: GroupSet
  public let properties: [JSONObject]
  public var errors: [String]
  public var warnings: [String]
  /// Households (register addresses) per group, and outside every group.
  public let households: [Int]
  public let outside: Int

  public var isValid: Bool { errors.isEmpty }

  /// - Throws: ``CLIError`` when the layer is not GeoJSON of named polygons at all.
  public init(layer: GeoLayer, nameProperty: String, loader: LayerLoader, addresses: [XY]) throws {
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
    groups = GroupSet(names: names, areas: areas)
    properties = props
    var errors: [String] = []
    var seen = Set<String>()
    for name in names {
      if name.trimmingCharacters(in: .whitespaces).isEmpty { errors.append("a group has an empty \(nameProperty)") }
      if !seen.insert(name).inserted { errors.append("two groups are named \"\(name)\"; names must be unique") }
    }
    var overlaps = 0
    var examples: [String] = []
    for p in addresses {
      let inside = groups.index.areas(containing: p).filter { $0.location == .inside }
      if inside.count > 1 {
        overlaps += 1
        if examples.count < 5 { examples.append(inside.map { names[$0.area] }.joined(separator: " and ")) }
      }
    }
    if overlaps > 0 { errors.append("groups overlap at \(overlaps) addresses (e.g. in \(examples.joined(separator: "; ")))") }
    let (counts, outside) = groups.tally(groups.assign(addresses))
    households = counts
    self.outside = outside
    warnings = outside > 0 ? ["\(outside) addresses lie outside every group"] : []
    self.errors = errors
  }

  /// The rows to publish.
  public var rows: [(name: String, properties: JSONObject, area: MultiPolygon<XY>)] {
    zip(zip(groups.names, properties), groups.areas).map { ($0.0, $0.1, $1) }
  }
}
