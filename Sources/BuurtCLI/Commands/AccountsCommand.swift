public import ArgumentParser
import BuurtApp
import BuurtStore
import Foundation

/// `buurt accounts`: the coordinators, staff and police who work with buurt.
public struct AccountsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "accounts", abstract: "Add, list and remove the accounts of coordinators, staff and police; issue their API tokens.",
    discussion: """
      A coordinator coordinates one or more published groups (--group, repeatable) and sees only their \
      enrollments and members; staff see everything; police see groups and their coordinators' contacts. \
      `accounts token ID` prints a new API token once (only its SHA-256 is stored; the one before stops working). \
      The BUURT_STAFF_TOKENS bootstrap of `buurt serve` keeps working beside the accounts.
      """,
    subcommands: [Add.self, List.self, Remove.self, Token.self, Link.self], defaultSubcommand: List.self)
  public init() {}

  /// The one-time link that sets an account's password, as `accounts add` and `accounts link`
  /// print it: a full URL when the server's public address is known (`--base-url` or
  /// BUURT_PUBLIC_URL), else its path.
  static func printLink(accountID: String, store: Store, baseURL: String?) throws {
    guard let token = try SignIn(store: store).newLink(accountID: accountID) else { throw AppError.notFound("no account \(accountID)") }
    let base = (baseURL ?? ProcessInfo.processInfo.environment["BUURT_PUBLIC_URL"] ?? "").trimmingCharacters(
      in: CharacterSet(charactersIn: "/ "))
    let path = "/beheer/wachtwoord/" + token
    Terminal.error("buurt: one-time link to set the password (valid 72 hours, shown once): \(base.isEmpty ? path : base + path)")
  }

  public struct Add: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Add an account; prints its id (with --json, its record).")
    @Option(help: "coordinator, staff or police.") public var role: String
    @Option(help: "The person's name.") public var name: String
    @Option(help: "The person's email address (one account per address).") public var email: String
    @Option(name: .customLong("group"), help: "A group the coordinator coordinates (repeatable).") public var groups: [String] = []
    @Option(name: .customLong("base-url"), help: "The server's public address, for the password link (default: BUURT_PUBLIC_URL).")
    public var baseURL: String?
    @OptionGroup public var store: StoreOptions
    @OptionGroup public var answer: JSONOption
    public init() {}

    public func validate() throws {
      guard AccountRole(rawValue: role) != nil else {
        throw ValidationError("--role must be coordinator, staff or police, not \"\(role)\"")
      }
    }

    public func run() throws {
      try reportingErrors {
        let opened = try store.open()
        let account = try AccountRegistry(store: opened).add(
          role: AccountRole(rawValue: role) ?? .police, name: name, email: email, groups: groups)
        Terminal.output(answer.json ? ReportJSON.text(AccountReport(account)) + "\n" : account.id + "\n")
        try AccountsCommand.printLink(accountID: account.id, store: opened, baseURL: baseURL)
      }
    }
  }

  public struct List: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Every account: id, role, name, email, groups.")
    @OptionGroup public var store: StoreOptions
    @OptionGroup public var answer: JSONOption
    public init() {}

    public func run() throws {
      try reportingErrors {
        let accounts = try store.openForReading().accounts()
        if answer.json {
          Terminal.output(ReportJSON.text(accounts.map(AccountReport.init)) + "\n")
          return
        }
        if accounts.isEmpty { Terminal.output("no accounts\n") }
        for a in accounts {
          let groups = a.groups.isEmpty ? "" : "  groups: " + a.groups.joined(separator: ", ")
          let token = a.tokenCreatedAt == nil ? "  (no token yet)" : ""
          Terminal.output("\(a.id)  \(Format.padded(a.role.rawValue, 12))\(a.name) <\(a.email)>\(groups)\(token)\n")
        }
      }
    }
  }

  public struct Remove: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Remove an account; its token stops working at once.")
    @Argument(help: "The account id.") public var id: String
    @OptionGroup public var store: StoreOptions
    public init() {}

    public func run() throws {
      try reportingErrors {
        try AccountRegistry(store: try store.open()).remove(id: id)
        Terminal.output("removed \(id)\n")
      }
    }
  }

  public struct Token: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract: "Issue a new API token for an account and print it once (the one before stops working).")
    @Argument(help: "The account id.") public var id: String
    @OptionGroup public var store: StoreOptions
    public init() {}

    public func run() throws {
      try reportingErrors {
        let token = try AccountRegistry(store: try store.open()).issueToken(accountID: id)
        Terminal.output(token + "\n")
        Terminal.error("buurt: this token is shown once; only its SHA-256 is stored. Send it as: Authorization: Bearer TOKEN")
      }
    }
  }

  public struct Link: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract: "Print a new one-time link that sets the account's password (an older link stops working).")
    @Argument(help: "The account id.") public var id: String
    @Option(name: .customLong("base-url"), help: "The server's public address (default: BUURT_PUBLIC_URL).") public var baseURL: String?
    @OptionGroup public var store: StoreOptions
    public init() {}

    public func run() throws {
      try reportingErrors { try AccountsCommand.printLink(accountID: id, store: try store.open(), baseURL: baseURL) }
    }
  }
}
