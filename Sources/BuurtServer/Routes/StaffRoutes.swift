import Addressing
import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Grouping
import Hummingbird

func addStaffRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  /// Members with their group under the boundaries being served.
  @Sendable func membersWithGroups(_ groups: GroupSet?) throws -> [(member: Member, group: String?)] {
    let members = try service.store.members()
    guard let groups else { return members.map { ($0, nil) } }
    let placed = try service.data.folder.loader.place(metric: members.map(\.position), in: groups)
    return zip(members, placed).map { m, g in (m, g < 0 ? nil : groups.names[Int(g)]) }
  }

  router.get("/v1/groups/:name/members") { request, context in
    let name = groupName(context)
    // Staff, and the coordinators of this group; checked before the group's existence is told.
    guard let caller = service.caller(request) else {
      throw Problem.unauthorized("this route needs a staff or coordinator token: Authorization: Bearer TOKEN")
    }
    guard caller.maySeeMembers(of: name) else { throw Problem.forbidden(caller.refusal(seeingMembersOf: name)) }
    let groups = service.data.folder.groups
    guard groups?.names.contains(name) == true else { throw Problem.notFound("no group named \"\(name)\"") }
    return Reported(try membersWithGroups(groups).filter { $0.group == name }.map { GroupMemberEntry($0.member) })
  }

  router.get("/v1/members.csv") { request, _ in
    try service.requireStaff(request)
    var out = "id,name,phone,email,street,housenumber,box,postcode,locality,group,submissions,other_names\n"
    for (m, g) in try membersWithGroups(service.data.folder.groups) {
      out +=
        [
          m.id, m.name, m.phone, m.email ?? "", m.street, m.houseNumber ?? "", m.box, m.postcode, m.locality ?? "", g ?? "",
          String(m.submissionCount),
          m.otherNames.joined(separator: " | "),
        ]
        .map(CSVTable.escapeForSpreadsheet).joined(separator: ",") + "\n"
    }
    return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: out)))
  }

  router.post("/v1/boundary-sets") { request, _ in
    try service.requireStaff(request)
    let bytes = try await readBody(
      request, limit: service.configuration.uploadBodyLimit, timeout: service.configuration.bodyTimeoutSeconds,
      mediaTypes: ["application/geo+json", "application/json"])
    let nameProperty = request.uri.queryParameters.get("name_property") ?? "name"
    let check = try service.checkBoundarySet(try GeoJSONReader().read(bytes), nameProperty: nameProperty)
    let id = try service.store.saveDraft(
      nameProperty: nameProperty, geojson: String(decoding: bytes, as: UTF8.self), valid: check.isValid,
      report: ReportJSON.text(BoundarySetReport(check)))
    return EditedResponse(status: .created, response: Reported(BoundarySetReport(check, id: id)))
  }

  router.post("/v1/boundary-sets/:id/publish") { request, context in
    let actor = try service.requireStaff(request)
    guard let id = context.parameters.get("id").flatMap(Int.init), let draft = try service.store.draft(id: id) else {
      throw Problem.notFound("no boundary set \(context.parameters.get("id") ?? "")")
    }
    if let v = draft.publishedVersion { throw Problem.conflict("boundary set \(id) was already published as version \(v)") }
    guard draft.valid else { throw Problem.conflict("boundary set \(id) has validation errors and cannot be published: \(draft.report)") }
    guard let (version, moved) = try service.publishDraft(draft, source: "api", by: actor) else {
      throw Problem.conflict("boundary set \(id) was published meanwhile")
    }
    return Reported(PublishedVersion(version: version, transfers: moved))
  }
}
