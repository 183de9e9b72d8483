import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BuurtServer

#if canImport(Glibc)
  import Glibc
#endif

/// A TCP connection to the server under test from a chosen loopback source address (all of
/// 127.0.0.0/8 is this machine), written and read byte for byte.
final class RawConnection {
  let fd: Int32

  init(port: Int, source: String = "127.0.0.1") throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EMFILE) }
    var from = sockaddr_in()
    from.sin_family = sa_family_t(AF_INET)
    inet_pton(AF_INET, source, &from.sin_addr)
    var to = sockaddr_in()
    to.sin_family = sa_family_t(AF_INET)
    to.sin_port = UInt16(port).bigEndian
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr)
    let size = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &from) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
    let connected = withUnsafePointer(to: &to) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) } }
    guard bound == 0, connected == 0 else {
      close(fd)
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
    }
  }

  deinit { close(fd) }

  func send(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
  }

  /// What has arrived so far, without waiting; `closed` when the server closed the connection.
  func poll() -> (text: String, closed: Bool) {
    var out = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
      if n > 0 { out += buffer[0..<n] } else { return (String(decoding: out, as: UTF8.self), n == 0) }
    }
  }

  /// Reads for up to `seconds`, until the server closes the connection.
  func read(for seconds: Double) async throws -> (text: String, closed: Bool) {
    var text = ""
    let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < end {
      let (t, closed) = poll()
      text += t
      if closed { return (text, true) }
      try await Task.sleep(for: .milliseconds(20))
    }
    return (text, false)
  }
}

/// Enough file descriptors for hundreds of connections on both ends in this one process.
func raiseOpenFileLimit() {
  var limit = rlimit()
  getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
  limit.rlim_cur = limit.rlim_max
  setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

@Suite("Connections, slow bodies and client addresses", .serialized)
struct ConnectionTests {
  static let slowHead =
    "POST /v1/enrollments HTTP/1.1\r\nHost: buurt\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"name\":"

  /// Opens 600 enrollments from 30 addresses whose bodies never finish, waits (up to 60 s, for a
  /// loaded machine) until the server has answered `refusals` of them, and returns the
  /// connections with what each got.
  static func slowBodies(port: Int, refusals: Int) async throws -> [(connection: RawConnection, answer: String)] {
    var connections: [RawConnection] = []
    for k in 0..<600 {
      let c = try RawConnection(port: port, source: "127.0.0.\(2 + k % 30)")
      c.send(slowHead)
      connections.append(c)
    }
    var answers = [String](repeating: "", count: connections.count)
    for _ in 0..<300 {
      for (i, c) in connections.enumerated() { answers[i] += c.poll().text }
      if answers.filter({ !$0.isEmpty }).count >= refusals { break }
      try await Task.sleep(for: .milliseconds(200))
    }
    // Anything more that was going to be refused at once has been by now.
    try await Task.sleep(for: .milliseconds(500))
    for (i, c) in connections.enumerated() { answers[i] += c.poll().text }
    return Array(zip(connections, answers))
  }

  /// One address holds at most `maxConcurrentPerClient` request slots: 600 slow bodies from 30
  /// addresses, each within its rate limit, leave `/healthz` and the reads answering, and each
  /// slow body is cut off with 408 when its time is up.
  @Test func slowBodiesFromThirtyAddressesStarveNoRoute() async throws {
    raiseOpenFileLimit()
    // The body deadline is long enough for a loaded 2-core machine to take in all 600 heads first,
    // and shorter than the request deadline.
    let service = try makeService(rateLimit: (20, 40)) { $0.bodyTimeoutSeconds = 15 }
    let app = buildApplication(service: service)
    try await app.test(.live) { client in
      let port = try #require(client.port)
      let slow = try await ConnectionTests.slowBodies(port: port, refusals: 600 - 30 * 8)
      let refused = slow.filter { $0.answer.hasPrefix("HTTP/1.1 429") }
      #expect(refused.count == 600 - 30 * 8, "beyond 8 in flight per address: 429 at once")
      #expect(slow.allSatisfy { $0.answer.isEmpty || $0.answer.hasPrefix("HTTP/1.1 429") })
      #expect(service.concurrency.current <= 30 * 8)
      // While 240 bodies are in flight:
      try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
      try await client.execute(uri: "/v1/groups", method: .get) { r in #expect(r.status == .ok) }
      try await client.execute(uri: "/v1/locate?lon=5.29&lat=50.944", method: .get) { r in #expect(r.status == .ok) }
      // The bodies that never finish get 408 and their connections are closed.
      let waiting = slow.filter { $0.answer.isEmpty }.map(\.connection)
      var timedOut = 0
      var others: [String] = []
      for c in waiting {
        let (text, closed) = try await c.read(for: 30)
        if text.hasPrefix("HTTP/1.1 408") && text.contains("body-timeout") && closed {
          timedOut += 1
        } else {
          others.append("\(closed) \(text.prefix(200))")
        }
      }
      #expect(timedOut == waiting.count && timedOut == 240, "\(others.prefix(3))")
    }
  }

  /// With no limit per address (many clients behind one NAT, say), bodies still cannot take the
  /// slots kept for reads.
  @Test func slowBodiesLeaveTheReadReserve() async throws {
    raiseOpenFileLimit()
    let service = try makeService(rateLimit: nil, maxConcurrent: 100) {
      $0.maxConcurrentPerClient = 10_000
      $0.readReserve = 10
      $0.bodyTimeoutSeconds = 20
    }
    let app = buildApplication(service: service)
    try await app.test(.live) { client in
      let port = try #require(client.port)
      let slow = try await ConnectionTests.slowBodies(port: port, refusals: 600 - 90)
      #expect(slow.filter { $0.answer.hasPrefix("HTTP/1.1 503") }.count == 600 - 90, "bodies stop at 100 - 10 slots")
      try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
      try await client.execute(uri: "/v1/groups", method: .get) { r in #expect(r.status == .ok) }
    }
  }

  /// HTTP/1.0 without keep-alive closes after its answer; HTTP/1.1 stays open; HEAD answers on
  /// GET routes with the GET's headers and no body.
  @Test func http10ClosesAndHeadAnswers() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.live) { client in
      let port = try #require(client.port)
      let old = try RawConnection(port: port)
      old.send("GET /healthz HTTP/1.0\r\n\r\n")
      let (oldText, oldClosed) = try await old.read(for: 3)
      #expect(oldText.hasPrefix("HTTP/1.1 200") && oldClosed)
      #expect(oldText.lowercased().contains("connection: close"))
      let kept = try RawConnection(port: port)
      kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
      let (keptText, keptClosed) = try await kept.read(for: 1)
      #expect(keptText.hasPrefix("HTTP/1.1 200") && !keptClosed)
      let current = try RawConnection(port: port)
      current.send("GET /healthz HTTP/1.1\r\nHost: buurt\r\n\r\n")
      let (currentText, currentClosed) = try await current.read(for: 1)
      #expect(currentText.hasPrefix("HTTP/1.1 200") && !currentClosed)
      let get = try await client.execute(uri: "/v1/groups", method: .get) { $0 }
      try await client.execute(uri: "/v1/groups", method: .head) { r in
        #expect(r.status == .ok)
        #expect(r.body.readableBytes == 0)
        #expect(r.headers[.contentType] == get.headers[.contentType])
      }
      try await client.execute(uri: "/v1/groups", method: .patch) { r in #expect(r.headers[.allow] == "GET, HEAD") }
    }
  }

  /// Behind a trusted proxy each client the proxy names has its own rate limit; from anywhere
  /// else `X-Forwarded-For` is ignored, so it cannot be used to dodge the limit.
  @Test func forwardedForCountsOnlyFromTrustedProxies() async throws {
    let forwarded = HTTPFields.Element.Name("X-Forwarded-For")!
    func statuses(_ service: BuurtService, _ clients: [String]) async throws -> [UInt] {
      let app = buildApplication(service: service)
      return try await app.test(.live) { client in
        var out: [UInt] = []
        for c in clients {
          out.append(
            UInt(try await client.execute(uri: "/v1/locate?lon=5.29&lat=50.944", method: .get, headers: [forwarded: c]) { $0.status.code }))
        }
        return out
      }
    }
    let sequence = ["203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.9, 203.0.113.1"]
    let direct = try await statuses(try makeService(rateLimit: (0.01, 2)), sequence)
    #expect(direct == [200, 200, 429, 429, 429], "one client: the peer")
    let proxied = try await statuses(try makeService(rateLimit: (0.01, 2)) { $0.trustedProxies = ["127.0.0.0/8", "::1"] }, sequence)
    // The proxy appends the address it saw: an entry the client wrote itself in front is not believed.
    #expect(proxied == [200, 200, 429, 200, 429])
    #expect(throws: (any Error).self) { _ = try makeService { $0.trustedProxies = ["not-an-address"] } }
  }

  /// `/metrics` for anyone, for this machine and staff, or for staff only, as the server is set.
  @Test func metricsAccessIsASetting() async throws {
    let staffOnly = buildApplication(service: try makeService { $0.metricsAccess = .staff })
    try await staffOnly.test(.router) { client in
      try await client.execute(uri: "/metrics", method: .get) { r in try expectProblem(r, .unauthorized, "unauthorized") }
      try await client.execute(uri: "/metrics", method: .get, headers: staff) { r in #expect(r.status == .ok) }
    }
    // Behind a trusted proxy on this machine, the client the proxy names is not this machine.
    let loopback = buildApplication(
      service: try makeService {
        $0.metricsAccess = .loopback
        $0.trustedProxies = ["127.0.0.1"]
      })
    try await loopback.test(.live) { client in
      try await client.execute(uri: "/metrics", method: .get) { r in #expect(r.status == .ok) }
      let remote: HTTPFields = [HTTPFields.Element.Name("X-Forwarded-For")!: "203.0.113.7"]
      try await client.execute(uri: "/metrics", method: .get, headers: remote) { r in try expectProblem(r, .forbidden, "forbidden") }
    }
  }
}
