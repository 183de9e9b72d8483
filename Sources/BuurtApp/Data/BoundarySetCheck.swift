public import BuurtStore
import Foundation
public import GeoCore
public import GeoFormats
import GeoProjection
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

  /// - Throws: ``AppError`` when the layer is not GeoJSON of named polygons at all.
  public init(layer: GeoLayer, nameProperty: String, loader: LayerLoader, addresses: [XY], municipality: MultiPolygon<XY>? = nil) throws {
    guard !layer.properties.isEmpty else { throw AppError.invalidInput("the boundary set has no features") }
    // Placement stays in the coordinates the set was drawn in; validation works in metres.
    groups = try loader.groupSet(try GroupLayer.drawn(layer, nameProperty: nameProperty))
    let validation = try BoundarySetValidation(
      groups: zip(groups.names, groups.areas).map { ProposedGroup(name: $0, area: $1) }, municipality: municipality, addresses: addresses)
    properties = layer.properties
    findings = validation.findings
    households = validation.households
    outside = validation.outside
  }

  /// Publishes the set into `store` as a new version, in the coordinates it was drawn in
  /// (lon/lat, or Lambert 72 metres); into a store whose history is kept in the other CRS
  /// (``Store/groupHistorySRSID()``), transformed into that one.
  /// In the same transaction, every `pending`, `added` or `moving` member whose address lies in
  /// another group under the new set becomes a transfer (``Store/regroupMembers``).
  /// - Returns: the version and how many members moved. - Throws: ``StoreError``, ``ProjectionError``.
  public func publish(
    to store: Store, nameProperty: String, note: String?, source: String?, loader: LayerLoader, by actor: AuditActor = .operator
  ) throws -> (
    version: Int, moved: Int
  ) {
    var areas: GroupAreas
    if let lonLat = groups.lonLatAreas {
      areas = .lonLat(lonLat)
    } else if loader.projection.metricCRS == .belgianLambert72 {
      areas = .lambert72(groups.areas)
    } else {
      areas = .lambert72(
        try LayerLoader.transformAreas(groups.areas) {
          try MetricProjection.transform($0, from: loader.projection.metricCRS, to: .belgianLambert72, threads: loader.threads) {
            XY(x: $0, y: $1)
          }
        })
    }
    switch (try store.groupHistorySRSID(), areas) {
    case (Store.srsID?, .lonLat(let a)):
      areas = .lambert72(
        try LayerLoader.transformAreas(a) {
          try MetricProjection.transform($0, from: .wgs84, to: .belgianLambert72, threads: loader.threads) { XY(x: $0, y: $1) }
        })
    case (4326?, .lambert72(let a)):
      areas = .lonLat(
        try LayerLoader.transformAreas(a) {
          try MetricProjection.transform($0, from: .belgianLambert72, to: .wgs84, threads: loader.threads) { XY(x: $0, y: $1) }
        }.map { Geometry<XY>.multiPolygon($0).map { LonLat(lon: $0.x, lat: $0.y) }.areal ?? MultiPolygon([]) })
    default: break
    }
    let groups = self.groups
    return try store.publishGroups(
      Array(zip(groups.names, properties)), areas: areas, nameProperty: nameProperty, note: note, source: source, by: actor
    ) { positions in
      try loader.place(metric: positions, in: groups).map { $0 < 0 ? nil : groups.names[Int($0)] }
    }
  }
}

/// A boundary set's check as the API reports it (`POST /v1/boundary-sets`) and the store keeps
/// it with the draft: `id` (the draft's, when there is one) first, then the verdict.
public struct BoundarySetReport: Encodable, Sendable, Equatable {
  public struct GroupHouseholds: Encodable, Sendable, Equatable {
    public var name: String
    public var households: Int
  }
  public var id: Int?
  public var valid: Bool
  public var errors: [String]
  public var warnings: [String]
  public var groups: [GroupHouseholds]

  public init(_ check: BoundarySetCheck, id: Int? = nil) {
    self.id = id
    valid = check.isValid
    errors = check.errors
    warnings = check.warnings
    groups = check.groups.names.enumerated().map { GroupHouseholds(name: $1, households: check.households[$0]) }
  }

  enum CodingKeys: String, CodingKey { case id, valid, errors, warnings, groups }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    if let id { try c.encode(id, forKey: .id) }
    try c.encode(valid, forKey: .valid)
    try c.encode(errors, forKey: .errors)
    try c.encode(warnings, forKey: .warnings)
    try c.encode(groups, forKey: .groups)
  }
}
