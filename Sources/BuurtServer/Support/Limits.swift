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

  /// nil when allowed; else the seconds to wait.
  func check(_ client: String, now: Double) -> Int? {
    buckets.withLock { b in
      if b.count > 100_000 { b = b.filter { now - $0.value.last < 60 } }
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

/// Request counts and latency histograms per route and status, rendered as Prometheus text.
final class Metrics: Sendable {
  static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
  private struct Series {
    var count = 0
    var sum = 0.0
    var bucketCounts = [Int](repeating: 0, count: Metrics.buckets.count)
    mutating func add(_ seconds: Double) {
      count += 1
      sum += seconds
      for (i, b) in Metrics.buckets.enumerated() where seconds <= b { bucketCounts[i] += 1 }
    }
  }
  struct Key: Hashable {
    var method: String
    var route: String
    var status: Int
    var labels: String { "method=\"\(method)\",route=\"\(route)\",status=\"\(status)\"" }
  }
  private let series = Mutex<[Key: Series]>([:])

  func record(method: String, route: String, status: Int, seconds: Double) {
    let key = Key(method: method, route: route, status: status)
    // Updated in place: no copy of the bucket array per request.
    series.withLock { s in s[key, default: Series()].add(seconds) }
  }

  func render(inFlight: Int, members: Int?) -> String {
    var out = "# HELP buurt_http_requests_total HTTP requests by route and status.\n# TYPE buurt_http_requests_total counter\n"
    let snapshot = series.withLock { $0 }.map { ($0.key.labels, $0.value) }.sorted { $0.0 < $1.0 }
    for (k, v) in snapshot { out += "buurt_http_requests_total{\(k)} \(v.count)\n" }
    out += "# HELP buurt_http_request_duration_seconds Request latency.\n# TYPE buurt_http_request_duration_seconds histogram\n"
    for (k, v) in snapshot {
      for (i, b) in Metrics.buckets.enumerated() { out += "buurt_http_request_duration_seconds_bucket{\(k),le=\"\(b)\"} \(v.bucketCounts[i])\n" }
      out += "buurt_http_request_duration_seconds_bucket{\(k),le=\"+Inf\"} \(v.count)\n"
      out += "buurt_http_request_duration_seconds_sum{\(k)} \(v.sum)\nbuurt_http_request_duration_seconds_count{\(k)} \(v.count)\n"
    }
    out += "# HELP buurt_http_requests_in_flight Requests being served.\n# TYPE buurt_http_requests_in_flight gauge\nbuurt_http_requests_in_flight \(inFlight)\n"
    if let m = members { out += "# HELP buurt_members Enrolled members.\n# TYPE buurt_members gauge\nbuurt_members \(m)\n" }
    return out
  }
}
