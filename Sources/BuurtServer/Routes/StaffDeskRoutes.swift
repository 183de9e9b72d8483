import BuurtApp
import BuurtStore
import Foundation
import Grouping
import Hummingbird

// The staff's desk pages: accounts (appointing and removing coordinators, staff and police, with
// the one-time password link shown once), the rules of conduct and the audit trail. Every one
// answers 403 to anyone but staff.

struct AccountRow {
  var id: String
  var name: String
  var email: String
  var role: String
  var groups: String
}

struct RoleChoice {
  var value: String
  var label: String
  var first: Bool
}

struct GroupChoice {
  var index: Int
  var name: String
}

struct AccountsPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var csrf: String
  var accounts: [AccountRow]
  var roles: [RoleChoice]
  var groupChoices: [GroupChoice]
  var message: String?
  var link: String?
  var error: String?
}

struct AuditRow {
  var at: String
  var who: String
  var group: String
  var what: String
  var reason: String
}

struct AuditPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var entries: [AuditRow]
  var hasEntries: Bool
}

struct CharterAdminPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var csrf: String
  var hasCharter: Bool
  var version: Int
  var published: String
  var paragraphs: [String]
  var text: String
  var message: String?
  var error: String?
}

/// Who may open the staff's pages: the signed-in staff member, or the answer for anyone else.
struct StaffGate: Sendable {
  let service: BuurtService

  /// The signed-in staff member, or the answer for anyone else (sign-in, or 403).
  func staffOnly(_ request: Request) throws -> (actor: Actor, answer: Response?) {
    let pages = service.pages
    let t = pages.texts
    let d = t.desk
    guard let token = requestCookies(request)[SessionCookie.name], token.count == 64,
      let account = try service.signIn.account(session: token)
    else { return (.staff(nil), seeOther("/beheer")) }
    let actor = Actor(account)
    guard actor.isStaff else {
      return (
        actor,
        privatePage(
          pages.render(
            MessagePage(
              title: d.forbidden, t: t, heading: d.forbidden, message: d.forbidden, back: "/beheer/overzicht", backLabel: d.overviewTitle),
            template: "message"), status: .forbidden)
      )
    }
    return (actor, nil)
  }

  /// The answer to a form that is not this browser's own.
  func forged() -> Response {
    let t = service.pages.texts
    return privatePage(
      service.pages.render(
        MessagePage(
          title: t.form.forgedTitle, t: t, heading: t.form.forgedTitle, message: t.form.forged, back: "/beheer",
          backLabel: t.desk.signInTitle),
        template: "message"), status: .forbidden)
  }
}

func addStaffDeskRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  let pages = service.pages
  let t = pages.texts
  let d = t.desk
  let csrf = CSRFGuard(secret: service.tokenSecret)

  let gate = StaffGate(service: service)
  @Sendable func staffOnly(_ request: Request) throws -> (actor: Actor, answer: Response?) { try gate.staffOnly(request) }
  @Sendable func forged() -> Response { gate.forged() }

  @Sendable func accountsPage(
    _ request: Request, status: HTTPResponse.Status = .ok, message: String? = nil, link: String? = nil, error: String? = nil
  ) throws -> Response {
    let (nonce, cookie) = csrf.nonce(request)
    let accounts = try service.store.accounts().map {
      AccountRow(
        id: $0.id, name: $0.name, email: $0.email, role: d.roles[$0.role.rawValue] ?? $0.role.rawValue,
        groups: $0.groups.joined(separator: ", "))
    }
    let roles = [AccountRole.coordinator, .staff, .police].enumerated().map { k, r in
      RoleChoice(value: r.rawValue, label: d.roles[r.rawValue] ?? r.rawValue, first: k == 0)
    }
    let groups = (service.data.folder.groups?.names ?? []).enumerated().map { GroupChoice(index: $0, name: $1) }
    let view = AccountsPage(
      title: d.accountsTitle, t: t, d: d, csrf: csrf.field(for: nonce), accounts: accounts, roles: roles, groupChoices: groups,
      message: message,
      link: link, error: error)
    return privatePage(pages.render(view, template: "accounts"), status: status, cookies: cookie.map { [$0] } ?? [])
  }

  router.get("/beheer/accounts") { request, _ in
    if let answer = try staffOnly(request).answer { return answer }
    return try accountsPage(request)
  }

  router.post("/beheer/accounts") { request, _ in
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return forged() }
    let (actor, answer) = try staffOnly(request)
    if let answer { return answer }
    let role = AccountRole(rawValue: form["rol"] ?? "") ?? .police
    let groups = form.values.filter { $0.key.hasPrefix("groep-") }.map(\.value).sorted()
    if role == .coordinator && groups.isEmpty { return try accountsPage(request, status: .unprocessableContent, error: d.noGroupsChosen) }
    let account: Account
    do {
      account = try AccountRegistry(store: service.store).add(
        role: role, name: form["naam"] ?? "", email: form["email"] ?? "", groups: groups, by: actor.audit)
    } catch let e as AppError {
      return try accountsPage(request, status: .unprocessableContent, error: e.message)
    }
    guard let token = try service.signIn.newLink(accountID: account.id) else { return try accountsPage(request) }
    // A full URL when the server's public address is set, else the path (no Host header is believed).
    let path = "/beheer/wachtwoord/" + token
    return try accountsPage(
      request, message: d.linkFor.replacingOccurrences(of: "{naam}", with: account.name),
      link: (service.configuration.publicURL ?? "") + path)
  }

  router.post("/beheer/accounts/:id/verwijderen") { request, context in
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return forged() }
    let (actor, answer) = try staffOnly(request)
    if let answer { return answer }
    // The account, its token and its sessions go (secure delete).
    try? AccountRegistry(store: service.store).remove(id: context.parameters.get("id") ?? "", by: actor.audit)
    return seeOther("/beheer/accounts")
  }

  router.get("/beheer/audit") { request, _ in
    let (actor, answer) = try staffOnly(request)
    if let answer { return answer }
    let names = Dictionary(try service.store.accounts().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    let statuses = t.form.statuses
    @Sendable func who(_ a: AuditActor) -> String {
      (d.roles[a.role] ?? a.role) + (a.accountID.flatMap { names[$0] }.map { " " + $0 } ?? "")
    }
    @Sendable func when(_ at: String) -> String { String(at.prefix(16)).replacingOccurrences(of: "T", with: " ") }
    // Members' status changes and staff's own actions, newest first.
    let changes = try Membership(store: service.store).audit(after: 0, limit: 1000, by: actor).suffix(500).map { e in
      (
        e.at,
        AuditRow(
          at: when(e.at), who: who(e.actor), group: e.group ?? "",
          what: (e.from.flatMap { statuses[$0.rawValue] }.map { $0 + " → " } ?? "") + (statuses[e.to.rawValue] ?? e.to.rawValue),
          reason: e.reason ?? "")
      )
    }
    let actions = try service.store.staffActions(limit: 500).map { a in
      (
        a.at,
        AuditRow(
          at: when(a.at), who: who(a.actor), group: "", what: (d.actionWords[a.kind.rawValue] ?? a.kind.rawValue) + ": " + a.subject,
          reason: "")
      )
    }
    let entries = (changes + actions).enumerated().sorted { ($0.element.0, $0.offset) > ($1.element.0, $1.offset) }.prefix(1000).map(
      \.element.1)
    return privatePage(
      pages.render(AuditPage(title: d.auditTitle, t: t, d: d, entries: entries, hasEntries: !entries.isEmpty), template: "audit"))
  }

  @Sendable func charterPage(
    _ request: Request, status: HTTPResponse.Status = .ok, text: String = "", message: String? = nil, error: String? = nil
  )
    throws -> Response
  {
    let (nonce, cookie) = csrf.nonce(request)
    let charter = try service.store.currentCharter()
    let paragraphs =
      charter?.text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").map {
        $0.trimmingCharacters(in: .whitespacesAndNewlines)
      }.filter { !$0.isEmpty } ?? []
    let view = CharterAdminPage(
      title: d.charterTitle, t: t, d: d, csrf: csrf.field(for: nonce), hasCharter: charter != nil, version: charter?.version ?? 0,
      published: String(charter?.publishedAt.prefix(10) ?? ""), paragraphs: paragraphs, text: text.isEmpty ? charter?.text ?? "" : text,
      message: message, error: error)
    return privatePage(pages.render(view, template: "charteradmin"), status: status, cookies: cookie.map { [$0] } ?? [])
  }

  router.get("/beheer/gedragsregels") { request, _ in
    if let answer = try staffOnly(request).answer { return answer }
    return try charterPage(request)
  }

  router.post("/beheer/gedragsregels") { request, _ in
    let form = try await readForm(request, service: service)
    guard csrf.accepts(request, form) else { return forged() }
    let (actor, answer) = try staffOnly(request)
    if let answer { return answer }
    guard let text = form.text("tekst") else { return try charterPage(request, status: .unprocessableContent, error: d.charterEmpty) }
    _ = try service.store.publishCharter(text: text, by: actor.audit)
    return try charterPage(request, message: d.charterPublished)
  }
}
