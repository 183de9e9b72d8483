import BuurtApp
import BuurtStore
import Foundation
import GeoFormats
import Grouping
import Hummingbird
import NIOCore

/// After the enrollment: the coordinator's queue and vCards, status changes, transfers, the
/// audit trail, the charter and the settings. Who may do what is decided in BuurtApp
/// (``Membership``); these routes read the request and write the answer.
func addMembershipRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  let membership = Membership(store: service.store)
  let tokenNeeded = "a coordinator or staff"

  @Sendable func reason(_ o: JSONObject) throws -> String? {
    switch o["reason"] {
    case nil, .null?: return nil
    case .string(let s)?: return s
    default: throw Problem.unprocessable("reason must be a string")
    }
  }

  @Sendable func knownGroups() -> [String] { service.data.folder.groups?.names ?? [] }

  // The coordinator's work.
  router.get("/v1/groups/:name/enrollments") { request, context in
    let caller = try service.requireCaller(request, tokenNeeded)
    let raw = request.uri.queryParameters.get("status") ?? "pending"
    guard let status = MemberStatus(rawValue: raw) else {
      throw Problem.invalidParameter("status must be one of \(MemberStatus.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return Reported(try membership.queue(group: groupName(context), status: status, knownGroups: knownGroups(), by: caller))
  }

  router.get("/v1/groups/:name/members.vcf") { request, context in
    let caller = try service.requireCaller(request, tokenNeeded)
    let name = groupName(context)
    let text = try membership.vCards(group: name, knownGroups: knownGroups(), by: caller)
    let file = name.filter { $0.isLetter || $0.isNumber || $0 == "-" }
    return Response(
      status: .ok,
      headers: [
        .contentType: VCard.mediaType, .contentDisposition: "attachment; filename=\"buurtpreventie-\(file.isEmpty ? "groep" : file).vcf\"",
      ],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  for transition in [Membership.Transition.added, .refused, .removed] {
    router.post("/v1/enrollments/:id/\(transition.rawValue)") { request, context in
      let caller = try service.requireCaller(request, tokenNeeded)
      let body = try await readJSONObject(request, service: service, emptyIsObject: true)
      let m = try membership.mark(context.parameters.get("id") ?? "", transition, reason: try reason(body), by: caller)
      return Reported(QueueEntry(m))
    }
  }

  // The resident leaves with their management token; staff or the group's coordinator may mark it too.
  router.post("/v1/enrollments/:id/left") { request, context in
    let id = context.parameters.get("id") ?? ""
    if let caller = service.caller(request) {
      let body = try await readJSONObject(request, service: service, emptyIsObject: true)
      return EditedResponse(
        status: .ok, response: Reported(LeftReceipt(id: try membership.mark(id, .left, reason: try reason(body), by: caller).id)))
    }
    guard let token = service.bearer(request) else {
      throw Problem.unauthorized("send the management token from your enrollment as: Authorization: Bearer TOKEN")
    }
    guard let found = try service.store.submission(id: id), let stored = found.tokenSHA256,
      Digests.constantTimeEquals(stored, Digests.sha256Hex(token))
    else { throw Problem.notFound("no enrollment \(id) for this token") }
    _ = try membership.leave(memberID: found.member.id)
    return EditedResponse(status: .ok, response: Reported(LeftReceipt(id: id)))
  }

  // Staff: what waits, in every group (those without a coordinator first).
  router.get("/v1/enrollments") { request, _ in
    let caller = try service.requireStaff(request, "the list of every group's enrollments is for staff only")
    let raw = request.uri.queryParameters.get("status") ?? "pending"
    guard let status = MemberStatus(rawValue: raw) else {
      throw Problem.invalidParameter("status must be one of \(MemberStatus.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let groups = knownGroups()
    let states = try GroupStates(store: service.store, groups: groups)
    let queues = try states.waitingFirst.map {
      try membership.queue(group: $0.name, status: status, knownGroups: groups, states: states, by: caller)
    }
    return Reported(WaitingReport(groups: queues.filter { !$0.enrollments.isEmpty }, states: states))
  }

  // Transfers after a boundary change.
  router.get("/v1/transfers") { request, _ in
    let caller = try service.requireCaller(request, tokenNeeded)
    let all = request.uri.queryParameters.get("all") == "true"
    let transfers = try membership.transfers(all: all, by: caller)
    return Reported(try transfers.map { TransferReport($0, member: try service.store.member(id: $0.memberID)) })
  }

  for side in TransferSide.allCases {
    router.post("/v1/transfers/:id/\(side.rawValue)") { request, context in
      let caller = try service.requireCaller(request, tokenNeeded)
      let t = try membership.confirm(transfer: context.parameters.get("id") ?? "", side, by: caller)
      return Reported(TransferReport(t, member: try service.store.member(id: t.memberID)))
    }
  }

  router.get("/v1/audit") { request, _ in
    let caller = try service.requireCaller(request, "a staff")
    let q = request.uri.queryParameters
    guard let after = Int(q.get("after") ?? "0"), after >= 0, let limit = Int(q.get("limit") ?? "1000"), (1...10_000).contains(limit) else {
      throw Problem.invalidParameter("after must be an entry id (0 or more) and limit 1 to 10000")
    }
    return Reported(try membership.audit(memberID: q.get("member"), after: after, limit: limit, by: caller).map(AuditReport.init))
  }

  // The rules of conduct: public to read, staff publishes versions.
  router.get("/v1/charter") { _, _ in
    guard let c = try service.store.currentCharter() else { throw Problem.notFound("no rules of conduct were published yet") }
    return Reported(CharterReport(c))
  }

  router.post("/v1/charter") { request, _ in
    let actor = try service.requireStaff(request, "charter versions are published by staff only")
    let body = try await readJSONObject(request, service: service, emptyIsObject: true)
    guard case .string(let text)? = body["text"], !text.allSatisfy(\.isWhitespace), text.count <= 100_000 else {
      throw Problem.unprocessable("text (the rules of conduct, 1 to 100,000 characters) is required")
    }
    return EditedResponse(
      status: .created, response: Reported(CharterReport(try service.store.publishCharter(text: text, by: actor.audit))))
  }

  router.get("/v1/settings") { request, _ in
    try service.requireStaff(request, "settings are for staff only")
    return Reported(try MembershipSettings(store: service.store))
  }

  router.put("/v1/settings") { request, _ in
    let caller = try service.requireStaff(request, "settings are for staff only")
    let body = try await readJSONObject(request, service: service, emptyIsObject: true)
    var settings = try MembershipSettings(store: service.store)
    for member in body.members {
      guard case .number(let n) = member.value, n == n.rounded(), abs(n) < 1e9 else {
        throw Problem.unprocessable("\(member.key) must be an integer")
      }
      settings = try MembershipSettings.set(member.key, Int(n), in: service.store, by: caller)
    }
    return Reported(settings)
  }

  router.put("/v1/groups/:name/settings") { request, context in
    let caller = try service.requireStaff(request, "group settings are for staff only")
    let body = try await readJSONObject(request, service: service, emptyIsObject: true)
    var contact: String??
    switch body["contact"] {
    case nil: contact = .none
    case .null?: contact = .some(nil)
    case .string(let s)?: contact = .some(s)
    default: throw Problem.unprocessable("contact must be a string (a role email address) or null")
    }
    var business: Bool?
    switch body["business_allowed"] {
    case nil: business = nil
    case .bool(let b)?: business = b
    default: throw Problem.unprocessable("business_allowed must be true or false")
    }
    var capacity: Int??
    switch body["capacity"] {
    case nil: capacity = .none
    case .null?: capacity = .some(nil)
    case .number(let n)? where n == n.rounded() && abs(n) < 1e9: capacity = .some(Int(n))
    default: throw Problem.unprocessable("capacity must be an integer or null (the municipality's default)")
    }
    let s = try GroupSettingsChange.apply(
      group: groupName(context), contact: contact, businessAllowed: business, capacity: capacity, knownGroups: knownGroups(),
      in: service.store, by: caller)
    return Reported(GroupSettingsReport(s))
  }
}

/// `POST /v1/enrollments/{id}/left`.
struct LeftReceipt: Encodable, Sendable {
  var id: String
  var status = "left"
}

/// `GET /v1/enrollments` (staff): per group with enrollments of that status, its queue; and
/// the groups without a coordinator, whose enrollments wait for one.
struct WaitingReport: Encodable, Sendable {
  var withoutCoordinator: [String]
  var groups: [QueueReport]
  enum CodingKeys: String, CodingKey {
    case withoutCoordinator = "without_coordinator"
    case groups
  }
  init(groups: [QueueReport], states: GroupStates) {
    withoutCoordinator = states.all.filter { $0.status == .noCoordinator }.map(\.name)
    self.groups = groups
  }
}

/// Staff appoints and removes coordinators (and staff and police accounts) through the API as
/// through `buurt accounts`; a new account's token is in the answer once.
func addAccountRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  let registry = AccountRegistry(store: service.store)

  router.get("/v1/accounts") { request, _ in
    try service.requireStaff(request, "accounts are managed by staff only")
    return Reported(try service.store.accounts().map(AccountReport.init))
  }

  router.post("/v1/accounts") { request, _ in
    let actor = try service.requireStaff(request, "accounts are managed by staff only")
    let o = try await readJSONObject(request, service: service)
    guard case .string(let roleName)? = o["role"], let role = AccountRole(rawValue: roleName) else {
      throw Problem.unprocessable("role must be coordinator, staff or police")
    }
    guard case .string(let name)? = o["name"], case .string(let email)? = o["email"] else {
      throw Problem.unprocessable("name and email (strings) are required")
    }
    var groups: [String] = []
    switch o["groups"] {
    case nil, .null?: break
    case .array(let a)?:
      for g in a {
        guard case .string(let s) = g else { throw Problem.unprocessable("groups must be an array of group names") }
        groups.append(s)
      }
    default: throw Problem.unprocessable("groups must be an array of group names")
    }
    let account = try registry.add(role: role, name: name, email: email, groups: groups, by: actor.audit)
    let token = try registry.issueToken(accountID: account.id)
    let issued = try service.store.account(id: account.id) ?? account
    return EditedResponse(status: .created, response: Reported(NewAccount(account: AccountReport(issued), token: token)))
  }

  router.delete("/v1/accounts/:id") { request, context in
    let actor = try service.requireStaff(request, "accounts are managed by staff only")
    let id = context.parameters.get("id") ?? ""
    guard try service.store.account(id: id) != nil else { throw Problem.notFound("no account \(id)") }
    try registry.remove(id: id, by: actor.audit)
    return Response(status: .noContent)
  }
}

/// `POST /v1/accounts`: the account and its API token, shown this once.
struct NewAccount: Encodable, Sendable {
  var account: AccountReport
  var token: String
}
