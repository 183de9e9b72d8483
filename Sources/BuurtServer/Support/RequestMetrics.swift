import CoreMetrics
import Prometheus
import Synchronization

/// Request counts and latency histograms per route and status, and the requests in flight, as
/// swift-metrics instruments on a Prometheus registry of this server's own (so two servers in
/// one process, as in the tests, count apart). The member count is a second registry, rendered
/// for staff only.
final class RequestMetrics: Sendable {
  /// Latency buckets in seconds.
  static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

  private let registry = PrometheusCollectorRegistry()
  private let staffRegistry = PrometheusCollectorRegistry()
  private let factory: PrometheusMetricsFactory
  private let inFlight: CoreMetrics.Gauge
  private let members: CoreMetrics.Gauge

  private struct Key: Hashable {
    var method: String
    var route: String
    var status: Int
  }
  private let instruments = Mutex<[Key: (requests: CoreMetrics.Counter, duration: CoreMetrics.Timer)]>([:])

  init() {
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.defaultDurationHistogramBuckets = RequestMetrics.buckets.map { .nanoseconds(Int64(($0 * 1e9).rounded())) }
    self.factory = factory
    inFlight = CoreMetrics.Gauge(label: "buurt_http_requests_in_flight", factory: factory)
    members = CoreMetrics.Gauge(label: "buurt_members", factory: PrometheusMetricsFactory(registry: staffRegistry))
  }

  func record(method: String, route: String, status: Int, seconds: Double) {
    let key = Key(method: method, route: route, status: status)
    let (requests, duration) = instruments.withLock { cache in
      if let found = cache[key] { return found }
      let dimensions = [("method", method), ("route", route), ("status", String(status))]
      let made = (
        CoreMetrics.Counter(label: "buurt_http_requests_total", dimensions: dimensions, factory: factory),
        CoreMetrics.Timer(
          label: "buurt_http_request_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
      )
      cache[key] = made
      return made
    }
    requests.increment()
    duration.recordNanoseconds(Int64((seconds * 1e9).rounded()))
  }

  /// The Prometheus text exposition; `members` (staff only) adds the member gauge.
  func render(inFlight current: Int, members count: Int?) -> String {
    inFlight.record(current)
    var text = registry.emitToString()
    if let count {
      members.record(count)
      text += staffRegistry.emitToString()
    }
    return text
  }
}
