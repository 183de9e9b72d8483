import Foundation
import GeoFormats
import TestSupport
import Testing

/// The membership scenario through the CLI (which acts as staff, as the owner of the store file
/// does), on a store made from the real Lanaken data: accounts, the charter, eligibility, the
/// queue, statuses and their audit trail, a removal that keeps the phone out, a boundary change
/// whose transfers are confirmed, an erasure that leaves nothing behind.
@Suite("buurt membership commands", .serialized)
struct MembershipCommandTests {
  func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

  /// Register addresses of a wijk ("Street 12, 3620"), one point per street and number.
  func addresses(inWijk wijk: String, count: Int) throws -> [String] {
    let table = try CSVTable(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.lanakenAddresses))))
    let (s, n, p, w) = (
      table.column(named: "street")!, table.column(named: "housenumber")!, table.column(named: "postcode")!, table.column(named: "wijk")!
    )
    var seen: [String: Int] = [:]
    var inWijk: [String] = []
    for row in 0..<table.rowCount {
      let f = table.fields(row: row)
      let text = "\(f[s]) \(f[n]), \(f[p])"
      seen[text, default: 0] += 1
      if f[w] == wijk && !f[n].isEmpty { inWijk.append(text) }
    }
    return Array(inWijk.filter { seen[$0] == 1 }.prefix(count))
  }

  @Test func fromEnrollmentToTheWhatsAppGroup() throws {
    let dir = try temporaryFolder()
    let db = dir + "/lanaken.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.geodata, "--db", db]).status == 0)
    #expect(try buurt(["groups", "publish", Fixtures.lanakenWijken, "--db", db]).status == 0)
    let rekem = try addresses(inWijk: "Rekem", count: 3)
    let kesselt = try addresses(inWijk: "Kesselt", count: 1)
    let gellik = try addresses(inWijk: "Gellik", count: 1)
    try #require(rekem.count == 3 && kesselt.count == 1 && gellik.count == 1)

    // Staff appoints coordinators, publishes the rules, opens Rekem to businesses.
    for (name, email, group) in [("Ann", "ann@example.be", "Rekem"), ("Kees", "kees@example.be", "Kesselt")] {
      let a = try buurt(["accounts", "add", "--db", db, "--role", "coordinator", "--name", name, "--email", email, "--group", group])
      #expect(a.status == 0, "\(a.stderr)")
    }
    try write("Gedragsregels: bel eerst 101.\n", to: dir + "/regels.md")
    let charter = try buurt(["charter", "publish", dir + "/regels.md", "--db", db])
    #expect(charter.status == 0 && charter.stdout == "1\n", "\(charter.stderr)")
    #expect(try buurt(["charter", "--db", db]).stdout.contains("bel eerst 101"))
    let settings = try buurt([
      "settings", "group", "Rekem", "--db", db, "--business-allowed", "true", "--contact", "buurtpreventie.rekem@lanaken.be",
    ])
    #expect(settings.status == 0 && settings.stdout.contains(#""business_allowed":true"#), "\(settings.stdout)\(settings.stderr)")
    let ownAddress = try buurt(["settings", "group", "Rekem", "--db", db, "--contact", "ann@example.be"])
    #expect(ownAddress.status == 1 && ownAddress.stderr.contains("account's own email"))

    func enroll(
      _ name: String, _ phone: String, _ address: String, age: String = "adult", basis: String = "resident", charter: String = "1"
    )
      throws -> ProcessResult
    {
      try buurt([
        "enroll", "--db", db, "--name", name, "--phone", phone, "--address", address, "--consent", "--age", age, "--basis", basis,
        "--charter-version", charter, "--json",
      ])
    }
    let anna = try enroll("Anna Adult", "0471 20 00 01", rekem[0])
    #expect(anna.status == 0, "\(anna.stderr)")
    let annaID = try #require(try json(anna.stdout).objectValue?["id"]?.stringValue)
    #expect(try enroll("Mila Minor", "0471 20 00 02", rekem[1], age: "minor_with_consent").status == 0)
    #expect(try enroll("Bakkerij", "0471 20 00 03", rekem[2], basis: "business").status == 0)
    let kim = try enroll("Kim Kesselt", "0471 20 00 05", kesselt[0])
    let kimID = try #require(try json(kim.stdout).objectValue?["id"]?.stringValue)
    for (refusal, says) in [
      (try enroll("Zaak Gellik", "0471 20 00 06", gellik[0], basis: "business"), "admits residents only"),
      (try enroll("Oud", "0471 20 00 07", gellik[0], charter: "0"), "send charter_version 1"),
      (try enroll("Jong", "0471 20 00 08", gellik[0], age: "under_16"), "younger than 16"),
      (try enroll("Elders", "0471 20 00 09", "Vrijthof 1, 6211 Maastricht"), "not found"),
    ] {
      #expect(refusal.status == 1 && refusal.stderr.contains(says), "\(refusal.stderr)")
    }

    // The queue, then added, refused (a reason is required), removed.
    let queue = try buurt(["queue", "--group", "Rekem", "--db", db, "--json"])
    let entries = try json(queue.stdout).objectValue?["enrollments"]?.arrayValue?.compactMap(\.objectValue) ?? []
    #expect(entries.count == 3, "\(queue.stdout)\(queue.stderr)")
    #expect(entries.contains { $0["whatsapp"]?.stringValue == "https://wa.me/32471200001" })
    let shop = try #require(entries.first { $0["basis"]?.stringValue == "business" }?["id"]?.stringValue)
    #expect(try buurt(["enrollments", "added", annaID, "--db", db]).status == 0)
    let noReason = try buurt(["enrollments", "refused", shop, "--db", db])
    #expect(noReason.status == 1 && noReason.stderr.contains("reason is required"))
    #expect(try buurt(["enrollments", "refused", shop, "--reason", "geen zaak hier", "--db", db]).status == 0)
    let twice = try buurt(["enrollments", "added", annaID, "--db", db])
    #expect(twice.status == 1 && twice.stderr.contains("is added"))
    #expect(try buurt(["enrollments", "removed", annaID, "--reason", "gedragsregels", "--db", db]).status == 0)
    // Enrolling again is stored, but the removed phone stays out of the queue.
    let again = try enroll("Anna Adult", "0471 20 00 01", rekem[0])
    #expect(again.status == 0, "\(again.stderr)")
    let pendingNow = try buurt(["queue", "--group", "Rekem", "--db", db])
    #expect(!pendingNow.stdout.contains("Anna Adult") && pendingNow.stdout.contains("Mila Minor"), "\(pendingNow.stdout)")
    #expect(try buurt(["enrollments", "added", kimID, "--db", db]).status == 0)

    // The audit trail holds every transition.
    let audit = try json(try buurt(["audit", "--db", db, "--json"]).stdout).arrayValue?.compactMap(\.objectValue) ?? []
    #expect(audit.filter { $0["to"]?.stringValue == "pending" }.count == 4)
    #expect(audit.filter { $0["to"]?.stringValue == "added" }.count == 2)
    #expect(audit.contains { $0["to"]?.stringValue == "refused" && $0["reason"]?.stringValue == "geen zaak hier" })
    #expect(audit.contains { $0["to"]?.stringValue == "removed" && $0["from"]?.stringValue == "added" })

    // A new boundary version moves Kim; the transfer is confirmed on both sides.
    let publish = try buurt(["groups", "publish", Fixtures.lanakenDeelgemeenten, "--db", db])
    #expect(publish.status == 0 && publish.stdout.contains("move to another group"), "\(publish.stdout)\(publish.stderr)")
    let transfers = try json(try buurt(["transfers", "list", "--db", db, "--json"]).stdout).arrayValue?.compactMap(\.objectValue) ?? []
    let kimTransfer = try #require(transfers.first { $0["member"]?.stringValue == kimID })
    #expect(kimTransfer["from_group"]?.stringValue == "Kesselt")
    let transferID = try #require(kimTransfer["id"]?.stringValue)
    let newGroup = try #require(kimTransfer["to_group"]?.stringValue)
    #expect(try buurt(["transfers", "removed", transferID, "--db", db]).status == 0)
    let done = try buurt(["transfers", "added", transferID, "--db", db])
    #expect(done.status == 0 && done.stdout.contains("transfer complete"), "\(done.stdout)\(done.stderr)")
    #expect(try buurt(["queue", "--group", newGroup, "--status", "added", "--db", db]).stdout.contains("Kim Kesselt"))

    // Erasure: no name or phone in the file, its WAL or the audit trail.
    let mila = try #require(entries.first { $0["name"]?.stringValue == "Mila Minor" }?["id"]?.stringValue)
    #expect(try buurt(["members", "erase", mila, "--db", db]).status == 0)
    let trail = try buurt(["audit", "--db", db, "--json"]).stdout
    #expect(!trail.contains(mila) && trail.contains(#""member":null"#))
    for suffix in ["", "-wal"] {
      let bytes = (try? Data(contentsOf: URL(fileURLWithPath: db + suffix))) ?? Data()
      for needle in ["Mila Minor", "+32471200002"] { #expect(bytes.range(of: Data(needle.utf8)) == nil, "\(needle) in \(suffix)") }
    }
  }
}
