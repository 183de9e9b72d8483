import BuurtApp
import BuurtStore
import Foundation
import GeoFormats
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BuurtServer

/// Enrolling someone else's phone and address tells the caller nothing, and a resident who
/// repeats an enrollment gets the same answer.
@Suite("Enrollment privacy and idempotency")
struct EnrollmentPrivacyTests {
  /// Everything a prober can see of one enrollment attempt, with the values that are random by
  /// design (ids, tokens, timestamps, latency) left out.
  struct Seen: Equatable {
    var answers: [String] = []
    var metrics: [String] = []
  }

  static func probe(_ service: BuurtService) async throws -> Seen {
    var seen = Seen()
    func record(_ r: TestResponse) {
      // The metrics text's length varies with its latency sums; the lines themselves are compared below.
      let metrics = r.headers[.contentType]?.hasPrefix("text/plain") == true
      var headers = r.headers.filter { $0.name != .date && !(metrics && $0.name == .contentLength) }.map {
        "\($0.name.canonicalName): \($0.value)"
      }
      headers.sort()
      var shape = "\(r.status.code) \(headers)"
      if let o = obj(r) {
        for m in o.members {
          let random = ["id", "token", "submitted_at", "consent_at"].contains(m.key)
          shape += " \(m.key)=\(random ? "*" : JSONWriter.serialize(m.value))"
        }
      }
      // The submission's own id, where a detail names it.
      seen.answers.append(shape.replacing(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, with: "*"))
    }
    let app = buildApplication(service: service)
    let responses = try await app.test(.router) { client in
      var responses: [TestResponse] = []
      let victim = #"{"name":"Prober","phone":"0471 55 44 33","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      let created = try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(victim)) { $0 }
      responses.append(created)
      let id = obj(created)?["id"]?.stringValue ?? ""
      let auth: HTTPFields = [.authorization: "Bearer \(obj(created)?["token"]?.stringValue ?? "")"]
      responses.append(try await client.execute(uri: "/v1/enrollments/\(id)", method: .get, headers: auth) { $0 })
      responses.append(try await client.execute(uri: "/v1/enrollments/\(id)", method: .delete, headers: auth) { $0 })
      responses.append(try await client.execute(uri: "/v1/enrollments/\(id)", method: .get, headers: auth) { $0 })
      responses.append(try await client.execute(uri: "/metrics", method: .get) { $0 })
      return responses
    }
    responses.forEach(record)
    // Counters and gauges; latency sums and buckets vary from run to run.
    seen.metrics = String(buffer: responses.last!.body).split(separator: "\n").map(String.init)
      .filter { !$0.hasPrefix("#") && !$0.contains("_duration_seconds") }.sorted()
    return seen
  }

  /// The same probe against a store where the phone is enrolled at the address and one where
  /// it is not (someone else is): every answer and every public metric is the same.
  @Test func aRepeatedEnrollmentRevealsNoMembership() async throws {
    let withMember = try makeService()
    let withoutMember = try makeService()
    for (service, phone) in [(withMember, "0471 55 44 33"), (withoutMember, "0471 00 00 01")] {
      let enrollment = try Enrollment(folder: service.data.folder, store: service.store)
      _ = try enrollment.enroll(
        name: "Resident", phone: phone, email: nil, address: "Kerkstraat 12", consent: true,
        eligibility: Eligibility(age: .adult, basis: .resident, charterVersion: nil))
    }
    let a = try await EnrollmentPrivacyTests.probe(withMember)
    let b = try await EnrollmentPrivacyTests.probe(withoutMember)
    #expect(a.answers.count == 5)
    #expect(a.answers[0].hasPrefix("201 "), "\(a.answers[0])")
    #expect(a == b)
    #expect(!a.metrics.contains { $0.hasPrefix("buurt_members") }, "the member count is for staff")
    // The resident enrolled before is still there, untouched by the prober's erasure.
    #expect(try withMember.store.members().map(\.name) == ["Resident"])
    #expect(try withMember.store.members().first?.submissionCount == 1)
  }

  @Test func theSameIdempotencyKeyGetsTheSameAnswer() async throws {
    let service = try makeService()
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      let request = #"{"name":"Els","phone":"0471 99 88 77","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      var headers = jsonHeaders
      headers[HTTPFields.Element.Name("Idempotency-Key")!] = "\"6f1c2e7a-1d2b-4c47-9d1e-3a7b5c9e0f12\""
      let first = try await client.execute(uri: "/v1/enrollments", method: .post, headers: headers, body: body(request)) { $0 }
      #expect(first.status == .created)
      // The connection dropped after the commit; the form sends the same again.
      let second = try await client.execute(uri: "/v1/enrollments", method: .post, headers: headers, body: body(request)) { $0 }
      #expect(second.status == .created)
      #expect(String(buffer: second.body) == String(buffer: first.body))
      let id = obj(second)?["id"]?.stringValue ?? ""
      let token = obj(second)?["token"]?.stringValue ?? ""
      try await client.execute(uri: "/v1/enrollments/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["name"] == .string("Els"))
      }
      // The key with other content: refused, nothing stored.
      let other = #"{"name":"Els Other","phone":"0471 99 88 77","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      try expectProblem(
        try await client.execute(uri: "/v1/enrollments", method: .post, headers: headers, body: body(other)) { $0 }, .unprocessableContent,
        "idempotency-key-reused")
      // The same key from a form's body field is the same request.
      let fromForm =
        #"{"name":"Els","phone":"0471 99 88 77","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident","idempotency_key":"6f1c2e7a-1d2b-4c47-9d1e-3a7b5c9e0f12"}"#
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(fromForm)) { r in
        #expect(obj(r)?["token"]?.stringValue == token)
      }
      // A key too short to be unguessable is refused.
      var weak = jsonHeaders
      weak[HTTPFields.Element.Name("Idempotency-Key")!] = "1"
      try expectProblem(
        try await client.execute(uri: "/v1/enrollments", method: .post, headers: weak, body: body(request)) { $0 }, .unprocessableContent,
        "unprocessable")
    }
    let members = try service.store.members()
    #expect(members.map(\.name) == ["Els"])
    #expect(members.first?.submissionCount == 1, "a replay stores nothing new")
  }
}
