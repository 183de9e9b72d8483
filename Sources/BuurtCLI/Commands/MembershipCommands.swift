public import ArgumentParser
import BuurtApp
import BuurtStore
import Foundation

// What follows an enrollment, for staff at the command line (the CLI acts as staff, as the
// owner of the store file does): the same rules as the API, from BuurtApp's `Membership`.

/// The published groups' names (the groups a queue or a setting can name).
private func groupNames(_ store: Store) throws -> [String] { try store.publishedGroupNames() }

/// `buurt queue`: a group's enrollments waiting for its coordinator.
public struct QueueCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "queue", abstract: "A group's enrollments with a status (pending: waiting to be added in WhatsApp), with wa.me links.")
  @Option(help: "The group.") public var group: String
  @Option(help: "pending, added, refused, removed, left or moving.") public var status: String = "pending"
  @OptionGroup public var store: StoreOptions
  @OptionGroup public var answer: JSONOption
  public init() {}

  public func run() throws {
    try reportingErrors {
      guard let s = MemberStatus(rawValue: status) else {
        throw CLIError("--status must be one of \(MemberStatus.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      let db = try store.openForReading()
      let report = try Membership(store: db).queue(group: group, status: s, knownGroups: try groupNames(db), by: .staff(nil))
      if answer.json {
        Terminal.output(ReportJSON.text(report) + "\n")
        return
      }
      var out =
        "\(report.group): \(report.members) members of \(report.capacity) (advised \(report.advisedRange.min)–\(report.advisedRange.max)); \(report.enrollments.count) \(report.status)\n"
      for w in report.warnings { out += "warning: \(w)\n" }
      for e in report.enrollments {
        out +=
          "\(e.id)  \(Format.padded(e.name, 28)) \(Format.padded(e.phone, 14)) \(e.whatsapp)  \(e.age ?? "-") \(e.basis ?? "-")  \(e.enrolledAt.prefix(10))\n"
      }
      Terminal.output(out)
    }
  }
}

/// `buurt enrollments added|refused|removed|left ID`.
public struct EnrollmentsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "enrollments", abstract: "Mark an enrollment added (in WhatsApp), refused, removed or left; list those waiting.",
    subcommands: [Added.self, Refused.self, Removed.self, Left.self, Waiting.self])
  public init() {}

  struct Change: ParsableArguments {
    @Argument(help: "The enrollment (the id `buurt queue` lists, or a submission's id).") var id: String
    @Option(help: "Why (required to refuse or remove; kept in the audit trail).") var reason: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var answer: JSONOption

    func run(_ transition: Membership.Transition) throws {
      try reportingErrors {
        let m = try Membership(store: try store.open()).mark(id, transition, reason: reason, by: .staff(nil))
        Terminal.output(
          answer.json ? ReportJSON.text(QueueEntry(m)) + "\n" : "\(m.id): \(m.status.rawValue) in \(m.groupName ?? "(no group)")\n")
      }
    }
  }

  public struct Added: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "The coordinator added the number to the WhatsApp group.")
    @OptionGroup var change: Change
    public init() {}
    public func run() throws { try change.run(.added) }
  }

  public struct Refused: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Refuse a pending enrollment (--reason).")
    @OptionGroup var change: Change
    public init() {}
    public func run() throws { try change.run(.refused) }
  }

  public struct Removed: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract:
        "Remove a member who broke the rules of conduct (--reason); the phone may not enroll in the group again for the removal period.")
    @OptionGroup var change: Change
    public init() {}
    public func run() throws { try change.run(.removed) }
  }

  public struct Left: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "The member left the group.")
    @OptionGroup var change: Change
    public init() {}
    public func run() throws { try change.run(.left) }
  }

  public struct Waiting: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract: "Pending enrollments per group; groups without a coordinator, whose enrollments wait for one, first.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var answer: JSONOption
    public init() {}
    public func run() throws {
      try reportingErrors {
        let db = try store.openForReading()
        let names = try groupNames(db)
        let states = try GroupStates(store: db, groups: names)
        let waiting = states.waitingFirst.filter { $0.pending > 0 }
        if answer.json {
          Terminal.output(
            ReportJSON.text(waiting.map { WaitingGroup(group: $0.name, status: $0.status.rawValue, pending: $0.pending) }) + "\n")
          return
        }
        if waiting.isEmpty { Terminal.output("no pending enrollments\n") }
        for g in waiting { Terminal.output("\(Format.padded(g.name, 24)) \(Format.padded(g.status.rawValue, 16)) \(g.pending) pending\n") }
      }
    }
  }
}

struct WaitingGroup: Encodable {
  var group: String
  var status: String
  var pending: Int
}

/// `buurt transfers`: members a boundary change moved.
public struct TransfersCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "transfers",
    abstract: "Members a new boundary version moved: list them; confirm the old group removed or the new one added the number.",
    subcommands: [List.self, Removed.self, Added.self], defaultSubcommand: List.self)
  public init() {}

  public struct List: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Open transfers (--all: every one).")
    @Flag(help: "Completed transfers too.") var all = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var answer: JSONOption
    public init() {}
    public func run() throws {
      try reportingErrors {
        let db = try store.openForReading()
        let reports = try Membership(store: db).transfers(all: all, by: .staff(nil)).map {
          TransferReport($0, member: try db.member(id: $0.memberID))
        }
        if answer.json {
          Terminal.output(ReportJSON.text(reports) + "\n")
          return
        }
        if reports.isEmpty { Terminal.output("no open transfers\n") }
        for t in reports {
          let state =
            t.completedAt != nil ? "complete" : "removed: \(t.removedAt == nil ? "no" : "yes"), added: \(t.addedAt == nil ? "no" : "yes")"
          Terminal.output("\(t.id)  \(t.name ?? "?")  \(t.fromGroup) → \(t.toGroup ?? "(no group)")  (version \(t.version); \(state))\n")
        }
      }
    }
  }

  struct Side: ParsableArguments {
    @Argument(help: "The transfer.") var id: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var answer: JSONOption
    func run(_ side: TransferSide) throws {
      try reportingErrors {
        let db = try store.open()
        let t = try Membership(store: db).confirm(transfer: id, side, by: .staff(nil))
        let report = TransferReport(t, member: try db.member(id: t.memberID))
        Terminal.output(
          answer.json
            ? ReportJSON.text(report) + "\n" : "\(t.id): \(side.rawValue) confirmed\(t.completedAt != nil ? "; transfer complete" : "")\n")
      }
    }
  }

  public struct Removed: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "The old group's coordinator removed the number.")
    @OptionGroup var side: Side
    public init() {}
    public func run() throws { try side.run(.removed) }
  }

  public struct Added: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "The new group's coordinator added the number.")
    @OptionGroup var side: Side
    public init() {}
    public func run() throws { try side.run(.added) }
  }
}

/// `buurt audit`: every status transition, who made it and why.
public struct AuditCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "The audit trail: every status transition with who, when, from, to and reason (erased members anonymised).")
  @Option(help: "One member's entries.") var member: String?
  @Option(help: "Entries after this id.") var after = 0
  @Option(help: "At most this many entries.") var limit = 1000
  @OptionGroup var store: StoreOptions
  @OptionGroup var answer: JSONOption
  public init() {}
  public func run() throws {
    try reportingErrors {
      let entries = try Membership(store: try store.openForReading()).audit(memberID: member, after: after, limit: limit, by: .staff(nil))
      if answer.json {
        Terminal.output(ReportJSON.text(entries.map(AuditReport.init)) + "\n")
        return
      }
      for e in entries {
        let who = e.actor.accountID.map { "\(e.actor.role) \($0)" } ?? e.actor.role
        Terminal.output(
          "\(e.id)  \(e.at)  \(Format.padded(who, 24)) \(e.memberID ?? "(erased)")  \(e.group ?? "-")  \(e.from?.rawValue ?? "-") → \(e.to.rawValue)\(e.reason.map { "  (\($0))" } ?? "")\n"
        )
      }
    }
  }
}

/// `buurt charter`: the rules of conduct residents accept.
public struct CharterCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "charter", abstract: "Publish a version of the rules of conduct (gedragsregels), or show the current one.",
    subcommands: [Show.self, Publish.self], defaultSubcommand: Show.self)
  public init() {}

  public struct Show: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "The current version.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var answer: JSONOption
    public init() {}
    public func run() throws {
      try reportingErrors {
        guard let c = try store.openForReading().currentCharter() else {
          throw CLIError("no rules of conduct were published yet (buurt charter publish FILE)")
        }
        Terminal.output(
          answer.json ? ReportJSON.text(CharterReport(c)) + "\n" : "version \(c.version), published \(c.publishedAt)\n\n\(c.text)\n")
      }
    }
  }

  public struct Publish: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract: "Publish FILE (UTF-8 text or Markdown) as the new version; prints its number.")
    @Argument(help: "The text of the rules of conduct.") var file: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var answer: JSONOption
    public init() {}
    public func run() throws {
      try reportingErrors {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch { throw CLIError("\(file): cannot read it as UTF-8 text") }
        guard !text.allSatisfy(\.isWhitespace) else { throw CLIError("\(file) is empty") }
        let c = try store.open().publishCharter(text: text)
        Terminal.output(answer.json ? ReportJSON.text(CharterReport(c)) + "\n" : "\(c.version)\n")
      }
    }
  }
}

/// `buurt settings`: the municipality's capacity, advised range and removal period; a group's own.
public struct SettingsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "settings",
    abstract:
      "Show or set capacity, advised_min, advised_max, removal_block_days; with --group, a group's contact, business admission and capacity.",
    subcommands: [Show.self, Set.self, Group.self], defaultSubcommand: Show.self)
  public init() {}

  public struct Show: ParsableCommand {
    @OptionGroup var store: StoreOptions
    public init() {}
    public func run() throws {
      try reportingErrors { Terminal.output(ReportJSON.text(try MembershipSettings(store: try store.openForReading())) + "\n") }
    }
  }

  public struct Set: ParsableCommand {
    @Argument(help: "capacity, advised_min, advised_max or removal_block_days.") var key: String
    @Argument var value: Int
    @OptionGroup var store: StoreOptions
    public init() {}
    public func run() throws {
      try reportingErrors {
        Terminal.output(ReportJSON.text(try MembershipSettings.set(key, value, in: try store.open(), by: .staff(nil))) + "\n")
      }
    }
  }

  public struct Group: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract: "A group's contact (role address), whether it admits businesses, its capacity.")
    @Argument(help: "The group.") var group: String
    @Option(help: "The group's role email address (\"\" clears it).") var contact: String?
    @Option(name: .customLong("business-allowed"), help: "true or false: people who run a business in the area may enroll.")
    var businessAllowed: Bool?
    @Option(help: "The group's own capacity (0: the municipality's).") var capacity: Int?
    @OptionGroup var store: StoreOptions
    public init() {}
    public func run() throws {
      try reportingErrors {
        let db = try store.open()
        let s = try GroupSettingsChange.apply(
          group: group, contact: contact.map { $0.isEmpty ? nil : $0 }, businessAllowed: businessAllowed,
          capacity: capacity.map { $0 == 0 ? nil : $0 }, knownGroups: try groupNames(db), in: db, by: .staff(nil))
        Terminal.output(ReportJSON.text(GroupSettingsReport(s)) + "\n")
      }
    }
  }
}
