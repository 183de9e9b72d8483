import BuurtApp

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing to standard error, and the clock.
public enum Terminal {
  public static func error(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    writeAll(2, line)
  }

  public static func output(_ text: String) { writeAll(1, text) }

  /// Writes all of `text`. Standard output on a full disk (`buurt members --csv > members.csv`)
  /// ends the command with exit status 1 and "disk full" on stderr: an export that was cut
  /// short must not look complete.
  static func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 && errno == ENOSPC && fd == 1 {
        error("buurt: error: standard output: disk full (no space left on device); what was written is incomplete")
        exit(1)
      }
      if n <= 0 { return }
      offset += n
    }
  }

  public static var stderrIsTerminal: Bool { isatty(2) != 0 }

  /// Seconds on a monotonic clock.
  public static func now() -> Double { MonotonicClock.now() }
}

/// The application layer's progress lines (Foundation has a `Progress` of its own).
typealias Progress = BuurtApp.Progress
