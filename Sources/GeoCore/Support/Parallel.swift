import Dispatch

/// Splits index ranges over threads (Dispatch's concurrentPerform), for batch work on buffers.
public enum Parallel {
  /// The number of active processors, at least 1.
  public static var processorCount: Int { max(1, ProcessInfoLite.activeProcessors) }

  /// Calls `body` with consecutive, disjoint ranges covering `0..<count`, on up to `threads`
  /// threads at once; returns when all are done. With one thread (or little work) it runs
  /// inline, in order.
  public static func forEachChunk(
    count: Int, threads: Int, minimumChunk: Int = 4096, _ body: (Range<Int>) -> Void
  ) {
    let parts = max(1, min(threads, (count + minimumChunk - 1) / max(1, minimumChunk)))
    if parts <= 1 {
      if count > 0 { body(0..<count) }
      return
    }
    let chunk = (count + parts - 1) / parts
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let body = body
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        let lo = part * chunk
        let hi = min(count, lo + chunk)
        if lo < hi { body(lo..<hi) }
      }
    }
  }
}

/// Processor count without Foundation (GeoCore imports the standard library and Dispatch only).
enum ProcessInfoLite {
  static var activeProcessors: Int {
    #if canImport(Glibc)
      return Int(sysconfLite())
    #else
      return 2
    #endif
  }
}

#if canImport(Glibc)
  import Glibc
  private func sysconfLite() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#endif
