public import BuurtStore
public import Foundation

/// Hands a rendered message to a mail transfer agent.
public protocol MailTransport: Sendable {
  /// - Throws: ``MailTransportError`` when the agent did not take the message.
  func send(_ message: String, to recipient: String) throws
}

public struct MailTransportError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// A sendmail-compatible agent (msmtp, Postfix's or exim's sendmail): the message on its standard
/// input, the recipient as its last argument; exit status 0 means it took the message.
public struct SendmailTransport: MailTransport {
  /// The program and its arguments, as a setting (`/usr/bin/msmtp -C /etc/msmtprc`, `/usr/sbin/sendmail -i`).
  public var command: [String]
  public init(command: [String]) { self.command = command }

  public func send(_ message: String, to recipient: String) throws {
    guard let program = command.first else { throw MailTransportError("no mail command is set") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    // "--" ends the options: an address can never be read as one.
    process.arguments = Array(command.dropFirst()) + ["--", recipient]
    let input = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do { try process.run() } catch { throw MailTransportError("\(program) could not be started: \(error.localizedDescription)") }
    input.fileHandleForWriting.write(Data(message.utf8))
    try? input.fileHandleForWriting.close()
    let said = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      let text = String(decoding: said.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw MailTransportError("\(program) exited with status \(process.terminationStatus)" + (text.isEmpty ? "" : ": " + text))
    }
  }
}

/// Delivers the outbox: every due message once per attempt (claimed first, so two workers never
/// send it together), with backoff between attempts and a dead letter after `maxAttempts`.
public struct OutboxDelivery: Sendable {
  public var store: Store
  public var transport: any MailTransport
  public var from: String
  public var fromName: String
  public var maxAttempts = 8
  /// Seconds before attempt `n + 1` after `n` failed: 30 s, doubling, at most an hour.
  public var backoff: @Sendable (Int) -> Double = { n in min(3600, 30 * pow(2, Double(max(0, n - 1)))) }
  /// How long one attempt holds a message before another worker may take it.
  public var lease: Double = 300

  public init(store: Store, transport: any MailTransport, from: String, fromName: String = "Buurtpreventie") {
    self.store = store
    self.transport = transport
    self.from = from
    self.fromName = fromName
  }

  public struct Report: Sendable, Equatable {
    public var sent = 0
    public var retried = 0
    public var dead = 0
    public init(sent: Int = 0, retried: Int = 0, dead: Int = 0) {
      self.sent = sent
      self.retried = retried
      self.dead = dead
    }
  }

  /// Sends what is due at `now`. - Throws: ``StoreError`` (a transport failure is recorded, not thrown).
  public func deliverDue(now: Date = Date(), limit: Int = 100) throws -> Report {
    var report = Report()
    let stamp = Store.timestamp(now)
    for entry in try store.dueMessages(at: stamp, limit: limit) {
      guard try store.claim(id: entry.id, until: Store.timestamp(now.addingTimeInterval(lease)), at: stamp) else { continue }
      do {
        try transport.send(MailMessage.render(entry, from: from, fromName: fromName, date: now), to: entry.message.recipient)
        try store.recordDelivery(id: entry.id, sent: true, at: stamp)
        report.sent += 1
      } catch let e as MailTransportError {
        let attempts = entry.attempts + 1
        let retry = attempts >= maxAttempts ? nil : Store.timestamp(now.addingTimeInterval(backoff(attempts)))
        try store.recordDelivery(id: entry.id, sent: false, error: e.description, retryAt: retry, at: stamp)
        if retry == nil { report.dead += 1 } else { report.retried += 1 }
      }
    }
    return report
  }
}
