import Foundation
import Synchronization

/// A token bucket per client address (public routes): `rate` requests per second with bursts
/// of `burst`. Entries idle for a minute are dropped.
final class RateLimiter: Sendable {
  let rate: Double
  let burst: Double
  private let buckets = Mutex<[String: (tokens: Double, last: Double)]>([:])

  init(rate: Double, burst: Double) {
    self.rate = rate
    self.burst = burst
  }

  /// nil when a request would be allowed now; else the seconds to wait (takes nothing).
  func peek(_ client: String, now: Double) -> Int? {
    buckets.withLock { b in
      guard let entry = b[client] else { return nil }
      let tokens = min(burst, entry.tokens + (now - entry.last) * rate)
      return tokens >= 1 ? nil : max(1, Int(((1 - tokens) / rate).rounded(.up)))
    }
  }

  /// nil when allowed; else the seconds to wait.
  func check(_ client: String, now: Double) -> Int? {
    buckets.withLock { b in
      // Many clients: forget those whose bucket has filled up again (forgetting one still short of
      // full would hand it a fresh burst).
      if b.count > 100_000 { b = b.filter { $0.value.tokens + (now - $0.value.last) * rate < burst } }
      var entry = b[client] ?? (burst, now)
      entry.tokens = min(burst, entry.tokens + (now - entry.last) * rate)
      entry.last = now
      if entry.tokens >= 1 {
        entry.tokens -= 1
        b[client] = entry
        return nil
      }
      b[client] = entry
      return max(1, Int(((1 - entry.tokens) / rate).rounded(.up)))
    }
  }
}

/// Counts requests in flight; refuses beyond `limit`, or beyond a lower bound a caller names
/// (requests with bodies stop short of the slots kept for reads).
final class ConcurrencyLimit: Sendable {
  let limit: Int
  private let inFlight = Atomic<Int>(0)
  init(limit: Int) { self.limit = limit }
  func enter(upTo bound: Int? = nil) -> Bool {
    let n = inFlight.wrappingAdd(1, ordering: .relaxed).newValue
    if n > min(limit, bound ?? limit) {
      inFlight.wrappingSubtract(1, ordering: .relaxed)
      return false
    }
    return true
  }
  func leave() { inFlight.wrappingSubtract(1, ordering: .relaxed) }
  var current: Int { inFlight.load(ordering: .relaxed) }
}

/// Requests in flight per client address: one address cannot hold more than `limit` of the
/// server's request slots (slow bodies from a few addresses no longer starve everyone).
final class ClientConcurrency: Sendable {
  let limit: Int
  private let inFlight = Mutex<[String: Int]>([:])
  init(limit: Int) { self.limit = limit }

  func enter(_ client: String) -> Bool {
    inFlight.withLock { m in
      let n = m[client, default: 0]
      guard n < limit else { return false }
      m[client] = n + 1
      return true
    }
  }

  func leave(_ client: String) {
    inFlight.withLock { m in
      let n = m[client, default: 1] - 1
      m[client] = n > 0 ? n : nil
    }
  }
}
