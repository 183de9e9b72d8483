import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Testing

@testable import BuurtApp

/// The outbox: a new enrollment writes its messages in its own transaction, delivery goes
/// through a sendmail-compatible program, failures wait and end as dead letters, erasure erases.
@Suite("Outbox and mail delivery")
struct OutboxTests {
  func square(_ x: Double, _ s: Double) -> MultiPolygon<XY> {
    MultiPolygon([
      Polygon(exterior: LinearRing([XY(x: x, y: 0), XY(x: x + s, y: 0), XY(x: x + s, y: s), XY(x: x, y: s), XY(x: x, y: 0)]))
    ])
  }

  func member(_ name: String, _ phone: String, x: Double, in group: String) -> Member {
    Member(
      name: name, phone: phone, email: nil, addressQuery: name, street: "Kerkstraat", houseNumber: "1", box: "", postcode: "3620",
      locality: "Lanaken", position: XY(x: x, y: 10), groupAtEnrollment: group, groupVersionAtEnrollment: 1)
  }

  /// A store with groups A and B and a coordinator for each.
  func store() throws -> Store {
    let store = try Store(path: NSTemporaryDirectory() + "buurt-outbox-" + UUID().uuidString + ".gpkg", create: true)
    _ = try store.publishGroups(
      [("A", JSONObject()), ("B", JSONObject())], areas: .lambert72([square(0, 50), square(50, 50)]), nameProperty: "name", note: nil,
      source: nil)
    _ = try store.addAccount(role: .coordinator, name: "Coördinator A", email: "a@example.be", groups: ["A"])
    _ = try store.addAccount(role: .coordinator, name: "Coördinator B", email: "b@example.be", groups: ["B"])
    return store
  }

  func enroll(_ store: Store, _ m: Member, charter: Int? = nil) throws -> SubmissionOutcome {
    var m = m
    m.charterVersion = charter
    return try store.submit(m, access: SubmissionAccess()) { member, coordinators in
      Notifications.newEnrollment(member, coordinators: coordinators, pagesURL: "https://buurt.example.be")
    }
  }

  /// A sendmail stand-in: keeps each message it gets in `folder` (named by a counter) with its
  /// arguments, or fails with `status`.
  func agent(_ folder: String, status: Int = 0) throws -> String {
    let path = folder + "/sendmail"
    let script = """
      #!/bin/sh
      n=$(ls "\(folder)" | grep -c '\\.eml$')
      cat > "\(folder)/$n.eml"
      echo "$@" > "\(folder)/$n.args"
      [ \(status) -eq 0 ] || { echo "421 try again later" >&2; rm "\(folder)/$n.eml"; exit \(status); }
      """
    try script.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
    return path
  }

  func folder() throws -> String {
    let f = NSTemporaryDirectory() + "buurt-mail-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
    return f
  }

  @Test func aNewEnrollmentReachesItsOwnGroupsCoordinatorOnceWithItsMessageID() throws {
    let store = try store()
    _ = try enroll(store, member("Mia Janssens", "+32470112233", x: 10, in: "A"))
    let queued = try store.outbox()
    #expect(queued.count == 1)
    let entry = try #require(queued.first)
    #expect(entry.message.recipient == "a@example.be" && entry.status == .pending && entry.message.kind == "new_enrollment")
    #expect(entry.message.text.contains("Mia Janssens") && entry.message.text.contains("+32470112233"))
    #expect(entry.message.text.contains("https://buurt.example.be/beheer/groepen/A"))

    let dir = try folder()
    let delivery = OutboxDelivery(store: store, transport: SendmailTransport(command: [try agent(dir)]), from: "buurt@lanaken.be")
    #expect(try delivery.deliverDue() == OutboxDelivery.Report(sent: 1, retried: 0, dead: 0))
    let mail = try String(contentsOfFile: dir + "/0.eml", encoding: .utf8)
    #expect(mail.contains("Message-ID: <\(entry.messageID)@lanaken.be>\r\n"))
    #expect(mail.contains("To: =?UTF-8?B?") && mail.contains("<a@example.be>") && mail.contains("Content-Type: multipart/alternative"))
    #expect(
      try String(contentsOfFile: dir + "/0.args", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "-- a@example.be")
    // The text part decodes to the message, in UTF-8.
    let lines = mail.components(separatedBy: "\r\n")
    let start = try #require(lines.firstIndex(of: "Content-Type: text/plain; charset=utf-8")) + 3
    let base64 = lines[start...].prefix { !$0.isEmpty && !$0.hasPrefix("--") }.joined()
    #expect(String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self).contains("Beste Coördinator A"))
    // Sent once: a second run finds nothing due; the other group's coordinator got nothing.
    #expect(try delivery.deliverDue().sent == 0)
    #expect(try store.outbox(status: .sent).count == 1)
    #expect(!FileManager.default.fileExists(atPath: dir + "/1.eml"))
  }

  @Test func aRefusedEnrollmentWritesNoMessageAndARepeatedOneNoSecond() throws {
    let store = try store()
    _ = try store.publishCharter(text: "Bel eerst 101.")
    // The rules of conduct changed: the enrollment is refused and nothing is written.
    guard case .charter = try enroll(store, member("Jan Peeters", "+32470445566", x: 60, in: "B"), charter: nil) else {
      Issue.record("the enrollment was not refused")
      return
    }
    #expect(try store.outbox().isEmpty)
    _ = try enroll(store, member("Jan Peeters", "+32470445566", x: 60, in: "B"), charter: 1)
    _ = try enroll(store, member("Jan Peeters", "+32470445566", x: 60, in: "B"), charter: 1)
    #expect(try store.outbox().map(\.message.recipient) == ["b@example.be"])
  }

  @Test func failuresWaitWithBackoffAndBecomeDeadLettersAndErasureErasesTheMessage() throws {
    let store = try store()
    guard case .stored(_, let member, _) = try enroll(store, member("Els Claes", "+32470778899", x: 20, in: "A")) else {
      Issue.record("not stored")
      return
    }
    let dir = try folder()
    var delivery = OutboxDelivery(
      store: store, transport: SendmailTransport(command: [try agent(dir, status: 75)]), from: "buurt@lanaken.be")
    delivery.maxAttempts = 3
    let start = Date()
    #expect(try delivery.deliverDue(now: start).retried == 1)
    let waiting = try #require(try store.outbox().first)
    #expect(waiting.attempts == 1 && waiting.status == .pending && waiting.lastError?.contains("421 try again later") == true)
    // Not due again before the backoff (30 s).
    #expect(try delivery.deliverDue(now: start.addingTimeInterval(10)) == OutboxDelivery.Report())
    #expect(try delivery.deliverDue(now: start.addingTimeInterval(31)).retried == 1)
    #expect(try delivery.deliverDue(now: start.addingTimeInterval(200)).dead == 1)
    #expect(try store.outbox(status: .dead).count == 1)
    #expect(try delivery.deliverDue(now: start.addingTimeInterval(10_000)) == OutboxDelivery.Report())
    // The member erased: the message about them goes too.
    #expect(try store.erase(memberID: member.id))
    #expect(try store.outbox().isEmpty)
  }

  @Test func headersCarryNoLineBreaksAndNonASCIIAsEncodedWords() {
    #expect(MailMessage.encodedWord("Nieuwe inschrijving") == "Nieuwe inschrijving")
    #expect(MailMessage.encodedWord("Bcc: x\r\nSubject") == "Bcc: xSubject")
    let word = MailMessage.encodedWord("Coördinator")
    #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
    #expect(MailMessage.mailbox("A \"B\"", "a@example.be\r\nBcc: c@x") == "\"A \\\"B\\\"\" <a@example.beBcc:c@x>")
  }
}
