import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TestSupport
import Testing

@testable import BuurtServer

/// A store made from the sample town with its wijken published (at `storePath`, else in a
/// temporary file), and a service over it. The request deadline is long by default, so a loaded
/// test machine does not turn answers into 503s.
func makeService(
  rateLimit: (Double, Double)? = nil, publicLimit: Int = 16 * 1024, requestTimeout: Double = 120, staffDigests: [String]? = nil,
  maxConcurrent: Int = 512,
  storePath: String? = nil, logger: Logger = Logger(label: "buurt"), configure: (inout ServerConfiguration) -> Void = { _ in }
) throws -> BuurtService {
  let path = storePath ?? NSTemporaryDirectory() + "buurt-server-" + UUID().uuidString + ".gpkg"
  let store = try Store(path: path, create: true)
  let loader = try LayerLoader(threads: 1)
  try store.importLayers(try FolderImport.layers(from: Fixtures.sampleTown, loader: loader, progress: BuurtApp.Progress(quiet: true)))
  let check = try BoundarySetCheck(
    layer: try LayerLoader.readGeoJSON(Fixtures.sampleWijken), nameProperty: "name", loader: loader,
    addresses: try store.addressRows().map(\.position))
  _ = try check.publish(to: store, nameProperty: "name", note: nil, source: nil, loader: try LayerLoader())
  var config = ServerConfiguration()
  config.staffTokenDigests = try staffDigests ?? ServerConfiguration.staffTokenDigests(environment: "staff-secret", file: nil)
  config.maxConcurrentRequests = maxConcurrent
  config.rateLimit = rateLimit
  config.publicBodyLimit = publicLimit
  config.requestTimeoutSeconds = requestTimeout
  configure(&config)
  return try BuurtService(store: store, configuration: config, logger: logger)
}

func body(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }
func parse(_ b: ByteBuffer) throws -> JSONValue { try JSONParser.parse(String(buffer: b)) }
/// The response body as a JSON object, or nil.
func obj(_ r: TestResponse) -> JSONObject? { (try? parse(r.body))?.objectValue }
let jsonHeaders: HTTPFields = [.contentType: "application/json"]
let staff: HTTPFields = [.authorization: "Bearer staff-secret"]

func expectProblem(_ r: TestResponse, _ status: HTTPResponse.Status, _ slug: String, sourceLocation: SourceLocation = #_sourceLocation)
  throws
{
  #expect(r.status == status, sourceLocation: sourceLocation)
  #expect(r.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
  let o = obj(r)
  #expect(o?["type"]?.stringValue == "https://buurt.lanaken.be/problems/\(slug)", sourceLocation: sourceLocation)
  #expect(o?["status"] == .number(Double(status.code)), sourceLocation: sourceLocation)
  #expect((o?["detail"]?.stringValue ?? "").count > 5, sourceLocation: sourceLocation)
}

@Suite("JSON API")
struct ServerTests {
  @Test func operations() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.router) { client in
      try await client.execute(uri: "/healthz", method: .get) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["addresses"] == .number(2253))
      }
      try await client.execute(uri: "/openapi.json", method: .get) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["openapi"]?.stringValue?.hasPrefix("3.1") == true)
      }
      try await client.execute(uri: "/v1/resolve?q=Kerkstraat%2012", method: .get) { _ in }
      try await client.execute(uri: "/metrics", method: .get) { r in
        #expect(r.headers[.contentType]?.hasPrefix("text/plain") == true)
        #expect(String(buffer: r.body).contains("buurt_http_requests_total{method=\"GET\",route=\"/v1/resolve\",status=\"200\"} 1"))
        #expect(!String(buffer: r.body).contains("buurt_members"), "the member count is not public")
      }
      try await client.execute(uri: "/metrics", method: .get, headers: staff) { r in
        #expect(String(buffer: r.body).contains("buurt_members 0"), "staff see the member count")
      }
      try await client.execute(uri: "/nope", method: .get) { r in try expectProblem(r, .notFound, "not-found") }
      // A known path with a method it does not take: 405 with the methods it does take.
      for (method, uri, allow) in [
        (HTTPRequest.Method.put, "/v1/locate?lon=5.3&lat=50.9", "GET, HEAD"), (.delete, "/v1/groups/Westerbeek-Noord", "GET, HEAD"),
        (.patch, "/v1/enrollments/abc", "GET, HEAD, DELETE"), (.get, "/v1/boundary-sets", "POST"),
      ] {
        try await client.execute(uri: uri, method: method) { r in
          try expectProblem(r, .methodNotAllowed, "method-not-allowed")
          #expect(r.headers[.allow] == allow, "\(method) \(uri)")
        }
      }
      try await client.execute(uri: "/v1/nope/deeper", method: .put) { r in try expectProblem(r, .notFound, "not-found") }
    }
  }

  @Test func resolveAndLocate() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.router) { client in
      try await client.execute(uri: "/v1/resolve?q=kerkstr%2012%20bus%203", method: .get) { r in
        #expect(r.status == .ok)
        let o = obj(r)
        #expect(o?["status"] == .string("matched"))
        #expect(o?["address"]?.objectValue?["box"] == .string("3"))
        #expect(o?["group"]?.objectValue?["name"] != nil)
      }
      try await client.execute(uri: "/v1/resolve?q=Nergensstraat%201", method: .get) { r in
        #expect(obj(r)?["status"] == .string("not_found"))
        #expect(obj(r)?["candidates"] == nil)
      }
      // A street typed with a postcode the register does not have: not_found, with where the register has it
      // (the same writer as the CLI's).
      try await client.execute(uri: "/v1/resolve?q=Kerkstraat%2012%2C%201000%20Brussel", method: .get) { r in
        let o = obj(r)
        #expect(o?["status"] == .string("not_found"))
        #expect(o?["address"] == .null)
        let c = o?["candidates"]?.arrayValue?.first?.objectValue
        #expect(c?["street"] == .string("Kerkstraat") && c?["housenumber"] == .string("12"))
        #expect(c?["method"] != nil && c?["score"] != nil && c?["group"] != nil)
      }
      try await client.execute(uri: "/v1/resolve", method: .get) { r in try expectProblem(r, .badRequest, "invalid-parameter") }
      try await client.execute(uri: "/v1/resolve?q=" + String(repeating: "a", count: 501), method: .get) { r in
        try expectProblem(r, .badRequest, "invalid-parameter")
      }
      try await client.execute(uri: "/v1/locate?lon=5.30&lat=50.95", method: .get) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["group"]?.objectValue?["name"] != nil)
      }
      try await client.execute(uri: "/v1/locate?lon=4.35&lat=50.85", method: .get) { r in
        #expect(obj(r)?["group"] == .null)
      }
      for bad in ["/v1/locate?lon=5.3", "/v1/locate?lon=x&lat=50", "/v1/locate?lon=5.3&lat=95", "/v1/locate?lon=nan&lat=50"] {
        try await client.execute(uri: bad, method: .get) { r in try expectProblem(r, .badRequest, "invalid-parameter") }
      }
    }
  }

  @Test func groups() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.router) { client in
      try await client.execute(uri: "/v1/groups", method: .get) { r in
        let o = obj(r)
        #expect(o?["version"] == .number(1))
        let groups = o?["groups"]?.arrayValue ?? []
        #expect(groups.count == 7)
        let total = groups.compactMap { $0.objectValue?["households"]?.numberValue }.reduce(0, +)
        #expect(total == 2253)
        #expect(!String(buffer: r.body).contains("phone"), "public routes reveal no members")
      }
      try await client.execute(uri: "/v1/groups/Oosterveld-Park", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.headers[.contentType] == "application/geo+json")
        let o = obj(r)
        #expect(o?["type"] == .string("Feature"))
        #expect(o?["properties"]?.objectValue?["households"] == .number(10))
      }
      try await client.execute(uri: "/v1/groups/Atlantis", method: .get) { r in try expectProblem(r, .notFound, "not-found") }
    }
  }

  @Test func enrollmentLifecycle() async throws {
    let service = try makeService()
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      let request = #"{"name":"Els","phone":"0471 99 88 77","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      var id = ""
      var token = ""
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(request)) { r in
        #expect(r.status == .created)
        let o = obj(r)
        id = o?["id"]?.stringValue ?? ""
        token = o?["token"]?.stringValue ?? ""
        #expect(token.count == 64)
        #expect(o?["group"]?.objectValue?["name"] != nil)
        #expect(o?["address"]?.objectValue?["street"] == .string("Kerkstraat"))
      }
      // The same phone and address again (the resident whose answer was lost, or someone else):
      // a submission of its own, with its own id and a token that works, for what it sent.
      let again =
        #"{"name":"Els Corrected","phone":"0471 99 88 77","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      var againID = ""
      var againToken = ""
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(again)) { r in
        #expect(r.status == .created)
        againID = obj(r)?["id"]?.stringValue ?? ""
        againToken = obj(r)?["token"]?.stringValue ?? ""
        #expect(againID != id && againToken.count == 64 && againToken != token)
      }
      try await client.execute(uri: "/v1/enrollments/\(againID)", method: .get, headers: [.authorization: "Bearer \(againToken)"]) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["name"] == .string("Els Corrected"))
      }
      // The coordinator sees one member under the corrected name, the first name beside it.
      #expect(try service.store.members().map { [$0.name] + $0.otherNames } == [["Els Corrected", "Els"]])
      // One token opens its own submission only.
      try await client.execute(uri: "/v1/enrollments/\(id)", method: .delete, headers: [.authorization: "Bearer \(againToken)"]) { r in
        try expectProblem(r, .notFound, "not-found")
      }
      try await client.execute(uri: "/v1/enrollments/\(againID)", method: .delete, headers: [.authorization: "Bearer \(againToken)"]) { r in
        #expect(r.status == .noContent)
      }
      // What the erased submission said is gone; the first one stands.
      #expect(try service.store.members().map { [$0.name] + $0.otherNames } == [["Els"]])
      try await client.execute(uri: "/v1/enrollments/\(id)", method: .get) { r in try expectProblem(r, .unauthorized, "unauthorized") }
      try await client.execute(uri: "/v1/enrollments/\(id)", method: .get, headers: [.authorization: "Bearer wrong"]) { r in
        try expectProblem(r, .notFound, "not-found")
      }
      try await client.execute(uri: "/v1/enrollments/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["phone"] == .string("+32471998877"))
        #expect(obj(r)?["name"] == .string("Els"))
      }
      try await client.execute(uri: "/v1/enrollments/\(id)", method: .delete, headers: [.authorization: "Bearer \(token)"]) { r in
        #expect(r.status == .noContent)
      }
      try await client.execute(uri: "/v1/enrollments/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
        try expectProblem(r, .notFound, "not-found")
      }
      let remaining = try service.store.members()
      #expect(remaining.isEmpty)
    }
  }

  @Test func enrollmentRefusals() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.router) { client in
      func post(_ text: String, headers: HTTPFields = jsonHeaders) async throws -> TestResponse {
        try await client.execute(uri: "/v1/enrollments", method: .post, headers: headers, body: body(text)) { $0 }
      }
      try expectProblem(try await post("{not json"), .badRequest, "malformed-body")
      try expectProblem(try await post("[1,2]"), .badRequest, "malformed-body")
      try expectProblem(
        try await post(
          #"{"name":"A","phone":"0471998877","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#,
          headers: [.contentType: "text/plain"]),
        .unsupportedMediaType, "unsupported-media-type")
      try expectProblem(
        try await post(#"{"name":"A","phone":"0471998877","address":"Kerkstraat 12"}"#), .unprocessableContent, "unprocessable")
      try expectProblem(
        try await post(#"{"name":"A","phone":"12","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#),
        .unprocessableContent, "unprocessable")
      try expectProblem(
        try await post(#"{"name":"A","phone":"0471998877","address":"Nergensstraat 3","consent":true,"age":"adult","basis":"resident"}"#),
        .unprocessableContent,
        "unprocessable")
      try expectProblem(
        try await post(#"{"name":5,"phone":"0471998877","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#),
        .unprocessableContent, "unprocessable"
      )
      let big =
        #"{"name":""# + String(repeating: "x", count: 20_000)
        + #"","phone":"0471998877","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      try expectProblem(try await post(big), .contentTooLarge, "payload-too-large")
      // A member named twice cannot mean two things: refused, with the name in the detail.
      let twice = try await post(
        #"{"name":"A","phone":"0471998877","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident","consent":false}"#)
      try expectProblem(twice, .badRequest, "malformed-body")
      #expect(obj(twice)?["detail"]?.stringValue?.contains("\"consent\" appears twice") == true)
      // A control character would cut a stored name short: refused.
      let nul = try await post(
        #"{"name":"Jan\u0000Peeters","phone":"0471998877","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#)
      try expectProblem(nul, .unprocessableContent, "unprocessable")
      #expect(obj(nul)?["detail"]?.stringValue?.contains("control character") == true)
    }
  }

  /// Names are stored in NFC: a decomposed "Amélie" (e + U+0301) and a precomposed one are one name.
  @Test func namesAreStoredInNFC() async throws {
    let service = try makeService()
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      let decomposed =
        #"{"name":"Ame\u0301lie","phone":"0471998866","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(decomposed)) { r in
        #expect(r.status == .created)
      }
    }
    let stored = try service.store.members().map(\.name)
    #expect(stored.contains { $0.unicodeScalars.elementsEqual("Am\u{E9}lie".unicodeScalars) }, "\(stored.map { Array($0.unicodeScalars) })")
  }

  @Test func staffRoutesNeedAToken() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.router) { client in
      for (uri, method) in [
        ("/v1/members.csv", HTTPRequest.Method.get), ("/v1/groups/Oosterveld-Park/members", .get), ("/v1/boundary-sets", .post),
        ("/v1/boundary-sets/1/publish", .post),
      ] {
        try await client.execute(uri: uri, method: method) { r in try expectProblem(r, .unauthorized, "unauthorized") }
        try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer staff-secreT"]) { r in
          try expectProblem(r, .unauthorized, "unauthorized")
        }
      }
    }
  }

  /// `--staff-tokens-file`: SHA-256 hex digests, one a line, `#` comments; the plain token
  /// whose digest is listed opens the staff routes; a line that is not a digest is refused.
  @Test func staffTokensFromADigestFile() async throws {
    let file = NSTemporaryDirectory() + "buurt-tokens-" + UUID().uuidString
    try "# staff of the municipality\n\n\(Digests.sha256Hex("file-token").uppercased())\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let digests = try ServerConfiguration.staffTokenDigests(environment: nil, file: file)
    #expect(digests == [Digests.sha256Hex("file-token")])
    let app = buildApplication(service: try makeService(staffDigests: digests))
    try await app.test(.router) { client in
      try await client.execute(uri: "/v1/members.csv", method: .get, headers: [.authorization: "Bearer file-token"]) { r in
        #expect(r.status == .ok)
      }
      try await client.execute(uri: "/v1/members.csv", method: .get, headers: staff) { r in
        try expectProblem(r, .unauthorized, "unauthorized")
      }
    }
    try "not-a-digest\n".write(toFile: file, atomically: true, encoding: .utf8)
    #expect(throws: AppError.self) { try ServerConfiguration.staffTokenDigests(environment: nil, file: file) }
  }

  /// At the bound of concurrent requests the server answers 503 "unavailable" with Retry-After.
  @Test func theConcurrencyBoundAnswers503() async throws {
    let app = buildApplication(service: try makeService(maxConcurrent: 0))
    try await app.test(.router) { client in
      try await client.execute(uri: "/v1/groups", method: .get) { r in
        try expectProblem(r, .serviceUnavailable, "unavailable")
        #expect(r.headers[.retryAfter] != nil)
      }
    }
  }

  /// The locate route places a position in the groups as drawn (lon/lat): every vertex of every
  /// group lies on a boundary and gets one of the groups whose closure holds it (the outer
  /// boundary counts as inside); random positions get what the lon/lat index answers.
  @Test func locatePlacesInTheGroupsAsDrawn() async throws {
    let service = try makeService()
    let groups = try #require(service.data.folder.groups)
    let drawn = try #require(groups.lonLatAreas)
    // The published version answers as its file does: the store kept the lon/lat as drawn, bit for bit.
    guard case .lonLat(let fc) = try LayerLoader.readGeoJSON(Fixtures.sampleWijken) else {
      Issue.record("wijken not lon/lat")
      return
    }
    #expect(drawn == fc.features.compactMap { $0.geometry?.areal })
    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      var positions: [LonLat] = []
      for area in drawn { for polygon in area.polygons { positions += polygon.exterior.coordinates.prefix(40) } }
      var state: UInt64 = 5
      let box = BoundingBox(positions)
      for _ in 0..<500 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        positions.append(
          LonLat(
            lon: box.minFirst + Double(state >> 40 & 0xFFFF) / 65_536 * box.width,
            lat: box.minSecond + Double(state >> 20 & 0xFFFF) / 65_536 * box.height))
      }
      for p in positions {
        let holders = groups.placement.areas(containing: p).map { groups.names[$0.area] }
        try await client.execute(uri: "/v1/locate?lon=\(p.lon)&lat=\(p.lat)", method: .get) { r in
          let name = obj(r)?["group"]?.objectValue?["name"]?.stringValue
          if holders.isEmpty {
            #expect(name == nil, "\(p)")
          } else {
            #expect(name.map(holders.contains) == true, "\(p): \(String(describing: name)) not in \(holders)")
          }
        }
      }
    }
  }

  /// Publishing through the API takes effect at once: the group routes, locate, resolve and
  /// enrollments answer from the new version without a restart.
  /// Group names that need percent-encoding are reachable; names no URL path can carry are refused at upload.
  @Test func groupNamesInPaths() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.router) { client in
      let wijken = try String(contentsOfFile: Fixtures.sampleWijken, encoding: .utf8)
      let renamed = wijken.replacingOccurrences(of: #""name":"Westerbeek"#, with: #""name":"Oud Rekem é"#)
      var draft = 0
      try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: staff + [.contentType: "application/geo+json"], body: body(renamed)
      ) { r in
        #expect(obj(r)?["valid"] == .bool(true))
        draft = Int(obj(r)?["id"]?.numberValue ?? 0)
      }
      try await client.execute(uri: "/v1/boundary-sets/\(draft)/publish", method: .post, headers: staff) { r in #expect(r.status == .ok) }
      var name = ""
      try await client.execute(uri: "/v1/groups", method: .get) { r in
        name =
          obj(r)?["groups"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue }.first { $0.hasPrefix("Oud Rekem é") } ?? ""
      }
      let encoded = try #require(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
      #expect(encoded.contains("%20") && encoded.contains("%C3%A9"))
      try await client.execute(uri: "/v1/groups/\(encoded)", method: .get) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["properties"]?.objectValue?["name"]?.stringValue == name)
      }
      try await client.execute(uri: "/v1/groups/\(encoded)/members", method: .get, headers: staff) { r in #expect(r.status == .ok) }
      let slashed = wijken.replacingOccurrences(of: #""name":"Westerbeek"#, with: #""name":"Rekem/Oud"#)
      try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: staff + [.contentType: "application/geo+json"], body: body(slashed)
      ) { r in
        #expect(obj(r)?["valid"] == .bool(false))
        #expect(
          obj(r)?["errors"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("name_character") == true } == true,
          "\(String(buffer: r.body))")
      }
    }
  }

  @Test func aPublishedSetIsServedWithoutARestart() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.router) { client in
      var before = ""
      var lon = 0.0
      var lat = 0.0
      try await client.execute(uri: "/v1/resolve?q=Kerkstraat%2012", method: .get) { r in
        let o = obj(r)
        before = o?["group"]?.objectValue?["name"]?.stringValue ?? ""
        lon = o?["address"]?.objectValue?["lon"]?.numberValue ?? 0
        lat = o?["address"]?.objectValue?["lat"]?.numberValue ?? 0
      }
      #expect(!before.isEmpty && !before.hasPrefix("Nieuw "))
      let renamed = try String(contentsOfFile: Fixtures.sampleWijken, encoding: .utf8)
        .replacingOccurrences(of: #""name":"Westerbeek"#, with: #""name":"Nieuw Westerbeek"#)
        .replacingOccurrences(of: #""name":"Oosterveld"#, with: #""name":"Nieuw Oosterveld"#)
      var draft = 0
      try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: staff + [.contentType: "application/geo+json"], body: body(renamed)
      ) { r in
        #expect(obj(r)?["valid"] == .bool(true))
        draft = Int(obj(r)?["id"]?.numberValue ?? 0)
      }
      try await client.execute(uri: "/v1/boundary-sets/\(draft)/publish", method: .post, headers: staff) { r in
        #expect(obj(r)?["version"] == .number(2))
      }
      try await client.execute(uri: "/v1/groups", method: .get) { r in
        let o = obj(r)
        #expect(o?["version"] == .number(2))
        #expect(o?["groups"]?.arrayValue?.allSatisfy { $0.objectValue?["name"]?.stringValue?.hasPrefix("Nieuw ") == true } == true)
      }
      try await client.execute(uri: "/v1/groups/\("Nieuw " + before)", method: .get) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["properties"]?.objectValue?["version"] == .number(2))
      }
      try await client.execute(uri: "/v1/groups/\(before)", method: .get) { r in try expectProblem(r, .notFound, "not-found") }
      try await client.execute(uri: "/v1/locate?lon=\(lon)&lat=\(lat)", method: .get) { r in
        #expect(obj(r)?["group"]?.objectValue?["name"] == .string("Nieuw " + before))
      }
      try await client.execute(uri: "/v1/resolve?q=Kerkstraat%2012", method: .get) { r in
        #expect(obj(r)?["group"]?.objectValue?["name"] == .string("Nieuw " + before))
      }
      let enroll = #"{"name":"Piet","phone":"0471 11 22 33","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(enroll)) { r in
        #expect(obj(r)?["group"]?.objectValue?["name"] == .string("Nieuw " + before))
      }
      try await client.execute(uri: "/v1/groups/\("Nieuw " + before)/members", method: .get, headers: staff) { r in
        #expect((try? parse(r.body))?.arrayValue?.count == 1)
      }
    }
  }

  @Test func staffMembersAndBoundarySets() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.router) { client in
      let enroll = #"{"name":"Piet","phone":"0471 11 22 33","address":"Kerkstraat 12","consent":true,"age":"adult","basis":"resident"}"#
      var group = ""
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(enroll)) { r in
        group = obj(r)?["group"]?.objectValue?["name"]?.stringValue ?? ""
      }
      try await client.execute(uri: "/v1/groups/\(group)/members", method: .get, headers: staff) { r in
        #expect(r.status == .ok)
        #expect((try? parse(r.body))?.arrayValue?.first?.objectValue?["phone"] == .string("+32471112233"))
      }
      try await client.execute(uri: "/v1/groups/Atlantis/members", method: .get, headers: staff) { r in
        try expectProblem(r, .notFound, "not-found")
      }
      try await client.execute(uri: "/v1/members.csv", method: .get, headers: staff) { r in
        #expect(r.headers[.contentType]?.hasPrefix("text/csv") == true)
        #expect(String(buffer: r.body).split(separator: "\n").count == 2)
        #expect(String(buffer: r.body).hasPrefix("id,"))
      }
      // Personal data is never cached; no response may be content-sniffed.
      try await client.execute(uri: "/v1/members.csv", method: .get, headers: staff) { r in
        #expect(r.headers[.cacheControl] == "no-store")
        #expect(r.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff")
      }
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body("{}")) { r in
        #expect(r.headers[.cacheControl] == "no-store", "an error answer on a personal-data route too")
      }
      for uri in ["/healthz", "/v1/groups", "/v1/locate?lon=5.6&lat=50.9", "/nowhere"] {
        try await client.execute(uri: uri, method: .get) { r in
          #expect(r.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff", "\(uri)")
          #expect(r.headers[.cacheControl] == nil, "\(uri): public answers may be cached")
        }
      }
      // A formula typed into the public form comes out of the staff export as text, not as a live formula.
      let formula =
        #"{"name":"=HYPERLINK(\"http://example.invalid\",\"x\")","phone":"0471 11 22 44","address":"Kerkstraat 14","consent":true,"age":"adult","basis":"resident"}"#
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(formula)) { r in
        #expect(r.status == .created)
      }
      try await client.execute(uri: "/v1/members.csv", method: .get, headers: staff) { r in
        let text = String(buffer: r.body)
        #expect(text.contains(#","'=HYPERLINK(""http://example.invalid"",""x"")","#), "\(text)")
        #expect(!text.contains(",=HYPERLINK") && !text.contains(",\"=HYPERLINK"))
        #expect(text.contains(",'+32471112244,"), "a leading + is neutralised too: \(text)")
      }
      let wijken = try String(contentsOfFile: Fixtures.sampleWijken, encoding: .utf8)
      var draft = 0
      try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: staff + [.contentType: "application/geo+json"], body: body(wijken)
      ) { r in
        #expect(r.status == .created)
        let o = obj(r)
        #expect(o?["valid"] == .bool(true))
        draft = Int(o?["id"]?.numberValue ?? 0)
      }
      try await client.execute(uri: "/v1/boundary-sets/\(draft)/publish", method: .post, headers: staff) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["version"] == .number(2))
      }
      try await client.execute(uri: "/v1/boundary-sets/\(draft)/publish", method: .post, headers: staff) { r in
        try expectProblem(r, .conflict, "conflict")
      }
      try await client.execute(uri: "/v1/boundary-sets/999/publish", method: .post, headers: staff) { r in
        try expectProblem(r, .notFound, "not-found")
      }
      // A set whose groups overlap: stored as a draft with its errors, and not publishable.
      let overlapping = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Polygon","coordinates":[[[5.2,50.8],[5.4,50.8],[5.4,51.1],[5.2,51.1],[5.2,50.8]]]}},
        {"type":"Feature","properties":{"name":"b"},"geometry":{"type":"Polygon","coordinates":[[[5.2,50.8],[5.4,50.8],[5.4,51.1],[5.2,51.1],[5.2,50.8]]]}}]}
        """
      try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: staff + [.contentType: "application/json"], body: body(overlapping)
      ) { r in
        let o = obj(r)
        #expect(o?["valid"] == .bool(false))
        #expect(o?["errors"]?.arrayValue?.first?.stringValue?.contains("overlap") == true)
        draft = Int(o?["id"]?.numberValue ?? 0)
      }
      try await client.execute(uri: "/v1/boundary-sets/\(draft)/publish", method: .post, headers: staff) { r in
        try expectProblem(r, .conflict, "conflict")
      }
      try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: staff + [.contentType: "application/json"], body: body("{broken")
      ) { r in
        try expectProblem(r, .badRequest, "malformed-body")
      }
      let lines =
        #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"LineString","coordinates":[[5.3,50.9],[5.31,50.91]]}}]}"#
      try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: staff + [.contentType: "application/json"], body: body(lines)
      ) { r in
        try expectProblem(r, .unprocessableContent, "unprocessable")
      }
      try await client.execute(uri: "/v1/boundary-sets", method: .post, headers: staff + [.contentType: "text/csv"], body: body("a,b")) {
        r in
        try expectProblem(r, .unsupportedMediaType, "unsupported-media-type")
      }
    }
  }

  @Test func rateLimitAnswers429WithRetryAfter() async throws {
    // A bucket that refills once in 100 s: a slow machine cannot refill it between requests.
    let app = buildApplication(service: try makeService(rateLimit: (0.01, 3)))
    try await app.test(.router) { client in
      var statuses: [HTTPResponse.Status] = []
      var retryAfter: String?
      for _ in 0..<6 {
        try await client.execute(uri: "/v1/resolve?q=Kerkstraat%201", method: .get) { r in
          statuses.append(r.status)
          if r.status == .tooManyRequests { retryAfter = r.headers[.retryAfter] }
        }
      }
      #expect(statuses.prefix(3).allSatisfy { $0 == .ok })
      #expect(statuses.contains(.tooManyRequests))
      #expect(retryAfter != nil)
      try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok, "operations are not rate limited") }
    }
  }

  @Test func liveOverARealSocket() async throws {
    let app = buildApplication(service: try makeService())
    try await app.test(.live) { client in
      try await client.execute(uri: "/v1/resolve?q=Kerkstraat%2012", method: .get) { r in
        #expect(r.status == .ok)
        #expect(obj(r)?["status"] == .string("matched"))
      }
    }
  }
}

extension HTTPFields {
  static func + (a: HTTPFields, b: HTTPFields) -> HTTPFields {
    var out = a
    out.append(contentsOf: b)
    return out
  }
}

@Test func aSlowHandlerGetsATimeoutProblem() async throws {
  // The deadline itself, with a handler that waits longer than it.
  await #expect(throws: Problem.self) {
    _ = try await GuardMiddleware.withDeadline(seconds: 0.05) {
      try await Task.sleep(for: .seconds(5))
      return Response(status: .ok)
    }
  }
  let fast = try await GuardMiddleware.withDeadline(seconds: 5) { Response(status: .accepted) }
  #expect(fast.status == .accepted)
  // Which requests run under it: writes and staff exports, not the hot public reads.
  func request(_ method: HTTPRequest.Method, _ path: String) -> Request {
    Request(head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path), body: .init(buffer: ByteBuffer()))
  }
  #expect(GuardMiddleware.hasDeadline(request(.post, "/v1/boundary-sets")))
  #expect(GuardMiddleware.hasDeadline(request(.post, "/v1/enrollments")))
  #expect(GuardMiddleware.hasDeadline(request(.get, "/v1/members.csv")))
  #expect(GuardMiddleware.hasDeadline(request(.get, "/v1/groups/Park/members")))
  #expect(!GuardMiddleware.hasDeadline(request(.get, "/v1/resolve")))
  #expect(!GuardMiddleware.hasDeadline(request(.get, "/v1/locate")))
  // The problem a client sees.
  let p = Problem.timeout(20)
  #expect(p.status == .serviceUnavailable && p.slug == "timeout")
}
