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
  public static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }
}

/// Progress of a long job on standard error: one line when each step starts and ends,
/// with the time it took, so a user sees the job move (2.45 million rows take seconds), and
/// for a streamed step a line every few seconds (``report(every:_:)``).
///
/// Not thread-safe: use it from the thread that runs the job.
public final class Progress {
  public let quiet: Bool
  let started = Terminal.now()
  private var lastReport = Terminal.now()
  public init(quiet: Bool) { self.quiet = quiet }

  /// Prints `buurt: MESSAGE` when at least `interval` seconds passed since the last report
  /// (or since the progress began); `message` is only built then. Nothing when quiet.
  public func report(every interval: Double, _ message: () -> String) {
    guard !quiet else { return }
    let now = Terminal.now()
    guard now - lastReport >= interval else { return }
    lastReport = now
    Terminal.error("buurt: \(message())")
  }

  /// Runs one step, printing `label…` before and the time after.
  public func step<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let t0 = Terminal.now()
    if !quiet { Terminal.error("buurt: \(label)…") }
    let result = try body()
    if !quiet { Terminal.error("buurt: \(label): done in \(Format.seconds(Terminal.now() - t0))") }
    return result
  }

  public var elapsed: Double { Terminal.now() - started }
}

/// Number formatting for people (thousands separators, fixed decimals).
public enum Format {
  public static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (k, ch) in digits.enumerated() {
      if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return n < 0 ? "-" + out : out
  }

  public static func fixed(_ v: Double, _ decimals: Int) -> String {
    guard v.isFinite else { return "\(v)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (abs(v) * scale).rounded()
    let whole = Int(r / scale)
    var frac = String(Int(r.truncatingRemainder(dividingBy: scale)))
    while frac.count < decimals { frac = "0" + frac }
    return (v < 0 && r != 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + frac : "")
  }

  public static func seconds(_ s: Double) -> String { s < 1 ? fixed(s * 1000, 0) + " ms" : fixed(s, 2) + " s" }

  public static func padded(_ s: String, _ width: Int, right: Bool = false) -> String {
    let pad = String(repeating: " ", count: max(0, width - s.count))
    return right ? pad + s : s + pad
  }
}
