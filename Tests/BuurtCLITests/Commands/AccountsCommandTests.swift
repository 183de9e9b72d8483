import Foundation
import GeoFormats
import TestSupport
import Testing

/// `buurt accounts`: coordinators of published groups, staff and police, with tokens shown once.
@Suite("Accounts")
struct AccountsCommandTests {
  /// A store of the sample town with its wijken published; the names of its groups.
  func publishedStore() throws -> (db: String, groups: [String]) {
    let db = try temporaryFolder() + "/town.gpkg"
    let imported = try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db])
    #expect(imported.status == 0, "\(imported.stderr)")
    let published = try buurt(["groups", "publish", Fixtures.sampleWijken, "--db", db])
    #expect(published.status == 0, "\(published.stderr)")
    let layer = try JSONParser.parse(try read(Fixtures.sampleWijken))
    let names =
      layer.objectValue?["features"]?.arrayValue?.compactMap { $0.objectValue?["properties"]?.objectValue?["name"]?.stringValue } ?? []
    return (db, names)
  }

  @Test func aCoordinatorOfTwoGroupsStaffAndPolice() throws {
    let (db, groups) = try publishedStore()
    try #require(groups.count >= 2)
    let add = try buurt([
      "accounts", "add", "--role", "coordinator", "--group", groups[0], "--group", groups[1], "--name", "An Peeters", "--email",
      "an@example.be", "--db", db,
    ])
    #expect(add.status == 0, "\(add.stderr)")
    let id = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(UUID(uuidString: id) != nil, "accounts add prints the new id: \(add.stdout)")
    let staff = try buurt([
      "accounts", "add", "--role", "staff", "--name", "Staff Member", "--email", "staff@lanaken.be", "--db", db, "--json",
    ])
    #expect(staff.status == 0, "\(staff.stderr)")
    let record = try JSONParser.parse(staff.stdout).objectValue
    #expect(record?["role"] == .string("staff"))
    #expect(record?["groups"] == .array([]))
    #expect(record?["token_issued_at"] == .null)
    #expect(record?.keys == ["id", "role", "name", "email", "groups", "created_at", "token_issued_at"])
    let police = try buurt(["accounts", "add", "--role", "police", "--name", "Wijkagent", "--email", "wijkagent@police.be", "--db", db])
    #expect(police.status == 0, "\(police.stderr)")

    let list = try JSONParser.parse(try buurt(["accounts", "list", "--db", db, "--json"]).stdout).arrayValue ?? []
    #expect(list.count == 3)
    let coordinator = list.first { $0.objectValue?["id"] == .string(id) }?.objectValue
    #expect(coordinator?["groups"] == .array([groups[0], groups[1]].sorted().map { .string($0) }))
    let text = try buurt(["accounts", "--db", db])
    #expect(text.stdout.contains("An Peeters <an@example.be>  groups: "), "\(text.stdout)")
  }

  @Test func everyRuleIsRefusedWithItsReason() throws {
    let (db, groups) = try publishedStore()
    func refused(_ arguments: [String], _ reason: String, status: Int32 = 1, sourceLocation: SourceLocation = #_sourceLocation) throws {
      let r = try buurt(["accounts", "add"] + arguments + ["--db", db])
      #expect(r.status == status, "\(arguments): \(r.stdout)", sourceLocation: sourceLocation)
      #expect(r.stderr.contains(reason), "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
    }
    try refused(["--role", "coordinator", "--name", "A", "--email", "a@example.be"], "at least one group")
    try refused(
      ["--role", "coordinator", "--group", "Nergenshuizen", "--name", "A", "--email", "a@example.be"], "there is no group \"Nergenshuizen\""
    )
    try refused(["--role", "staff", "--group", groups[0], "--name", "A", "--email", "a@example.be"], "only coordinators have groups")
    try refused(["--role", "mayor", "--name", "A", "--email", "a@example.be"], "--role must be coordinator, staff or police", status: 64)
    try refused(["--role", "staff", "--name", "A", "--email", "not-an-address"], "is not an email address")
    try refused(["--role", "staff", "--name", " ", "--email", "a@example.be"], "a name is required")
    #expect(try buurt(["accounts", "add", "--role", "staff", "--name", "A", "--email", "a@example.be", "--db", db]).status == 0)
    try refused(["--role", "police", "--name", "B", "--email", "A@Example.be"], "an account with email A@Example.be exists already")
    // Nothing refused was stored.
    #expect((try JSONParser.parse(try buurt(["accounts", "list", "--db", db, "--json"]).stdout).arrayValue ?? []).count == 1)
  }

  @Test func aTokenIsShownOnceAndOnlyItsDigestIsStored() throws {
    let (db, _) = try publishedStore()
    let id = try buurt(["accounts", "add", "--role", "police", "--name", "Wijkagent", "--email", "w@police.be", "--db", db]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let first = try buurt(["accounts", "token", id, "--db", db])
    #expect(first.status == 0, "\(first.stderr)")
    let token = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(token.count == 64 && token.allSatisfy(\.isHexDigit), "\(token)")
    #expect(first.stderr.contains("shown once"))
    let second = try buurt(["accounts", "token", id, "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(second != token, "a new token replaces the one before")
    // The store file holds neither token (the WAL is checkpointed when the command ends).
    let bytes = try Data(contentsOf: URL(fileURLWithPath: db)) + ((try? Data(contentsOf: URL(fileURLWithPath: db + "-wal"))) ?? Data())
    #expect(bytes.range(of: Data(token.utf8)) == nil)
    #expect(bytes.range(of: Data(second.utf8)) == nil)
    let listed = try JSONParser.parse(try buurt(["accounts", "list", "--db", db, "--json"]).stdout).arrayValue?.first?.objectValue
    #expect(listed?["token_issued_at"]?.stringValue?.isEmpty == false)

    let removed = try buurt(["accounts", "remove", id, "--db", db])
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(try buurt(["accounts", "list", "--db", db]).stdout == "no accounts\n")
    let again = try buurt(["accounts", "remove", id, "--db", db])
    #expect(again.status == 1)
    #expect(again.stderr.contains("no account \(id)"))
    #expect(try buurt(["accounts", "token", id, "--db", db]).status == 1)
  }
}
