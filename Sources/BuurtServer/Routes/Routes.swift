import Addressing
import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import GeoProjection
import Grouping
import Hummingbird
import NIOCore

/// `Content-Type: application/json`, built once.
let jsonHeaders: HTTPFields = [.contentType: "application/json"]

func jsonText(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
  Response(status: status, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// Reads a body of at most `limit` bytes with one of the accepted media types.
func readBody(_ request: Request, limit: Int, timeout: Double, mediaTypes: [String]) async throws -> [UInt8] {
  let type =
    (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
  guard mediaTypes.contains(type) else { throw Problem.unsupportedMediaType(mediaTypes.joined(separator: " or ")) }
  if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw Problem.tooLarge(limit) }
  let body = request.body
  // The body is read under its own deadline: a client trickling it cannot hold a request slot
  // for longer than `timeout`.
  return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
    group.addTask {
      do {
        let buffer = try await body.collect(upTo: limit)
        return Array(buffer.readableBytesView)
      } catch is CancellationError {
        return nil
      } catch {
        throw Problem.tooLarge(limit)
      }
    }
    group.addTask {
      try? await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
      return nil
    }
    defer { group.cancelAll() }
    guard let first = try await group.next(), let bytes = first else { throw Problem.bodyTimeout(timeout) }
    return bytes
  }
}

/// A JSON object body of at most the public limit (duplicate keys refused); with `emptyIsObject`,
/// a request without a body is an empty object (the status-change routes take an optional reason).
func readJSONObject(_ request: Request, service: BuurtService, emptyIsObject: Bool = false) async throws -> JSONObject {
  if emptyIsObject
    && (request.headers[.contentLength] == "0" || (request.headers[.contentType] == nil && request.headers[.contentLength] == nil))
  {
    return JSONObject()
  }
  let bytes = try await readBody(
    request, limit: service.configuration.publicBodyLimit, timeout: service.configuration.bodyTimeoutSeconds,
    mediaTypes: ["application/json"])
  if emptyIsObject && bytes.isEmpty { return JSONObject() }
  guard case .object(let o) = try JSONParser.parse(bytes, rejectingDuplicateKeys: true) else {
    throw Problem.malformedBody("the body is not a JSON object")
  }
  return o
}

/// The `{name}` of a group route, percent-decoded (`Oud%20Rekem` is "Oud Rekem"); the raw text
/// when it is not valid percent-encoding.
func groupName(_ context: BuurtContext) -> String {
  let raw = context.parameters.get("name") ?? ""
  return raw.removingPercentEncoding ?? raw
}

func addRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  // Operations
  router.get("/healthz") { _, _ in
    let data = service.data
    return Reported(HealthReport(addresses: data.folder.resolver.register.count, groups: data.folder.groups?.count ?? 0))
  }
  router.get("/openapi.json") { _, _ in
    Response(status: .ok, headers: jsonHeaders, body: .init(byteBuffer: service.openAPI))
  }
  router.get("/metrics") { request, context in
    let staff = service.isStaff(request)
    switch service.configuration.metricsAccess {
    case .public: break
    case .loopback:
      guard staff || ClientAddressRule.isLoopback(service.clientAddress(request, context)) else {
        throw Problem.forbidden("/metrics is served to this machine and to staff only (buurt serve --metrics-access)")
      }
    case .staff:
      guard staff else { throw Problem.unauthorized("/metrics needs a staff token here: Authorization: Bearer TOKEN") }
    }
    // The member count is for staff only: a public count would tell whether an enrollment was new.
    let members = staff ? try? service.store.memberCount() : nil
    return Response(
      status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
      body: .init(byteBuffer: ByteBuffer(string: service.metrics.render(inFlight: service.concurrency.current, members: members))))
  }

  // Public
  router.get("/v1/resolve") { request, _ in
    guard let q = request.uri.queryParameters.get("q"), !q.allSatisfy(\.isWhitespace) else {
      throw Problem.invalidParameter("the query parameter q (the address as typed) is required")
    }
    guard q.unicodeScalars.count <= 500 else { throw Problem.invalidParameter("q is longer than 500 characters") }
    let data = service.data
    return jsonText(data.writer.json(data.folder.resolver.resolve(q)))
  }

  router.get("/v1/addresses/suggest") { request, _ in
    let parameters = request.uri.queryParameters
    guard let q = parameters.get("q"), !q.allSatisfy(\.isWhitespace) else {
      throw Problem.invalidParameter("the query parameter q (the address typed so far) is required")
    }
    guard q.unicodeScalars.count <= 200 else { throw Problem.invalidParameter("q is longer than 200 characters") }
    var limit = 8
    if let text = parameters.get("limit") {
      guard let n = Int(text), (1...20).contains(n) else { throw Problem.invalidParameter("limit must be a whole number from 1 to 20") }
      limit = n
    }
    let suggestions = service.data.suggester.suggest(q, limit: limit)
    return Response(status: .ok, headers: jsonHeaders, body: .init(byteBuffer: suggestionJSON(q, suggestions)))
  }

  router.get("/v1/locate") { request, _ in
    let uri = request.uri
    let query = try CoordinateQuery.parse(target: uri.string) { uri.queryParameters[$0[...]] }
    var group = "null"
    let data = service.data
    let position = LonLat(lon: query.lon.value, lat: query.lat.value)
    if let groups = data.folder.groups {
      // Placed in the coordinates the groups were drawn in: no projection for lon/lat groups.
      let g =
        groups.isDrawnInLonLat
        ? groups.placement.area(containing: position)
        : (try? service.projection.forwardFast(position)).flatMap(groups.placement.area(containing:))
      if let g { group = data.groupNameJSON[g] }
    }
    // Written straight into the response buffer: this is the hottest route.
    var body = ByteBufferAllocator().buffer(capacity: 128 + group.utf8.count)
    body.writeStaticString("{\"lon\":")
    query.lon.write(to: &body)
    body.writeStaticString(",\"lat\":")
    query.lat.write(to: &body)
    body.writeStaticString(",\"group\":")
    body.writeString(group)
    body.writeStaticString("}")
    return Response(status: .ok, headers: jsonHeaders, body: .init(byteBuffer: body))
  }

  router.get("/v1/groups") { _, _ in
    // The states change with every coordinator's confirmation: read per request (three indexed queries).
    let data = service.data
    let states = try GroupStates(store: service.store, groups: data.folder.groups?.names ?? [])
    return Reported(GroupListReport(folder: data.folder, households: data.households, states: states))
  }

  router.get("/v1/groups/:name") { _, context in
    let name = groupName(context)
    let data = service.data
    guard let groups = data.folder.groups, let k = groups.names.firstIndex(of: name) else {
      throw Problem.notFound("no group named \"\(name)\"")
    }
    let households = data.households[k]
    let geometry = try data.folder.loader.lonLatGeometry(of: groups, k)
    var out = ""
    let props = JSONObject([
      .init(key: "name", value: .string(name)), .init(key: "households", value: .number(Double(households))),
      .init(key: "area_km2", value: .number(GroupListReport.squareKilometres(groups.areas[k].area))),
      .init(key: "version", value: data.folder.groupsVersion.map { .number(Double($0)) } ?? .null),
    ])
    GeoJSONWriter(decimals: 7).write(Feature(geometry: geometry, properties: props), to: &out)
    return Response(status: .ok, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: ByteBuffer(string: out)))
  }

  addEnrollmentRoutes(to: router, service: service)
  addStaffRoutes(to: router, service: service)
  addMembershipRoutes(to: router, service: service)
  addAccountRoutes(to: router, service: service)
  addPageRoutes(to: router, service: service)
  addFormRoutes(to: router, service: service)
  addDeskRoutes(to: router, service: service)
  addStaffDeskRoutes(to: router, service: service)
  addPlanningDeskRoutes(to: router, service: service)
  addOutboxDeskRoutes(to: router, service: service)
}

extension MetricProjection {
  /// One position (a PROJ transformer per call is slow; the locate route uses a cached one).
  func forwardFast(_ p: LonLat) throws -> XY { try ProjectionCache.shared.forward(p, crs: metricCRS) }
}

/// One lon/lat → metric transformer per thread (PROJ objects are not thread-safe).
final class ProjectionCache: @unchecked Sendable {
  static let shared = ProjectionCache()
  private let lock = NSLock()
  private var free: [CoordinateTransformer] = []

  func forward(_ p: LonLat, crs: CRS) throws -> XY {
    lock.lock()
    let t = free.popLast()
    lock.unlock()
    let transformer = try t ?? CoordinateTransformer(from: .wgs84, to: crs)
    // On the stack: no array allocation per request.
    let xy = try withUnsafeTemporaryAllocation(of: Double.self, capacity: 2) { pair -> XY in
      pair[0] = p.lon
      pair[1] = p.lat
      defer {
        lock.lock()
        free.append(transformer)
        lock.unlock()
      }
      try transformer.transformInPlace(pair.baseAddress!, count: 1)
      return XY(x: pair[0], y: pair[1])
    }
    return xy
  }
}

/// `{"query":…,"suggestions":[{"label","street","house_number","postcode","locality"}]}`,
/// written straight into the buffer (the form asks at every keystroke).
func suggestionJSON(_ query: String, _ suggestions: [AddressSuggester.Suggestion]) -> ByteBuffer {
  var text = "{\"query\":"
  text.reserveCapacity(64 + suggestions.count * 120)
  JSONWriter.writeString(query, to: &text)
  text += ",\"suggestions\":["
  for (k, s) in suggestions.enumerated() {
    text += k == 0 ? "{\"label\":" : ",{\"label\":"
    JSONWriter.writeString(s.label, to: &text)
    text += ",\"street\":"
    JSONWriter.writeString(s.street, to: &text)
    text += ",\"house_number\":"
    if let n = s.houseNumber { JSONWriter.writeString(n, to: &text) } else { text += "null" }
    text += ",\"postcode\":\(s.postcode),\"locality\":"
    JSONWriter.writeString(s.locality, to: &text)
    text += "}"
  }
  text += "]}"
  return ByteBuffer(string: text)
}
