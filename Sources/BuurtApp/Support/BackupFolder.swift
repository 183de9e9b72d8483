public import Foundation

/// How long backups are kept: `BUURT_BACKUP_RETENTION_DAYS` days (default 30). `buurt backup
/// --to DIR/` prunes older backups from its folder, and `buurt members erase` says how long an
/// erased member stays in the backups made before.
public struct BackupRetention: Sendable {
  public static let variable = "BUURT_BACKUP_RETENTION_DAYS"
  public static let defaultDays = 30
  public let days: Int

  /// - Throws: ``AppError`` when the variable is set to anything but a whole number of days ≥ 1.
  public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
    let text = (environment[BackupRetention.variable] ?? "").trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else {
      days = BackupRetention.defaultDays
      return
    }
    guard let n = Int(text), (1...36_500).contains(n) else {
      throw AppError.invalidInput("\(BackupRetention.variable)=\(text): give the days to keep backups as a whole number from 1")
    }
    days = n
  }
}

/// A folder of dated backups, `buurt-YYYYMMDDTHHMMSSZ.gpkg` (UTC), that `buurt backup --to DIR/`
/// writes into and prunes. Only files with exactly that name (and their `-wal`, `-shm`,
/// `-journal`, `-reserve`) are ever deleted; the time comes from the name, not the file's
/// modification time, which a copy resets.
public struct BackupFolder: Sendable {
  public let path: String

  public init(path: String) {
    var p = path
    while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
    self.path = p
  }

  static let siblings = ["-wal", "-shm", "-journal", "-reserve"]

  static func formatter() -> DateFormatter {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    return f
  }

  /// The file name of a backup made at `date`.
  public static func name(for date: Date) -> String { "buurt-\(formatter().string(from: date)).gpkg" }

  /// The time in a backup's file name; nil for any other name.
  public static func date(inName name: String) -> Date? {
    let stamp = Array(name.utf8)
    // buurt- + 8 digits + T + 6 digits + Z + .gpkg
    guard stamp.count == 27, name.hasPrefix("buurt-"), name.hasSuffix("Z.gpkg"), stamp[14] == UInt8(ascii: "T") else { return nil }
    let digits = stamp[6..<14] + stamp[15..<21]
    guard digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
    return formatter().date(from: String(decoding: stamp[6..<22], as: UTF8.self))
  }

  /// Backups in the folder made more than `days` days before `now`, oldest first.
  public func expired(days: Int, now: Date) throws -> [(path: String, made: Date)] {
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
      throw AppError.invalidInput("\(path): cannot list the backup folder (\(error.localizedDescription))")
    }
    let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
    return names.compactMap { name in
      guard let made = BackupFolder.date(inName: name), made < cutoff else { return nil }
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
      return (path + "/" + name, made)
    }.sorted { $0.made < $1.made }
  }

  /// Deletes a backup and the files SQLite may have left beside it. - Throws: ``AppError``.
  public static func remove(_ backup: String) throws {
    do { try FileManager.default.removeItem(atPath: backup) } catch {
      throw AppError.invalidInput("\(backup): could not be pruned (\(error.localizedDescription))")
    }
    for suffix in siblings where FileManager.default.fileExists(atPath: backup + suffix) {
      try? FileManager.default.removeItem(atPath: backup + suffix)
    }
  }

  /// `2026-11-26T02:15:04Z`.
  public static func display(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: date)
  }
}
