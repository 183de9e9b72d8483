import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
#if canImport(Glibc)
  import Glibc
#endif

@Suite("buurt serve")
struct ServeCommandTests {
  /// GET a URL; nil when nothing answers.
  func get(_ url: String) -> (Int, String)? {
    let semaphore = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: (Int, String)?
    let task = URLSession.shared.dataTask(with: URL(string: url)!) { data, response, _ in
      if let http = response as? HTTPURLResponse { result = (http.statusCode, String(decoding: data ?? Data(), as: UTF8.self)) }
      semaphore.signal()
    }
    task.resume()
    _ = semaphore.wait(timeout: .now() + 5)
    return result
  }

  @Test func servesAndShutsDownCleanlyOnSIGTERM() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
    let port = Int.random(in: 20_000...40_000)
    // The server's whole environment is its staff token.
    let p = try ProcessRunner.start(
      buurtBinary, ["serve", "--db", db, "--port", "\(port)"], environment: ["BUURT_STAFF_TOKENS": "s3cret-staff-token"],
      inheritingEnvironment: false)
    var health: (Int, String)?
    for _ in 0..<100 {
      health = get("http://127.0.0.1:\(port)/healthz")
      if health != nil { break }
      usleep(100_000)
    }
    #expect(health?.0 == 200)
    let resolve = get("http://127.0.0.1:\(port)/v1/resolve?q=Kerkstraat%2012")
    #expect(resolve?.1.contains("\"matched\"") == true)
    let staff = get("http://127.0.0.1:\(port)/v1/members.csv")
    #expect(staff?.0 == 401)
    p.send(SIGTERM)
    #expect(p.waitForExit(seconds: 10), "still running 10 s after SIGTERM")
    if p.isRunning { p.send(SIGKILL) }
    let exit = p.finish()
    #expect(exit.status == 0)
    let log = exit.stdout + exit.stderr
    #expect(!log.contains("s3cret-staff-token"), "tokens never appear in logs")
    #expect(!log.contains("Kerkstraat"), "no query text (personal data) in the access log")
    #expect(log.contains("route=/v1/resolve"))
  }

  /// A raw TCP connection to 127.0.0.1:`port` (so a request can be left half sent).
  func connect(_ port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let ok = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if ok != 0 {
      close(fd)
      return nil
    }
    return fd
  }

  /// SIGTERM while a request is in flight (its body half sent): the request is still answered
  /// and stored, then the server exits with status 0.
  @Test func sigtermFinishesTheRequestInFlight() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
    let port = Int.random(in: 20_000...40_000)
    let p = try ProcessRunner.start(buurtBinary, ["serve", "--db", db, "--port", "\(port)"], stdout: .discard, stderr: .discard)
    defer { if p.isRunning { p.send(SIGKILL) } }
    for _ in 0..<100 where get("http://127.0.0.1:\(port)/healthz") == nil { usleep(100_000) }
    let fd = try #require(connect(port))
    defer { close(fd) }
    let body = Array(#"{"name":"Jan","phone":"0470123456","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#.utf8)
    let head = Array(
      "POST /v1/enrollments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
    let first = head + body[..<20]
    #expect(send(fd, first, first.count, 0) == first.count)
    usleep(300_000)
    p.send(SIGTERM)
    usleep(300_000)
    let rest = Array(body[20...])
    #expect(send(fd, rest, rest.count, 0) == rest.count)
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = recv(fd, &buffer, buffer.count, 0)
    let answer = String(decoding: buffer[..<max(0, n)], as: UTF8.self)
    #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer.prefix(80))")
    #expect(p.waitForExit(seconds: 10))
    #expect(p.finish().status == 0)
    #expect(try buurt(["members", "--db", db, "--csv"]).stdout.contains("+32470123456"))
  }
}
