import BuurtApp
import BuurtStore
import Foundation
import Grouping
import Hummingbird
import NIOCore

// The pages for coordinators, staff and police (`/beheer`): sign-in with email and password, the
// one-time link that sets a password, sign-out, an overview per role and a group's queue and
// members. A signed-in browser holds a session token in an HttpOnly, SameSite=Strict cookie for
// `/beheer` only; every form carries the CSRF field; who may see and do what is decided by
// `Actor` and `Membership`, as for the API.

struct SignInPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var csrf: String
  var email = ""
  var error: String?
  var message: String?
}

struct PasswordPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var csrf: String
  var token: String
  var valid: Bool
  var email: String
  var error: String?
}

struct DeskGroupRow {
  var name: String
  var path: String
  var link: Bool
  var status: String
  var statusLabel: String
  var members: String
  var capacity: Int
  var pending: Int
  var coordinators: [String]
  var contact: String?
  var membersShown: Bool
}

struct DeskPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var csrf: String
  var who: String
  var role: String
  var police: Bool
  var staff: Bool
  var showMap: Bool
  var mapHeight: Int
  var legend: [LegendItem]
  var groupsHeading: String
  var membersShown: Bool
  var groups: [DeskGroupRow]
  var transfers: [TransferRow]
  var hasTransfers: Bool
}

struct QueueRow {
  var id: String
  var name: String
  var phone: String
  var whatsapp: String
  var basis: String
  var age: String
  var enrolledOn: String
}

struct TransferRow {
  var id: String
  var name: String
  var phone: String
  var whatsapp: String?
  var text: String
  var side: String
  var button: String
  var canConfirm: Bool
  var back: String
}

struct QueuePage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var csrf: String
  var group: String
  var path: String
  var status: String
  var statusLabel: String
  var members: Int
  var capacity: Int
  var advisedMin: Int
  var advisedMax: Int
  var warnings: [String]
  var pendingHTML: String
  var hasPending: Bool
  var addedHTML: String
  var hasAdded: Bool
  var transfers: [TransferRow]
  var hasTransfers: Bool
  var message: String?
  var error: String?
}

/// The session cookie of a signed-in browser.
enum SessionCookie {
  static let name = "buurt_sessie"
  static func set(_ token: String) -> String { "\(name)=\(token); Path=/beheer; HttpOnly; SameSite=Strict" }
  static let clear = "\(name)=; Path=/beheer; HttpOnly; SameSite=Strict; Max-Age=0"
}

func addDeskRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  let pages = service.pages
  let t = pages.texts
  let d = t.desk
  let csrf = CSRFGuard(secret: service.tokenSecret)
  let signIn = service.signIn

  @Sendable func pathSegment(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? s
  }

  /// The signed-in actor and its session token, or nil.
  @Sendable func session(_ request: Request) throws -> (actor: Actor, account: Account, token: String)? {
    guard let token = requestCookies(request)[SessionCookie.name], token.count == 64, token.allSatisfy(\.isHexDigit),
      let account = try signIn.account(session: token)
    else { return nil }
    return (Actor(account), account, token)
  }

  @Sendable func signInPage(
    _ request: Request, status: HTTPResponse.Status = .ok, email: String = "", error: String? = nil, message: String? = nil
  )
    -> Response
  {
    let (nonce, cookie) = csrf.nonce(request)
    let view = SignInPage(title: d.signInTitle, t: t, d: d, csrf: csrf.field(for: nonce), email: email, error: error, message: message)
    return privatePage(pages.render(view, template: "signin"), status: status, cookies: cookie.map { [$0] } ?? [])
  }

  @Sendable func forged() -> Response {
    privatePage(
      pages.render(
        MessagePage(
          title: t.form.forgedTitle, t: t, heading: t.form.forgedTitle, message: t.form.forged, back: "/beheer", backLabel: d.signInTitle),
        template: "message"), status: .forbidden)
  }

  router.get("/beheer") { request, _ in
    if try session(request) != nil { return seeOther("/beheer/overzicht") }
    return signInPage(request, message: request.uri.query == "afgemeld" ? d.signedOut : nil)
  }

  router.post("/beheer") { request, context in
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return forged() }
    let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
    let client = service.clientAddress(request, context)
    if let wait = service.signInThrottle.wait(account: email.lowercased(), client: client) {
      var r = signInPage(
        request, status: .tooManyRequests, email: email,
        error: d.throttled.replacingOccurrences(of: "{minuten}", with: String(max(1, (wait + 59) / 60))))
      r.headers[.retryAfter] = String(wait)
      return r
    }
    do {
      let (_, token) = try signIn.signIn(email: email, password: form["wachtwoord"] ?? "")
      service.signInThrottle.succeeded(account: email.lowercased())
      return seeOther("/beheer/overzicht", cookies: [SessionCookie.set(token)])
    } catch SignIn.Refusal.wrongCredentials {
      service.signInThrottle.failed(account: email.lowercased(), client: client)
      return signInPage(request, status: .unauthorized, email: email, error: d.wrongCredentials)
    }
  }

  router.post("/beheer/afmelden") { request, _ in
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return forged() }
    if let (_, _, token) = try session(request) { try signIn.signOut(session: token) }
    return seeOther("/beheer?afgemeld", cookies: [SessionCookie.clear])
  }

  @Sendable func passwordPage(_ request: Request, token: String, status: HTTPResponse.Status = .ok, error: String? = nil) throws -> Response
  {
    let (nonce, cookie) = csrf.nonce(request)
    let account = token.count == 64 && token.allSatisfy(\.isHexDigit) ? try signIn.linkAccount(token) : nil
    let view = PasswordPage(
      title: d.passwordTitle, t: t, d: d, csrf: csrf.field(for: nonce), token: token, valid: account != nil, email: account?.email ?? "",
      error: error)
    return privatePage(
      pages.render(view, template: "password"), status: account == nil ? .notFound : status, cookies: cookie.map { [$0] } ?? [])
  }

  router.get("/beheer/wachtwoord/:token") { request, context in try passwordPage(request, token: context.parameters.get("token") ?? "") }

  router.post("/beheer/wachtwoord/:token") { request, context in
    let token = context.parameters.get("token") ?? ""
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return forged() }
    do {
      _ = try signIn.setPassword(link: token, password: form["nieuw"] ?? "", repeated: form["herhaal"] ?? "")
      return signInPage(request, message: d.passwordSet)
    } catch let refusal as SignIn.Refusal {
      let text: String
      switch refusal {
      case .passwordTooShort: text = d.passwordTooShort
      case .passwordTooLong: text = d.passwordTooLong
      case .passwordsDiffer: text = d.passwordsDiffer
      case .linkInvalid, .wrongCredentials: text = d.linkInvalid
      }
      return try passwordPage(request, token: token, status: .unprocessableContent, error: text)
    }
  }

  router.get("/beheer/overzicht") { request, _ in
    guard let (actor, account, _) = try session(request) else { return seeOther("/beheer") }
    let (nonce, cookie) = csrf.nonce(request)
    let names = service.data.folder.groups?.names ?? []
    let states = try GroupStates(store: service.store, groups: names)
    let counts = try service.store.memberCounts()
    let coordinators = try service.store.coordinatorsByGroup()
    let membersShown = !{ if case .police = actor { return true } else { return false } }()
    let visible: [String]
    switch actor {
    case .coordinator(let a): visible = names.filter { a.groups.contains($0) }
    case .staff, .police: visible = names
    }
    let rows = visible.map { name -> DeskGroupRow in
      let s = states.state(of: name)
      return DeskGroupRow(
        name: name, path: pathSegment(name), link: actor.maySeeMembers(of: name), status: s.status.rawValue,
        statusLabel: pages.statusLabel(s.status), members: String(s.memberCount ?? counts[name]?[.added] ?? 0), capacity: s.capacity,
        pending: counts[name]?[.pending] ?? 0, coordinators: (coordinators[name] ?? []).map(\.name), contact: s.contact,
        membersShown: membersShown)
    }
    let isCoordinator = { if case .coordinator = actor { return true } else { return false } }()
    let transfers = membersShown ? try transferRows(actor, group: nil) : []
    let view = DeskPage(
      title: d.overviewTitle, t: t, d: d, csrf: csrf.field(for: nonce), who: account.name, role: d.roles[account.role.rawValue] ?? "",
      police: !membersShown, staff: actor.isStaff, showMap: !isCoordinator && !names.isEmpty,
      mapHeight: try service.map(focus: nil)?.height ?? 0,
      legend: [GroupState.Status.active, .noCoordinator, .full].map { LegendItem(status: $0.rawValue, label: pages.statusLabel($0)) },
      groupsHeading: isCoordinator ? d.yourGroups : d.allGroups, membersShown: membersShown, groups: rows,
      transfers: transfers, hasTransfers: !transfers.isEmpty)
    return privatePage(pages.render(view, template: "desk"), cookies: cookie.map { [$0] } ?? [])
  }

  /// Open transfers the actor sees (of `group` only, when given), each with the side this actor
  /// confirms: removed from the old group, added to the new one.
  @Sendable func transferRows(_ actor: Actor, group: String?) throws -> [TransferRow] {
    try Membership(store: service.store).transfers(by: actor).filter { group == nil || $0.fromGroup == group || $0.toGroup == group }.map {
      tr -> TransferRow in
      let m = try service.store.member(id: tr.memberID)
      let report = TransferReport(tr, member: m)
      // This actor's side: the old group's when it may act there and that side is open, else the new group's.
      let out = (group.map { tr.fromGroup == $0 } ?? (actor.maySeeMembers(of: tr.fromGroup) && tr.removedAt == nil))
      let side = out ? TransferSide.removed : .added
      let sideGroup = out ? tr.fromGroup : tr.toGroup
      return TransferRow(
        id: tr.id, name: m?.name ?? "", phone: m?.phone ?? "", whatsapp: report.whatsapp,
        text: (out ? d.transferOut : d.transferIn).replacingOccurrences(of: "{groep}", with: (out ? tr.toGroup : tr.fromGroup) ?? "—"),
        side: side.rawValue, button: out ? d.transferRemoved : d.transferAdded,
        canConfirm: sideGroup.map { actor.maySeeMembers(of: $0) } == true && (out ? tr.removedAt == nil : tr.addedAt == nil),
        back: group.map { "/beheer/groepen/" + pathSegment($0) } ?? "/beheer/overzicht")
    }
  }

  /// A group's page for `actor`, with `csrfField` in its forms. - Throws: ``Membership/Refusal``
  /// (not this actor's group, or no such group).
  @Sendable func queueHTML(_ actor: Actor, group: String, csrfField: String, message: String?, error: String?) throws -> String {
    let membership = Membership(store: service.store)
    let names = service.data.folder.groups?.names ?? []
    let states = try GroupStates(store: service.store, groups: names)
    let pending = try membership.queue(group: group, status: .pending, knownGroups: names, states: states, by: actor)
    let added = try membership.queue(group: group, status: .added, knownGroups: names, states: states, by: actor)
    func rows(_ q: QueueReport) -> [QueueRow] {
      q.enrollments.map {
        QueueRow(
          id: $0.id, name: $0.name, phone: $0.phone, whatsapp: $0.whatsapp, basis: $0.basis.flatMap { d.basisWords[$0] } ?? "",
          age: $0.age.flatMap { d.ageWords[$0] } ?? "", enrolledOn: String($0.enrolledAt.prefix(10)))
      }
    }
    let transfers = try transferRows(actor, group: group)
    let state = states.state(of: group)
    let view = QueuePage(
      title: "\(d.queueTitle) \(group)", t: t, d: d, csrf: csrfField, group: group, path: pathSegment(group),
      status: state.status.rawValue, statusLabel: pages.statusLabel(state.status), members: pending.members, capacity: pending.capacity,
      advisedMin: pending.advisedRange.min, advisedMax: pending.advisedRange.max, warnings: pending.warnings,
      pendingHTML: QueueEntries.pending(rows(pending), group: group, csrf: csrfField, texts: d), hasPending: !pending.enrollments.isEmpty,
      addedHTML: QueueEntries.members(rows(added), group: group, csrf: csrfField, texts: d), hasAdded: !added.enrollments.isEmpty,
      transfers: transfers, hasTransfers: !transfers.isEmpty, message: message,
      error: error)
    return pages.render(view, template: "queue")
  }

  @Sendable func refusalPage(_ refusal: Membership.Refusal) -> Response {
    if case .notFound = refusal {
      return page(pages.render(NotFoundPage(title: t.notFoundTitle, t: t, message: t.noSuchGroup), template: "notfound"), status: .notFound)
    }
    return privatePage(
      pages.render(
        MessagePage(
          title: d.forbidden, t: t, heading: d.forbidden, message: d.refusal(refusal).text, back: "/beheer/overzicht",
          backLabel: d.overviewTitle),
        template: "message"), status: .forbidden)
  }

  /// A group's page after a form (with what happened, or what was wrong): rendered for this request.
  @Sendable func queuePage(
    _ request: Request, group: String, status: HTTPResponse.Status = .ok, message: String? = nil, error: String? = nil
  ) throws -> Response {
    guard let (actor, _, _) = try session(request) else { return seeOther("/beheer") }
    let (nonce, cookie) = csrf.nonce(request)
    do {
      let html = try queueHTML(actor, group: group, csrfField: csrf.field(for: nonce), message: message, error: error)
      return privatePage(html, status: status, cookies: cookie.map { [$0] } ?? [])
    } catch let refusal as Membership.Refusal { return refusalPage(refusal) }
  }

  // A group's page as it is opened: rendered once per account while the store is unchanged (a
  // queue of 500 takes milliseconds to render), with each browser's CSRF field put in per request.
  let csrfMark = "csrf-field-of-this-browser"
  router.get("/beheer/groepen/:name") { request, context in
    guard let (actor, account, _) = try session(request) else { return seeOther("/beheer") }
    let group = groupName(context)
    let (nonce, cookie) = csrf.nonce(request)
    let pieces: [ByteBuffer]
    do {
      pieces = try service.pageCache.pieces(
        "queue|\(service.data.folder.groupsVersion ?? 0)|\(account.id)|\(group)", generation: service.store.generation, splitAt: csrfMark
      ) { try queueHTML(actor, group: group, csrfField: csrfMark, message: nil, error: nil) }
    } catch let refusal as Membership.Refusal { return refusalPage(refusal) }
    let field = csrf.field(for: nonce)
    var body = ByteBufferAllocator().buffer(capacity: pieces.reduce(0) { $0 + $1.readableBytes } + field.utf8.count * (pieces.count - 1))
    for (k, piece) in pieces.enumerated() {
      if k > 0 { body.writeString(field) }
      body.writeImmutableBuffer(piece)
    }
    return privatePage(body, cookies: cookie.map { [$0] } ?? [])
  }

  router.get("/beheer/groepen/:name/leden.vcf") { request, context in
    guard let (actor, _, _) = try session(request) else { return seeOther("/beheer") }
    let group = groupName(context)
    let cards = try Membership(store: service.store).vCards(group: group, knownGroups: service.data.folder.groups?.names ?? [], by: actor)
    return Response(
      status: .ok,
      headers: [
        .contentType: "text/vcard; charset=utf-8", .cacheControl: "no-store",
        .contentDisposition: "attachment; filename=\"leden-\(group.filter { $0.isLetter || $0.isNumber || $0 == "-" }).vcf\"",
      ], body: .init(byteBuffer: ByteBuffer(string: cards)))
  }

  router.post("/beheer/inschrijvingen/:id") { request, context in
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return forged() }
    guard let (actor, _, _) = try session(request) else { return seeOther("/beheer") }
    let id = context.parameters.get("id") ?? ""
    let group = form["groep"] ?? ""
    let transition: Membership.Transition
    switch form["actie"] {
    case "toegevoegd": transition = .added
    case "geweigerd": transition = .refused
    case "verwijderd": transition = .removed
    default: return try queuePage(request, group: group, status: .badRequest, error: t.errorText)
    }
    let reason = form.text("reden")
    if transition != .added && reason == nil {
      return try queuePage(request, group: group, status: .unprocessableContent, error: d.reasonRequired)
    }
    do {
      _ = try Membership(store: service.store).mark(id, transition, reason: reason, by: actor)
    } catch let refusal as Membership.Refusal {
      let (status, text) = d.refusal(refusal)
      return try queuePage(request, group: group, status: status, error: text)
    }
    return seeOther("/beheer/groepen/" + pathSegment(group))
  }

  router.post("/beheer/overzettingen/:id") { request, context in
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return forged() }
    guard let (actor, _, _) = try session(request) else { return seeOther("/beheer") }
    // Back to the page the form was on: the overview or a group's page (never elsewhere).
    let back = form["terug"].flatMap { $0 == "/beheer/overzicht" || $0.hasPrefix("/beheer/groepen/") ? $0 : nil } ?? "/beheer/overzicht"
    guard let side = form["kant"].flatMap(TransferSide.init(rawValue:)) else { return seeOther(back) }
    do {
      _ = try Membership(store: service.store).confirm(transfer: context.parameters.get("id") ?? "", side, by: actor)
    } catch let refusal as Membership.Refusal {
      return privatePage(
        pages.render(
          MessagePage(
            title: d.forbidden, t: t, heading: d.forbidden, message: d.refusal(refusal).text, back: back, backLabel: d.overviewTitle),
          template: "message"), status: d.refusal(refusal).status)
    }
    return seeOther(back)
  }
}
