import Addressing
import BuurtApp
import BuurtStore
import Foundation
import Grouping
import Hummingbird
import NIOCore

// The enrollment form (`/inschrijven`) and the resident's own page (`/mijn-inschrijving`).
// Both work without JavaScript: plain POSTs, checked on the server, errors next to each field
// and summarised at the top. Every POST carries the browser's CSRF field. The management token
// travels in an HttpOnly, SameSite=Strict cookie scoped to `/mijn-inschrijving`, never in a URL,
// so no access log, referrer or browser history keeps it.

struct FieldView {
  var value: String
  var error: String?
  var invalid: Bool
  init(_ f: EnrollmentForm.Field) {
    value = f.value
    error = f.error
    invalid = f.error != nil
  }
}

struct ErrorLink {
  var id: String
  var text: String
}

struct ChoiceView {
  var label: String
  var id: String
  var first: Bool
}

struct EnrollPage {
  var title: String
  var t: PageTexts
  var f: FormTexts
  var script = "/static/inschrijven.js"
  var csrf: String
  var hasErrors: Bool
  var errors: [ErrorLink]
  var name, address, phone, email, age, basis, charter: FieldView
  var adult, minor, resident, business, charterChecked: Bool
  var charterValue: String
  var charterVersion: Int?
  var hasChoices: Bool
  var choices: [ChoiceView]

  init(_ form: EnrollmentForm, texts t: PageTexts, csrf: String, charterVersion: Int?) {
    title = t.form.title
    self.t = t
    f = t.form
    self.csrf = csrf
    // The summary links to each field (a radio group to its first choice).
    let targets = ["naam": "naam", "adres": "adres", "gsm": "gsm", "email": "email", "leeftijd": "leeftijd-18", "basis": "basis-woon"]
    errors = form.fields.compactMap { id, field in field.error.map { ErrorLink(id: targets[id] ?? id, text: $0) } }
    hasErrors = !errors.isEmpty
    if hasErrors { title = t.form.errorTitlePrefix + title }
    name = FieldView(form.name)
    address = FieldView(form.address)
    phone = FieldView(form.phone)
    email = FieldView(form.email)
    age = FieldView(form.age)
    basis = FieldView(form.basis)
    charter = FieldView(form.charter)
    adult = form.age.value == AgeCategory.adult.rawValue
    minor = form.age.value == AgeCategory.minorWithConsent.rawValue
    resident = form.basis.value == EnrollmentBasis.resident.rawValue
    business = form.basis.value == EnrollmentBasis.business.rawValue
    charterChecked = !form.charter.value.isEmpty && form.charter.error == nil
    charterValue = charterVersion.map(String.init) ?? "ja"
    self.charterVersion = charterVersion
    choices = form.choices.enumerated().map { k, c in ChoiceView(label: c.label, id: c.id, first: k == 0) }
    hasChoices = !choices.isEmpty
  }
}

struct MinePage {
  var title: String
  var t: PageTexts
  var f: FormTexts
  var csrf: String
  var message: String?
  var hasEnrollment = false
  var codeError = false
  var group = ""
  var groupPath = ""
  var mapHeight = 600
  var near = false
  var name = ""
  var address = ""
  var phone = ""
  var email: String?
  var status = ""
  var enrolledOn = ""
  var code = ""
  var canLeave = false
  var hasMap = false
}

struct MessagePage {
  var title: String
  var t: PageTexts
  var heading: String
  var message: String
  var back: String
  var backLabel: String
}

/// Pages that hold personal data or a form's token are kept by no cache and no history snapshot.
func privatePage(_ html: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
  privatePage(ByteBuffer(string: html), status: status, cookies: cookies)
}

func privatePage(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
  var response = page(body, status: status)
  response.headers[.cacheControl] = "no-store"
  for c in cookies { response.headers.append(HTTPFields.Element(name: .setCookie, value: c)) }
  return response
}

func seeOther(_ location: String, cookies: [String] = []) -> Response {
  var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
  for c in cookies { headers.append(HTTPFields.Element(name: .setCookie, value: c)) }
  return Response(status: .seeOther, headers: headers)
}

/// The resident's management cookie: `ID.TOKEN` of their submission.
enum ManagementCookie {
  static let name = "buurt_inschrijving"
  static func set(id: String, token: String) -> String {
    "\(name)=\(id).\(token); Path=/mijn-inschrijving; HttpOnly; SameSite=Strict"
  }
  static let clear = "\(name)=; Path=/mijn-inschrijving; HttpOnly; SameSite=Strict; Max-Age=0"
}

func addFormRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  let pages = service.pages
  let t = pages.texts
  let csrf = CSRFGuard(secret: service.tokenSecret)

  @Sendable func charterVersion() throws -> Int? { try service.store.currentCharter()?.version }

  @Sendable func message(_ heading: String, _ text: String, status: HTTPResponse.Status, back: String = "/inschrijven") -> Response {
    privatePage(
      pages.render(
        MessagePage(title: heading, t: t, heading: heading, message: text, back: back, backLabel: t.back), template: "message"),
      status: status)
  }

  /// A form's POST: its fields when the browser's CSRF field is right, else a page that says so.
  @Sendable func postedForm(_ request: Request) async throws -> FormFields? {
    let form = try await readForm(request, service: service)
    return csrf.accepts(request, form) ? form : nil
  }

  @Sendable func throttled(_ key: String) -> Response? {
    guard let limiter = service.formLimiter, let wait = limiter.check(key, now: Date().timeIntervalSince1970) else { return nil }
    let minutes = max(1, (wait + 59) / 60)
    var response = message(
      t.form.throttledTitle, t.form.throttled.replacingOccurrences(of: "{minuten}", with: String(minutes)), status: .tooManyRequests)
    response.headers[.retryAfter] = String(wait)
    return response
  }

  // The empty form is rendered once while the store is unchanged, with a mark where each browser's CSRF field goes.
  let csrfMark = "csrf-field-of-this-browser"
  router.get("/inschrijven") { request, _ in
    let (nonce, cookie) = csrf.nonce(request)
    let pieces = try service.pageCache.pieces("enroll", generation: service.store.generation, splitAt: csrfMark) {
      pages.render(EnrollPage(EnrollmentForm(), texts: t, csrf: csrfMark, charterVersion: try charterVersion()), template: "enroll")
    }
    let field = csrf.field(for: nonce)
    var body = ByteBufferAllocator().buffer(capacity: pieces.reduce(0) { $0 + $1.readableBytes } + field.utf8.count * (pieces.count - 1))
    for (k, piece) in pieces.enumerated() {
      if k > 0 { body.writeString(field) }
      body.writeImmutableBuffer(piece)
    }
    return privatePage(body, cookies: cookie.map { [$0] } ?? [])
  }

  router.post("/inschrijven") { request, context in
    guard let fields = try await postedForm(request) else { return message(t.form.forgedTitle, t.form.forged, status: .forbidden) }
    let (nonce, _) = csrf.nonce(request)
    let version = try charterVersion()
    let data = service.data
    var (form, accepted) = EnrollmentForm.read(fields, resolver: data.folder.resolver, charterVersion: version, texts: t.form)
    func again() -> Response {
      privatePage(
        pages.render(EnrollPage(form, texts: t, csrf: csrf.field(for: nonce), charterVersion: version), template: "enroll"),
        status: .unprocessableContent)
    }
    guard let accepted else { return again() }
    // Complete forms are throttled per client address (a form with errors stores nothing), and
    // per home (its box included), whoever sends its enrollments.
    if let limited = throttled("client:" + service.clientAddress(request, context)) { return limited }
    let resolution = accepted.resolution
    if let best = resolution.best,
      let limited = throttled("address:\(best.postcode) \(best.street) \(best.houseNumber ?? "") \(resolution.box ?? "")")
    {
      return limited
    }
    let token = Digests.randomToken()
    let outcome: Enrollment.Outcome
    do {
      outcome = try Enrollment(
        folder: data.folder, store: service.store, phoneKey: service.tokenSecret, pagesURL: service.configuration.publicURL
      ).enroll(
        name: accepted.name, phone: accepted.phone, email: accepted.email, address: accepted.address, consent: true,
        eligibility: accepted.eligibility, access: SubmissionAccess(tokenSHA256: Digests.sha256Hex(token)), resolved: resolution)
    } catch let refusal as Enrollment.Refusal {
      form.place(refusal, texts: t.form)
      return again()
    }
    return seeOther("/mijn-inschrijving", cookies: [ManagementCookie.set(id: outcome.submission.id, token: token)])
  }

  /// The submission the management cookie (or a typed code) opens.
  @Sendable func submission(code: String?) throws -> (submission: EnrollmentSubmission, member: Member, code: String)? {
    guard let code, let dot = code.firstIndex(of: ".") else { return nil }
    let id = String(code[..<dot])
    let token = String(code[code.index(after: dot)...])
    guard !id.isEmpty, !token.isEmpty, id.count <= 100, token.count <= 100, let found = try service.store.submission(id: id),
      let stored = found.tokenSHA256, Digests.constantTimeEquals(stored, Digests.sha256Hex(token))
    else { return nil }
    return (found.submission, found.member, code)
  }

  @Sendable func mine(_ request: Request, message: String? = nil, codeError: Bool = false, clearing: Bool = false) throws -> Response {
    let (nonce, cookie) = csrf.nonce(request)
    var view = MinePage(title: t.form.mineTitle, t: t, f: t.form, csrf: csrf.field(for: nonce), message: message, codeError: codeError)
    var cookies = cookie.map { [$0] } ?? []
    if clearing {
      cookies.append(ManagementCookie.clear)
    } else if let found = try submission(code: requestCookies(request)[ManagementCookie.name]) {
      let m = found.member
      let data = service.data
      let group = m.groupName ?? found.submission.group ?? ""
      view.hasEnrollment = true
      view.group = group
      view.groupPath = group.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? group
      if let drawing = try service.groupMap(group) {
        view.hasMap = true
        view.mapHeight = drawing.height
      }
      view.near = data.folder.proximity?.isNear(m.position) ?? false
      view.name = found.submission.name
      let number = [m.houseNumber, m.box.isEmpty ? nil : "bus \(m.box)"].compactMap { $0 }.joined(separator: " ")
      view.address = "\(m.street) \(number), \(m.postcode) \(m.locality ?? "")".trimmingCharacters(in: .whitespaces)
      view.phone = m.phone
      view.email = found.submission.email
      // The member's status shows only when this submission is all the member is made of: a
      // second enrollment with someone else's phone and address must not learn that they are a
      // member, were removed, or be able to take them out of the group.
      let sole = m.submissionCount == 1
      let shown: Set<MemberStatus> = [.pending, .added, .left, .moving]
      view.status = sole && shown.contains(m.status) ? t.form.statuses[m.status.rawValue] ?? m.status.rawValue : t.form.received
      view.enrolledOn = String(found.submission.submittedAt.prefix(10))
      view.code = found.code
      view.canLeave = sole && (m.status == .pending || m.status == .added || m.status == .moving)
    }
    return privatePage(pages.render(view, template: "mine"), cookies: cookies)
  }

  router.get("/mijn-inschrijving") { request, _ in try mine(request) }

  router.post("/mijn-inschrijving") { request, context in
    guard let fields = try await postedForm(request) else {
      return message(t.form.forgedTitle, t.form.forged, status: .forbidden, back: "/mijn-inschrijving")
    }
    switch fields["actie"] {
    case "openen":
      // Typed codes are throttled like forms, so they cannot be guessed fast.
      if let limited = throttled("client:" + service.clientAddress(request, context)) { return limited }
      guard let code = fields.text("code"), let found = try submission(code: code) else { return try mine(request, codeError: true) }
      return seeOther(
        "/mijn-inschrijving", cookies: [ManagementCookie.set(id: found.submission.id, token: String(code.split(separator: ".")[1]))])
    case "uitschrijven":
      guard let found = try submission(code: requestCookies(request)[ManagementCookie.name]), found.member.submissionCount == 1 else {
        return try mine(request)
      }
      do { _ = try Membership(store: service.store).leave(memberID: found.member.id) } catch is Membership.Refusal {
        // Left already (a second click): the page shows the status as it is.
      }
      return seeOther("/mijn-inschrijving")
    case "wissen":
      guard let found = try submission(code: requestCookies(request)[ManagementCookie.name]) else { return try mine(request) }
      _ = try service.store.eraseSubmission(id: found.submission.id)
      return try mine(request, message: t.form.erased, clearing: true)
    case "vergeten":
      return seeOther("/", cookies: [ManagementCookie.clear])
    default:
      return message(t.errorTitle, t.errorText, status: .badRequest, back: "/mijn-inschrijving")
    }
  }
}
