public import GeoCore
import GeoOverlay

/// One problem found in a proposed boundary set.
public struct ValidationFinding: Hashable, Sendable {
  public enum Severity: String, Sendable { case error, warning }
  /// A stable code (see ``BoundarySetValidation`` for the list).
  public var code: String
  public var severity: Severity
  /// The group concerned (for overlaps and two-group addresses: every group concerned).
  public var groups: [String]
  /// Where to look, in metres.
  public var location: XY
  /// Square metres, for gaps, overlaps and parts outside the municipality.
  public var area: Double?
  public var message: String

  public init(code: String, severity: Severity, groups: [String], location: XY, area: Double? = nil, message: String) {
    self.code = code
    self.severity = severity
    self.groups = groups
    self.location = location
    self.area = area
    self.message = message
  }
}

/// A group of a proposed set as read from a file: its name (nil when the property is missing)
/// and its geometry (nil when missing; `typeName` says what it is when it is not an area).
public struct ProposedGroup: Sendable {
  public var name: String?
  public var area: MultiPolygon<XY>?
  public var typeName: String?
  /// A position of the feature's geometry, to point at when it is not an area.
  public var anchor: XY?
  public init(name: String?, area: MultiPolygon<XY>?, typeName: String? = nil, anchor: XY? = nil) {
    self.name = name
    self.area = area
    self.typeName = typeName
    self.anchor = anchor
  }
}

/// The soundness checks of a proposed boundary set, each finding with a code, the group and a
/// location:
///
/// - names: `empty_name`, `duplicate_name`, `name_character` (a `/`, `?`, `#` or control
///   character, which no URL path of the group could carry);
/// - geometry: `missing_geometry`, `not_a_polygon`, and GEOS's validity reasons
///   (`self_intersection`, `ring_self_intersection`, `hole_outside_shell`, `nested_holes`,
///   `disconnected_interior`, `nested_shells`, `duplicate_rings`, `too_few_points`,
///   `invalid_polygon`); the file reader adds `ring_not_closed` and `invalid_coordinate`;
/// - coverage: `gap` (inside the municipality, in no group), `overlap` (in two groups),
///   `outside_municipality`; below the sliver tolerance these are warnings with the codes
///   `gap_sliver`, `overlap_sliver`, `outside_sliver`;
/// - addresses: `address_in_no_group`, `address_in_two_groups`;
/// - `no_groups` for an empty set.
///
/// Everything except a sliver is an error. Invalid polygons are repaired (GEOS MakeValid) for the
/// coverage and address checks, so one bad ring does not hide the other problems.
public struct BoundarySetValidation: Sendable {
  public let findings: [ValidationFinding]
  /// Addresses per group (by the lowest-index rule of ``PolygonIndex``), and in none.
  public let households: [Int]
  public let outside: Int
  /// The repaired areas used for the coverage checks, one per proposed group (empty when missing).
  public let areas: [MultiPolygon<XY>]

  public var errors: [ValidationFinding] { findings.filter { $0.severity == .error } }
  public var warnings: [ValidationFinding] { findings.filter { $0.severity == .warning } }
  public var isValid: Bool { errors.isEmpty }

  /// Gaps, overlaps and outside parts thinner than this (metres, 1 cm; width ≈ 2·area/perimeter)
  /// are coordinate rounding, not planning, and are not reported.
  public static let noiseWidth = 0.01

  /// At most this many address findings of each kind are listed; the last one gives the total.
  public static let addressFindingLimit = 25

  /// - Parameters:
  ///   - municipality: the area the set must tile; nil skips the gap and outside checks except
  ///     holes enclosed by the set.
  ///   - sliverTolerance: gaps, overlaps and outside parts up to this many m² are warnings.
  /// - Throws: ``OverlayError`` when GEOS fails on repaired geometry.
  public init(groups: [ProposedGroup], municipality: MultiPolygon<XY>?, addresses: [XY], sliverTolerance: Double = 1) throws {
    let overlay = Overlay()
    var findings: [ValidationFinding] = []
    let labels = groups.enumerated().map { k, g in g.name.map { $0.isEmpty ? "feature \(k)" : $0 } ?? "feature \(k)" }
    func anchor(_ g: ProposedGroup) -> XY {
      g.area?.polygons.first?.exterior.coordinates.first ?? g.anchor ?? municipality?.polygons.first?.exterior.coordinates.first
        ?? XY(x: 0, y: 0)
    }

    if groups.isEmpty {
      let at = municipality?.polygons.first?.exterior.coordinates.first ?? XY(x: 0, y: 0)
      findings.append(ValidationFinding(code: "no_groups", severity: .error, groups: [], location: at, message: "the set has no groups"))
    }
    var seen: [String: Int] = [:]
    for (k, g) in groups.enumerated() {
      let name = g.name?.trimmingSpaces ?? ""
      if name.isEmpty {
        findings.append(
          ValidationFinding(
            code: "empty_name", severity: .error, groups: [labels[k]], location: anchor(g),
            message: "feature \(k) has \(g.name == nil ? "no name" : "an empty name"); every group needs a unique name"))
      } else if let bad = name.unicodeScalars.first(where: {
        "/?#".unicodeScalars.contains($0) || $0.properties.generalCategory == .control
      }) {
        let shown =
          bad.properties.generalCategory == .control
          ? "a control character (U+\(String(bad.value, radix: 16, uppercase: true)))" : "\"\(bad)\""
        findings.append(
          ValidationFinding(
            code: "name_character", severity: .error, groups: [name], location: anchor(g),
            message: "feature \(k) is named \"\(name)\", with \(shown); a group name may not contain /, ?, # or control characters"))
      } else if let first = seen[name] {
        findings.append(
          ValidationFinding(
            code: "duplicate_name", severity: .error, groups: [name], location: anchor(g),
            message: "features \(first) and \(k) are both named \"\(name)\"; names must be unique"))
      } else {
        seen[name] = k
      }
    }

    var areas: [MultiPolygon<XY>] = []
    for (k, g) in groups.enumerated() {
      guard let area = g.area else {
        let what = g.typeName.map { "a \($0)" } ?? "no geometry"
        findings.append(
          ValidationFinding(
            code: g.typeName == nil ? "missing_geometry" : "not_a_polygon", severity: .error, groups: [labels[k]],
            location: anchor(g), message: "\(labels[k]) has \(what); a group must be a Polygon or MultiPolygon"))
        areas.append(MultiPolygon([]))
        continue
      }
      if let bad = try overlay.invalidity(area) {
        findings.append(
          ValidationFinding(
            code: bad.code, severity: .error, groups: [labels[k]], location: bad.location,
            message: "\(labels[k]) is not a valid polygon: \(bad.reason) (GEOS)"))
        areas.append(try overlay.makeValid(area))
      } else {
        areas.append(area)
      }
    }

    func classify(_ part: Polygon<XY>, code: String, sliverCode: String, groups: [String], what: String) throws {
      let a = part.area
      let length = part.perimeter
      guard a > 0, length > 0, 2 * a / length >= Self.noiseWidth else { return }
      let sliver = a <= sliverTolerance
      let at = try overlay.pointOnSurface(MultiPolygon([part])) ?? part.exterior.coordinates[0]
      findings.append(
        ValidationFinding(
          code: sliver ? sliverCode : code, severity: sliver ? .warning : .error, groups: groups,
          location: at, area: a, message: "\(what) of \(Self.squareMetres(a))"))
    }

    // Overlaps between pairs whose boxes meet.
    let boxes = areas.map { BoundingBox($0.polygons.flatMap(\.exterior.coordinates)) }
    for i in areas.indices where !areas[i].polygons.isEmpty {
      for j in (i + 1)..<areas.count where !areas[j].polygons.isEmpty {
        let a = boxes[i]
        let b = boxes[j]
        guard a.minFirst < b.maxFirst, b.minFirst < a.maxFirst, a.minSecond < b.maxSecond, b.minSecond < a.maxSecond else { continue }
        for part in try overlay.intersection(areas[i], areas[j]).polygons {
          try classify(
            part, code: "overlap", sliverCode: "overlap_sliver", groups: [labels[i], labels[j]],
            what: "\(labels[i]) and \(labels[j]) overlap over an area")
        }
      }
    }

    let covered = try overlay.union(areas.filter { !$0.polygons.isEmpty })
    if let municipality {
      for part in try overlay.difference(municipality, covered).polygons {
        try classify(part, code: "gap", sliverCode: "gap_sliver", groups: [], what: "a gap (in the municipality, in no group)")
      }
      for (k, area) in areas.enumerated() where !area.polygons.isEmpty {
        for part in try overlay.difference(area, municipality).polygons {
          try classify(
            part, code: "outside_municipality", sliverCode: "outside_sliver", groups: [labels[k]],
            what: "\(labels[k]) reaches outside the municipality over an area")
        }
      }
    } else {
      for hole in covered.polygons.flatMap(\.holes) {
        try classify(Polygon(exterior: hole), code: "gap", sliverCode: "gap_sliver", groups: [], what: "a gap enclosed by the groups")
      }
    }

    let index = PolygonIndex(areas: areas)
    var counts = [Int](repeating: 0, count: areas.count)
    var outside = 0
    var none: [XY] = []
    var twice: [(XY, [Int])] = []
    for p in addresses {
      let inside = index.areas(containing: p)
      if let owner = index.area(containing: p) { counts[owner] += 1 } else { outside += 1 }
      if inside.isEmpty { none.append(p) }
      let strictly = inside.filter { $0.location == .inside }
      if strictly.count > 1 { twice.append((p, strictly.map(\.area))) }
    }
    for (n, p) in none.prefix(Self.addressFindingLimit).enumerated() {
      let total = n == Self.addressFindingLimit - 1 && none.count > Self.addressFindingLimit ? " (\(none.count) such addresses in all)" : ""
      findings.append(
        ValidationFinding(
          code: "address_in_no_group", severity: .error, groups: [], location: p,
          message: "an address lies in no group\(total)"))
    }
    for (n, (p, owners)) in twice.prefix(Self.addressFindingLimit).enumerated() {
      let total =
        n == Self.addressFindingLimit - 1 && twice.count > Self.addressFindingLimit ? " (\(twice.count) such addresses in all)" : ""
      let names = owners.map { labels[$0] }
      findings.append(
        ValidationFinding(
          code: "address_in_two_groups", severity: .error, groups: names, location: p,
          message: "an address lies in \(names.joined(separator: " and "))\(total)"))
    }
    self.findings = findings
    self.households = counts
    self.outside = outside
    self.areas = areas
  }

  static func squareMetres(_ a: Double) -> String {
    a >= 10_000 ? "\((a / 10_000 * 100).rounded() / 100) ha" : a >= 10 ? "\(Int(a.rounded())) m²" : "\((a * 100).rounded() / 100) m²"
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f.isWhitespace { s.removeFirst() }
    while let l = s.last, l.isWhitespace { s.removeLast() }
    return String(s)
  }
}
