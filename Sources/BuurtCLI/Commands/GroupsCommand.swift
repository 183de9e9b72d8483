public import ArgumentParser
import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Grouping

/// `buurt groups`: publish, list, show and export versioned group boundaries.
public struct GroupsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "groups", abstract: "Publish and read the versioned group boundaries of the store.",
    subcommands: [Publish.self, List.self, Show.self, Export.self])
  public init() {}

  public struct Publish: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract: "Validate a boundary file and store it as a new immutable version (the newest is used for assignment).")
    @Argument(help: "GeoJSON of Polygons/MultiPolygons.") public var file: String
    @OptionGroup public var naming: NamePropertyOption
    var nameProperty: String { naming.nameProperty }
    @Option(help: "A note kept with the version.") public var note: String?
    @Option(help: "CRS of the file when not lon/lat.") public var crs: String?
    @OptionGroup public var store: StoreOptions
    public init() {}

    public func run() throws {
      try reportingErrors {
        let db = try store.open()
        let loader = try LayerLoader()
        let layer = try LayerLoader.readGeoJSON(file, crs: crs.map(CRS.init))
        let addresses = try db.addressRows()
        let municipality = try MunicipalityOutline.of(store: db)
        let check: BoundarySetCheck
        do {
          check = try BoundarySetCheck(
            layer: layer, nameProperty: nameProperty, loader: loader, addresses: addresses.map(\.position), municipality: municipality)
        } catch let e as AppError {
          throw e.prefixed("\(file): ")
        }
        guard check.isValid else {
          let shown = check.errors.prefix(10).joined(separator: "; ")
          let more = check.errors.count > 10 ? " (and \(check.errors.count - 10) more; run buurt validate)" : ""
          throw CLIError("\(file): \(check.errors.count) validation errors: \(shown)\(more); nothing published")
        }
        let groups = check.groups
        let (version, moved) = try check.publish(to: db, nameProperty: nameProperty, note: note, source: file, loader: loader)
        let (counts, outside) = (check.households, check.outside)
        var out =
          "published version \(version): \(groups.count) groups, \(Format.count(addresses.count)) addresses (\(outside) outside every group)\n"
        for (k, name) in groups.names.enumerated() {
          out += "  \(Format.padded(name, 24)) \(Format.padded(Format.count(counts[k]), 8, right: true))\n"
        }
        if moved > 0 { out += "\(Format.count(moved)) members move to another group: see `buurt transfers list`\n" }
        Terminal.output(out)
      }
    }
  }

  public struct List: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "List the published versions.")
    @OptionGroup public var store: StoreOptions
    @OptionGroup public var answer: JSONOption
    var json: Bool { answer.json }
    public init() {}
    public func run() throws {
      try reportingErrors {
        let versions = try store.openForReading().groupVersions()
        if json {
          Terminal.output(
            JSONWriter.serialize(
              .array(
                versions.map { v in
                  .object(
                    JSONObject([
                      .init(key: "version", value: .number(Double(v.version))), .init(key: "published_at", value: .string(v.publishedAt)),
                      .init(key: "groups", value: .number(Double(v.groupCount))),
                      .init(key: "note", value: v.note.map { .string($0) } ?? .null),
                      .init(key: "source", value: v.source.map { .string($0) } ?? .null),
                    ]))
                })) + "\n")
          return
        }
        if versions.isEmpty { Terminal.output("no published versions; publish one with `buurt groups publish FILE --db \(store.db)`\n") }
        for v in versions {
          Terminal.output(
            "version \(v.version)  \(v.publishedAt)  \(v.groupCount) groups  \(v.source ?? "")\(v.note.map { "  — \($0)" } ?? "")\n")
        }
      }
    }
  }

  public struct Show: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "One group as a GeoJSON Feature (lon/lat), with its household count.")
    @Argument(help: "The group's name.") public var name: String
    @Option(help: "Version (default: the newest).") public var version: Int?
    @OptionGroup public var store: StoreOptions
    public init() {}
    public func run() throws {
      try reportingErrors {
        let db = try store.openForReading()
        guard let (v, groups, stored) = try db.groups(version: version) else { throw CLIError("nothing published yet") }
        guard let k = groups.firstIndex(where: { $0.name == name }) else {
          throw CLIError("no group \"\(name)\" in version \(v) (groups: \(groups.map(\.name).joined(separator: ", ")))")
        }
        let loader = try LayerLoader()
        let set = try loader.groupSet(names: groups.map(\.name), stored: stored)
        let placed = try loader.place(metric: try db.addressRows().map(\.position), in: set)
        let households = placed.filter { $0 == Int32(k) }.count
        var props = groups[k].properties
        props["name"] = .string(name)
        props["version"] = .number(Double(v))
        props["households"] = .number(Double(households))
        props["area_km2"] = .number((set.areas[k].area / 1e4).rounded() / 100)
        let feature = Feature(geometry: try loader.lonLatGeometry(of: set, k), properties: props)
        var out = ""
        GeoJSONWriter(decimals: 7).write(feature, to: &out)
        Terminal.output(out + "\n")
      }
    }
  }

  public struct Export: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Write a version as GeoJSON (RFC 7946, lon/lat).")
    @Option(help: "Version (default: the newest).") public var version: Int?
    @Option(name: .shortAndLong, help: "Output .geojson file.") public var output: String
    @OptionGroup public var store: StoreOptions
    public init() {}
    public func run() throws {
      try reportingErrors {
        let db = try store.openForReading()
        guard let (v, groups, stored) = try db.groups(version: version) else { throw CLIError("nothing published yet") }
        let loader = try LayerLoader()
        let set = try loader.groupSet(names: groups.map(\.name), stored: stored)
        let features = try groups.enumerated().map { k, g -> Feature<LonLat> in
          var props = g.properties
          if props["name"] == nil { props["name"] = .string(g.name) }
          return Feature(geometry: try loader.lonLatGeometry(of: set, k), properties: props)
        }
        let fc = FeatureCollection(features, foreignMembers: JSONObject([.init(key: "name", value: .string("buurt groups version \(v)"))]))
        try FileIO.write(GeoJSONWriter(decimals: 7).write(fc), to: output)
        Terminal.output("wrote version \(v) (\(groups.count) groups) to \(output)\n")
      }
    }
  }
}
