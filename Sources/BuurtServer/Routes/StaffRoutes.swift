import Addressing
import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Grouping
import Hummingbird

func addStaffRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  @Sendable func requireStaff(_ request: Request) throws {
    guard service.isStaff(request) else { throw Problem.unauthorized("this route needs a staff token: Authorization: Bearer TOKEN") }
  }

  /// Members with their group under the boundaries being served.
  @Sendable func membersWithGroups(_ groups: GroupSet?) throws -> [(member: Member, group: String?)] {
    let members = try service.store.members()
    guard let groups else { return members.map { ($0, nil) } }
    let placed = try service.data.folder.loader.place(metric: members.map(\.position), in: groups)
    return zip(members, placed).map { m, g in (m, g < 0 ? nil : groups.names[Int(g)]) }
  }

  router.get("/v1/groups/:name/members") { request, context in
    try requireStaff(request)
    let name = groupName(context)
    let groups = service.data.folder.groups
    guard groups?.names.contains(name) == true else { throw Problem.notFound("no group named \"\(name)\"") }
    let rows = try membersWithGroups(groups).filter { $0.group == name }.map { m, _ -> JSONValue in
      .object(JSONObject([
        .init(key: "id", value: .string(m.id)), .init(key: "name", value: .string(m.name)), .init(key: "phone", value: .string(m.phone)),
        .init(key: "email", value: m.email.map { .string($0) } ?? .null), .init(key: "street", value: .string(m.street)),
        .init(key: "housenumber", value: m.houseNumber.map { .string($0) } ?? .null),
        .init(key: "box", value: m.box.isEmpty ? .null : .string(m.box)), .init(key: "postcode", value: .string(m.postcode)),
        .init(key: "submissions", value: .number(Double(m.submissionCount))),
        .init(key: "other_names", value: .array(m.otherNames.map { .string($0) })),
      ]))
    }
    return json(.array(rows))
  }

  router.get("/v1/members.csv") { request, _ in
    try requireStaff(request)
    var out = "id,name,phone,email,street,housenumber,box,postcode,locality,group,submissions,other_names\n"
    for (m, g) in try membersWithGroups(service.data.folder.groups) {
      out += [
        m.id, m.name, m.phone, m.email ?? "", m.street, m.houseNumber ?? "", m.box, m.postcode, m.locality ?? "", g ?? "", String(m.submissionCount),
        m.otherNames.joined(separator: " | "),
      ]
        .map(CSVTable.escapeForSpreadsheet).joined(separator: ",") + "\n"
    }
    return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: out)))
  }

  router.post("/v1/boundary-sets") { request, _ in
    try requireStaff(request)
    let bytes = try await readBody(request, limit: service.configuration.uploadBodyLimit, timeout: service.configuration.bodyTimeoutSeconds, mediaTypes: ["application/geo+json", "application/json"])
    let nameProperty = request.uri.queryParameters.get("name_property") ?? "name"
    let layer: GeoLayer
    do { layer = try GeoJSONReader().read(bytes) } catch let e as GeoJSONError {
      throw Problem.malformedBody("not a usable GeoJSON FeatureCollection: \(e)")
    }
    let check: BoundarySetCheck
    let data = service.data
    do {
      check = try BoundarySetCheck(
        layer: layer, nameProperty: nameProperty, loader: try LayerLoader(threads: 1), addresses: data.folder.resolver.register.positions, municipality: data.folder.municipality)
    } catch let e as AppError {
      throw Problem.unprocessable(e.message)
    }
    let groups: [JSONValue] = check.groups.names.enumerated().map { k, name in
      .object(JSONObject([.init(key: "name", value: .string(name)), .init(key: "households", value: .number(Double(check.households[k])))]))
    }
    var report = JSONObject([
      .init(key: "valid", value: .bool(check.isValid)), .init(key: "errors", value: .array(check.errors.map { .string($0) })),
      .init(key: "warnings", value: .array(check.warnings.map { .string($0) })), .init(key: "groups", value: .array(groups)),
    ])
    let id = try service.store.saveDraft(
      nameProperty: nameProperty, geojson: String(decoding: bytes, as: UTF8.self), valid: check.isValid, report: JSONWriter.serialize(.object(report)))
    report.members.insert(.init(key: "id", value: .number(Double(id))), at: 0)
    return json(.object(report), status: .created)
  }

  router.post("/v1/boundary-sets/:id/publish") { request, context in
    try requireStaff(request)
    guard let id = context.parameters.get("id").flatMap(Int.init), let draft = try service.store.draft(id: id) else {
      throw Problem.notFound("no boundary set \(context.parameters.get("id") ?? "")")
    }
    if let v = draft.publishedVersion { throw Problem.conflict("boundary set \(id) was already published as version \(v)") }
    guard draft.valid else { throw Problem.conflict("boundary set \(id) has validation errors and cannot be published: \(draft.report)") }
    let layer = try GeoJSONReader().read(draft.geojson)
    let data = service.data
    let check = try BoundarySetCheck(layer: layer, nameProperty: draft.nameProperty, loader: try LayerLoader(threads: 1), addresses: data.folder.resolver.register.positions, municipality: data.folder.municipality)
    let version = try check.publish(to: service.store, nameProperty: draft.nameProperty, note: "boundary set \(id)", source: "api", loader: try LayerLoader(threads: 1))
    try service.store.markDraftPublished(id: id, version: version)
    // From the next request on, locate, resolve, enrollments and the group routes use it.
    try service.usePublished(check.groups, version: version)
    return json(.object(JSONObject([.init(key: "version", value: .number(Double(version)))])))
  }
}
