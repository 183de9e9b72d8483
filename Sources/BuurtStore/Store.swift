public import Foundation
import GRDB
public import GeoCore
public import GeoFormats
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// buurt's database: one SQLite file that is a valid OGC GeoPackage (QGIS opens the layers),
/// holding the imported layers, the published group boundaries with their history, and the
/// residents who enrolled.
///
/// WAL mode, `synchronous=FULL`, `secure_delete=ON`, a busy timeout; every write is one
/// transaction. Migrations are append-only. Safe to use from several threads (a GRDB pool).
/// A store opened for writing keeps ``SpaceReserve`` beside it, so an erasure completes on a
/// full disk; one opened read-only changes nothing on disk.
public final class Store: Sendable {
  public let path: String
  /// Opened with `readOnly`: every write throws ``StoreError/Kind/readOnly``.
  public let isReadOnly: Bool
  /// A GRDB pool, or for a read-only store one read-only connection.
  let database: any DatabaseWriter
  let reserve: SpaceReserve
  private let writes = Atomic<Int>(0)
  /// Counts this process's writes (committed or not): what is derived from the store's content,
  /// such as a rendered page, is current while the count is unchanged (writes by another process
  /// are not counted).
  public var generation: Int { writes.load(ordering: .acquiring) }
  func wrote() { writes.add(1, ordering: .releasing) }
  public static let srsID: Int32 = 31370

  /// Opens (and with `create`, creates) the store. With `readOnly` nothing is written, not
  /// even a migration: a store on a read-only disk or folder opens for reading, and one whose
  /// schema is older than this buurt is refused (``StoreError/Kind/outdatedSchema``; see
  /// ``forReading(path:)``). - Throws: ``StoreError``.
  public convenience init(path: String, create: Bool = false, readOnly: Bool = false) throws {
    try self.init(path: path, create: create, readOnly: readOnly, topUpReserve: true)
  }

  init(path: String, create: Bool, readOnly: Bool, topUpReserve: Bool) throws {
    precondition(!(create && readOnly), "a read-only store cannot be created")
    self.path = path
    self.isReadOnly = readOnly
    reserve = SpaceReserve(store: path)
    let exists = FileManager.default.fileExists(atPath: path)
    if !exists && !create {
      throw StoreError("\(path): no such store; create one with `buurt import --from DIR --db \(path)`")
    }
    // An empty file is no store: opening it would quietly make an empty one.
    if exists && !create, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == 0 {
      throw StoreError("\(path): an empty file (0 bytes), not a buurt store; create one with `buurt import --from DIR --db \(path)`")
    }
    if readOnly {
      database = try ReadOnlyOpening.open(path: path, configuration: Store.configuration)
      return
    }
    do {
      let pool = try DatabasePool(path: path, configuration: Store.configuration)
      try pool.write { db in
        if try Int.fetchOne(db, sql: "PRAGMA application_id") == 0 {
          try db.execute(sql: "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300")
        }
      }
      try Migrations.migrator.migrate(pool)
      database = pool
    } catch let e as DatabaseError {
      if ReadOnlyOpening.cannotWrite(e, path: path) {
        throw StoreError(
          "\(path): the store is read-only here (SQLite: \(e.message ?? "\(e)")) and this command writes to it; run it where the store and its folder are writable",
          kind: .readOnly)
      }
      throw StoreError(e, path: path, hint: " (is it a buurt store?)")
    }
    if topUpReserve { reserve.topUp() }
  }

  /// Opens for a command that only reads: read-only, unless the schema is older than this
  /// buurt and the store can be written, when it is opened for writing and upgraded (an upgrade
  /// is a write). - Throws: ``StoreError``.
  public static func forReading(path: String) throws -> Store {
    do { return try Store(path: path, readOnly: true) } catch let e as StoreError where e.kind == .outdatedSchema {
      do { return try Store(path: path) } catch let w as StoreError where w.kind == .readOnly { throw e }
    }
  }

  static var configuration: Configuration {
    var config = Configuration()
    config.busyMode = .timeout(10)
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
      SpatialFunctions.register(db)
    }
    return config
  }

  /// Runs a read. - Throws: ``StoreError``.
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    do { return try database.read(body) } catch let e as DatabaseError { throw StoreError(e, path: path) }
  }

  /// Runs a write in one transaction. - Throws: ``StoreError`` (and whatever `body` throws).
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    guard !isReadOnly else { throw StoreError("\(path): opened read-only, and this writes to the store", kind: .readOnly) }
    defer { wrote() }
    do { return try database.write(body) } catch let e as DatabaseError { throw StoreError(e, path: path) }
  }

  // MARK: Layers

  /// Imported layers with their feature counts.
  public func layers() throws -> [(name: String, count: Int, geometryType: String)] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql:
          "SELECT c.table_name, g.geometry_type_name FROM gpkg_contents c JOIN gpkg_geometry_columns g USING (table_name) ORDER BY c.table_name"
      )
      return try rows.map { row in
        let name: String = row[0]
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(name)\"") ?? 0
        return (name, count, row[1])
      }
    }
  }

  /// Replaces every imported layer with `layers`, in one transaction; enrollments and
  /// boundary versions stay. `progress(layer, fraction)` is called as rows go in.
  /// - Throws: ``StoreError``; on error nothing changes.
  public func importLayers(_ layers: [FeatureLayer], progress: (String, Double) -> Void = { _, _ in }) throws {
    try write { db in
      // A bigger page cache for the bulk load (200 MB, this connection only).
      try db.execute(sql: "PRAGMA cache_size = -200000")
      let previous = try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'imported_layers'") ?? ""
      for name in previous.split(separator: ",").map(String.init) where !name.isEmpty {
        try FeatureTables.drop(db, name)
      }
      for layer in layers {
        try FeatureTables.create(db, layer)
        try FeatureTables.insert(db, layer) { progress(layer.name, $0) }
      }
      try db.execute(
        sql: "INSERT OR REPLACE INTO store_info (key, value) VALUES ('imported_layers', ?), ('imported_at', ?)",
        arguments: [layers.map(\.name).joined(separator: ","), Store.timestamp()])
    }
  }

  /// Every feature of a layer (geometry in EPSG:31370 metres, attributes as text/numbers).
  public func features(of layer: String) throws -> [Feature<XY>] {
    try read { db in try FeatureTables.features(db, layer) }
  }

  public func hasLayer(_ name: String) throws -> Bool {
    try read { db in try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM gpkg_contents WHERE table_name = ?", arguments: [name]) ?? false }
  }

  // MARK: Maintenance

  /// `PRAGMA integrity_check` plus GeoPackage checks: "ok" lines when all is well.
  public func doctor() throws -> [String] {
    try read { db in
      var out = try String.fetchAll(db, sql: "PRAGMA integrity_check").map { "integrity_check: \($0)" }
      let appID = try Int.fetchOne(db, sql: "PRAGMA application_id") ?? 0
      out.append(appID == 1_196_444_487 ? "geopackage application_id: ok" : "geopackage application_id: wrong (\(appID))")
      for name in try String.fetchAll(db, sql: "SELECT table_name FROM gpkg_geometry_columns") {
        let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(name)\" WHERE geom IS NOT NULL") ?? 0
        let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"rtree_\(name)_geom\"") ?? -1
        out.append("\(name): \(rows) features, spatial index \(indexed == rows ? "ok" : "out of date (\(indexed))")")
      }
      out.append("members: \(try Int.fetchOne(db, sql: "SELECT count(*) FROM members") ?? 0)")
      out.append("published boundary versions: \(try Int.fetchOne(db, sql: "SELECT count(*) FROM group_sets") ?? 0)")
      return out
    }
  }

  /// Copies the store through SQLite's online backup API (safe while it is in use) to
  /// `target`. The copy is written beside it under a temporary name and renamed when complete,
  /// so a failed backup (a full disk: ``StoreError/Kind/diskFull``) leaves no file behind.
  /// - Throws: ``StoreError``.
  public func backup(to target: String) throws {
    let temporary = target + ".partial-\(getpid())"
    func removeTemporary() {
      for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
    }
    do {
      let destination = try DatabaseQueue(path: temporary)
      do {
        try database.backup(to: destination)
        try destination.close()
      } catch {
        try? destination.close()
        throw error
      }
    } catch let e as DatabaseError {
      removeTemporary()
      throw StoreError(e, path: target, context: "backup not written")
    }
    guard rename(temporary, target) == 0 else {
      let reason = String(cString: strerror(errno))
      removeTemporary()
      throw StoreError("\(target): backup not written: \(reason)")
    }
  }

  /// RFC 3339 UTC time to the nearest millisecond (`2026-11-26T02:15:04.123Z`): what
  /// `ISO8601DateFormatter` writes with fractional seconds, without building a formatter (and
  /// its ICU calendar) on every enrollment.
  public static func timestamp(_ date: Date = Date()) -> String {
    let t = date.timeIntervalSince1970
    let millis = Int64((t * 1000 + 0.5).rounded(.down))
    // Floor division, so times before 1970 count back from the day before.
    func floorDivide(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int) {
      let q = a >= 0 ? a / b : (a - b + 1) / b
      return (q, Int(a - q * b))
    }
    let (seconds, ms) = floorDivide(millis, 1000)
    let (days, s) = floorDivide(seconds, 86_400)
    let (y, m, d) = civilDate(daysSinceEpoch: days)
    func pad(_ v: Int, _ width: Int) -> String {
      let digits = String(v)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2)).\(pad(ms, 3))Z"
  }

  /// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
  static func civilDate(daysSinceEpoch days: Int64) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
  }
}

extension Store {
  /// Address points of the `addresses` layer with the columns resolution needs.
  public func addressRows() throws -> [(street: String, houseNumber: String, postcode: String, municipality: String, position: XY)] {
    try read { db in
      guard try db.tableExists("addresses") else { throw StoreError("\(path): no addresses layer; run `buurt import` first") }
      let hasMunicipality = try db.columns(in: "addresses").contains { $0.name == "municipality" }
      let sql = "SELECT street, housenumber, postcode, \(hasMunicipality ? "municipality" : "''"), geom FROM addresses ORDER BY fid"
      let cursor = try Row.fetchCursor(db, sql: sql)
      var out: [(street: String, houseNumber: String, postcode: String, municipality: String, position: XY)] = []
      var names: [String: String] = [:]
      while let row = try cursor.next() {
        guard let data = row[4] as Data?, let (g, _) = try? GeoPackageGeometry.decode(Array(data), as: XY.self), case .point(let p) = g
        else { continue }
        let street: String = row[0] ?? ""
        let interned = names[street] ?? street
        names[street] = interned
        out.append((interned, row[1] ?? "", row[2] ?? "", row[3] ?? "", p))
      }
      return out
    }
  }
}
