import Addressing
public import ArgumentParser
import BuurtApp
import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Grouping

/// `buurt enroll`: a resident joins the group of their address.
public struct EnrollCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "enroll", abstract: "Enroll a resident: resolve the address, store name, phone and consent, print the group.",
    discussion:
      "With --batch FILE (CSV with name,phone,address[,email]) every row is enrolled and each acknowledged id is printed once it is durable."
  )
  @OptionGroup public var store: StoreOptions
  @Option(help: "The resident's name.") public var name: String?
  @Option(help: "Phone (Belgian or Dutch, national or +32/+31).") public var phone: String?
  @Option(help: "Email (optional).") public var email: String?
  @Option(help: "The address, as typed.") public var address: String?
  @Flag(help: "The resident consents to buurt storing these data.") public var consent = false
  @Option(
    help: "adult (18 or older) or minor_with_consent (16 or 17, with a parent's consent); in --batch the age column when there is one.")
  public var age: String?
  @Option(help: "resident (lives in the area) or business (runs a business there; only where the group admits it).")
  public var basis: String?
  @Option(name: .customLong("charter-version"), help: "The version of the rules of conduct the resident accepted (buurt charter show).")
  public var charterVersion: Int?
  @Option(help: "Enroll every row of a CSV (name,phone,address[,email]).") public var batch: String?
  @OptionGroup public var encoding: EncodingOption
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }
  public init() {}

  public func run() throws {
    try reportingErrors {
      let db = try store.open()
      let folder = try DataFolder(store: db, loader: try LayerLoader(), progress: Progress(quiet: true))
      let enrollment = try Enrollment(folder: folder, store: db)
      if let batch {
        let table: CSVTable
        do { table = try CSVTable(bytes: encoding.encoding.utf8(try FileIO.read(batch))) } catch let e as CSVError {
          throw CLIError("\(batch): \(e)")
        }
        guard let n = table.column(named: "name"), let p = table.column(named: "phone"), let a = table.column(named: "address") else {
          throw CLIError("\(batch): needs the columns name, phone and address")
        }
        let e = table.column(named: "email")
        let (ageColumn, basisColumn, charterColumn) = (
          table.column(named: "age"), table.column(named: "basis"), table.column(named: "charter_version")
        )
        var refused = 0
        for row in 0..<table.rowCount {
          let f = table.fields(row: row)
          do {
            let eligibility = try Eligibility(
              age: ageColumn.map { f[$0] } ?? age, basis: basisColumn.map { f[$0] } ?? basis,
              charterVersion: charterColumn.flatMap { Int(f[$0]) } ?? charterVersion)
            let o = try enrollment.enroll(
              name: f[n], phone: f[p], email: e.map { f[$0] }.flatMap { $0.isEmpty ? nil : $0 }, address: f[a], consent: consent,
              eligibility: eligibility)
            Terminal.output("\(o.newMember ? "enrolled" : "already") \(o.member.id)\n")
          } catch let r as Enrollment.Refusal {
            refused += 1
            Terminal.error("buurt: line \(table.line(ofRow: row)): refused: \(r)")
          }
        }
        if refused > 0 { throw ExitCode(1) }
        return
      }
      guard let name, let phone, let address else { throw CLIError("give --name, --phone and --address (and --consent), or --batch FILE") }
      do {
        let eligibility = try Eligibility(age: age, basis: basis, charterVersion: charterVersion)
        let o = try enrollment.enroll(name: name, phone: phone, email: email, address: address, consent: consent, eligibility: eligibility)
        let (m, created, group) = (o.member, o.newMember, o.group)
        if json {
          let address = "\(m.street) \(m.houseNumber ?? "")\(m.box.isEmpty ? "" : " bus \(m.box)"), \(m.postcode) \(m.locality ?? "")"
          Terminal.output(
            ReportJSON.text(Enrolled(id: m.id, created: created, group: group, address: address, status: m.status.rawValue)) + "\n")
        } else {
          Terminal.output(
            "\(created ? "enrolled" : "already enrolled"): \(m.id) at \(m.street) \(m.houseNumber ?? "")\(m.box.isEmpty ? "" : " bus \(m.box)"), \(m.postcode) → group \(group ?? "(none)"), \(m.status.rawValue)\(m.status == .refused ? " (see buurt audit --member \(m.id))" : "")\n"
          )
        }
      } catch let r as Enrollment.Refusal {
        throw CLIError("refused, nothing stored: \(r)")
      }
    }
  }
}

/// What `buurt enroll --json` prints.
struct Enrolled: Encodable {
  var id: String
  var created: Bool
  var group: String?
  var address: String
  /// The member's status: `refused` at once for a phone removed from this group (staff sees why in `buurt audit`).
  var status: String
}

/// `buurt members`: members per group (from the current boundaries), one member, erasure.
public struct MembersCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "members", abstract: "List members per group (current boundaries), show one, or erase one for real.",
    subcommands: [List.self, Show.self, Erase.self], defaultSubcommand: List.self)
  public init() {}

  /// Members with their current group (derived from the newest published boundaries).
  static func withGroups(_ db: Store) throws -> [(member: Member, group: String?)] {
    let members = try db.members()
    guard let (_, groups, stored) = try db.groups() else { return members.map { ($0, nil) } }
    let loader = try LayerLoader()
    let set = try loader.groupSet(names: groups.map(\.name), stored: stored)
    let placed = try loader.place(metric: members.map(\.position), in: set)
    return zip(members, placed).map { m, g in (m, g < 0 ? nil : set.names[Int(g)]) }
  }

  public struct List: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "list", abstract: "Members per group.")
    @OptionGroup public var store: StoreOptions
    @Option(help: "Only this group.") public var group: String?
    @Flag(help: "CSV (first column: the member id).") public var csv = false
    public init() {}
    public func run() throws {
      try reportingErrors {
        var rows = try MembersCommand.withGroups(try store.openForReading())
        if let g = group { rows = rows.filter { $0.group == g } }
        rows.sort { ($0.group ?? "~", $0.member.name) < ($1.group ?? "~", $1.member.name) }
        if csv {
          var out =
            "id,name,phone,email,street,housenumber,box,postcode,locality,group,group_at_enrollment,enrolled_at,submissions,other_names\n"
          for (m, g) in rows {
            out +=
              [
                m.id, m.name, m.phone, m.email ?? "", m.street, m.houseNumber ?? "", m.box, m.postcode, m.locality ?? "", g ?? "",
                m.groupAtEnrollment ?? "",
                m.enrolledAt, String(m.submissionCount), m.otherNames.joined(separator: " | "),
              ]
              .map(CSVTable.escapeForSpreadsheet).joined(separator: ",") + "\n"
          }
          Terminal.output(out)
          return
        }
        var current: String?? = .none
        for (m, g) in rows {
          if current != .some(g) {
            Terminal.output("\(g ?? "(outside every group)"):\n")
            current = .some(g)
          }
          let also = m.otherNames.isEmpty ? "" : "  (also as: \(m.otherNames.joined(separator: ", ")))"
          Terminal.output(
            "  \(m.id)  \(m.name)  \(m.phone)  \(m.street) \(m.houseNumber ?? "")\(m.box.isEmpty ? "" : " bus \(m.box)")\(also)\n")
        }
        if rows.isEmpty { Terminal.output("no members\(group.map { " in \($0)" } ?? "")\n") }
      }
    }
  }

  public struct Show: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Everything stored about one member (JSON).")
    @Argument(help: "The member id.") public var id: String
    @OptionGroup public var store: StoreOptions
    public init() {}
    public func run() throws {
      try reportingErrors {
        let db = try store.openForReading()
        guard let m = try db.member(id: id) else { throw CLIError("no member \(id)") }
        Terminal.output(ReportJSON.text(MemberRecord(m, submissions: try db.submissions(memberID: m.id))) + "\n")
      }
    }
  }

  public struct Erase: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract: "Erase a member for real (secure delete, WAL checkpointed; completes on a full disk).",
      discussion:
        "Backups made before keep the member until they are pruned, and exports already given out are not reached: the confirmation says so."
    )
    @Argument(help: "The member id.") public var id: String
    @OptionGroup public var store: StoreOptions
    public init() {}
    public func run() throws {
      try reportingErrors {
        let retention = try BackupRetention()
        guard try Store.forErasure(path: store.db).erase(memberID: id) else { throw CLIError("no member \(id)") }
        Terminal.output("erased \(id)\n" + Erase.reach(retention))
      }
    }

    /// What an erasure does not reach, said where it is confirmed.
    static func reach(_ retention: BackupRetention) -> String {
      """
      this erasure does not reach copies made before it: backups made with `buurt backup --to DIR/` keep this member until they are pruned, \
      \(retention.days) days after they were made (\(BackupRetention.variable)); a copy made with `buurt backup --to FILE` keeps it \
      until that file is deleted; exports already given out (`buurt members --csv`, /v1/members.csv) are not reached: ask whoever \
      has one to delete it.

      """
    }
  }
}
