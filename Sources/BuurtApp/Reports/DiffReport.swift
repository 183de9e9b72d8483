public import BuurtStore
import GeoCore
import GeoFormats
import Grouping

/// Who would move if a proposed boundary set replaced the published one (`buurt diff`): the
/// households per move and per group before and after, every moved address and, for staff, the
/// enrolled members whose group changes.
public struct DiffReport: Encodable, Sendable {
  public struct Move: Encodable, Sendable, Equatable {
    public var from: String?
    public var to: String?
    public var households: Int
  }
  public struct Size: Encodable, Sendable, Equatable {
    public var name: String
    public var before: Int
    public var after: Int
  }
  public struct MovedAddress: Encodable, Sendable, Equatable {
    public var address: String
    public var from: String?
    public var to: String?
  }
  /// Personal data: only when staff asked for it (`--members`).
  public struct MemberMove: Encodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var phone: String
    public var address: String
    public var from: String?
    public var to: String?
  }

  /// What the proposal is compared with (the published set's source).
  public var comparedWith: String
  public var households: Int
  public var householdsMoved: Int
  public var moves: [Move]
  public var sizes: [Size]
  public var movedAddresses: [MovedAddress]
  public var membersChangingGroup: [MemberMove]?

  enum CodingKeys: String, CodingKey {
    case comparedWith = "compared_with"
    case households
    case householdsMoved = "households_moved"
    case moves, sizes
    case movedAddresses = "moved_addresses"
    case membersChangingGroup = "members_changing_group"
  }

  /// Compares `proposed` (read from `file`) with what `planning` has published; with `members`,
  /// also which of them change group.
  /// - Throws: ``AppError`` when nothing is published or the proposal has an unreadable feature.
  public init(_ proposed: ProposedSet, file: String, against planning: PlanningData, members: [Member]?) throws {
    guard !planning.current.isEmpty else {
      throw AppError.invalidInput(
        "\(planning.path): nothing published to compare with (publish a set, or give a folder with groups.geojson)")
    }
    if let bad = proposed.readFindings.first { throw AppError.invalidInput("\(file): \(bad.message); run buurt validate") }
    var names: [String] = []
    var areas: [MultiPolygon<XY>] = []
    for (k, g) in proposed.groups.enumerated() {
      guard let area = g.area else {
        throw AppError.invalidInput(
          "\(file): feature \(k) is \(g.typeName ?? "without geometry"); groups must be Polygons or MultiPolygons")
      }
      names.append(g.name ?? "feature \(k)")
      areas.append(area)
    }
    let old = GroupSet(names: planning.current.map(\.name), areas: planning.current.map(\.area))
    let new = GroupSet(names: names, areas: areas)
    let diff = GroupSetDiff(before: old, after: new, points: planning.positions)
    comparedWith = planning.currentSource ?? "the current set"
    households = planning.addresses.count
    householdsMoved = diff.moved.count
    moves = diff.moves.map { Move(from: $0.from, to: $0.to, households: $0.households) }
    sizes = diff.sizes.map { Size(name: $0.name, before: $0.before, after: $0.after) }
    movedAddresses = diff.moved.map { MovedAddress(address: planning.addresses[$0].label, from: diff.before[$0], to: diff.after[$0]) }
    membersChangingGroup = members.map { members in
      members.compactMap { m in
        let a = old.group(containing: m.position).map { old.names[$0] }
        let b = new.group(containing: m.position).map { new.names[$0] }
        return a == b ? nil : MemberMove(id: m.id, name: m.name, phone: m.phone, address: m.addressQuery, from: a, to: b)
      }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(comparedWith, forKey: .comparedWith)
    try c.encode(households, forKey: .households)
    try c.encode(householdsMoved, forKey: .householdsMoved)
    try c.encode(moves, forKey: .moves)
    try c.encode(sizes, forKey: .sizes)
    try c.encode(movedAddresses, forKey: .movedAddresses)
    if let membersChangingGroup { try c.encode(membersChangingGroup, forKey: .membersChangingGroup) }
  }

  /// Every moved address as CSV (address, from, to), safe to open in a spreadsheet.
  public var movedCSV: String {
    var csv = "address,from,to\n"
    for m in movedAddresses {
      csv += [m.address, m.from ?? "", m.to ?? ""].map(CSVTable.escapeForSpreadsheet).joined(separator: ",") + "\n"
    }
    return csv
  }

  /// The report for a person: moves, sizes, the first `limit` moved addresses, members.
  public func text(file: String, limit: Int) -> String {
    var out = "\(file) against \(comparedWith): \(Format.count(householdsMoved)) of \(Format.count(households)) households change group\n\n"
    out += "moves (from → to: households)\n"
    for m in moves {
      out +=
        "  \(Format.padded(m.from ?? "(no group)", 26)) → \(Format.padded(m.to ?? "(no group)", 26)) \(Format.padded(Format.count(m.households), 7, right: true))\n"
    }
    out +=
      "\nsizes\n  \(Format.padded("group", 28))\(Format.padded("before", 8, right: true))\(Format.padded("after", 8, right: true))\(Format.padded("change", 8, right: true))\n"
    for s in sizes {
      let change = s.after - s.before
      out +=
        "  \(Format.padded(s.name, 28))\(Format.padded(String(s.before), 8, right: true))\(Format.padded(String(s.after), 8, right: true))"
      out += "\(Format.padded((change > 0 ? "+" : "") + String(change), 8, right: true))\n"
    }
    if !movedAddresses.isEmpty {
      out += "\nmoved addresses\(movedAddresses.count > limit ? " (first \(limit); --moved-output FILE.csv for all)" : "")\n"
      for m in movedAddresses.prefix(limit) {
        out += "  \(Format.padded(m.address, 40)) \(m.from ?? "(no group)") → \(m.to ?? "(no group)")\n"
      }
    }
    if let membersChangingGroup {
      out += "\nenrolled members changing group: \(membersChangingGroup.count)\n"
      for m in membersChangingGroup {
        out += "  \(m.id)  \(Format.padded(m.name, 24)) \(Format.padded(m.phone, 14)) \(m.from ?? "(no group)") → \(m.to ?? "(no group)")\n"
      }
    }
    return out
  }
}
