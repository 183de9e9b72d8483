public import ArgumentParser
import BuurtApp
import BuurtStore
import Foundation

/// `buurt outbox`: the messages changes wrote, and their delivery (for a cron job, or beside `buurt serve`).
public struct OutboxCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "outbox", abstract: "List the outbox, or send what is due through a sendmail-compatible mail agent.",
    subcommands: [List.self, Send.self], defaultSubcommand: List.self)
  public init() {}

  /// The sender and the mail agent: options, else BUURT_MAIL_FROM and BUURT_SENDMAIL.
  struct MailOptions: ParsableArguments {
    @Option(help: "The sender address (default: BUURT_MAIL_FROM).") var from: String?
    @Option(name: .customLong("from-name"), help: "The sender's name.") var fromName = "Buurtpreventie"
    @Option(
      help:
        "The mail agent and its arguments, split at spaces (default: BUURT_SENDMAIL, else \"/usr/sbin/sendmail -i\"); the recipient is added after \"--\"."
    )
    var sendmail: String?
    @Option(name: .customLong("max-attempts"), help: "Attempts before a message becomes a dead letter.") var maxAttempts = 8

    func delivery(_ store: Store) throws -> OutboxDelivery {
      let env = ProcessInfo.processInfo.environment
      guard let from = (from ?? env["BUURT_MAIL_FROM"]), from.contains("@") else {
        throw CLIError("give the sender address: --from buurt@lanaken.be (or BUURT_MAIL_FROM)")
      }
      let command = (sendmail ?? env["BUURT_SENDMAIL"] ?? "/usr/sbin/sendmail -i").split(separator: " ").map(String.init)
      guard let program = command.first, FileManager.default.isExecutableFile(atPath: program) else {
        throw CLIError("the mail agent \(command.first ?? "") is not an executable file; install msmtp or Postfix, or give --sendmail PATH")
      }
      guard maxAttempts >= 1 else { throw CLIError("--max-attempts must be 1 or more") }
      var d = OutboxDelivery(store: store, transport: SendmailTransport(command: command), from: from, fromName: fromName)
      d.maxAttempts = maxAttempts
      return d
    }
  }

  public struct List: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "The messages, newest first: status, attempts, recipient, subject.")
    @OptionGroup var store: StoreOptions
    @Option(help: "Only pending, sent or dead messages.") var status: String?
    public init() {}
    public func run() throws {
      try reportingErrors {
        let filter = try status.map {
          guard let s = OutboxEntry.Status(rawValue: $0) else { throw CLIError("--status must be pending, sent or dead, not \($0)") }
          return s
        }
        var out = ""
        for e in try store.openForReading().outbox(status: filter) {
          out +=
            "\(e.id)\t\(e.status.rawValue)\t\(e.attempts)\t\(e.message.recipient)\t\(e.message.subject)"
            + (e.lastError.map { "\t" + $0.split(whereSeparator: \.isNewline).joined(separator: " ") } ?? "") + "\n"
        }
        Terminal.output(out)
      }
    }
  }

  public struct Send: ParsableCommand {
    public static let configuration = CommandConfiguration(
      abstract: "Send every due message once; failures wait (30 s, doubling, at most an hour) and become dead letters after --max-attempts."
    )
    @OptionGroup var store: StoreOptions
    @OptionGroup var mail: MailOptions
    public init() {}
    public func run() throws {
      try reportingErrors {
        let report = try mail.delivery(try store.open()).deliverDue()
        Terminal.error("sent \(report.sent), to retry \(report.retried), dead letters \(report.dead)")
      }
    }
  }
}
