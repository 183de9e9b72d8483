import Foundation
import GeoFormats
import TestSupport
import Testing

/// `buurt outbox send` through a real mail transfer agent (msmtp from Debian) to a real SMTP server
/// on loopback (aiosmtpd from the project's .venv): the coordinator of the member's group gets the
/// message, nobody else does, and a server that is down leaves the message waiting, then dead.
@Suite("Outbox delivery through msmtp and SMTP")
struct OutboxCommandTests {
  static let msmtp = "/usr/bin/msmtp"

  /// Starts the SMTP sink; its folder, port and process.
  func sink() throws -> (folder: String, port: Int, process: Process) {
    let folder = try temporaryFolder()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Fixtures.packageRoot + "/.venv/bin/python")
    process.arguments = [Fixtures.packageRoot + "/tools/testing/smtp_sink.py", folder]
    try process.run()
    for _ in 0..<200 {
      if let text = try? String(contentsOfFile: folder + "/port", encoding: .utf8), let port = Int(text) { return (folder, port, process) }
      Thread.sleep(forTimeInterval: 0.05)
    }
    kill(process.processIdentifier, SIGKILL)
    throw CLIError("the SMTP sink did not start")
  }

  struct CLIError: Error {
    var text: String
    init(_ t: String) { text = t }
  }

  func agent(port: Int) -> String {
    "\(OutboxCommandTests.msmtp) --host=127.0.0.1 --port=\(port) --auth=off --tls=off --from=buurt@lanaken.be"
  }

  @Test func theCoordinatorOfTheMembersGroupGetsTheMessageOnce() throws {
    try #require(FileManager.default.isExecutableFile(atPath: OutboxCommandTests.msmtp), "msmtp missing: run bash tools/setup")
    let db = try temporaryFolder() + "/town.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
    #expect(try buurt(["groups", "publish", Fixtures.sampleWijken, "--db", db]).status == 0)
    let layer = try JSONParser.parse(try read(Fixtures.sampleWijken))
    let groups =
      layer.objectValue?["features"]?.arrayValue?.compactMap { $0.objectValue?["properties"]?.objectValue?["name"]?.stringValue } ?? []
    for (k, g) in groups.enumerated() {
      let add = try buurt([
        "accounts", "add", "--role", "coordinator", "--group", g, "--name", "Coördinator \(g)", "--email", "groep\(k)@example.be", "--db",
        db,
      ])
      #expect(add.status == 0, "\(add.stderr)")
    }
    let enrolled = try buurt([
      "enroll", "--db", db, "--name", "Mailtest Buur", "--phone", "0471 12 34 56", "--address", "Kerkstraat 12", "--consent", "--age",
      "adult", "--basis", "resident", "--json",
    ])
    #expect(enrolled.status == 0, "\(enrolled.stderr)")
    let group = try #require(try JSONParser.parse(enrolled.stdout).objectValue?["group"]?.stringValue)
    let coordinator = "groep\(try #require(groups.firstIndex(of: group)))@example.be"

    let (folder, port, process) = try sink()
    defer { kill(process.processIdentifier, SIGKILL) }
    let sent = try buurt(["outbox", "send", "--db", db, "--from", "buurt@lanaken.be", "--sendmail", agent(port: port)])
    #expect(sent.status == 0 && sent.stderr.contains("sent 1"), "\(sent.stderr)")
    let rcpt = try String(contentsOfFile: folder + "/0.rcpt", encoding: .utf8)
    #expect(rcpt == coordinator + "\n")
    let mail = try String(contentsOfFile: folder + "/0.eml", encoding: .utf8)
    #expect(mail.contains("Message-ID: <") && mail.contains("<\(coordinator)>") && mail.contains("Subject: Nieuwe inschrijving"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/1.eml"))
    // Nothing is due any more: a second run sends nothing.
    #expect(
      try buurt(["outbox", "send", "--db", db, "--from", "buurt@lanaken.be", "--sendmail", agent(port: port)]).stderr.contains("sent 0"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/1.eml"))
    let listed = try buurt(["outbox", "list", "--db", db, "--status", "sent"])
    #expect(listed.stdout.contains(coordinator) && listed.stdout.contains("\tsent\t1\t"), "\(listed.stdout)")

    // The server down: the next message waits, and after its last attempt it is a dead letter.
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(
      try buurt([
        "enroll", "--db", db, "--name", "Tweede Buur", "--phone", "0471 65 43 21", "--address", "Kerkstraat 14", "--consent", "--age",
        "adult", "--basis", "resident",
      ]).status == 0)
    let down = try buurt([
      "outbox", "send", "--db", db, "--from", "buurt@lanaken.be", "--sendmail", agent(port: port), "--max-attempts", "1",
    ])
    #expect(down.status == 0 && down.stderr.contains("dead letters 1"), "\(down.stderr)")
    let dead = try buurt(["outbox", "list", "--db", db, "--status", "dead"])
    #expect(dead.stdout.split(separator: "\n").count == 1 && dead.stdout.contains("msmtp"), "\(dead.stdout)")
  }
}
