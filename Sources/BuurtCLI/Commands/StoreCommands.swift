public import ArgumentParser
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Grouping

/// The store file, shared by the store commands.
public struct StoreOptions: ParsableArguments {
  @Option(help: "The store: a GeoPackage file (created by `buurt import`).") public var db: String
  public init() {}
  func open() throws -> Store { try Store(path: db) }
}

/// `buurt import`: a data folder into the store.
public struct ImportCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Load a data folder into the store (one transaction; enrollments and boundary versions stay).")
  @Option(help: "Data folder (see GeoData/README.md).") public var from: String
  @OptionGroup public var store: StoreOptions
  @OptionGroup public var encoding: EncodingOption
  @OptionGroup public var compute: ComputeOptions
  public init() {}

  public func run() throws {
    try reportingErrors {
      let progress = Progress(quiet: compute.quiet)
      let loader = try LayerLoader(threads: compute.threads ?? Parallel.processorCount)
      let layers = try FolderImport.layers(from: from, loader: loader, progress: progress, encoding: encoding.encoding)
      let db = try Store(path: store.db, create: true)
      var lastPrinted = -1
      try progress.step("writing \(layers.count) layers to \(store.db)") {
        try db.importLayers(layers) { name, fraction in
          let percent = Int(fraction * 100)
          if !compute.quiet && percent / 25 != lastPrinted / 25 && layers.first(where: { $0.name == name })?.count ?? 0 > 100_000 {
            Terminal.error("buurt:   \(name): \(percent)%")
            lastPrinted = percent
          }
        }
      }
      var out = "imported into \(store.db):\n"
      for l in layers { out += "  \(Format.padded(l.name, 16)) \(Format.padded(Format.count(l.count), 10, right: true)) \(l.geometryType.lowercased())\n" }
      Terminal.output(out)
    }
  }
}

/// `buurt doctor`: integrity and GeoPackage checks.
public struct DoctorCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check the store (integrity_check, spatial indexes).")
  @OptionGroup public var store: StoreOptions
  public init() {}
  public func run() throws {
    try reportingErrors {
      let lines = try store.open().doctor()
      Terminal.output(lines.joined(separator: "\n") + "\n")
      if !lines.contains("integrity_check: ok") || lines.contains(where: { $0.contains("out of date") }) { throw ExitCode(1) }
    }
  }
}

/// `buurt backup`: an online copy of the store.
public struct BackupCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(commandName: "backup", abstract: "Copy the store with SQLite's online backup (safe while in use).")
  @OptionGroup public var store: StoreOptions
  @Option(help: "The copy to write.") public var to: String
  public init() {}
  public func run() throws {
    try reportingErrors {
      guard !FileManager.default.fileExists(atPath: to) else { throw CLIError("\(to) exists; choose a new file for the backup") }
      try store.open().backup(to: to)
      Terminal.output("backed up \(store.db) to \(to)\n")
    }
  }
}
