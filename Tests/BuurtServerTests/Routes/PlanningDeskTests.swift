import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import BuurtServer

/// The staff's planning pages through the router: a boundary set uploaded as a browser sends it
/// (multipart, GeoJSON or a GeoPackage), its findings, who would move, publishing; the signs.
@Suite("Boundary and sign pages for staff")
struct PlanningDeskTests {
  /// A `multipart/form-data` body as a browser sends it, with one file.
  static func multipart(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])?) -> (type: String, body: ByteBuffer) {
    let boundary = "----buurtTest\(UInt32.random(in: 0...UInt32.max))"
    var body: [UInt8] = []
    for (k, v) in fields {
      body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
    }
    if let file {
      body += Array(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
          .utf8)
      body += file.bytes + Array("\r\n".utf8)
    }
    body += Array("--\(boundary)--\r\n".utf8)
    return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(bytes: body))
  }

  /// The sample town's deelgemeenten without their last feature: a set with a gap.
  static func withGap() throws -> [UInt8] {
    let text = try String(contentsOfFile: Fixtures.sampleTown + "/deelgemeenten.geojson", encoding: .utf8)
    let layer = try GeoJSONReader().read(text)
    guard case .lonLat(let fc) = layer else { throw AppError.invalidInput("not lon/lat") }
    return Array(GeoJSONWriter().write(FeatureCollection(Array(fc.features.dropLast()))).utf8)
  }

  /// The groups being served written as a GeoPackage layer (EPSG:31370), as QGIS would save them.
  static func geoPackage(names: [String], areas: [MultiPolygon<XY>]) throws -> [UInt8] {
    let path = NSTemporaryDirectory() + "buurt-draft-" + UUID().uuidString + ".gpkg"
    let copy = path + ".copy.gpkg"
    defer { for p in [path, copy] { try? FileManager.default.removeItem(atPath: p) } }
    let store = try Store(path: path, create: true)
    var box = BoundingBox<XY>.empty
    for a in areas { box.extend(Geometry<XY>.multiPolygon(a).boundingBox) }
    let rows = zip(names, areas).map { ([JSONValue.string($0)], Geometry<XY>.multiPolygon($1)) }
    let layer = FeatureLayer(
      name: "indeling", geometryType: "MULTIPOLYGON", columns: [("naam", .text)], count: rows.count, bounds: box, srsID: 31370
    ) { (values: rows[$0].0, geometry: rows[$0].1) }
    try store.importLayers([layer])
    // One complete file, as a planner saves it.
    try store.backup(to: copy)
    return Array(try Data(contentsOf: URL(fileURLWithPath: copy)))
  }

  @Test func staffUploadsADraftWithAGapThenAValidOnePublishesItAndReadsTheSigns() async throws {
    let service = try makeService { $0.passwordCost = 4 }
    let names = try #require(service.data.folder.groups?.names)
    let registry = AccountRegistry(store: service.store)
    let staffAccount = try registry.add(role: .staff, name: "Planner Grenzen", email: "planner@example.be", groups: [])
    let coordinator = try registry.add(role: .coordinator, name: "Gewone Coördinator", email: "gewoon@example.be", groups: [names[0]])
    for a in [staffAccount, coordinator] {
      let link = try #require(try service.signIn.newLink(accountID: a.id))
      _ = try service.signIn.setPassword(link: link, password: "wachtwoord van \(a.email)", repeated: "wachtwoord van \(a.email)")
    }
    let member = try Enrollment(folder: service.data.folder, store: service.store).enroll(
      name: "Verhuizende Buur", phone: "0470 55 44 33", email: nil, address: "Kerkstraat 12", consent: true,
      eligibility: Eligibility(age: .adult, basis: .resident, charterVersion: nil)
    ).member.id
    _ = try Membership(store: service.store).mark(member, .added, reason: nil, by: .staff(nil))
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
      func get(_ browser: inout FormTests.Browser, _ uri: String) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        let r = try await client.execute(uri: uri, method: .get, headers: browser.cookieHeader)
        let html = String(buffer: r.body)
        browser.readCSRF(html)
        return (r.status, html, r.headers)
      }
      func upload(_ browser: FormTests.Browser, _ file: (String, [UInt8])?, csrf: String? = nil, fields: [(String, String)] = [])
        async throws
        -> (HTTPResponse.Status, String, String?)
      {
        let (type, body) = PlanningDeskTests.multipart(
          [("csrf", csrf ?? browser.csrf)] + fields, file: file.map { (name: $0.0, bytes: $0.1) })
        var headers = browser.cookieHeader
        headers[.contentType] = type
        return try await client.execute(uri: "/beheer/grenzen", method: .post, headers: headers, body: body) {
          ($0.status, String(buffer: $0.body), $0.headers[.location])
        }
      }
      var staffBrowser = try await session("planner@example.be")
      let (_, overview, _) = try await get(&staffBrowser, "/beheer/overzicht")
      #expect(overview.contains("href=\"/beheer/grenzen\"") && overview.contains("href=\"/beheer/borden\""))
      let (listed, list, _) = try await get(&staffBrowser, "/beheer/grenzen")
      #expect(listed == .ok && list.contains("enctype=\"multipart/form-data\"") && list.contains("Er is nog geen indeling opgeladen."))

      // A forged upload and a broken file store nothing; the page says why, in Dutch.
      #expect(try await upload(staffBrowser, ("d.geojson", try PlanningDeskTests.withGap()), csrf: "vervalst").0 == .forbidden)
      let (broken, brokenPage, _) = try await upload(
        staffBrowser, ("kapot.geojson", Array("{\"type\": \"FeatureCollection\", \"features\": [".utf8)))
      #expect(broken == .unprocessableContent && brokenPage.contains("buurt kan dit bestand niet gebruiken"), "\(brokenPage)")
      let (noFile, noFilePage, _) = try await upload(staffBrowser, nil)
      #expect(noFile == .unprocessableContent && noFilePage.contains("Kies een bestand"))
      #expect(try service.store.drafts().isEmpty)

      // A set with a gap: stored as a draft, the finding listed and drawn, no publish button.
      let (gapStatus, _, gapLocation) = try await upload(staffBrowser, ("met-gat.geojson", try PlanningDeskTests.withGap()))
      #expect(gapStatus == .seeOther)
      let gapPath = try #require(gapLocation)
      let (_, gapPage, _) = try await get(&staffBrowser, gapPath)
      #expect(
        gapPage.contains("gat tussen groepen") && gapPage.contains("heeft fouten") && !gapPage.contains("Deze indeling publiceren"),
        "\(gapPage)")
      let (mapStatus, map, mapHeaders) = try await get(&staffBrowser, gapPath + "/kaart.svg")
      #expect(mapStatus == .ok && mapHeaders[.contentType] == "image/svg+xml" && map.contains("<circle") && map.contains(">1</text>"))
      #expect(mapHeaders[.cacheControl] == "no-store")

      // The served groups as a GeoPackage layer: valid, nobody moves; the deelgemeenten: valid, the member moves.
      let groups = try #require(service.data.folder.groups)
      let (gpkgStatus, gpkgAnswer, gpkgLocation) = try await upload(
        staffBrowser, ("indeling.gpkg", try PlanningDeskTests.geoPackage(names: groups.names, areas: groups.areas)),
        fields: [("naameigenschap", "naam")])
      #expect(gpkgStatus == .seeOther, "\(gpkgAnswer)")
      let (_, gpkgPage, _) = try await get(&staffBrowser, try #require(gpkgLocation))
      #expect(gpkgPage.contains("in orde") && gpkgPage.contains("Geen enkel adres verandert van groep."), "\(gpkgPage)")

      let deelgemeenten = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.sampleTown + "/deelgemeenten.geojson")))
      let (_, _, validLocation) = try await upload(staffBrowser, ("deelgemeenten.geojson", deelgemeenten))
      let validPath = try #require(validLocation)
      let (_, validPage, _) = try await get(&staffBrowser, validPath)
      #expect(
        validPage.contains("Deze indeling publiceren") && validPage.contains("Verhuizende Buur") && validPage.contains("Kerkstraat 12"))
      // A coordinator opens none of it.
      var coordinatorBrowser = try await session("gewoon@example.be")
      for path in ["/beheer/grenzen", validPath, validPath + "/kaart.svg", "/beheer/borden", "/beheer/borden.csv", "/beheer/borden.gpx"] {
        #expect(try await get(&coordinatorBrowser, path).0 == .forbidden, "\(path)")
      }
      // Publish: the member becomes a transfer; a second click publishes nothing.
      var headers = staffBrowser.cookieHeader
      headers[.contentType] = "application/x-www-form-urlencoded"
      let published = try await client.execute(
        uri: validPath + "/publiceren", method: .post, headers: headers,
        body: ByteBuffer(string: FormTests.encode([("csrf", staffBrowser.csrf)]))
      ) { ($0.status, $0.headers[.location]) }
      #expect(published.0 == .seeOther && published.1 == validPath + "?overgezet=1")
      let (_, publishedPage, _) = try await get(&staffBrowser, try #require(published.1))
      #expect(publishedPage.contains("Gepubliceerd als versie 2. 1 lid gaat over") && !publishedPage.contains("Deze indeling publiceren"))
      #expect(try service.store.transfers(all: false).contains { $0.memberID == member })
      #expect(service.data.folder.groups?.names.sorted() == ["Oosterveld", "Westerbeek"])
      let again = try await client.execute(
        uri: validPath + "/publiceren", method: .post, headers: headers,
        body: ByteBuffer(string: FormTests.encode([("csrf", staffBrowser.csrf)]))
      ) { $0.status }
      #expect(again == .conflict)

      // The signs of the new groups: a map, a table and the downloads.
      let (signsStatus, signs, _) = try await get(&staffBrowser, "/beheer/borden")
      #expect(signsStatus == .ok && signs.contains("/beheer/borden/kaart.svg") && signs.contains("<td>Westerbeek</td>"), "\(signs)")
      let (_, csv, csvHeaders) = try await get(&staffBrowser, "/beheer/borden.csv")
      #expect(csvHeaders[.contentType] == "text/csv; charset=utf-8" && csv.split(separator: "\n").count > 1)
      let (_, gpx, _) = try await get(&staffBrowser, "/beheer/borden.gpx")
      #expect(gpx.contains("<gpx") && gpx.contains("<wpt"))
      let (_, signsMap, _) = try await get(&staffBrowser, "/beheer/borden/kaart.svg")
      #expect(signsMap.contains("<circle"))

      // The audit trail names who appointed, and who published.
      let (_, audit, _) = try await get(&staffBrowser, "/beheer/audit")
      #expect(audit.contains("account toegevoegd: Gewone Coördinator") && audit.contains("grenzen gepubliceerd: version 2"), "\(audit)")
      #expect(audit.contains("Planner Grenzen"))
    }
  }
}
