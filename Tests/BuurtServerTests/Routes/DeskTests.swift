import BuurtApp
import BuurtStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import BuurtServer

/// The pages for coordinators, staff and police through the router, as a browser without
/// JavaScript uses them: a password from the one-time link, sign-in, the queue, roles, throttling.
@Suite("Sign-in and the desk pages")
struct DeskTests {
  @Test func theQueuesHandWrittenEntriesEscapeEverything() {
    let row = QueueRow(
      id: "a\"b", name: "<script>alert('x')</script> & co", phone: "+32470", whatsapp: "https://wa.me/32470?x=\"y", basis: "", age: "",
      enrolledOn: "2026-12-02")
    let html =
      QueueEntries.pending([row], group: "Groep \"A\"", csrf: "c", texts: .dutch)
      + QueueEntries.members([row], group: "G", csrf: "c", texts: .dutch)
    #expect(!html.contains("<script>") && html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
    #expect(html.contains("naam-a&quot;b") && html.contains("x=&quot;y") && html.contains("value=\"Groep &quot;A&quot;\""))
  }

  @Test func aCoordinatorSetsAPasswordSignsInAndAddsAnEnrollment() async throws {
    let service = try makeService { $0.passwordCost = 4 }
    let names = try #require(service.data.folder.groups?.names)
    let (mine, other) = (names[0], names[1])
    let registry = AccountRegistry(store: service.store)
    let coordinator = try registry.add(role: .coordinator, name: "An Peeters", email: "an@example.be", groups: [mine])
    let police = try registry.add(role: .police, name: "Wijkagent", email: "politie@example.be", groups: [])
    _ = try registry.add(role: .coordinator, name: "Bert Andere", email: "bert@example.be", groups: [other])
    let enrollment = try Enrollment(folder: service.data.folder, store: service.store)
    // An address in the coordinator's group and one in the other group.
    let register = service.data.folder.resolver.register
    func address(in group: String) throws -> String {
      let i = try #require(
        (0..<register.count).first { i in
          let street = register.streets[Int(register.streetOfAddress[i])]
          let r = service.data.folder.resolver.resolve("\(street.name) \(register.displayNumbers[i]), \(street.postcode)")
          return r.best.flatMap { try? service.data.folder.group(of: $0) }.map { names[$0] } == group
        })
      let street = register.streets[Int(register.streetOfAddress[i])]
      return "\(street.name) \(register.displayNumbers[i]), \(street.postcode)"
    }
    let eligibility = Eligibility(age: .adult, basis: .resident, charterVersion: nil)
    let oursID = try enrollment.enroll(
      name: "Nieuwe Bewoner", phone: "0470 55 66 77", email: nil, address: try address(in: mine), consent: true, eligibility: eligibility
    ).member.id
    let theirsID = try enrollment.enroll(
      name: "Andere Bewoner", phone: "0470 55 66 78", email: nil, address: try address(in: other), consent: true, eligibility: eligibility
    ).member.id
    let link = try #require(try service.signIn.newLink(accountID: coordinator.id))
    let policeLink = try #require(try service.signIn.newLink(accountID: police.id))

    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      var browser = FormTests.Browser()
      func get(_ uri: String) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        let r = try await client.execute(uri: uri, method: .get, headers: browser.cookieHeader)
        browser.keep(r.headers)
        let html = String(buffer: r.body)
        browser.readCSRF(html)
        return (r.status, html, r.headers)
      }
      func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> (HTTPResponse.Status, String, HTTPFields)
      {
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let r = try await client.execute(
          uri: uri, method: .post, headers: headers, body: ByteBuffer(string: FormTests.encode([("csrf", csrf ?? browser.csrf)] + fields)))
        browser.keep(r.headers)
        let html = String(buffer: r.body)
        browser.readCSRF(html)
        return (r.status, html, r.headers)
      }

      // The one-time link: labels, rules, then the password; the link is then used up.
      let (linkStatus, setPage, _) = try await get("/beheer/wachtwoord/\(link)")
      #expect(linkStatus == .ok)
      for label in [
        ">Nieuw wachtwoord</label>", ">Herhaal het wachtwoord</label>", "<button type=\"submit\">Wachtwoord instellen</button>",
      ] {
        #expect(setPage.contains(label), "\(label)")
      }
      #expect(try await post("/beheer/wachtwoord/\(link)", [("nieuw", "kort"), ("herhaal", "kort")]).1.contains("minstens 10 tekens"))
      #expect(
        try await post("/beheer/wachtwoord/\(link)", [("nieuw", "een lange zin als wachtwoord"), ("herhaal", "een andere zin")]).1.contains(
          "niet gelijk"))
      #expect(
        try await post(
          "/beheer/wachtwoord/\(link)", [("nieuw", "een lange zin als wachtwoord"), ("herhaal", "een lange zin als wachtwoord")]
        ).0 == .ok)
      #expect(try await get("/beheer/wachtwoord/\(link)").0 == .notFound, "a used link")

      // Sign-in: labels, a wrong password, then the right one.
      let (_, signInPage, _) = try await get("/beheer")
      for label in [">E-mailadres</label>", ">Wachtwoord</label>", "<button type=\"submit\">Aanmelden</button>"] {
        #expect(signInPage.contains(label), "\(label)")
      }
      #expect(try await post("/beheer", [("email", "an@example.be"), ("wachtwoord", "fout fout fout")]).0 == .unauthorized)
      let (signedIn, _, signedInHeaders) = try await post(
        "/beheer", [("email", "AN@example.be"), ("wachtwoord", "een lange zin als wachtwoord")])
      #expect(signedIn == .seeOther && signedInHeaders[.location] == "/beheer/overzicht")
      let sessionCookie = try #require(signedInHeaders[values: .setCookie].first { $0.hasPrefix(SessionCookie.name) })
      #expect(sessionCookie.contains("HttpOnly") && sessionCookie.contains("SameSite=Strict") && sessionCookie.contains("Path=/beheer"))

      // The overview shows the coordinator's own group; the queue shows the enrollment with its WhatsApp link.
      let (_, overview, overviewHeaders) = try await get("/beheer/overzicht")
      #expect(overviewHeaders[.cacheControl] == "no-store")
      #expect(overview.contains("An Peeters") && overview.contains("href=\"/beheer/groepen/"))
      let path = mine.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? mine
      let (_, queue, _) = try await get("/beheer/groepen/\(path)")
      #expect(queue.contains("Nieuwe Bewoner") && queue.contains("https://wa.me/32470556677") && !queue.contains("Andere Bewoner"))
      #expect(queue.contains("value=\"toegevoegd\">Toegevoegd</button>") && queue.contains(">Weigeren</button>"))
      // Refusing needs a reason; adding does not.
      let id = oursID
      #expect(
        try await post("/beheer/inschrijvingen/\(id)", [("actie", "geweigerd"), ("groep", mine), ("reden", "")]).0 == .unprocessableContent)
      #expect(try await post("/beheer/inschrijvingen/\(id)", [("actie", "toegevoegd"), ("groep", mine)]).0 == .seeOther)
      #expect(try service.store.member(id: id)?.status == .added)
      let audit = try service.store.audit(memberID: id, after: 0, limit: 10)
      #expect(audit.last?.actor.accountID == coordinator.id, "the audit trail names who did it")
      let (_, after, _) = try await get("/beheer/groepen/\(path)")
      #expect(after.contains("Er wachten geen inschrijvingen") && after.contains("leden.vcf"))
      #expect(try await get("/beheer/groepen/\(path)/leden.vcf").1.contains("BEGIN:VCARD"))

      // Another group's queue, members and people: refused, by URL too.
      let otherPath = other.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? other
      let (forbidden, refusedPage, _) = try await get("/beheer/groepen/\(otherPath)")
      #expect(forbidden == .forbidden && !refusedPage.contains("Andere Bewoner"))
      #expect(try await get("/beheer/groepen/\(otherPath)/leden.vcf").0 == .forbidden)
      let (marked, markedPage, _) = try await post("/beheer/inschrijvingen/\(theirsID)", [("actie", "toegevoegd"), ("groep", other)])
      #expect(marked == .forbidden && markedPage.contains("een groep die u niet coördineert"), "the refusal in Dutch")
      #expect(try service.store.member(id: theirsID)?.status == .pending)
      // A forged form changes nothing.
      #expect(
        try await post("/beheer/inschrijvingen/\(id)", [("actie", "verwijderd"), ("groep", mine), ("reden", "x")], csrf: "").0 == .forbidden
      )

      // Sign-out ends the session: the same cookie opens nothing.
      let session = try #require(browser.cookies[SessionCookie.name])
      #expect(try await post("/beheer/afmelden", []).0 == .seeOther)
      browser.cookies[SessionCookie.name] = session
      #expect(try await get("/beheer/overzicht").2[.location] == "/beheer")

      // Police: groups and contacts, never a member page.
      browser = FormTests.Browser()
      _ = try await get("/beheer/wachtwoord/\(policeLink)")
      _ = try await post("/beheer/wachtwoord/\(policeLink)", [("nieuw", "politie wachtwoord 1"), ("herhaal", "politie wachtwoord 1")])
      #expect(try await post("/beheer", [("email", "politie@example.be"), ("wachtwoord", "politie wachtwoord 1")]).0 == .seeOther)
      let (_, policeView, _) = try await get("/beheer/overzicht")
      #expect(
        policeView.contains("An Peeters") && !policeView.contains("Nieuwe Bewoner") && !policeView.contains("href=\"/beheer/groepen/"))
      #expect(try await get("/beheer/groepen/\(path)").0 == .forbidden)
      #expect(try await get("/beheer/groepen/\(path)/leden.vcf").0 == .forbidden)
    }
  }

  @Test func theTenthWrongPasswordInARowIsThrottledAndARemovedAccountLosesItsSessions() async throws {
    let service = try makeService { $0.passwordCost = 4 }
    let registry = AccountRegistry(store: service.store)
    let staffAccount = try registry.add(role: .staff, name: "Medewerker", email: "staff@example.be", groups: [])
    let link = try #require(try service.signIn.newLink(accountID: staffAccount.id))
    _ = try service.signIn.setPassword(link: link, password: "het juiste wachtwoord", repeated: "het juiste wachtwoord")
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      let page = try await client.execute(uri: "/beheer", method: .get)
      var browser = FormTests.Browser()
      browser.keep(page.headers)
      browser.readCSRF(String(buffer: page.body))
      func attempt(_ password: String) async throws -> TestResponse {
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(
          uri: "/beheer", method: .post, headers: headers,
          body: ByteBuffer(string: FormTests.encode([("csrf", browser.csrf), ("email", "staff@example.be"), ("wachtwoord", password)])))
      }
      var statuses: [HTTPResponse.Status] = []
      for k in 0..<10 { statuses.append(try await attempt("fout \(k)").status) }
      #expect(statuses.prefix(9).allSatisfy { $0 == .unauthorized } && statuses.last == .tooManyRequests, "\(statuses)")
      // Throttled: even the right password waits.
      let locked = try await attempt("het juiste wachtwoord")
      #expect(
        locked.status == .tooManyRequests && locked.headers[.retryAfter] != nil && String(buffer: locked.body).contains("Te veel pogingen"))
    }
    // A session ends with its account.
    let (_, token) = try SignIn(store: service.store, cost: 4).signIn(email: "staff@example.be", password: "het juiste wachtwoord")
    #expect(try service.signIn.account(session: token)?.id == staffAccount.id)
    try registry.remove(id: staffAccount.id)
    #expect(try service.signIn.account(session: token) == nil)
  }

  @Test func bothCoordinatorsConfirmATransferOnTheirPages() async throws {
    let service = try makeService { $0.passwordCost = 4 }
    let names = try #require(service.data.folder.groups?.names)
    let registry = AccountRegistry(store: service.store)
    let old = try registry.add(role: .coordinator, name: "Oude Coördinator", email: "oud@example.be", groups: names)
    let member = try Enrollment(folder: service.data.folder, store: service.store).enroll(
      name: "Verhuisde Buur", phone: "0470 99 88 77", email: nil, address: "Kerkstraat 12", consent: true,
      eligibility: Eligibility(age: .adult, basis: .resident, charterVersion: nil)
    ).member.id
    _ = try Membership(store: service.store).mark(member, .added, reason: nil, by: .staff(nil))
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      // Staff publishes the deelgemeenten: every member moves to a group of another name.
      let upload = try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: [.authorization: "Bearer staff-secret", .contentType: "application/geo+json"],
        body: ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: Fixtures.sampleTown + "/deelgemeenten.geojson")))
      ) { r in obj(r)?["id"]?.numberValue.map { Int($0) } }
      let draft = try #require(upload)
      #expect(try await client.execute(uri: "/v1/boundary-sets/\(draft)/publish", method: .post, headers: staff) { $0.status } == .ok)
      let transfer = try #require(try service.store.transfers(all: false).first { $0.memberID == member })
      let newGroup = try #require(transfer.toGroup)
      let new = try registry.add(role: .coordinator, name: "Nieuwe Coördinator", email: "nieuw@example.be", groups: [newGroup])

      func signedIn(_ account: Account, password: String) async throws -> FormTests.Browser {
        var browser = FormTests.Browser()
        let link = try #require(try service.signIn.newLink(accountID: account.id))
        _ = try service.signIn.setPassword(link: link, password: password, repeated: password)
        let page = try await client.execute(uri: "/beheer", method: .get)
        browser.keep(page.headers)
        browser.readCSRF(String(buffer: page.body))
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let r = try await client.execute(
          uri: "/beheer", method: .post, headers: headers,
          body: ByteBuffer(string: FormTests.encode([("csrf", browser.csrf), ("email", account.email), ("wachtwoord", password)])))
        browser.keep(r.headers)
        return browser
      }
      func overview(_ browser: inout FormTests.Browser) async throws -> String {
        let r = try await client.execute(uri: "/beheer/overzicht", method: .get, headers: browser.cookieHeader)
        let html = String(buffer: r.body)
        browser.readCSRF(html)
        return html
      }
      func confirm(_ browser: FormTests.Browser, _ side: String) async throws -> HTTPResponse.Status {
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(
          uri: "/beheer/overzettingen/\(transfer.id)", method: .post, headers: headers,
          body: ByteBuffer(string: FormTests.encode([("csrf", browser.csrf), ("kant", side), ("terug", "/beheer/overzicht")]))
        ) { $0.status }
      }
      var oldBrowser = try await signedIn(old, password: "oude coordinator 1")
      var newBrowser = try await signedIn(new, password: "nieuwe coordinator 1")
      let oldView = try await overview(&oldBrowser)
      #expect(
        oldView.contains("Verhuisde Buur") && oldView.contains("Hoort nu bij \(newGroup)")
          && oldView.contains(">Uit de groep gehaald</button>"))
      let newView = try await overview(&newBrowser)
      #expect(newView.contains("Verhuisde Buur") && newView.contains("Komt van") && newView.contains(">Toegevoegd</button>"))
      // Each confirms their own side only.
      #expect(try await confirm(newBrowser, "removed") == .forbidden)
      #expect(try await confirm(oldBrowser, "removed") == .seeOther)
      #expect(try await overview(&oldBrowser).contains("de coördinator van de andere groep moet het nog bevestigen"))
      _ = try await overview(&newBrowser)
      #expect(try await confirm(newBrowser, "added") == .seeOther)
      #expect(try service.store.transfer(id: transfer.id)?.completedAt != nil)
      #expect(try service.store.member(id: member)?.groupName == newGroup)
    }
  }

  @Test func staffAppointsACoordinatorPublishesRulesAndReadsTheAuditTrail() async throws {
    let service = try makeService { $0.passwordCost = 4 }
    let names = try #require(service.data.folder.groups?.names)
    let registry = AccountRegistry(store: service.store)
    let staffAccount = try registry.add(role: .staff, name: "Medewerker Preventie", email: "preventie@example.be", groups: [])
    let coordinator = try registry.add(role: .coordinator, name: "Gewone Coördinator", email: "gewoon@example.be", groups: [names[0]])
    for a in [staffAccount, coordinator] {
      let link = try #require(try service.signIn.newLink(accountID: a.id))
      _ = try service.signIn.setPassword(link: link, password: "wachtwoord van \(a.email)", repeated: "wachtwoord van \(a.email)")
    }
    let member = try Enrollment(folder: service.data.folder, store: service.store).enroll(
      name: "Gelogde Buur", phone: "0470 12 12 12", email: nil, address: "Kerkstraat 14", consent: true,
      eligibility: Eligibility(age: .adult, basis: .resident, charterVersion: nil)
    ).member.id
    _ = try Membership(store: service.store).mark(member, .refused, reason: "woont elders", by: .staff(staffAccount))
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      func session(_ email: String) async throws -> FormTests.Browser {
        var browser = FormTests.Browser()
        let page = try await client.execute(uri: "/beheer", method: .get)
        browser.keep(page.headers)
        browser.readCSRF(String(buffer: page.body))
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let r = try await client.execute(
          uri: "/beheer", method: .post, headers: headers,
          body: ByteBuffer(string: FormTests.encode([("csrf", browser.csrf), ("email", email), ("wachtwoord", "wachtwoord van \(email)")])))
        browser.keep(r.headers)
        return browser
      }
      func get(_ browser: inout FormTests.Browser, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        let r = try await client.execute(uri: uri, method: .get, headers: browser.cookieHeader)
        let html = String(buffer: r.body)
        browser.readCSRF(html)
        return (r.status, html)
      }
      func post(_ browser: FormTests.Browser, _ uri: String, _ fields: [(String, String)]) async throws -> (HTTPResponse.Status, String) {
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(
          uri: uri, method: .post, headers: headers, body: ByteBuffer(string: FormTests.encode([("csrf", browser.csrf)] + fields))
        ) { ($0.status, String(buffer: $0.body)) }
      }
      var staffBrowser = try await session("preventie@example.be")
      let (_, overview) = try await get(&staffBrowser, "/beheer/overzicht")
      #expect(overview.contains("href=\"/beheer/accounts\"") && overview.contains("/kaart/groepen.svg"))
      // Appoint a coordinator: the page shows the one-time link once; it sets a password.
      _ = try await get(&staffBrowser, "/beheer/accounts")
      let (added, addedPage) = try await post(
        staffBrowser, "/beheer/accounts",
        [("naam", "Nieuwe Coördinator"), ("email", "nieuw@example.be"), ("rol", "coordinator"), ("groep-1", names[1])])
      #expect(added == .ok && addedPage.contains("Geef deze link aan Nieuwe Coördinator"))
      let linkPath = try #require(addedPage.range(of: "/beheer/wachtwoord/").map { String(addedPage[$0.lowerBound...].prefix(19 + 64)) })
      #expect(try await client.execute(uri: linkPath, method: .get) { $0.status } == .ok)
      let appointed = try #require(try service.store.accounts().first { $0.email == "nieuw@example.be" })
      #expect(appointed.role == .coordinator && appointed.groups == [names[1]])
      let (noGroups, _) = try await post(
        staffBrowser, "/beheer/accounts", [("naam", "Zonder Groep"), ("email", "zg@example.be"), ("rol", "coordinator")])
      #expect(noGroups == .unprocessableContent)
      // Remove it: gone, with its link.
      _ = try await get(&staffBrowser, "/beheer/accounts")
      #expect(try await post(staffBrowser, "/beheer/accounts/\(appointed.id)/verwijderen", []).0 == .seeOther)
      #expect(try service.store.account(id: appointed.id) == nil)
      #expect(try await client.execute(uri: linkPath, method: .get) { $0.status } == .notFound)
      // Rules of conduct: a new version.
      _ = try await get(&staffBrowser, "/beheer/gedragsregels")
      #expect(
        try await post(staffBrowser, "/beheer/gedragsregels", [("tekst", "Bel eerst 101.\n\nDan de groep.")]).1.contains("gepubliceerd"))
      #expect(try service.store.currentCharter()?.version == 1)
      // The audit trail names who did what, and why.
      let (_, audit) = try await get(&staffBrowser, "/beheer/audit")
      #expect(audit.contains("Medewerker Preventie") && audit.contains("niet aanvaard") && audit.contains("woont elders"), "\(audit)")
      // Nobody but staff opens these pages.
      var coordinatorBrowser = try await session("gewoon@example.be")
      for path in ["/beheer/accounts", "/beheer/audit", "/beheer/gedragsregels"] {
        #expect(try await get(&coordinatorBrowser, path).0 == .forbidden, "\(path)")
      }
      #expect(try await post(coordinatorBrowser, "/beheer/gedragsregels", [("tekst", "Geen regels")]).0 == .forbidden)
      #expect(try service.store.currentCharter()?.version == 1)
    }
  }

  @Test func withAnHTTPSPublicAddressLinksAreFullURLsAndCookiesSecure() async throws {
    let service = try makeService {
      $0.passwordCost = 4
      $0.publicURL = "https://buurt.example.be"
    }
    let staffAccount = try AccountRegistry(store: service.store).add(role: .staff, name: "Medewerker", email: "m@example.be", groups: [])
    let link = try #require(try service.signIn.newLink(accountID: staffAccount.id))
    _ = try service.signIn.setPassword(link: link, password: "een wachtwoord van staf", repeated: "een wachtwoord van staf")
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      var browser = FormTests.Browser()
      let page = try await client.execute(uri: "/beheer", method: .get)
      #expect(page.headers[values: .setCookie].allSatisfy { $0.hasSuffix("; Secure") } && !page.headers[values: .setCookie].isEmpty)
      browser.keep(page.headers)
      browser.readCSRF(String(buffer: page.body))
      var headers = browser.cookieHeader
      headers[.contentType] = "application/x-www-form-urlencoded"
      let signedIn = try await client.execute(
        uri: "/beheer", method: .post, headers: headers,
        body: ByteBuffer(
          string: FormTests.encode([("csrf", browser.csrf), ("email", "m@example.be"), ("wachtwoord", "een wachtwoord van staf")])))
      #expect(signedIn.headers[values: .setCookie].contains { $0.contains("HttpOnly") && $0.hasSuffix("; Secure") })
      browser.keep(signedIn.headers)
      let accounts = try await client.execute(uri: "/beheer/accounts", method: .get, headers: browser.cookieHeader)
      browser.readCSRF(String(buffer: accounts.body))
      headers = browser.cookieHeader
      headers[.contentType] = "application/x-www-form-urlencoded"
      // The link goes to the public address, whatever address the request came to.
      let added = try await client.execute(
        uri: "/beheer/accounts", method: .post, headers: headers,
        body: ByteBuffer(
          string: FormTests.encode([("csrf", browser.csrf), ("naam", "Agent"), ("email", "a@example.be"), ("rol", "police")]))
      ) { String(buffer: $0.body) }
      #expect(added.contains("<code>https://buurt.example.be/beheer/wachtwoord/"))
    }
  }
}
