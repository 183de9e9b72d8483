import Addressing
import BuurtCLI
import BuurtStore
import Foundation
import GeoFormats
import Hummingbird

/// 32 random bytes from the system's generator, as 64 hex digits.
func randomToken() -> String {
  var g = SystemRandomNumberGenerator()
  let hex = Array("0123456789abcdef".utf8)
  var out = [UInt8]()
  out.reserveCapacity(64)
  for _ in 0..<4 {
    var word = g.next()
    for _ in 0..<8 {
      out.append(hex[Int(word >> 4 & 0xF)])
      out.append(hex[Int(word & 0xF)])
      word >>= 8
    }
  }
  return String(decoding: out, as: UTF8.self)
}

func addEnrollmentRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  router.post("/v1/enrollments") { request, _ in
    let bytes = try await readBody(request, limit: service.configuration.publicBodyLimit, mediaTypes: ["application/json"])
    let parsed: JSONValue
    do { parsed = try JSONParser.parse(bytes, rejectingDuplicateKeys: true) } catch let e as JSONParser.SyntaxError {
      throw Problem.malformedBody("the body is not valid JSON: \(e)")
    }
    guard case .object(let o) = parsed else { throw Problem.malformedBody("the body is not a JSON object") }
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
    guard o["consent"] == .bool(true) else { throw Problem.unprocessable("consent must be true: the resident agrees that buurt stores name, phone and address") }
    let data = service.data
    let enrollment = Enrollment(folder: data.folder, store: service.store)
    let result: (member: Member, created: Bool, group: String?, resolution: Addressing.Resolution)
    // The answer has the same shape either way, so it does not tell whether this phone was
    // already enrolled at this address. Only a new enrollment's token is stored (in the same
    // transaction as the member): repeating someone's phone and address never hands out access
    // to their enrollment.
    let token = randomToken()
    do {
      result = try enrollment.enroll(name: name, phone: phone, email: email, address: address, consent: true, tokenSHA256: SHA256.hex(token))
    } catch let r as Enrollment.Refusal {
      throw Problem.unprocessable(r.description)
    }
    let addressJSON = data.writer.object(result.resolution)["address"] ?? .null
    return json(
      .object(JSONObject([
        .init(key: "id", value: .string(result.member.id)), .init(key: "token", value: .string(token)),
        .init(key: "group", value: result.group.map { .object(JSONObject([.init(key: "name", value: .string($0))])) } ?? .null),
        .init(key: "address", value: addressJSON),
      ])), status: .created)
  }

  /// The member behind `id` when the request carries one of its management tokens.
  @Sendable func authorizedMember(_ request: Request, _ context: BuurtContext) throws -> Member {
    let id = context.parameters.get("id") ?? ""
    guard let token = service.bearer(request) else { throw Problem.unauthorized("send the management token from your enrollment as: Authorization: Bearer TOKEN") }
    let digest = SHA256.hex(token)
    let digests = (try? service.store.tokenDigests(memberID: id)) ?? []
    var ok = false
    for d in digests where SHA256.constantTimeEquals(d, digest) { ok = true }
    guard ok, let m = try service.store.member(id: id) else { throw Problem.notFound("no enrollment \(id) for this token") }
    return m
  }

  router.get("/v1/enrollments/:id") { request, context in
    let m = try authorizedMember(request, context)
    return json(.object(MembersCommand.json(m)))
  }

  router.delete("/v1/enrollments/:id") { request, context in
    let m = try authorizedMember(request, context)
    _ = try service.store.erase(memberID: m.id)
    return Response(status: .noContent)
  }
}
