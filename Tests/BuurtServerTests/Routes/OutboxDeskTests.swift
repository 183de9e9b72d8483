import BuurtApp
import BuurtStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import BuurtServer

/// The staff's outbox page: a new enrollment's message to the coordinator waits, a dead letter is
/// listed with the mail agent's answer; nobody but staff opens it.
@Suite("Outbox page for staff")
struct OutboxDeskTests {
  @Test func staffSeeTheDeadLettersAndCoordinatorsDoNot() async throws {
    let service = try makeService {
      $0.passwordCost = 4
      $0.publicURL = "https://buurt.example.be"
    }
    let names = try #require(service.data.folder.groups?.names)
    let registry = AccountRegistry(store: service.store)
    let staffAccount = try registry.add(role: .staff, name: "Medewerker", email: "m@example.be", groups: [])
    let coordinator = try registry.add(role: .coordinator, name: "Coördinator", email: "c@example.be", groups: names)
    for a in [staffAccount, coordinator] {
      let link = try #require(try service.signIn.newLink(accountID: a.id))
      _ = try service.signIn.setPassword(link: link, password: "wachtwoord van \(a.email)", repeated: "wachtwoord van \(a.email)")
    }
    // An enrollment through the service writes the coordinator's message, with the public address.
    let member = try Enrollment(
      folder: service.data.folder, store: service.store, phoneKey: service.tokenSecret, pagesURL: service.configuration.publicURL
    ).enroll(
      name: "Lies Wouters", phone: "0470 31 32 33", email: nil, address: "Kerkstraat 12", consent: true,
      eligibility: Eligibility(age: .adult, basis: .resident, charterVersion: nil)
    ).member
    let queued = try #require(try service.store.outbox().first)
    #expect(queued.message.recipient == "c@example.be" && queued.message.text.contains("Lies Wouters"))
    #expect(queued.message.text.contains("https://buurt.example.be/beheer/groepen/") && member.groupName != nil)
    try service.store.recordDelivery(id: queued.id, sent: false, error: "550 no such mailbox", retryAt: nil)
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      func page(_ email: String) async throws -> (HTTPResponse.Status, String) {
        var browser = FormTests.Browser()
        let signIn = try await client.execute(uri: "/beheer", method: .get)
        browser.keep(signIn.headers)
        browser.readCSRF(String(buffer: signIn.body))
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let r = try await client.execute(
          uri: "/beheer", method: .post, headers: headers,
          body: ByteBuffer(string: FormTests.encode([("csrf", browser.csrf), ("email", email), ("wachtwoord", "wachtwoord van \(email)")])))
        browser.keep(r.headers)
        return try await client.execute(uri: "/beheer/berichten", method: .get, headers: browser.cookieHeader) {
          ($0.status, String(buffer: $0.body))
        }
      }
      let (status, html) = try await page("m@example.be")
      #expect(status == .ok && html.contains("550 no such mailbox") && html.contains("c@example.be"), "\(html)")
      #expect(!html.contains("Lies Wouters"))
      #expect(try await page("c@example.be").0 == .forbidden)
    }
  }
}
