import Addressing
import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import GeoProjection
import Grouping
import Hummingbird
import Logging

// The staff's planning pages: boundary sets (upload GeoJSON or a GeoPackage, the findings on a
// map, the addresses and members that would move, publishing) and the signs (a map, a table, CSV
// and GPX). Staff only, like every page under /beheer but the coordinators' and police's own.

struct DraftRow {
  var id: Int
  var at: String
  var valid: Bool
  var verdict: String
}

struct BoundariesPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var csrf: String
  var drafts: [DraftRow]
  var hasDrafts: Bool
  var nameProperty: String
  var layer: String
  var error: String?
}

struct FindingRow {
  var number: Int
  var severity: String
  var severityLabel: String
  var kind: String
  var groups: String
  var message: String
  var place: String
}

struct MoveRow {
  var from: String
  var to: String
  var households: Int
}

struct MovingMemberRow {
  var name: String
  var address: String
  var from: String
  var to: String
}

struct DraftPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var csrf: String
  var id: Int
  var heading: String
  var valid: Bool
  var published: String?
  var message: String?
  var error: String?
  var findings: [FindingRow]
  var hasFindings: Bool
  var mapHeight: Int
  var moves: [MoveRow]
  var hasMoves: Bool
  var members: [MovingMemberRow]
  var hasMembers: Bool
  var canPublish: Bool
}

struct SignRow {
  var rank: Int
  var group: String
  var street: String
  var roadClass: String
  var bearing: String
  var place: String
  var optional: Bool
}

struct SignsPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var signs: [SignRow]
  var hasSigns: Bool
  var mapHeight: Int
}

/// The fills of a proposed set's groups on its map (state colours would say nothing yet).
private let draftFills = ["#cfe2f3", "#d9ead3", "#fff2cc", "#ead1dc", "#d0e0e3", "#fce5cd"]
private let errorFill = "#e8453c"
private let warningFill = "#ffb000"

func addPlanningDeskRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  let pages = service.pages
  let t = pages.texts
  let d = t.desk
  let csrf = CSRFGuard(secret: service.tokenSecret)
  let gate = StaffGate(service: service)

  @Sendable func message(_ status: HTTPResponse.Status, _ text: String, back: String = "/beheer/grenzen") -> Response {
    privatePage(
      pages.render(
        MessagePage(title: text, t: t, heading: text, message: text, back: back, backLabel: d.backToBoundaries), template: "message"),
      status: status)
  }

  @Sendable func boundariesPage(
    _ request: Request, status: HTTPResponse.Status = .ok, nameProperty: String = "name", layer: String = "", error: String? = nil
  ) throws -> Response {
    let (nonce, cookie) = csrf.nonce(request)
    let drafts = try service.store.drafts().map { draft in
      DraftRow(
        id: draft.id, at: String(draft.createdAt.prefix(16)).replacingOccurrences(of: "T", with: " "), valid: draft.valid,
        verdict: draft.publishedVersion.map { d.draftPublishedAs.replacingOccurrences(of: "{versie}", with: String($0)) }
          ?? (draft.valid ? d.draftValid : d.draftInvalid))
    }
    let view = BoundariesPage(
      title: d.boundariesTitle, t: t, d: d, csrf: csrf.field(for: nonce), drafts: drafts, hasDrafts: !drafts.isEmpty,
      nameProperty: nameProperty, layer: layer, error: error)
    return privatePage(pages.render(view, template: "boundaries"), status: status, cookies: cookie.map { [$0] } ?? [])
  }

  router.get("/beheer/grenzen") { request, _ in
    if let answer = try gate.staffOnly(request).answer { return answer }
    return try boundariesPage(request)
  }

  router.post("/beheer/grenzen") { request, _ in
    let upload: UploadForm
    do {
      upload = try await readUpload(request, service: service, fileField: "bestand")
    } catch let p as Problem {
      // Nothing was stored; the page says why (to staff only).
      if let answer = try gate.staffOnly(request).answer { return answer }
      let text =
        p.status == .contentTooLarge
        ? d.fileTooLarge.replacingOccurrences(of: "{mb}", with: String(service.configuration.uploadBodyLimit / (1024 * 1024)))
        : d.fileUnreadable.replacingOccurrences(of: "{reden}", with: p.detail)
      var response = try boundariesPage(request, status: p.status, error: text)
      if p.status == .contentTooLarge { response.headers[.connection] = "close" }
      return response
    }
    guard csrf.accepts(request, upload.fields) else { return gate.forged() }
    let (actor, answer) = try gate.staffOnly(request)
    if let answer { return answer }
    let nameProperty = upload.fields.text("naameigenschap") ?? "name"
    let layer = upload.fields.text("laag")
    guard !upload.file.isEmpty else {
      return try boundariesPage(
        request, status: .unprocessableContent, nameProperty: nameProperty, layer: layer ?? "", error: d.fileMissing)
    }
    let geojson: String
    let check: BoundarySetCheck
    do {
      geojson = try BoundaryUpload.geoJSON(upload.file, layer: layer)
      check = try service.checkBoundarySet(try GeoJSONReader().read(geojson), nameProperty: nameProperty)
    } catch let e as AppError {
      return try boundariesPage(
        request, status: .unprocessableContent, nameProperty: nameProperty, layer: layer ?? "",
        error: d.fileUnreadable.replacingOccurrences(of: "{reden}", with: e.message))
    } catch let e as GeoJSONError {
      return try boundariesPage(
        request, status: .unprocessableContent, nameProperty: nameProperty, layer: layer ?? "",
        error: d.fileUnreadable.replacingOccurrences(of: "{reden}", with: "\(e)"))
    } catch let e as JSONParser.SyntaxError {
      return try boundariesPage(
        request, status: .unprocessableContent, nameProperty: nameProperty, layer: layer ?? "",
        error: d.fileUnreadable.replacingOccurrences(of: "{reden}", with: "no valid JSON: \(e)"))
    }
    let id = try service.store.saveDraft(
      nameProperty: nameProperty, geojson: geojson, valid: check.isValid, report: ReportJSON.text(BoundarySetReport(check)))
    service.logger.info("boundary set \(id) uploaded by \(actor.audit.accountID ?? "staff"): \(check.isValid ? "valid" : "invalid")")
    return seeOther("/beheer/grenzen/\(id)")
  }

  /// The draft the path names, or the page that says it does not exist.
  @Sendable func draft(_ context: BuurtContext) throws -> BoundaryDraft? {
    guard let id = context.parameters.get("id").flatMap(Int.init) else { return nil }
    return try service.store.draft(id: id)
  }

  @Sendable func drawing(_ draft: BoundaryDraft, check: BoundarySetCheck) throws -> PublicMap.Drawing {
    let areas = zip(check.groups.names, check.groups.areas).enumerated().map { k, g in
      PublicMap.Area(name: g.0, area: g.1, fill: draftFills[k % draftFills.count])
    }
    let marks = check.findings.prefix(300).enumerated().map { k, f in
      PublicMap.Mark(position: f.location, label: String(k + 1), fill: f.severity == .error ? errorFill : warningFill)
    }
    return try service.publicMap.overview(areas, title: d.draftMapTitle, marks: Array(marks))
  }

  @Sendable func lonLatText(_ p: LonLat) -> String {
    String(format: "%.5f, %.5f", p.lon, p.lat)
  }

  router.get("/beheer/grenzen/:id") { request, context in
    if let answer = try gate.staffOnly(request).answer { return answer }
    guard let draft = try draft(context) else { return message(.notFound, d.refusedGone) }
    let (nonce, cookie) = csrf.nonce(request)
    let check = try service.checkDraft(draft)
    let data = service.data
    let loader = data.folder.loader
    let places = try loader.projection.inverse(check.findings.map(\.location))
    let findings = check.findings.enumerated().map { k, f in
      FindingRow(
        number: k + 1, severity: f.severity.rawValue, severityLabel: d.severityWords[f.severity.rawValue] ?? f.severity.rawValue,
        kind: d.codeWords[f.code] ?? f.code, groups: f.groups.joined(separator: ", "), message: f.message, place: lonLatText(places[k]))
    }
    let current = data.folder.groups ?? GroupSet(names: [], areas: [])
    let diff = GroupSetDiff(before: current, after: check.groups, points: data.folder.resolver.register.positions)
    let moves = diff.moves.sorted { $0.households > $1.households }.map {
      MoveRow(from: $0.from ?? d.noGroup, to: $0.to ?? d.noGroup, households: $0.households)
    }
    // The members the publication would turn into transfers: pending, added or moving, whose
    // address lies in another group under the new set.
    let members = try service.store.members().filter { [.pending, .added, .moving].contains($0.status) }
    let after = try loader.place(metric: members.map(\.position), in: check.groups)
    let moving = zip(members, after).compactMap { m, g -> MovingMemberRow? in
      let to = g < 0 ? nil : check.groups.names[Int(g)]
      guard to != m.groupName else { return nil }
      let address = [m.street, m.houseNumber ?? "", m.box.isEmpty ? "" : "bus \(m.box)"].filter { !$0.isEmpty }.joined(separator: " ")
      return MovingMemberRow(name: m.name, address: address, from: m.groupName ?? d.noGroup, to: to ?? d.noGroup)
    }
    let moved = request.uri.queryParameters.get("overgezet").flatMap(Int.init)
    let view = DraftPage(
      title: d.draftTitle.replacingOccurrences(of: "{nummer}", with: String(draft.id)), t: t, d: d, csrf: csrf.field(for: nonce),
      id: draft.id, heading: d.draftTitle.replacingOccurrences(of: "{nummer}", with: String(draft.id)), valid: check.isValid,
      published: draft.publishedVersion.map { d.draftPublishedAs.replacingOccurrences(of: "{versie}", with: String($0)) },
      message: draft.publishedVersion.flatMap { v in
        moved.map {
          ($0 == 0 ? d.publishedNoteNone : $0 == 1 ? d.publishedNoteOne : d.publishedNote).replacingOccurrences(
            of: "{versie}", with: String(v)
          )
          .replacingOccurrences(of: "{aantal}", with: String($0))
        }
      },
      error: check.isValid || draft.publishedVersion != nil ? nil : d.publishBlocked,
      findings: findings, hasFindings: !findings.isEmpty, mapHeight: try drawing(draft, check: check).height, moves: moves,
      hasMoves: !moves.isEmpty, members: moving, hasMembers: !moving.isEmpty, canPublish: check.isValid && draft.publishedVersion == nil)
    return privatePage(pages.render(view, template: "draft"), cookies: cookie.map { [$0] } ?? [])
  }

  router.get("/beheer/grenzen/:id/kaart.svg") { request, context in
    if let answer = try gate.staffOnly(request).answer { return answer }
    guard let draft = try draft(context) else { return message(.notFound, d.refusedGone) }
    return privateSVG(try drawing(draft, check: try service.checkDraft(draft)).svg)
  }

  router.post("/beheer/grenzen/:id/publiceren") { request, context in
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return gate.forged() }
    let (actor, answer) = try gate.staffOnly(request)
    if let answer { return answer }
    guard let draft = try draft(context) else { return message(.notFound, d.refusedGone) }
    guard draft.publishedVersion == nil else { return message(.conflict, d.alreadyPublished, back: "/beheer/grenzen/\(draft.id)") }
    guard draft.valid else { return message(.conflict, d.publishBlocked, back: "/beheer/grenzen/\(draft.id)") }
    let who = actor.audit.accountID.map { "beheer (account \($0))" } ?? "beheer"
    guard let (_, moved) = try service.publishDraft(draft, source: who, by: actor) else {
      return message(.conflict, d.alreadyPublished, back: "/beheer/grenzen/\(draft.id)")
    }
    return seeOther("/beheer/grenzen/\(draft.id)?overgezet=\(moved)")
  }

  // MARK: Signs

  @Sendable func signsDrawing(_ table: SignTable) throws -> PublicMap.Drawing? {
    guard let groups = service.data.folder.groups else { return nil }
    let areas = zip(groups.names, groups.areas).enumerated().map { k, g in
      PublicMap.Area(name: g.0, area: g.1, fill: draftFills[k % draftFills.count])
    }
    let marks = table.rows.map {
      PublicMap.Mark(position: $0.position, label: String($0.rank), fill: $0.optional ? "#ffffff" : warningFill)
    }
    return try service.publicMap.overview(areas, title: d.signsMapTitle, marks: marks, labels: false)
  }

  router.get("/beheer/borden") { request, _ in
    if let answer = try gate.staffOnly(request).answer { return answer }
    let table = try service.signTable()
    let rows = (table?.rows ?? []).map {
      SignRow(
        rank: $0.rank, group: $0.group, street: $0.street, roadClass: $0.roadClass, bearing: String(format: "%.0f°", $0.bearing),
        place: lonLatText($0.lonLat), optional: $0.optional)
    }
    let height = try table.flatMap(signsDrawing)?.height ?? 0
    return privatePage(
      pages.render(SignsPage(title: d.signsTitle, t: t, d: d, signs: rows, hasSigns: !rows.isEmpty, mapHeight: height), template: "signs"))
  }

  router.get("/beheer/borden/kaart.svg") { request, _ in
    if let answer = try gate.staffOnly(request).answer { return answer }
    guard let table = try service.signTable(), let drawing = try signsDrawing(table) else { return message(.notFound, d.signsNone) }
    return privateSVG(drawing.svg)
  }

  @Sendable func download(_ text: String, type: String, name: String) -> Response {
    Response(
      status: .ok,
      headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  router.get("/beheer/borden.csv") { request, _ in
    if let answer = try gate.staffOnly(request).answer { return answer }
    guard let table = try service.signTable() else { return message(.notFound, d.signsNone) }
    return download(table.csv, type: "text/csv; charset=utf-8", name: "borden.csv")
  }

  router.get("/beheer/borden.gpx") { request, _ in
    if let answer = try gate.staffOnly(request).answer { return answer }
    guard let table = try service.signTable() else { return message(.notFound, d.signsNone) }
    return download(table.gpx, type: "application/gpx+xml", name: "borden.gpx")
  }
}

/// A map drawn for one signed-in person: SVG that no cache keeps.
func privateSVG(_ svg: String) -> Response {
  Response(
    status: .ok,
    headers: [
      .contentType: "image/svg+xml", .cacheControl: "no-store", .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'",
      HTTPFields.Element.Name("X-Content-Type-Options")!: "nosniff",
    ], body: .init(byteBuffer: ByteBuffer(string: svg)))
}
