import BuurtApp
import BuurtStore
import Foundation
import Grouping
import Hummingbird
import NIOCore

// The public pages, server-rendered in Dutch (templates: Pages/templates, texts: PageTexts).
// They read what the public API reads and never a member: group states, streets, the charter.

/// What every page is sent with: HTML, and a policy that lets it load nothing from anywhere
/// else, run no inline script and be framed by no one.
let pageHeaders: HTTPFields = [
  .contentType: "text/html; charset=utf-8",
  .contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  HTTPFields.Element.Name("X-Content-Type-Options")!: "nosniff",
  HTTPFields.Element.Name("Referrer-Policy")!: "no-referrer",
]

func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response { page(ByteBuffer(string: html), status: status) }

func page(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
  Response(status: status, headers: pageHeaders, body: .init(byteBuffer: body))
}

/// A count as Dutch writes it: 1.024.
func dutchCount(_ n: Int) -> String {
  let digits = String(n)
  var out = ""
  for (k, ch) in digits.enumerated() {
    if k > 0 && (digits.count - k) % 3 == 0 { out += "." }
    out.append(ch)
  }
  return out
}

struct GroupRow {
  var name: String
  var path: String
  var status: String
  var statusLabel: String
  var members: String
}

struct LegendItem {
  var status: String
  var label: String
}

struct HomePage {
  var title: String
  var t: PageTexts
  var hasGroups: Bool
  var groups: [GroupRow]
  var mapHeight: Int
  var legend: [LegendItem]
}

struct StreetRow {
  var text: String
}

struct GroupPage {
  var title: String
  var t: PageTexts
  var name: String
  var status: String
  var statusLabel: String
  var members: String
  var contact: String?
  var streets: [StreetRow]
  var path: String
  var mapHeight: Int
}

struct CharterPage {
  var title: String
  var t: PageTexts
  var hasCharter: Bool
  var version: Int
  var published: String
  var paragraphs: [String]
}

struct NotFoundPage {
  var title: String
  var t: PageTexts
  var message: String
}

func addPageRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  let pages = service.pages
  let t = pages.texts

  @Sendable func members(_ s: GroupState) -> String { s.memberCount.map(dutchCount) ?? t.fewerThanFive }

  /// The page under `key` for the published version now, from the cache while the store is unchanged.
  @Sendable func cached(_ key: String, _ render: (LiveData) throws -> String) throws -> ByteBuffer {
    let data = service.data
    return try service.pageCache.body("\(key)|\(data.folder.groupsVersion ?? 0)", generation: service.store.generation) { try render(data) }
  }

  router.get("/") { _, _ in page(try cached("home", home)) }

  @Sendable func home(_ data: LiveData) throws -> String {
    let names = data.folder.groups?.names ?? []
    let states = try GroupStates(store: service.store, groups: names)
    let rows = names.map { name -> GroupRow in
      let s = states.state(of: name)
      return GroupRow(
        name: name, path: name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name,
        status: s.status.rawValue, statusLabel: pages.statusLabel(s.status), members: members(s))
    }
    let legend = [GroupState.Status.active, .noCoordinator, .full].map { LegendItem(status: $0.rawValue, label: pages.statusLabel($0)) }
    let height = rows.isEmpty ? 0 : try service.map(focus: nil)?.height ?? 0
    return pages.render(
      HomePage(title: t.homeTitle, t: t, hasGroups: !rows.isEmpty, groups: rows, mapHeight: height, legend: legend), template: "home")
  }

  @Sendable func notFound() -> Response {
    page(pages.render(NotFoundPage(title: t.notFoundTitle, t: t, message: t.noSuchGroup), template: "notfound"), status: .notFound)
  }

  router.get("/groepen/:name") { _, context in
    let name = groupName(context)
    guard service.data.folder.groups?.names.contains(name) == true else { return notFound() }
    return page(
      try cached("group|" + name) { data in
        let k = data.folder.groups?.names.firstIndex(of: name) ?? 0
        let s = try GroupStates(store: service.store, groups: [name]).state(of: name)
        let streets = k < data.streets.count ? data.streets[k].map { StreetRow(text: $0.text) } : []
        return pages.render(
          GroupPage(
            title: "\(t.groupHeading) \(name)", t: t, name: name, status: s.status.rawValue, statusLabel: pages.statusLabel(s.status),
            members: members(s), contact: s.contact, streets: streets,
            path: name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name,
            mapHeight: try service.map(focus: name)?.height ?? 0), template: "group")
      })
  }

  router.get("/gedragsregels") { _, _ in page(try cached("charter") { _ in try charterPage() }) }

  @Sendable func charterPage() throws -> String {
    let charter = try service.store.currentCharter()
    let paragraphs =
      charter?.text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").map {
        $0.trimmingCharacters(in: .whitespacesAndNewlines)
      }.filter { !$0.isEmpty } ?? []
    return pages.render(
      CharterPage(
        title: t.charterTitle, t: t, hasCharter: charter != nil, version: charter?.version ?? 0,
        published: String(charter?.publishedAt.prefix(10) ?? ""), paragraphs: paragraphs), template: "charter")
  }

  /// The map of every group (`focus` nil) or of one, as SVG; a 404 page for a group that does not exist.
  @Sendable func svg(_ focus: String?) throws -> Response {
    if let focus, service.data.folder.groups?.names.contains(focus) != true { return notFound() }
    let body = try cached("map|" + (focus ?? "*")) { _ in try service.map(focus: focus)?.svg ?? "" }
    return Response(
      status: .ok,
      headers: [
        .contentType: "image/svg+xml", .cacheControl: "public, max-age=300",
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'",
        HTTPFields.Element.Name("X-Content-Type-Options")!: "nosniff",
      ], body: .init(byteBuffer: body))
  }

  router.get("/kaart/groepen.svg") { _, _ in try svg(nil) }

  router.get("/kaart/groepen/:file") { _, context in
    let raw = context.parameters.get("file") ?? ""
    guard raw.hasSuffix(".svg") else { return notFound() }
    let encoded = String(raw.dropLast(4))
    return try svg(encoded.removingPercentEncoding ?? encoded)
  }

  router.get("/static/inschrijven.js") { _, _ in
    Response(
      status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
      body: .init(byteBuffer: ByteBuffer(string: pages.script)))
  }

  router.get("/static/buurt.css") { _, _ in
    Response(
      status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
      body: .init(byteBuffer: ByteBuffer(string: pages.stylesheet)))
  }
}
