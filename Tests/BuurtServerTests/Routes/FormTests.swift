import BuurtApp
import BuurtStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import BuurtServer

/// The enrollment form and the resident's own page through the router, without a browser (as a
/// browser without JavaScript sends them): CSRF, field errors, choices, throttling, erasure.
@Suite("Enrollment form")
struct FormTests {
  /// A browser's cookie jar and the last form's CSRF field.
  struct Browser {
    var cookies: [String: String] = [:]
    var csrf = ""

    var cookieHeader: HTTPFields {
      cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")]
    }

    mutating func keep(_ headers: HTTPFields) {
      for value in headers[values: .setCookie] {
        let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(pair[0])
        let v = pair.count > 1 ? String(pair[1]) : ""
        if v.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = v }
      }
    }

    mutating func readCSRF(_ html: String) {
      if let r = html.range(of: "name=\"csrf\" value=\"") {
        csrf = String(html[r.upperBound...].prefix { $0 != "\"" })
      }
    }
  }

  static func encode(_ fields: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
  }

  static let resident: [(String, String)] = [
    ("naam", "Mia Janssens"), ("gsm", "0470 11 22 33"), ("email", ""), ("leeftijd", "adult"), ("basis", "resident"), ("gedragsregels", "1"),
  ]

  @Test func enrollsWithoutJavaScriptAndTheResidentErasesIt() async throws {
    let service = try makeService { $0.formLimit = 100 }
    _ = try service.store.publishCharter(text: "Bel eerst 101.")
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      var browser = Browser()
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
        let body = FormTests.encode([("csrf", csrf ?? browser.csrf)] + fields)
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        browser.keep(r.headers)
        let html = String(buffer: r.body)
        browser.readCSRF(html)
        return (r.status, html, r.headers)
      }

      let (status, form, headers) = try await get("/inschrijven")
      #expect(status == .ok && headers[.cacheControl] == "no-store")
      for label in [
        ">Naam</label>", ">Adres</label>", ">GSM-nummer</label>", ">E-mail (niet verplicht)</label>", ">18 jaar of ouder</label>",
        ">16 of 17 jaar, met toestemming van een ouder</label>", ">Ik woon hier</label>", ">Ik heb hier een zaak</label>",
        ">Ik aanvaard de gedragsregels (<a href=\"/gedragsregels\">", "<button type=\"submit\">Inschrijven</button>",
      ] {
        #expect(form.contains(label), "\(label)")
      }
      #expect(form.contains("Wat gebeurt er met uw gegevens?") && form.contains("<script src=\"/static/inschrijven.js\" defer>"))
      #expect(browser.cookies[CSRFGuard.cookie] != nil && browser.csrf.count == 64)
      let setCookie = headers[.setCookie] ?? ""
      #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && !setCookie.contains("Secure"))
      let behindTLS = try await client.execute(
        uri: "/inschrijven", method: .get, headers: [HTTPFields.Element.Name("X-Forwarded-Proto")!: "https"])
      #expect(behindTLS.headers[.setCookie]?.hasSuffix("; Secure") == true, "HTTPS only behind a TLS proxy")

      // Forged: no field, another browser's field, no cookie. Nothing is stored.
      let address = [("adres", "Beukenlan 10")]
      #expect(try await post("/inschrijven", FormTests.resident + address, csrf: "").0 == .forbidden)
      #expect(try await post("/inschrijven", FormTests.resident + address, csrf: String(repeating: "0", count: 64)).0 == .forbidden)
      var crossSite = browser.cookieHeader
      crossSite[.contentType] = "application/x-www-form-urlencoded"
      crossSite[HTTPFields.Element.Name("Sec-Fetch-Site")!] = "cross-site"
      let fromElsewhere = try await client.execute(
        uri: "/inschrijven", method: .post, headers: crossSite,
        body: ByteBuffer(string: FormTests.encode([("csrf", browser.csrf)] + FormTests.resident + address)))
      #expect(fromElsewhere.status == .forbidden, "a request another site's page sent")
      let saved = browser
      browser.cookies = [:]
      #expect(try await post("/inschrijven", FormTests.resident + address, csrf: saved.csrf).1.contains("Formulier niet aanvaard"))
      browser = saved
      #expect(try service.store.memberCount() == 0)

      // Every problem at once, next to its field and summarised.
      let (emptyStatus, empty, _) = try await post("/inschrijven", [("naam", " "), ("adres", ""), ("gsm", "06"), ("email", "geen")])
      #expect(emptyStatus == .unprocessableContent)
      #expect(empty.contains("Het formulier is nog niet in orde"))
      for (id, text) in [
        ("naam", "Vul uw naam in"), ("adres", "Vul uw adres in"), ("gsm", "Dit is geen geldig GSM-nummer"),
        ("email", "Dit is geen geldig e-mailadres"),
        ("leeftijd-18", "Kies uw leeftijd"), ("basis-woon", "Kies of u hier woont"), ("gedragsregels", "Vink aan dat u de gedragsregels"),
      ] {
        #expect(empty.contains("<li><a href=\"#\(id)\">\(text)"), "\(id)")
      }
      #expect(empty.contains("aria-invalid=\"true\" aria-describedby=\"naam-fout\"") && empty.contains("value=\"geen\""), "values kept")

      // Not found, then ambiguous: the page offers the choices; a choice enrolls.
      let (_, unknown, _) = try await post("/inschrijven", FormTests.resident + [("adres", "Nergensstraat 5")])
      #expect(unknown.contains("Er is geen straat “Nergensstraat”") && unknown.contains("contact op met de gemeente"))
      let (_, elsewhere, _) = try await post("/inschrijven", FormTests.resident + [("adres", "Kerkstraat 5, 1000 Brussel")])
      #expect(elsewhere.contains("De postcode 1000 hoort niet bij Lanaken"), "why: the postcode")
      let (_, ambiguous, _) = try await post("/inschrijven", FormTests.resident + [("adres", "Beekenlaan 1")])
      #expect(ambiguous.contains("Kies hieronder het juiste adres") && ambiguous.contains("name=\"adres_keuze\""))
      #expect(
        ambiguous.contains("value=\"Beukenlaan 1, 9990 Westerbeek\"") && ambiguous.contains("value=\"Berkenlaan 1, 9991 Oosterveld\""))
      #expect(
        ambiguous.contains("<title>Fout: Inschrijven")
          && ambiguous.split(separator: "\n").filter { $0.contains("name=\"adres_keuze\"") }.allSatisfy { !$0.contains("checked") },
        "no choice is made for the resident")
      // A choice for an address the resident has since retyped does not stand.
      let (_, retyped, _) = try await post(
        "/inschrijven",
        FormTests.resident + [
          ("adres", "Beekenlaan 2"), ("adres_voor_keuze", "Beekenlaan 1"), ("adres_keuze", "Berkenlaan 1, 9991 Oosterveld"),
        ])
      #expect(retyped.contains("value=\"Beekenlaan 2\""))
      let (chosen, _, chosenHeaders) = try await post(
        "/inschrijven",
        FormTests.resident + [
          ("adres", "Beekenlaan 1"), ("adres_voor_keuze", "Beekenlaan 1"), ("adres_keuze", "Berkenlaan 1, 9991 Oosterveld"),
        ])
      #expect(chosen == .seeOther && chosenHeaders[.location] == "/mijn-inschrijving")
      // The token is in a cookie for the resident's page only, never in the address.
      let management = try #require(chosenHeaders[values: .setCookie].first { $0.hasPrefix(ManagementCookie.name) })
      #expect(management.contains("Path=/mijn-inschrijving") && management.contains("HttpOnly") && management.contains("SameSite=Strict"))
      #expect(try service.store.memberCount() == 1)

      let (_, mine, mineHeaders) = try await get("/mijn-inschrijving")
      #expect(mineHeaders[.cacheControl] == "no-store")
      for text in ["Mia Janssens", "Berkenlaan 1, 9991 Oosterveld", "+32470112233", "wacht tot de coördinator u toevoegt", "Uitschrijven"] {
        #expect(mine.contains(text), "\(text)")
      }
      let code = try #require(browser.cookies[ManagementCookie.name])
      #expect(mine.contains("<code>\(code)</code>"))

      // Someone else enrolling the same phone at the same address learns nothing of the member and cannot take it out.
      let resident = browser
      browser = Browser()
      _ = try await get("/inschrijven")
      let other = FormTests.resident.map { $0.0 == "naam" ? ("naam", "Nieuwsgierige Buur") : $0 }
      #expect(try await post("/inschrijven", other + [("adres", "Berkenlaan 1, 9991 Oosterveld")]).0 == .seeOther)
      let (_, second, _) = try await get("/mijn-inschrijving")
      #expect(second.contains("<dd>ontvangen</dd>") && !second.contains("Uitschrijven") && !second.contains("Mia Janssens"))
      browser = resident
      #expect(try await get("/mijn-inschrijving").1.contains("<dd>ontvangen</dd>"), "two submissions: no status for either")
      // On another device: the code opens it; a wrong one does not.
      let home = browser
      browser = Browser()
      _ = try await get("/mijn-inschrijving")
      #expect(try await post("/mijn-inschrijving", [("actie", "openen"), ("code", code + "x")]).1.contains("Deze code kennen we niet"))
      #expect(try await post("/mijn-inschrijving", [("actie", "openen"), ("code", code)]).0 == .seeOther)
      #expect(try await get("/mijn-inschrijving").1.contains("Mia Janssens"))
      browser = home

      // Erase: gone from the store, the page says so and forgets the cookie.
      let (_, erased, _) = try await post("/mijn-inschrijving", [("actie", "wissen")])
      #expect(erased.contains("Uw gegevens zijn gewist") && !erased.contains("Mia Janssens"))
      #expect(browser.cookies[ManagementCookie.name] == nil)
      // What this submission said is gone; the neighbour's own submission remains.
      let left = try service.store.members()
      #expect(left.count == 1 && left.allSatisfy { $0.name == "Nieuwsgierige Buur" && !$0.otherNames.contains("Mia Janssens") })
    }
  }

  @Test func anAddressNearABoundarySaysSo() async throws {
    let service = try makeService()
    let folder = service.data.folder
    let register = folder.resolver.register
    let proximity = try #require(folder.proximity)
    // A registered address within the boundary distance of a neighbouring group, and one far from any.
    func label(_ i: Int) -> String {
      let street = register.streets[Int(register.streetOfAddress[i])]
      return "\(street.name) \(register.displayNumbers[i]), \(street.postcode)"
    }
    let near = try #require((0..<register.count).first { proximity.isNear(register.positions[$0]) })
    let far = try #require((0..<register.count).first { !proximity.isNear(register.positions[$0]) })
    let cases = [(label(near), true), (label(far), false)]
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      for (k, (address, isNear)) in cases.enumerated() {
        let page = try await client.execute(uri: "/inschrijven", method: .get)
        var browser = Browser()
        browser.keep(page.headers)
        browser.readCSRF(String(buffer: page.body))
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let fields =
          FormTests.resident.filter { $0.0 != "gedragsregels" && $0.0 != "gsm" } + [
            ("gedragsregels", "ja"), ("gsm", "0470 11 22 4\(k)"), ("adres", address),
          ]
        let posted = try await client.execute(
          uri: "/inschrijven", method: .post, headers: headers,
          body: ByteBuffer(string: FormTests.encode([("csrf", browser.csrf)] + fields)))
        #expect(posted.status == .seeOther, "\(address): \(String(buffer: posted.body))")
        browser.keep(posted.headers)
        let mine = try await client.execute(uri: "/mijn-inschrijving", method: .get, headers: browser.cookieHeader)
        #expect(String(buffer: mine.body).contains("vlak bij de grens") == isNear, "\(address)")
      }
    }
  }

  @Test func postsAreThrottledPerClient() async throws {
    let service = try makeService { $0.formLimit = 3 }
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      let page = try await client.execute(uri: "/inschrijven", method: .get)
      let cookie = String((page.headers[.setCookie] ?? "").split(separator: ";")[0])
      var browser = Browser()
      browser.readCSRF(String(buffer: page.body))
      var statuses: [HTTPResponse.Status] = []
      for k in 0..<4 {
        let body = FormTests.encode(
          [("csrf", browser.csrf)] + FormTests.resident.filter { $0.0 != "gedragsregels" } + [
            ("gedragsregels", "ja"), ("adres", "Beukenlaan \(k + 1)"),
          ])
        let r = try await client.execute(
          uri: "/inschrijven", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
          body: ByteBuffer(string: body))
        statuses.append(r.status)
        if r.status == .tooManyRequests { #expect(String(buffer: r.body).contains("te veel formulieren") && r.headers[.retryAfter] != nil) }
      }
      #expect(statuses == [.seeOther, .seeOther, .seeOther, .tooManyRequests], "\(statuses)")
      // A body over the public limit, or of another type, is a page in Dutch, not JSON.
      let big = try await client.execute(
        uri: "/inschrijven", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: "naam=" + String(repeating: "a", count: 20_000)))
      #expect(big.status == .contentTooLarge && big.headers[.contentType] == "text/html; charset=utf-8")
      #expect(String(buffer: big.body).contains("te groot"))
      let json = try await client.execute(
        uri: "/inschrijven", method: .post, headers: [.cookie: cookie, .contentType: "application/json"], body: ByteBuffer(string: "{}"))
      #expect(json.status == .unsupportedMediaType && String(buffer: json.body).contains("Er liep iets mis"))
      #expect(try service.store.memberCount() == 3)
    }
  }
}
