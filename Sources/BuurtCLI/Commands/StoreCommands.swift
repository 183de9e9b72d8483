public import ArgumentParser
import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Grouping

/// The store file, shared by the store commands.
public struct StoreOptions: ParsableArguments {
  @Option(help: "The store: a GeoPackage file (created by `buurt import`).") public var db: String
  public init() {}
  /// Opens the store for a command that writes to it.
  func open() throws -> Store { try Store(path: db) }
  /// Opens the store for a command that only reads (read-only: a store on a read-only disk or
  /// folder works).
  func openForReading() throws -> Store { try Store.forReading(path: db) }
}

/// `buurt import`: a data folder into the store.
public struct ImportCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Load a data folder into the store (one transaction; enrollments and boundary versions stay).")
  @Option(help: "Data folder (see GeoData/README.md).") public var from: String
  @OptionGroup public var store: StoreOptions
  @OptionGroup public var encoding: EncodingOption
  // The store keeps metres in Lambert 72 (EPSG:31370): import takes no --metric-crs.
  @OptionGroup public var threading: ThreadsOption
  @OptionGroup public var quietness: QuietOption
  public init() {}

  public func run() throws {
    try reportingErrors {
      let progress = Progress(quiet: quietness.quiet)
      let loader = try LayerLoader(threads: threading.count)
      let layers = try FolderImport.layers(from: from, loader: loader, progress: progress, encoding: encoding.encoding)
      let db = try Store(path: store.db, create: true)
      var lastPrinted = -1
      try progress.step("writing \(layers.count) layers to \(store.db)") {
        try db.importLayers(layers) { name, fraction in
          let percent = Int(fraction * 100)
          if !quietness.quiet && percent / 25 != lastPrinted / 25 && layers.first(where: { $0.name == name })?.count ?? 0 > 100_000 {
            Terminal.error("buurt:   \(name): \(percent)%")
            lastPrinted = percent
          }
        }
      }
      var out = "imported into \(store.db):\n"
      for l in layers {
        out += "  \(Format.padded(l.name, 16)) \(Format.padded(Format.count(l.count), 10, right: true)) \(l.geometryType.lowercased())\n"
      }
      Terminal.output(out)
    }
  }
}

/// `buurt doctor`: integrity and GeoPackage checks.
public struct DoctorCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "doctor", abstract: "Check the store (integrity_check, spatial indexes).")
  @OptionGroup public var store: StoreOptions
  public init() {}
  public func run() throws {
    try reportingErrors {
      let lines = try store.openForReading().doctor()
      Terminal.output(lines.joined(separator: "\n") + "\n")
      if !lines.contains("integrity_check: ok") || lines.contains(where: { $0.contains("out of date") }) { throw ExitCode(1) }
    }
  }
}

/// `buurt backup`: an online copy of the store, dated into a backup folder that is pruned past
/// the retention, or one file.
public struct BackupCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "backup", abstract: "Copy the store with SQLite's online backup (safe while in use); into a folder, dated and pruned.",
    discussion: """
      --to DIR/ (a folder, or a path ending in /) writes DIR/buurt-YYYYMMDDTHHMMSSZ.gpkg (UTC) and deletes the backups in \
      DIR made more than \(BackupRetention.variable) days ago (default \(BackupRetention.defaultDays)); only files with that \
      name are ever deleted. A backup keeps every member erased after it was made until it is pruned.
      --to FILE writes one copy that nothing prunes: it keeps erased members until it is deleted.
      """)
  @OptionGroup public var store: StoreOptions
  @Option(help: "A backup folder (DIR/: a dated copy, older ones pruned) or a new file.") public var to: String
  public init() {}
  public func run() throws {
    try reportingErrors {
      let retention = try BackupRetention()
      let source = try store.openForReading()
      guard to.hasSuffix("/") || FileIO.isDirectory(to) else {
        guard !FileManager.default.fileExists(atPath: to) else { throw CLIError("\(to) exists; choose a new file for the backup") }
        try source.backup(to: to)
        Terminal.output("backed up \(store.db) to \(to)\n")
        Terminal.error(
          "buurt: note: \(to) is one copy that nothing prunes: it keeps every member erased from now on until you delete it; "
            + "`buurt backup --to DIR/` writes dated backups and deletes those older than \(retention.days) days")
        return
      }
      let folder = BackupFolder(path: to)
      do { try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true) } catch {
        throw CLIError("\(folder.path): cannot make the backup folder (\(error.localizedDescription))")
      }
      let now = Date()
      // Pruned first: what is past the retention goes whether or not this backup succeeds, and
      // on a full disk its space is freed for the new one.
      for old in try folder.expired(days: retention.days, now: now) {
        try BackupFolder.remove(old.path)
        Terminal.output("pruned \(old.path) (made \(BackupFolder.display(old.made)), more than \(retention.days) days ago)\n")
      }
      let target = folder.path + "/" + BackupFolder.name(for: now)
      guard !FileManager.default.fileExists(atPath: target) else {
        throw CLIError("\(target) exists (a backup made this second); try again")
      }
      try source.backup(to: target)
      Terminal.output(
        "backed up \(store.db) to \(target); backups in \(folder.path) are kept \(retention.days) days (\(BackupRetention.variable))\n")
    }
  }
}
