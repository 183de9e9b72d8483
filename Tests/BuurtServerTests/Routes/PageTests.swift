import BuurtApp
import BuurtStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BuurtServer

/// The public pages, through the router: Dutch, server-rendered, with a policy that loads nothing
/// from elsewhere, and never a member's name.
@Suite("Public pages")
struct PageTests {
  @Test func homeGroupAndCharterPagesInDutch() async throws {
    let service = try makeService()
    let names = try #require(service.data.folder.groups?.names)
    let first = try #require(names.first)
    _ = try Enrollment(folder: service.data.folder, store: service.store).enroll(
      name: "Geheime Bewoner", phone: "0471 99 00 11", email: nil, address: "Kerkstraat 12", consent: true,
      eligibility: Eligibility(age: .adult, basis: .resident, charterVersion: nil))
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      func get(_ uri: String) async throws -> (status: HTTPResponse.Status, html: String, headers: HTTPFields) {
        try await client.execute(uri: uri, method: .get) { r in (r.status, String(buffer: r.body), r.headers) }
      }
      let home = try await get("/")
      #expect(home.status == .ok && home.headers[.contentType] == "text/html; charset=utf-8")
      let csp = home.headers[.contentSecurityPolicy] ?? ""
      #expect(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"))
      #expect(home.html.hasPrefix("<!DOCTYPE html>") && home.html.contains("<html lang=\"nl\">"))
      for text in ["SAAR", "Signaleer", "bel eerst de politie op 101", "zoekt een coördinator", "minder dan 5", "/gedragsregels"] {
        #expect(home.html.contains(text), "\(text)")
      }
      for name in names { #expect(home.html.contains(">\(name)</a>"), "\(name)") }
      #expect(!home.html.contains("<script") && !home.html.contains("http://") && !home.html.contains("https://"))

      let group = try await get("/groepen/\(first.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? first)")
      #expect(group.status == .ok, "\(group.html)")
      #expect(group.html.contains("Buurtpreventiegroep \(first)"))
      #expect(group.html.contains("(oneven)") || group.html.contains("(even)"), "street ranges")
      #expect(group.headers[.contentSecurityPolicy] == csp)
      let missing = try await get("/groepen/Nergenshuizen")
      #expect(missing.status == .notFound && missing.html.contains("Er is geen groep met die naam"))

      let none = try await get("/gedragsregels")
      #expect(none.status == .ok && none.html.contains("nog niet gepubliceerd"))
      _ = try service.store.publishCharter(text: "Bel eerst 101.\n\nGeen <script>alert(1)</script> in de groep.")
      let charter = try await get("/gedragsregels")
      #expect(charter.html.contains("<p>Bel eerst 101.</p>") && charter.html.contains("Versie 1"))
      #expect(charter.html.contains("&lt;script&gt;") && !charter.html.contains("<script>"), "text is escaped")

      let css = try await get("/static/buurt.css")
      #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8" && css.html.contains("body"))
      // Maps: SVG drawn by buurt, nothing fetched from elsewhere.
      let overview = try await get("/kaart/groepen.svg")
      #expect(overview.status == .ok && overview.headers[.contentType] == "image/svg+xml")
      for name in names { #expect(overview.html.contains(">\(name)</text>"), "\(name)") }
      #expect(overview.html.components(separatedBy: "http").count == 2, "only the SVG namespace")
      #expect(home.html.contains("<img src=\"/kaart/groepen.svg\" alt=\"Kaart van alle buurtpreventiegroepen"))
      let one = try await get("/kaart/groepen/\(first.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? first).svg")
      #expect(one.status == .ok && one.html.contains("font-weight=\"bold\">\(first)</text>"))
      #expect(try await get("/kaart/groepen/Nergenshuizen.svg").status == .notFound)
      #expect(try await get("/kaart/groepen/\(first).png").status == .notFound)
      // No page shows a member.
      for page in [home, group, charter] { #expect(!page.html.contains("Geheime Bewoner")) }
    }
  }
}
