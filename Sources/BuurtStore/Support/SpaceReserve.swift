#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file of zeros next to the store (`lanaken.gpkg-reserve`, 1 MiB) that holds disk space for
/// erasures: in WAL mode even a DELETE needs room, for its WAL frames and, on a fresh
/// connection, for the `-shm`. When the disk is full an erasure deletes the reserve and tries
/// again; every writable open tops it up again as far as the disk allows.
struct SpaceReserve {
  static let size = 1 << 20
  let path: String

  init(store: String) { path = store + "-reserve" }

  /// Writes zeros until the reserve is ``size`` bytes, or the disk is full (best effort: a
  /// partial reserve still helps, and a later open tops it up). Written, not truncated to
  /// size, so the blocks are really taken.
  func topUp() {
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return }
    var missing = SpaceReserve.size - Int(st.st_size)
    guard missing > 0 else { return }
    let zeros = [UInt8](repeating: 0, count: 64 * 1024)
    while missing > 0 {
      let n = zeros.withUnsafeBytes { write(fd, $0.baseAddress!, min(missing, $0.count)) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      missing -= n
    }
    _ = fsync(fd)
  }

  var exists: Bool { access(path, F_OK) == 0 }

  /// Deletes the reserve, freeing its space. - Returns: whether there was one.
  @discardableResult func release() -> Bool { unlink(path) == 0 }
}
