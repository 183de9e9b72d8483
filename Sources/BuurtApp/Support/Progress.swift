#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Seconds on a monotonic clock.
public enum MonotonicClock {
  public static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }
}

/// Progress of a long job, written line by line to a sink (standard error unless told
/// otherwise): one line when each step starts and ends, with the time it took, so a user sees
/// the job move (2.45 million rows take seconds), and for a streamed step a line every few
/// seconds (``report(every:_:)``).
///
/// Not thread-safe: use it from the thread that runs the job.
public final class Progress {
  public let quiet: Bool
  let started = MonotonicClock.now()
  private var lastReport = MonotonicClock.now()
  private let sink: (String) -> Void

  /// - Parameter sink: receives each line, without its newline.
  public init(quiet: Bool, sink: @escaping (String) -> Void = Progress.standardError) {
    self.quiet = quiet
    self.sink = sink
  }

  /// Writes `line` and a newline to standard error (file descriptor 2), all of it.
  public static func standardError(_ line: String) {
    var bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return }
      offset += n
    }
  }

  /// Prints `buurt: MESSAGE` when at least `interval` seconds passed since the last report
  /// (or since the progress began); `message` is only built then. Nothing when quiet.
  public func report(every interval: Double, _ message: () -> String) {
    guard !quiet else { return }
    let now = MonotonicClock.now()
    guard now - lastReport >= interval else { return }
    lastReport = now
    sink("buurt: \(message())")
  }

  /// Prints `buurt: MESSAGE` now, unless quiet.
  public func say(_ message: String) {
    if !quiet { sink("buurt: \(message)") }
  }

  /// Runs one step, printing `label…` before and the time after.
  public func step<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let t0 = MonotonicClock.now()
    if !quiet { sink("buurt: \(label)…") }
    let result = try body()
    if !quiet { sink("buurt: \(label): done in \(Format.seconds(MonotonicClock.now() - t0))") }
    return result
  }

  public var elapsed: Double { MonotonicClock.now() - started }
}
