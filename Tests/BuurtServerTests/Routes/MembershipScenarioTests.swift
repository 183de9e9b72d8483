import BuurtApp
import BuurtStore
import Foundation
import GeoFormats
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import BuurtServer

/// A store of the real Lanaken data with its wijken published, and a service over it.
func makeLanakenService() throws -> BuurtService {
  let path = NSTemporaryDirectory() + "buurt-lanaken-" + UUID().uuidString + ".gpkg"
  let store = try Store(path: path, create: true)
  let loader = try LayerLoader(threads: 2)
  try store.importLayers(try FolderImport.layers(from: Fixtures.geodata, loader: loader, progress: BuurtApp.Progress(quiet: true)))
  let check = try BoundarySetCheck(
    layer: try LayerLoader.readGeoJSON(Fixtures.lanakenWijken), nameProperty: "name", loader: loader,
    addresses: try store.addressRows().map(\.position))
  _ = try check.publish(to: store, nameProperty: "name", note: nil, source: nil, loader: loader)
  var config = ServerConfiguration()
  config.staffTokenDigests = try ServerConfiguration.staffTokenDigests(environment: "staff-secret", file: nil)
  config.rateLimit = nil
  config.requestTimeoutSeconds = 120
  return try BuurtService(store: store, configuration: config)
}

/// From enrollment to the WhatsApp group, through the API, on the real Lanaken data: accounts,
/// eligibility, each coordinator's own queue, statuses with their audit trail, a removal that
/// keeps the phone out, a boundary change whose transfers both sides confirm, and an erasure
/// that leaves nothing of the person behind.
@Suite("Membership scenario (API, Lanaken)")
struct MembershipScenarioTests {
  @Test func fromEnrollmentToTheWhatsAppGroup() async throws {
    let service = try makeLanakenService()
    let folder = service.data.folder
    let groups = try #require(folder.groups)
    /// Register addresses of a group (as "Street 12, 3620"), in register order.
    func addresses(in group: String, count: Int) throws -> [String] {
      let rows = try service.store.addressRows()
      let placed = try folder.loader.place(metric: rows.map(\.position), in: groups)
      var seen = Set<String>()
      var out: [String] = []
      for (row, g) in zip(rows, placed) where g >= 0 && groups.names[Int(g)] == group && !row.houseNumber.isEmpty {
        let text = "\(row.street) \(row.houseNumber), \(row.postcode)"
        // One register point per street and number, so the address is not ambiguous.
        guard seen.insert(text).inserted, rows.filter({ "\($0.street) \($0.houseNumber), \($0.postcode)" == text }).count == 1 else {
          continue
        }
        out.append(text)
        if out.count == count { break }
      }
      return out
    }
    let rekem = try addresses(in: "Rekem", count: 4)
    let gellik = try addresses(in: "Gellik", count: 2)
    let kesselt = try addresses(in: "Kesselt", count: 1)
    let veldwezelt = try addresses(in: "Veldwezelt", count: 1)

    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil
      ) async throws -> (status: HTTPResponse.Status, text: String, object: JSONObject?, headers: HTTPFields) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { r in
          let text = String(buffer: r.body)
          return (r.status, text, (try? JSONParser.parse(text))?.objectValue, r.headers)
        }
      }
      func problem(
        _ r: (status: HTTPResponse.Status, text: String, object: JSONObject?, headers: HTTPFields), _ status: HTTPResponse.Status,
        _ says: String, sourceLocation: SourceLocation = #_sourceLocation
      ) {
        #expect(r.status == status, "\(r.text)", sourceLocation: sourceLocation)
        #expect(r.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        #expect(says.isEmpty || r.text.contains(says), "\(r.text)", sourceLocation: sourceLocation)
      }
      func appoint(_ name: String, _ email: String, role: String = "coordinator", groups: [String]) async throws -> (
        id: String, token: String
      ) {
        let groupList = groups.map { "\"\($0)\"" }.joined(separator: ",")
        let r = try await call(
          .post, "/v1/accounts", token: "staff-secret",
          json: #"{"role":"\#(role)","name":"\#(name)","email":"\#(email)","groups":[\#(groupList)]}"#)
        #expect(r.status == .created, "\(r.text)")
        let account = try #require(r.object?["account"]?.objectValue)
        return (try #require(account["id"]?.stringValue), try #require(r.object?["token"]?.stringValue))
      }
      func enroll(
        _ name: String, _ phone: String, _ address: String, age: String = "adult", basis: String = "resident", charter: String = "1"
      ) async throws -> (status: HTTPResponse.Status, text: String, object: JSONObject?, headers: HTTPFields) {
        try await call(
          .post, "/v1/enrollments",
          json:
            #"{"name":"\#(name)","phone":"\#(phone)","address":"\#(address)","consent":true,"age":"\#(age)","basis":"\#(basis)","charter_version":\#(charter)}"#
        )
      }

      // Staff appoints coordinators for two groups and a police contact; publishes the rules.
      let ann = try await appoint("Ann Rekemans", "ann@example.be", groups: ["Rekem"])
      let bert = try await appoint("Bert Gellikers", "bert@example.be", groups: ["Gellik"])
      let kees = try await appoint("Kees Kesselaar", "kees@example.be", groups: ["Kesselt"])
      let police = try await appoint("Wijkagent", "wijk@politie.be", role: "police", groups: [])
      problem(
        try await call(
          .post, "/v1/accounts", token: "staff-secret",
          json: #"{"role":"coordinator","name":"Nobody","email":"x@example.be","groups":["Nergenshuizen"]}"#), .unprocessableContent,
        "there is no group")
      let charter = try await call(
        .post, "/v1/charter", token: "staff-secret", json: #"{"text":"Gedragsregels: bel eerst 101, dan de app."}"#)
      #expect(charter.status == .created && charter.object?["version"] == .number(1), "\(charter.text)")
      #expect(try await call(.get, "/v1/charter").object?["version"] == .number(1))
      problem(try await call(.post, "/v1/charter", token: ann.token, json: #"{"text":"x"}"#), .forbidden, "staff only")
      // Rekem admits businesses; its contact is a role address, never a person's own.
      let settings = try await call(
        .put, "/v1/groups/Rekem/settings", token: "staff-secret",
        json: #"{"business_allowed":true,"contact":"buurtpreventie.rekem@lanaken.be"}"#)
      #expect(settings.status == .ok, "\(settings.text)")
      problem(
        try await call(.put, "/v1/groups/Gellik/settings", token: "staff-secret", json: #"{"contact":"bert@example.be"}"#),
        .unprocessableContent, "account's own email")
      problem(
        try await call(.put, "/v1/groups/Gellik/settings", token: "staff-secret", json: #"{"contact":"0471 12 34 56"}"#),
        .unprocessableContent, "not a phone number")

      // Residents enroll.
      let anna = try await enroll("Anna Adult", "0471 10 00 01", rekem[0])
      #expect(anna.status == .created, "\(anna.text)")
      let annaID = try #require(anna.object?["id"]?.stringValue)
      let minor = try await enroll("Mila Minor", "0471 10 00 02", gellik[0], age: "minor_with_consent")
      #expect(minor.status == .created, "\(minor.text)")
      let minorToken = try #require(minor.object?["token"]?.stringValue)
      let minorID = try #require(minor.object?["id"]?.stringValue)
      let shop = try await enroll("Bakkerij Rekem", "0471 10 00 03", rekem[1], basis: "business")
      #expect(shop.status == .created, "\(shop.text)")
      let dirk = try await enroll("Dirk Second", "0471 10 00 04", rekem[2])
      #expect(dirk.status == .created)
      let kim = try await enroll("Kim Kesselt", "0471 10 00 05", kesselt[0])
      #expect(kim.status == .created)
      problem(
        try await enroll("Bakkerij Gellik", "0471 10 00 06", gellik[1], basis: "business"), .unprocessableContent, "admits residents only")
      problem(try await enroll("Old Rules", "0471 10 00 07", gellik[1], charter: "0"), .unprocessableContent, "send charter_version 1")
      problem(
        try await enroll("No Rules", "0471 10 00 07", gellik[1], charter: "null"), .unprocessableContent, "rules of conduct is required")
      problem(
        try await enroll("Too Young", "0471 10 00 08", gellik[1], age: "under_16"), .unprocessableContent, "younger than 16 cannot enroll")
      problem(try await enroll("Elsewhere", "0471 10 00 09", "Vrijthof 1, 6211 Maastricht"), .unprocessableContent, "was not found")

      // Each coordinator sees only their own queue; police no enrollment at all.
      let rekemQueue = try await call(.get, "/v1/groups/Rekem/enrollments?status=pending", token: ann.token)
      #expect(rekemQueue.status == .ok, "\(rekemQueue.text)")
      let entries = rekemQueue.object?["enrollments"]?.arrayValue?.compactMap(\.objectValue) ?? []
      #expect(Set(entries.compactMap { $0["name"]?.stringValue }) == ["Anna Adult", "Bakkerij Rekem", "Dirk Second"])
      let annaEntry = try #require(entries.first { $0["name"]?.stringValue == "Anna Adult" })
      #expect(annaEntry["phone"]?.stringValue == "+32471100001")
      #expect(annaEntry["whatsapp"]?.stringValue == "https://wa.me/32471100001")
      #expect(annaEntry["age"]?.stringValue == "adult" && annaEntry["basis"]?.stringValue == "resident")
      #expect(entries.first { $0["name"]?.stringValue == "Bakkerij Rekem" }?["basis"]?.stringValue == "business")
      #expect(!rekemQueue.text.contains(rekem[0]), "no address in the queue")
      let annaMember = try #require(annaEntry["id"]?.stringValue)
      problem(try await call(.get, "/v1/groups/Gellik/enrollments", token: ann.token), .forbidden, "you coordinate Rekem")
      let gellikQueue = try await call(.get, "/v1/groups/Gellik/enrollments", token: bert.token)
      #expect(
        gellikQueue.text.contains("Mila Minor") && gellikQueue.text.contains("minor_with_consent") && !gellikQueue.text.contains("Anna"))
      let minorMember = try #require(gellikQueue.object?["enrollments"]?.arrayValue?.first?.objectValue?["id"]?.stringValue)
      for (method, uri) in [
        (HTTPRequest.Method.get, "/v1/groups/Rekem/enrollments"), (.get, "/v1/groups/Rekem/members"),
        (.get, "/v1/groups/Rekem/members.vcf"),
        (.get, "/v1/transfers"), (.get, "/v1/audit"), (.get, "/v1/members.csv"), (.get, "/v1/enrollments"),
        (.post, "/v1/enrollments/\(annaMember)/added"),
      ] {
        let r = try await call(method, uri, token: police.token)
        problem(r, .forbidden, "")
        #expect(!r.text.contains("Anna"), "\(uri)")
      }
      problem(try await call(.get, "/v1/groups/Rekem/enrollments"), .unauthorized, "token")

      // The coordinator adds, refuses, removes; each rule says why when it is broken.
      problem(try await call(.post, "/v1/enrollments/\(annaMember)/added", token: bert.token), .forbidden, "not in a group you coordinate")
      let added = try await call(.post, "/v1/enrollments/\(annaMember)/added", token: ann.token)
      #expect(added.status == .ok && added.object?["status"]?.stringValue == "added", "\(added.text)")
      problem(try await call(.post, "/v1/enrollments/\(annaMember)/added", token: ann.token), .conflict, "is added")
      let shopID = try #require(entries.first { $0["name"]?.stringValue == "Bakkerij Rekem" }?["id"]?.stringValue)
      problem(
        try await call(.post, "/v1/enrollments/\(shopID)/refused", token: ann.token, json: "{}"), .unprocessableContent,
        "reason is required")
      let refused = try await call(.post, "/v1/enrollments/\(shopID)/refused", token: ann.token, json: #"{"reason":"geen zaak in Rekem"}"#)
      #expect(refused.object?["status"]?.stringValue == "refused", "\(refused.text)")
      let removed = try await call(
        .post, "/v1/enrollments/\(annaMember)/removed", token: ann.token, json: #"{"reason":"gedragsregels: scheldwoorden"}"#)
      #expect(removed.object?["status"]?.stringValue == "removed", "\(removed.text)")
      // A removed phone cannot enroll in that group again (here: at the same and at another
      // address of it), and the answer is that of any enrollment: it tells no one the phone was a member.
      let sameAddress = try await enroll("Anna Adult", "0471 10 00 01", rekem[0])
      let otherAddress = try await enroll("Anna Adult", "+32471100001", rekem[3])
      let fresh = try await enroll("Fresh Rekemer", "0471 10 00 12", rekem[3])
      for r in [sameAddress, otherAddress] {
        #expect(r.status == fresh.status && r.object?.keys == fresh.object?.keys, "\(r.text)")
      }
      let afterRemoval = try await call(.get, "/v1/groups/Rekem/enrollments", token: ann.token)
      #expect(!afterRemoval.text.contains("Anna Adult") && afterRemoval.text.contains("Fresh Rekemer"), "\(afterRemoval.text)")
      let refusedNow = try await call(.get, "/v1/groups/Rekem/enrollments?status=refused", token: ann.token)
      #expect(refusedNow.text.contains("Anna Adult"), "\(refusedNow.text)")
      // The submission id the resident got works as well as the queue's member id.
      let dirkID = try #require(dirk.object?["id"]?.stringValue)
      #expect(try await call(.post, "/v1/enrollments/\(dirkID)/added", token: ann.token).status == .ok)
      let kimID = try #require(kim.object?["id"]?.stringValue)
      #expect(try await call(.post, "/v1/enrollments/\(kimID)/added", token: kees.token).status == .ok)

      // The audit trail holds every transition, with who made it.
      let audit = try await call(.get, "/v1/audit", token: "staff-secret")
      let trail = audit.object == nil ? ((try? JSONParser.parse(audit.text))?.arrayValue?.compactMap(\.objectValue) ?? []) : []
      func trailEntries(to status: String) -> [JSONObject] { trail.filter { $0["to"]?.stringValue == status } }
      #expect(trailEntries(to: "pending").count == 7, "\(audit.text)")
      #expect(trailEntries(to: "added").count == 3)
      #expect(trailEntries(to: "refused").first?["reason"]?.stringValue == "geen zaak in Rekem")
      #expect(trailEntries(to: "refused").first?["actor"]?.stringValue == "coordinator")
      #expect(trailEntries(to: "refused").first?["actor_account"]?.stringValue == ann.id)
      #expect(trailEntries(to: "removed").first?["from"]?.stringValue == "added")
      #expect(
        trailEntries(to: "refused").contains {
          $0["actor"]?.stringValue == "system" && $0["reason"]?.stringValue?.contains("removed") == true
        })
      #expect(try await call(.get, "/v1/audit", token: ann.token).status == .forbidden)

      // A group without a coordinator keeps its enrollments for staff, and hands them to the
      // coordinator once one is appointed.
      #expect(try await enroll("Vera Veldwezelt", "0471 10 00 10", veldwezelt[0]).status == .created)
      let waiting = try await call(.get, "/v1/enrollments", token: "staff-secret")
      #expect(waiting.object?["without_coordinator"]?.arrayValue?.contains(.string("Veldwezelt")) == true, "\(waiting.text)")
      #expect(waiting.text.contains("Vera Veldwezelt"))
      problem(try await call(.get, "/v1/enrollments", token: ann.token), .forbidden, "staff only")
      let vic = try await appoint("Vic Veldwezelaar", "vic@example.be", groups: ["Veldwezelt"])
      #expect(try await call(.get, "/v1/groups/Veldwezelt/enrollments", token: vic.token).text.contains("Vera Veldwezelt"))
      // A group at capacity still takes enrollments as pending, and warns with the command that splits it.
      #expect(try await call(.put, "/v1/groups/Rekem/settings", token: "staff-secret", json: #"{"capacity":1}"#).status == .ok)
      #expect(try await enroll("Late Rekemer", "0471 10 00 11", rekem[3]).status == .created)
      let full = try await call(.get, "/v1/groups/Rekem/enrollments", token: ann.token)
      #expect(full.text.contains("Late Rekemer"))
      #expect(full.object?["warnings"]?.arrayValue?.first?.stringValue?.contains("buurt balance") == true, "\(full.text)")
      let fullState = try await call(.get, "/v1/groups")
      #expect(fullState.text.contains(#""name":"Rekem""#) && fullState.text.contains(#""status":"full""#), "\(fullState.text)")
      #expect(try await call(.put, "/v1/groups/Rekem/settings", token: "staff-secret", json: #"{"capacity":null}"#).status == .ok)

      // Group states: counts under 5 are never told; a group without a coordinator says so.
      let list = try await call(.get, "/v1/groups")
      let states = list.object?["groups"]?.arrayValue?.compactMap(\.objectValue) ?? []
      let rekemState = try #require(states.first { $0["name"]?.stringValue == "Rekem" })
      #expect(rekemState["status"]?.stringValue == "active")
      #expect(rekemState["member_count"] == .null && rekemState["member_count_label"]?.stringValue == "fewer than 5")
      #expect(rekemState["capacity"] == .number(1024))
      #expect(rekemState["contact"]?.stringValue == "buurtpreventie.rekem@lanaken.be")
      #expect(states.first { $0["name"]?.stringValue == "Smeermaas" }?["status"]?.stringValue == "no_coordinator")
      #expect(!list.text.contains("ann@example.be") && !list.text.contains("+32471"))

      // The vCard export holds the group's pending and added members.
      let vcf = try await call(.get, "/v1/groups/Rekem/members.vcf", token: ann.token)
      #expect(vcf.text.contains("FN:Fresh Rekemer"))
      #expect(vcf.status == .ok && vcf.headers[.contentType]?.hasPrefix("text/vcard") == true)
      #expect(vcf.text.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n") && vcf.text.contains("FN:Dirk Second\r\n"))
      #expect(vcf.text.contains("TEL;VALUE=uri;TYPE=cell:tel:+32471100004"))
      #expect(!vcf.text.contains("Anna Adult") && !vcf.text.contains("Bakkerij"), "removed and refused are not exported")

      // Staff publishes the deelgemeenten as the new boundaries: Kesselt's members move.
      let upload = try await client.execute(
        uri: "/v1/boundary-sets", method: .post, headers: [.authorization: "Bearer staff-secret", .contentType: "application/geo+json"],
        body: ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: Fixtures.lanakenDeelgemeenten)))
      ) { r in (r.status, obj(r)) }
      #expect(upload.0 == .created && upload.1?["valid"] == .bool(true), "\(String(describing: upload.1))")
      let draft = try #require(upload.1?["id"]?.numberValue.map { Int($0) })
      let published = try await call(.post, "/v1/boundary-sets/\(draft)/publish", token: "staff-secret")
      #expect(published.status == .ok, "\(published.text)")
      #expect((published.object?["transfers"]?.numberValue ?? 0) >= 1, "\(published.text)")
      let open = try await call(.get, "/v1/transfers", token: kees.token)
      let transfers = (try? JSONParser.parse(open.text))?.arrayValue?.compactMap(\.objectValue) ?? []
      let kimTransfer = try #require(transfers.first { $0["name"]?.stringValue == "Kim Kesselt" }, "\(open.text)")
      #expect(kimTransfer["from_group"]?.stringValue == "Kesselt")
      let newGroup = try #require(kimTransfer["to_group"]?.stringValue)
      let transferID = try #require(kimTransfer["id"]?.stringValue)
      // The new group's coordinator, appointed now, sees it too; each confirms their own side only.
      let newCoordinator = try await appoint("Nieuwe Coördinator", "nieuw@example.be", groups: [newGroup])
      let theirs = try await call(.get, "/v1/transfers", token: newCoordinator.token)
      #expect(theirs.text.contains(transferID))
      #expect(!(try await call(.get, "/v1/transfers", token: bert.token)).text.contains(transferID) || newGroup == "Gellik")
      problem(try await call(.post, "/v1/transfers/\(transferID)/removed", token: newCoordinator.token), .forbidden, "old group's")
      problem(try await call(.post, "/v1/transfers/\(transferID)/added", token: kees.token), .forbidden, "new group's")
      #expect(try await call(.post, "/v1/transfers/\(transferID)/removed", token: kees.token).status == .ok)
      let done = try await call(.post, "/v1/transfers/\(transferID)/added", token: newCoordinator.token)
      #expect(done.status == .ok && done.object?["completed_at"]?.stringValue != nil, "\(done.text)")
      let inNewGroup = try await call(.get, "/v1/groups/\(newGroup)/enrollments?status=added", token: newCoordinator.token)
      #expect(inNewGroup.text.contains("Kim Kesselt"), "\(inNewGroup.text)")

      // A resident leaves with their own management token (another token opens nothing).
      let dirkToken = try #require(dirk.object?["token"]?.stringValue)
      problem(try await call(.post, "/v1/enrollments/\(dirkID)/left", token: minorToken), .notFound, "for this token")
      let left = try await call(.post, "/v1/enrollments/\(dirkID)/left", token: dirkToken)
      #expect(left.status == .ok && left.object?["status"]?.stringValue == "left", "\(left.text)")
      #expect(!(try await call(.get, "/v1/groups/Rekem/enrollments?status=added", token: ann.token)).text.contains("Dirk Second"))
      let leftTrail = try await call(.get, "/v1/audit", token: "staff-secret")
      #expect(leftTrail.text.contains(#""actor":"resident","actor_account":null"#) && leftTrail.text.contains(#""to":"left""#))

      // Erasure: nothing of the person stays in the file, its WAL, the audit trail or the vCards.
      let erase = try await client.execute(
        uri: "/v1/enrollments/\(minorID)", method: .delete, headers: [.authorization: "Bearer \(minorToken)"]
      ) { $0.status }
      #expect(erase == .noContent)
      let vcfAfter = try await call(.get, "/v1/groups/Gellik/members.vcf", token: bert.token)
      #expect(!vcfAfter.text.contains("Mila"))
      let auditAfter = try await call(.get, "/v1/audit", token: "staff-secret")
      #expect(!auditAfter.text.contains(minorMember) && auditAfter.text.contains(#""member":null"#))
      for suffix in ["", "-wal"] {
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: service.store.path + suffix))) ?? Data()
        for needle in ["Mila Minor", "+32471100002", "0471 10 00 02"] {
          #expect(bytes.range(of: Data(needle.utf8)) == nil, "\(needle) in \(suffix)")
        }
      }
    }
  }
}
