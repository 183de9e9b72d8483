import Foundation
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
    #expect(try buurt(["import", "-q", "--from", sample, "--db", db]).status == 0)
    let port = Int.random(in: 20_000...40_000)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: buurtBinary)
    p.arguments = ["serve", "--db", db, "--port", "\(port)"]
    p.environment = ["BUURT_STAFF_TOKENS": "s3cret-staff-token"]
    let err = Pipe()
    p.standardError = err
    p.standardOutput = err
    try p.run()
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
    kill(p.processIdentifier, SIGTERM)
    let deadline = Date().addingTimeInterval(10)
    while p.isRunning && Date() < deadline { usleep(50_000) }
    #expect(!p.isRunning, "still running 10 s after SIGTERM")
    if p.isRunning { kill(p.processIdentifier, SIGKILL) }
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(!log.contains("s3cret-staff-token"), "tokens never appear in logs")
    #expect(!log.contains("Kerkstraat"), "no query text (personal data) in the access log")
    #expect(log.contains("route=/v1/resolve"))
  }
}
