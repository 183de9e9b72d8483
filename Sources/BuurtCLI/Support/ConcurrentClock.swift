import Synchronization

/// Wall time summed over the calls of ``timing(_:)``, which may run on several threads at
/// once (so the total may exceed the elapsed time). Thread-safe.
final class ConcurrentClock: Sendable {
  private let total = Mutex(0.0)

  /// Runs `body` and adds its duration.
  func timing<T>(_ body: () throws -> T) rethrows -> T {
    let t0 = Terminal.now()
    defer {
      let dt = Terminal.now() - t0
      total.withLock { $0 += dt }
    }
    return try body()
  }

  /// The seconds summed so far.
  var seconds: Double { total.withLock { $0 } }
}
