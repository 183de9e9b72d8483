import Addressing
import BuurtApp
import BuurtStore
import Foundation
import GeoFormats
import Hummingbird

func addEnrollmentRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  router.post("/v1/enrollments") { request, _ in
    let o = try await readJSONObject(request, service: service)
    func string(_ key: String, required: Bool) throws -> String? {
      switch o[key] {
      case .string(let s)?: return s
      case nil, .null?: if required { throw Problem.unprocessable("\(key) is required") } else { return nil }
      default: throw Problem.unprocessable("\(key) must be a string")
      }
    }
    let name = try string("name", required: true) ?? ""
    let phone = try string("phone", required: true) ?? ""
    let email = try string("email", required: false)
    let address = try string("address", required: true) ?? ""
    guard address.count <= 500 else { throw Problem.unprocessable("address is longer than 500 characters") }
    guard o["consent"] == .bool(true) else {
      throw Problem.unprocessable("consent must be true: the resident agrees that buurt stores name, phone and address")
    }
    let charterVersion: Int?
    switch o["charter_version"] {
    case nil, .null?: charterVersion = nil
    case .number(let n)? where n == n.rounded() && abs(n) < 1e9: charterVersion = Int(n)
    default: throw Problem.unprocessable("charter_version must be an integer: the version of the rules of conduct accepted")
    }
    let eligibility = try Eligibility(
      age: try string("age", required: false), basis: try string("basis", required: false), charterVersion: charterVersion)
    let key = try idempotencyKey(request, body: o)
    let data = service.data
    let enrollment = try Enrollment(
      folder: data.folder, store: service.store, phoneKey: service.tokenSecret, pagesURL: service.configuration.publicURL)
    // Every submission is its own request with its own token, which shows and erases only what
    // this submission sent. Whether the phone was enrolled at this address before changes
    // nothing in the answer: the member they join is for staff to see. With an idempotency key
    // the token is derived from the key (HMAC under the store's secret; only the key's digest is
    // stored), so the same request again gets the same answer, token included.
    let token = key.map { Digests.hmacHex(key: service.tokenSecret, "enrollment-token:" + $0) } ?? Digests.randomToken()
    let access = SubmissionAccess(
      tokenSHA256: Digests.sha256Hex(token), idempotencyKeySHA256: key.map { Digests.sha256Hex("idempotency-key:" + $0) },
      fingerprint: key.map { _ in
        Digests.sha256Hex(
          [name, phone, email ?? "", address, eligibility.age.rawValue, eligibility.basis.rawValue, charterVersion.map(String.init) ?? ""]
            .joined(separator: "\u{1F}"))
      })
    let outcome = try enrollment.enroll(
      name: name, phone: phone, email: email, address: address, consent: true, eligibility: eligibility, access: access)
    let receipt = EnrollmentReceipt(
      id: outcome.submission.id, token: token, group: outcome.group.map(GroupRef.init(name:)),
      address: data.writer.report(outcome.resolution).address)
    return EditedResponse(status: .created, response: Reported(receipt))
  }

  /// The submission behind `id` when the request carries its management token.
  @Sendable func authorizedSubmission(_ request: Request, _ context: BuurtContext) throws -> (
    submission: EnrollmentSubmission, member: Member
  ) {
    let id = context.parameters.get("id") ?? ""
    guard let token = service.bearer(request) else {
      throw Problem.unauthorized("send the management token from your enrollment as: Authorization: Bearer TOKEN")
    }
    let digest = Digests.sha256Hex(token)
    guard let found = try service.store.submission(id: id), let stored = found.tokenSHA256, Digests.constantTimeEquals(stored, digest)
    else {
      throw Problem.notFound("no enrollment \(id) for this token")
    }
    return (found.submission, found.member)
  }

  router.get("/v1/enrollments/:id") { request, context in
    let (s, m) = try authorizedSubmission(request, context)
    return Reported(SubmissionReceipt(s, of: m))
  }

  router.delete("/v1/enrollments/:id") { request, context in
    let (s, _) = try authorizedSubmission(request, context)
    _ = try service.store.eraseSubmission(id: s.id)
    return Response(status: .noContent)
  }
}

/// The client's idempotency key: the `Idempotency-Key` header (a plain or quoted string, as in
/// the IETF draft) or the body's `idempotency_key` (from a form). 16 to 255 visible ASCII
/// characters, so a random UUID will do.
func idempotencyKey(_ request: Request, body: JSONObject) throws -> String? {
  var key: String?
  if let header = request.headers[HTTPFields.Element.Name("Idempotency-Key")!] {
    var h = header.trimmingCharacters(in: .whitespaces)
    if h.count >= 2, h.hasPrefix("\""), h.hasSuffix("\"") { h = String(h.dropFirst().dropLast()) }
    key = h
  }
  switch body["idempotency_key"] {
  case .string(let s)?:
    if let k = key, k != s { throw Problem.unprocessable("the Idempotency-Key header and idempotency_key in the body differ") }
    key = s
  case nil, .null?: break
  default: throw Problem.unprocessable("idempotency_key must be a string")
  }
  guard let key else { return nil }
  guard (16...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
    throw Problem.unprocessable("the idempotency key must be 16 to 255 visible ASCII characters (a random UUID will do)")
  }
  return key
}
