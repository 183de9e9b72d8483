import BuurtApp
import BuurtStore
import Foundation
import GeoFormats
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import BuurtServer

/// Account tokens through the API: staff see everything, a coordinator only the members of
/// the groups they coordinate, police no member list; a removed account's token stops working.
@Suite("Roles")
struct RoleTests {
  @Test func eachRoleSeesOnlyWhatItNeeds() async throws {
    let service = try makeService()
    let names = try #require(service.data.folder.groups?.names)
    try #require(names.count >= 2)
    let (own, other) = (names[0], names[1])
    let accounts = AccountRegistry(store: service.store)
    let coordinator = try accounts.add(role: .coordinator, name: "An Peeters", email: "an@example.be", groups: [own])
    let police = try accounts.add(role: .police, name: "Wijkagent", email: "wijk@police.be", groups: [])
    let staffAccount = try accounts.add(role: .staff, name: "Staff", email: "staff@lanaken.be", groups: [])
    let coordinatorToken = try accounts.issueToken(accountID: coordinator.id)
    let policeToken = try accounts.issueToken(accountID: police.id)
    let staffToken = try accounts.issueToken(accountID: staffAccount.id)
    // A member in the coordinator's group.
    let address = try #require(
      service.store.addressRows().first { row in
        (try? service.data.folder.loader.place(metric: [row.position], in: service.data.folder.groups!))?.first.map {
          $0 >= 0 && names[Int($0)] == own
        } == true
      })
    let enrollment =
      #"{"name":"Jan Janssens","phone":"0471123456","address":"\#(address.street) \#(address.houseNumber), \#(address.postcode)","consent":true,"age":"adult","basis":"resident"}"#
    @Sendable func bearer(_ t: String) -> HTTPFields { [.authorization: "Bearer \(t)"] }
    @Sendable func members(_ g: String) -> String {
      "/v1/groups/\(g.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? g)/members"
    }

    let app = buildApplication(service: service)
    try await app.test(.router) { client in
      try await client.execute(uri: "/v1/enrollments", method: .post, headers: jsonHeaders, body: body(enrollment)) { r in
        #expect(r.status == .created, "\(String(buffer: r.body))")
      }
      // The coordinator: their own group's members, nothing else.
      try await client.execute(uri: members(own), method: .get, headers: bearer(coordinatorToken)) { r in
        #expect(r.status == .ok)
        #expect(String(buffer: r.body).contains("Jan Janssens"))
      }
      try await client.execute(uri: members(other), method: .get, headers: bearer(coordinatorToken)) { r in
        try expectProblem(r, .forbidden, "forbidden")
        #expect(!String(buffer: r.body).contains("Jan Janssens"))
      }
      // A group that does not exist is refused alike: a coordinator learns nothing from the answer.
      try await client.execute(uri: members("Nergenshuizen"), method: .get, headers: bearer(coordinatorToken)) { r in
        try expectProblem(r, .forbidden, "forbidden")
      }
      for (uri, method) in [
        ("/v1/members.csv", HTTPRequest.Method.get), ("/v1/boundary-sets", .post), ("/v1/boundary-sets/1/publish", .post),
      ] {
        try await client.execute(uri: uri, method: method, headers: bearer(coordinatorToken)) { r in
          try expectProblem(r, .forbidden, "forbidden")
        }
        try await client.execute(uri: uri, method: method, headers: bearer(policeToken)) { r in
          try expectProblem(r, .forbidden, "forbidden")
        }
      }
      // Police: never a member list.
      try await client.execute(uri: members(own), method: .get, headers: bearer(policeToken)) { r in
        try expectProblem(r, .forbidden, "forbidden")
        #expect(String(buffer: r.body).contains("never enrollments or member lists"))
      }
      // A staff account's token is as good as a bootstrap staff token.
      try await client.execute(uri: "/v1/members.csv", method: .get, headers: bearer(staffToken)) { r in
        #expect(r.status == .ok)
        #expect(String(buffer: r.body).contains("Jan Janssens"))
      }
      try await client.execute(uri: members(other), method: .get, headers: bearer(staffToken)) { r in #expect(r.status == .ok) }
      // A new token replaces the old one; a removed account's token stops working.
      let renewed = try accounts.issueToken(accountID: coordinator.id)
      try await client.execute(uri: members(own), method: .get, headers: bearer(coordinatorToken)) { r in
        try expectProblem(r, .unauthorized, "unauthorized")
      }
      try await client.execute(uri: members(own), method: .get, headers: bearer(renewed)) { r in #expect(r.status == .ok) }
      try accounts.remove(id: coordinator.id)
      try await client.execute(uri: members(own), method: .get, headers: bearer(renewed)) { r in
        try expectProblem(r, .unauthorized, "unauthorized")
      }
    }
  }
}
