import Synchronization

/// A tiny mutual-exclusion lock for rarely contended bookkeeping (errors, progress counters).
public final class SpinLock: Sendable {
  private let mutex = Mutex(())
  public init() {}
  public func withLock<T>(_ body: () throws -> T) rethrows -> T {
    try mutex.withLock { _ in try body() }
  }
}
