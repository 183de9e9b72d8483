public import GeoCore
public import GeoProjection
public import Grouping

/// Findings in lon/lat for people and programs.
public struct ValidationReport: Encodable, Sendable {
  public struct Row: Sendable {
    public var finding: ValidationFinding
    public var lonLat: LonLat
  }
  public let rows: [Row]
  public let names: [String]
  public let households: [Int]
  public let outside: Int

  public var errorCount: Int { rows.filter { $0.finding.severity == .error }.count }
  public var warningCount: Int { rows.count - errorCount }

  public init(findings: [ValidationFinding], names: [String], households: [Int], outside: Int, projection: MetricProjection) throws {
    let lonLats = try projection.inverse(findings.map(\.location))
    rows = zip(findings, lonLats).map { Row(finding: $0, lonLat: $1) }
    self.names = names
    self.households = households
    self.outside = outside
  }

  static func coordinate(_ v: Double) -> Double { (v * 1e7).rounded() / 1e7 }

  enum CodingKeys: String, CodingKey {
    case valid, errors, warnings, findings, groups
    case addressesOutside = "addresses_outside"
  }

  /// One finding as programs read it.
  struct FindingEntry: Encodable {
    var code: String
    var severity: String
    var group: String?
    var groups: [String]
    var lon: Double
    var lat: Double
    /// Square metres, two decimals; only for findings with an area (gaps, overlaps, outside parts).
    var areaM2: Double?
    var message: String

    enum CodingKeys: String, CodingKey {
      case code, severity, group, groups, lon, lat
      case areaM2 = "area_m2"
      case message
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(code, forKey: .code)
      try c.encode(severity, forKey: .severity)
      try c.encodeIfPresent(group, forKey: .group)
      try c.encode(groups, forKey: .groups)
      try c.encode(lon, forKey: .lon)
      try c.encode(lat, forKey: .lat)
      if let areaM2 { try c.encode(areaM2, forKey: .areaM2) }
      try c.encode(message, forKey: .message)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(errorCount == 0, forKey: .valid)
    try c.encode(errorCount, forKey: .errors)
    try c.encode(warningCount, forKey: .warnings)
    try c.encode(
      rows.map { r in
        FindingEntry(
          code: r.finding.code, severity: r.finding.severity.rawValue, group: r.finding.groups.first, groups: r.finding.groups,
          lon: Self.coordinate(r.lonLat.lon), lat: Self.coordinate(r.lonLat.lat), areaM2: r.finding.area.map { ($0 * 100).rounded() / 100 },
          message: r.finding.message)
      }, forKey: .findings)
    try c.encode(zip(names, households).map { BoundarySetReport.GroupHouseholds(name: $0, households: $1) }, forKey: .groups)
    try c.encode(outside, forKey: .addressesOutside)
  }

  public func text(file: String) -> String {
    var out = ""
    for r in rows {
      let f = r.finding
      let group = f.groups.isEmpty ? "-" : f.groups.joined(separator: " / ")
      out += "\(Format.padded(f.severity.rawValue, 8))\(Format.padded(f.code, 24))\(Format.padded(group, 28))"
      out += "\(Format.fixed(r.lonLat.lon, 6)),\(Format.fixed(r.lonLat.lat, 6))  \(f.message)\n"
    }
    out += "\(file): \(names.count) groups, \(errorCount) errors, \(warningCount) warnings: "
    out += errorCount == 0 ? "valid\n" : "not valid\n"
    return out
  }
}
