import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the store refused or failed.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong, for callers that answer differently (the server's 507 for a full disk).
  public enum Kind: String, Hashable, Sendable {
    /// Anything else: a broken file, a constraint, a bug.
    case failed
    /// The disk holding the store (or a backup) has no space left.
    case diskFull = "disk full"
    /// A write was asked of a store opened read-only.
    case readOnly = "read-only"
    /// Opened read-only, the store's schema is older than this buurt needs and cannot be upgraded.
    case outdatedSchema = "outdated schema"
  }

  public var kind: Kind
  public var message: String
  public init(_ message: String, kind: Kind = .failed) {
    self.message = message
    self.kind = kind
  }
  public var description: String { message }

  /// A GRDB error on `path`, with `context` before SQLite's message. A full disk is kind
  /// ``Kind/diskFull`` and says "disk full": SQLite's `SQLITE_FULL`, and an I/O error while the
  /// disk holding `path` has no space left (growing the `-shm` of a fresh connection on a full
  /// disk is `SQLITE_IOERR_SHMSIZE`, not `SQLITE_FULL`).
  init(_ error: DatabaseError, path: String, context: String? = nil, hint: String = "") {
    let sqlite = error.message ?? "\(error)"
    let prefix = context.map { "\(path): \($0)" } ?? path
    if error.resultCode == .SQLITE_FULL || (error.resultCode == .SQLITE_IOERR && DiskSpace.isFull(near: path)) {
      self.init(
        "\(prefix): disk full: the disk holding \(path) has no space left (SQLite: \(sqlite)); free some space and try again",
        kind: .diskFull)
    } else {
      self.init("\(prefix): \(sqlite)\(hint)")
    }
  }
}

/// Free space on the disk of a file.
enum DiskSpace {
  /// Bytes that an unprivileged writer may still use on the filesystem holding `path` (or the
  /// folder it would be created in); nil when that cannot be told.
  static func available(near path: String) -> Int? {
    let folder = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
    var st = statvfs()
    guard statvfs(path, &st) == 0 || statvfs(folder, &st) == 0 else { return nil }
    return Int(st.f_bavail) * Int(st.f_frsize)
  }

  /// True when the disk of `path` has less than one SQLite page left.
  static func isFull(near path: String) -> Bool { (available(near: path) ?? Int.max) < 8192 }
}
