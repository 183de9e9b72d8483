import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Opening a store read-only, wherever it lies: on a read-only disk, in a folder buurt may not
/// write, or as a file it may only read.
///
/// A WAL database is read through its `-shm`; on a read-only folder SQLite can neither make one
/// nor the `-wal`, and the open fails (`SQLITE_CANTOPEN`). When there is no `-wal` with changes
/// (a store closed cleanly leaves none), nothing can be writing to the store either, and it is
/// opened as immutable (`?immutable=1`: no locks, no `-shm`). The same on a full disk, where
/// the `-shm` cannot be grown (and no writer can commit). A `-wal` and `-shm` that exist but
/// are read-only are read as they are (SQLite 3.22 and later).
enum ReadOnlyOpening {
  static func open(path: String, configuration: Configuration) throws -> DatabaseQueue {
    var config = configuration
    config.readonly = true
    func connect(_ location: String) throws -> DatabaseQueue {
      let queue = try DatabaseQueue(path: location, configuration: config)
      // The first read is what needs the -shm: fail here, not in the first query.
      try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
      return queue
    }
    do {
      let queue: DatabaseQueue
      do {
        queue = try connect(path)
      } catch let e as DatabaseError where needsImmutable(e, path: path) {
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
        guard wal == 0 else {
          throw StoreError(
            "\(path): cannot be read here: its \(path)-wal holds changes not yet in the store, and no -shm can be made beside it (a read-only folder); copy the store with its -wal to a writable folder and open the copy",
            kind: .readOnly)
        }
        queue = try connect(immutableURI(path))
      }
      try queue.read { db in try checkSchema(db, path: path) }
      return queue
    } catch let e as DatabaseError {
      throw StoreError(e, path: path, hint: " (is it a buurt store?)")
    }
  }

  /// True when the open failed for want of a `-shm`: a read-only folder or disk, or a full disk.
  static func needsImmutable(_ e: DatabaseError, path: String) -> Bool {
    guard access(path, R_OK) == 0 else { return false }
    return e.resultCode == .SQLITE_CANTOPEN || (e.resultCode == .SQLITE_IOERR && DiskSpace.isFull(near: path))
  }

  /// Refuses a schema this buurt does not know all of: read-only, it cannot be migrated.
  static func checkSchema(_ db: Database, path: String) throws {
    let migrator = Migrations.migrator
    guard try !migrator.hasCompletedMigrations(db) else { return }
    let done = Set(try migrator.appliedMigrations(db))
    guard !done.isEmpty else {
      throw StoreError("\(path): not a buurt store (it has none of buurt's tables); create one with `buurt import --from DIR --db \(path)`")
    }
    let missing = migrator.migrations.filter { !done.contains($0) }
    throw StoreError(
      "\(path): the store's schema is older than this buurt (it lacks \(missing.map { "\"\($0)\"" }.joined(separator: ", "))) and it is read-only here, so it cannot be upgraded; run `buurt doctor --db \(path)` once where the store is writable (that upgrades it), or use the buurt that made it",
      kind: .outdatedSchema)
  }

  /// True when a writable open failed because the store, its folder or its disk is read-only.
  static func cannotWrite(_ e: DatabaseError, path: String) -> Bool {
    guard e.resultCode == .SQLITE_READONLY || e.resultCode == .SQLITE_CANTOPEN else { return false }
    let folder = (path as NSString).deletingLastPathComponent
    return access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0
  }

  /// `file:` URI of `path` with `immutable=1` (`%`, `?` and `#` escaped).
  static func immutableURI(_ path: String) -> String {
    var escaped = ""
    for c in path.unicodeScalars {
      switch c {
      case "%": escaped += "%25"
      case "?": escaped += "%3F"
      case "#": escaped += "%23"
      default: escaped.unicodeScalars.append(c)
      }
    }
    return "file:\(escaped)?immutable=1"
  }
}
