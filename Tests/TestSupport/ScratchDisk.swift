import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Shared by the test targets (the TestSupport target). A real, small filesystem for the tests of a full or a read-only disk: a tmpfs mounted on a
/// fresh folder. Mounting needs root (as on the project's machines and CI); elsewhere
/// ``available`` is false and those tests are skipped, not faked.
public final class ScratchDisk: @unchecked Sendable {
  public let path: String
  private var mounted = true

  /// Whether this process can mount a tmpfs (tried once).
  public static let available: Bool = {
    guard let disk = try? ScratchDisk(kilobytes: 64) else { return false }
    disk.unmount()
    return true
  }()

  /// Mounts a tmpfs of `kilobytes` on a new temporary folder. - Throws: when `mount` fails.
  public init(kilobytes: Int) throws {
    path = NSTemporaryDirectory() + "buurt-disk-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    guard ScratchDisk.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0755", "tmpfs", path]) == 0 else {
      rmdir(path)
      throw ScratchDiskError.cannotMount
    }
  }

  deinit { unmount() }

  /// Fills the disk with a file of zeros until there is no space left; returns its path.
  @discardableResult public func fill() throws -> String {
    let filler = path + "/filler"
    let fd = open(filler, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    guard fd >= 0 else { throw ScratchDiskError.cannotFill }
    defer { close(fd) }
    let zeros = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = zeros.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
    }
    // A last partial page.
    _ = zeros.withUnsafeBytes { write(fd, $0.baseAddress!, 1) }
    return filler
  }

  /// Remounts the disk read-only: writes fail with EROFS, for root too.
  public func makeReadOnly() throws {
    guard ScratchDisk.run("/bin/mount", ["-o", "remount,ro", path]) == 0 else { throw ScratchDiskError.cannotRemount }
  }

  public func unmount() {
    guard mounted else { return }
    mounted = false
    _ = ScratchDisk.run("/bin/umount", [path])
    rmdir(path)
  }

  static func run(_ tool: String, _ arguments: [String]) -> Int32 {
    (try? ProcessRunner.run(tool, arguments, stdout: .discard, stderr: .discard).status) ?? -1
  }
}

public enum ScratchDiskError: Error {
  case cannotMount, cannotFill, cannotRemount
}
