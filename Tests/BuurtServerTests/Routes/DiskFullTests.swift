import BuurtStore
import Foundation
import GeoFormats
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import TestSupport
import Testing

@testable import BuurtServer

/// Log records as `message key=value…` lines, for tests that read what the server logged.
struct CapturingLogHandler: LogHandler {
  let lines: LogLines
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .info
  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }
  func log(event: LogEvent) {
    let fields = metadata.merging(event.metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
    lines.append("\(event.level) \(event.message)\(fields)")
  }
}

final class LogLines: Sendable {
  private let state = Mutex<[String]>([])
  func append(_ line: String) { state.withLock { $0.append(line) } }
  var all: [String] { state.withLock { $0 } }
}

@Suite("JSON API on a full disk", .enabled(if: ScratchDisk.available, "needs root to mount a tmpfs"))
struct DiskFullTests {
  @Test func aFullDiskAnswers507DiskFullAndErasuresStillComplete() async throws {
    let disk = try ScratchDisk(kilobytes: 48 * 1024)
    let lines = LogLines()
    let logger = Logger(label: "buurt") { _ in CapturingLogHandler(lines: lines) }
    let service = try makeService(storePath: disk.path + "/s.gpkg", logger: logger)
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      var enrolled: [(id: String, token: String)] = []
      for k in 0..<2 {
        let request =
          #"{"name":"Resident\#(k) Fullserver","phone":"047155443\#(k)","address":"Kerkstraat 1\#(k)","consent":true,"age":"adult","basis":"resident"}"#
        try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(request)) { r in
          #expect(r.status == .created)
          enrolled.append((obj(r)?["id"]?.stringValue ?? "", obj(r)?["token"]?.stringValue ?? ""))
        }
      }
      try disk.fill()
      let late = #"{"name":"Late Comer","phone":"0471554439","address":"Kerkstraat 101","consent":true,"age":"adult","basis":"resident"}"#
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(late)) { r in
        try expectProblem(r, .init(code: 507), "disk-full")
        #expect(obj(r)?["detail"]?.stringValue?.contains("disk is full") == true)
      }
      #expect(lines.all.contains { $0.contains("error=disk full") }, "\(lines.all)")
      #expect(!lines.all.contains { $0.contains("error=StoreError") }, "\(lines.all)")
      // Erasures complete on the full disk, one after the other.
      for (id, token) in enrolled {
        try await client.execute(uri: "/v1/enrollments/\(id)", method: .delete, headers: [.authorization: "Bearer \(token)"]) { r in
          #expect(r.status == .noContent)
        }
      }
      #expect(try service.store.memberCount() == 0)
      for file in [disk.path + "/s.gpkg", disk.path + "/s.gpkg-wal"] {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
        #expect(data.range(of: Data("Fullserver".utf8)) == nil, "\(file)")
      }
    }
  }
}
