import BuurtApp
public import ArgumentParser
import BuurtStore
import GeoCore
import GeoFormats
import Grouping

/// `buurt diff`: who would move if a proposed set replaced the published one.
public struct DiffCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare a proposed boundary set with the published one: households moving, sizes before and after.",
    discussion: """
      The published set is the store's newest version (a data folder: its groups.geojson or wijken.geojson). \
      --members (staff) adds the enrolled members whose group changes; it needs a store.
      """)

  @Argument(help: "GeoJSON file or FILE.gpkg:LAYER.") public var file: String
  @OptionGroup public var naming: NamePropertyOption
  var nameProperty: String { naming.nameProperty }
  @Option(help: "Store (or data folder).") public var data: String
  @Option(help: "CRS of the file when not lon/lat.") public var crs: String?
  @Flag(help: "List the enrolled members whose group changes (personal data: staff only).") public var members = false
  @Option(name: .customLong("moved-output"), help: "Write every moved address to this CSV file.") public var movedOutput: String?
  @Option(help: "Addresses listed in the text report.") public var limit: Int = 20
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }
  @OptionGroup public var compute: ComputeOptions

  public init() {}

  public func run() throws {
    try reportingErrors {
      let loader = try compute.loader()
      let planning = try PlanningData(path: data, loader: loader)
      guard !planning.current.isEmpty else { throw CLIError("\(data): nothing published to compare with (publish a set, or give a folder with groups.geojson)") }
      let proposed = try ProposedSet(path: file, nameProperty: nameProperty, loader: loader, crs: crs.map(CRS.init))
      if let bad = proposed.readFindings.first { throw CLIError("\(file): \(bad.message); run buurt validate") }
      var names: [String] = []
      var areas: [MultiPolygon<XY>] = []
      for (k, g) in proposed.groups.enumerated() {
        guard let area = g.area else { throw CLIError("\(file): feature \(k) is \(g.typeName ?? "without geometry"); groups must be Polygons or MultiPolygons") }
        names.append(g.name ?? "feature \(k)")
        areas.append(area)
      }
      let old = GroupSet(names: planning.current.map(\.name), areas: planning.current.map(\.area))
      let new = GroupSet(names: names, areas: areas)
      let diff = GroupSetDiff(before: old, after: new, points: planning.positions)
      var changedMembers: [(Member, String?, String?)] = []
      if members {
        guard FileIO.exists(data) && !FileIO.isDirectory(data) else { throw CLIError("--members needs a store (--data lanaken.gpkg)") }
        for m in try Store.forReading(path: data).members() {
          let a = old.group(containing: m.position).map { old.names[$0] }
          let b = new.group(containing: m.position).map { new.names[$0] }
          if a != b { changedMembers.append((m, a, b)) }
        }
      }
      if let movedOutput {
        var csv = "address,from,to\n"
        for k in diff.moved {
          csv += [planning.addresses[k].label, diff.before[k] ?? "", diff.after[k] ?? ""].map(CSVTable.escapeForSpreadsheet).joined(separator: ",") + "\n"
        }
        try FileIO.write(csv, to: movedOutput)
      }
      let source = planning.currentSource ?? "the current set"
      if json {
        func name(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        var members: [JSONObject.Member] = [
          .init(key: "compared_with", value: .string(source)),
          .init(key: "households", value: .number(Double(planning.addresses.count))),
          .init(key: "households_moved", value: .number(Double(diff.moved.count))),
          .init(key: "moves", value: .array(diff.moves.map { m in
            .object(JSONObject([.init(key: "from", value: name(m.from)), .init(key: "to", value: name(m.to)), .init(key: "households", value: .number(Double(m.households)))]))
          })),
          .init(key: "sizes", value: .array(diff.sizes.map { s in
            .object(JSONObject([.init(key: "name", value: .string(s.name)), .init(key: "before", value: .number(Double(s.before))), .init(key: "after", value: .number(Double(s.after)))]))
          })),
          .init(key: "moved_addresses", value: .array(diff.moved.map { k in
            .object(JSONObject([.init(key: "address", value: .string(planning.addresses[k].label)), .init(key: "from", value: name(diff.before[k])), .init(key: "to", value: name(diff.after[k]))]))
          })),
        ]
        if self.members {
          members.append(.init(key: "members_changing_group", value: .array(changedMembers.map { m, a, b in
            .object(JSONObject([.init(key: "id", value: .string(m.id)), .init(key: "name", value: .string(m.name)), .init(key: "phone", value: .string(m.phone)),
                                .init(key: "address", value: .string(m.addressQuery)), .init(key: "from", value: name(a)), .init(key: "to", value: name(b))]))
          })))
        }
        Terminal.output(JSONWriter.serialize(.object(JSONObject(members))) + "\n")
        return
      }
      var out = "\(file) against \(source): \(Format.count(diff.moved.count)) of \(Format.count(planning.addresses.count)) households change group\n\n"
      out += "moves (from → to: households)\n"
      for m in diff.moves { out += "  \(Format.padded(m.from ?? "(no group)", 26)) → \(Format.padded(m.to ?? "(no group)", 26)) \(Format.padded(Format.count(m.households), 7, right: true))\n" }
      out += "\nsizes\n  \(Format.padded("group", 28))\(Format.padded("before", 8, right: true))\(Format.padded("after", 8, right: true))\(Format.padded("change", 8, right: true))\n"
      for s in diff.sizes {
        let change = s.after - s.before
        out += "  \(Format.padded(s.name, 28))\(Format.padded(String(s.before), 8, right: true))\(Format.padded(String(s.after), 8, right: true))\(Format.padded((change > 0 ? "+" : "") + String(change), 8, right: true))\n"
      }
      if !diff.moved.isEmpty {
        out += "\nmoved addresses\(diff.moved.count > limit ? " (first \(limit); --moved-output FILE.csv for all)" : "")\n"
        for k in diff.moved.prefix(limit) { out += "  \(Format.padded(planning.addresses[k].label, 40)) \(diff.before[k] ?? "(no group)") → \(diff.after[k] ?? "(no group)")\n" }
      }
      if members {
        out += "\nenrolled members changing group: \(changedMembers.count)\n"
        for (m, a, b) in changedMembers { out += "  \(m.id)  \(Format.padded(m.name, 24)) \(Format.padded(m.phone, 14)) \(a ?? "(no group)") → \(b ?? "(no group)")\n" }
      }
      Terminal.output(out)
    }
  }
}
