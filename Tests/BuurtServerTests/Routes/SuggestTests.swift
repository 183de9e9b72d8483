import BuurtApp
import Foundation
import GeoFormats
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BuurtServer

/// `GET /v1/addresses/suggest`: what the enrollment form's address field asks at every keystroke.
@Suite("Address suggestions route")
struct SuggestTests {
  @Test func suggestsStreetsThenAddressesAndRefusesBadParameters() async throws {
    // A burst of 3 that does not refill within the test (a loaded machine may take seconds between requests).
    let service = try makeService(rateLimit: (0.0001, 3))
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      func suggestions(_ q: String, limit: String? = nil) async throws -> [String] {
        var uri = "/v1/addresses/suggest?q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q)
        if let limit { uri += "&limit=" + limit }
        return try await client.execute(uri: uri, method: .get, headers: staff) { r in
          #expect(r.status == .ok && r.headers[.contentType] == "application/json")
          let o = try #require(obj(r))
          #expect(o["query"]?.stringValue == q)
          return (o["suggestions"]?.arrayValue ?? []).compactMap { $0.objectValue?["label"]?.stringValue }
        }
      }
      let streets = try await suggestions("Beukenl")
      #expect(streets.first == "Beukenlaan, 9990 Westerbeek", "\(streets)")  // then near names (Berkenlaan)
      let numbers = try await suggestions("beukenln 1")
      #expect(numbers.first == "Beukenlaan 1, 9990 Westerbeek" && numbers.count == 8, "\(numbers)")
      #expect(try await suggestions("Beukelnaan 10").first == "Beukenlaan 10, 9990 Westerbeek", "a transposition")
      #expect(try await suggestions("beukenlaan 1", limit: "3").count == 3)
      #expect(try await suggestions("qqqqqqqq").isEmpty)
      // Every label the route gives resolves to that address.
      for label in numbers {
        let r = service.data.folder.resolver.resolve(label)
        #expect(r.status == .matched && r.best.map { "\($0.street) \($0.houseNumber ?? "")" } == label.components(separatedBy: ",").first)
      }
      for bad in [
        "/v1/addresses/suggest", "/v1/addresses/suggest?q=%20", "/v1/addresses/suggest?q=a&limit=0",
        "/v1/addresses/suggest?q=a&limit=21", "/v1/addresses/suggest?q=a&limit=x",
        "/v1/addresses/suggest?q=" + String(repeating: "a", count: 201),
      ] {
        try await client.execute(uri: bad, method: .get, headers: staff) { r in try expectProblem(r, .badRequest, "invalid-parameter") }
      }
      // Public, so rate limited: a burst of 3, then 429.
      var statuses: [HTTPResponse.Status] = []
      for _ in 0..<5 { statuses.append(try await client.execute(uri: "/v1/addresses/suggest?q=Beuk", method: .get) { $0.status }) }
      #expect(statuses.prefix(3).allSatisfy { $0 == .ok } && statuses.last == .tooManyRequests, "\(statuses)")
    }
  }
}
