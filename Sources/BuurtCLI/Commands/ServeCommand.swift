import ArgumentParser
import BuurtServer
import Foundation

/// `buurt serve`: the JSON API over HTTP.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Serve the JSON API (see /openapi.json). Staff tokens: BUURT_STAFF_TOKENS or --staff-tokens-file.")
  @Option(help: "The store (GeoPackage).") var db: String
  @Option(help: "Address to listen on.") var host = "127.0.0.1"
  @Option(help: "Port to listen on.") var port = 8080
  @Option(name: .customLong("staff-tokens-file"), help: "File with one SHA-256 hex digest of a staff token per line.") var staffTokensFile:
    String?
  @Option(
    name: .customLong("trusted-proxy"),
    help:
      "A reverse proxy (IP address or CIDR block) whose X-Forwarded-For names the client for rate limits; repeatable. Also BUURT_TRUSTED_PROXIES (comma-separated)."
  )
  var trustedProxies: [String] = []
  @Option(name: .customLong("metrics-access"), help: "Who may read /metrics: public, loopback (this machine and staff) or staff.")
  var metricsAccess = "public"
  @Option(
    name: .customLong("form-limit"),
    help: "Forms a client address may post, and enrollments one home may get, per 10 minutes (0: no limit).")
  var formLimit = 10
  @Option(
    name: .customLong("public-url"),
    help:
      "The server's address as people open it (https://buurt.lanaken.be): password links become full URLs, and with https every cookie is Secure. Also BUURT_PUBLIC_URL."
  )
  var publicURL: String?

  func run() async throws {
    var config = ServerConfiguration()
    config.storePath = db
    config.host = host
    config.port = port
    try await reportingErrorsAsync {
      config.staffTokenDigests = try ServerConfiguration.staffTokenDigests(
        environment: ProcessInfo.processInfo.environment["BUURT_STAFF_TOKENS"], file: staffTokensFile)
      if ProcessInfo.processInfo.environment["BUURT_RATE_LIMIT"] == "off" { config.rateLimit = nil }
      guard formLimit >= 0 else { throw CLIError("--form-limit must be 0 (no limit) or more, not \(formLimit)") }
      config.formLimit = formLimit == 0 ? nil : formLimit
      guard let access = ServerConfiguration.MetricsAccess(rawValue: metricsAccess) else {
        throw CLIError("--metrics-access must be public, loopback or staff, not \"\(metricsAccess)\"")
      }
      config.metricsAccess = access
      config.trustedProxies =
        trustedProxies
        + (ProcessInfo.processInfo.environment["BUURT_TRUSTED_PROXIES"] ?? "").split(separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces)
        }
        .filter { !$0.isEmpty }
      if ProcessInfo.processInfo.environment["BUURT_ACCESS_LOG"] == "off" { config.accessLog = false }
      if let url = (publicURL ?? ProcessInfo.processInfo.environment["BUURT_PUBLIC_URL"]).map({
        $0.trimmingCharacters(in: .whitespaces)
      }), !url.isEmpty {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil, parsed.query == nil else {
          throw CLIError("--public-url must be an http:// or https:// address such as https://buurt.lanaken.be, not \"\(url)\"")
        }
        config.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
      }
      // The outbox worker, when a sender is set (BUURT_MAIL_FROM) and the agent exists.
      let env = ProcessInfo.processInfo.environment
      if let from = env["BUURT_MAIL_FROM"], !from.isEmpty {
        guard from.contains("@") else { throw CLIError("BUURT_MAIL_FROM must be an address, not \"\(from)\"") }
        let command = (env["BUURT_SENDMAIL"] ?? "/usr/sbin/sendmail -i").split(separator: " ").map(String.init)
        guard let program = command.first, FileManager.default.isExecutableFile(atPath: program) else {
          throw CLIError("BUURT_SENDMAIL: \(command.first ?? "") is not an executable file; install msmtp or Postfix")
        }
        config.mail = MailSettings(from: from, fromName: env["BUURT_MAIL_FROM_NAME"] ?? "Buurtpreventie", command: command)
      }
      if config.staffTokenDigests.isEmpty { Terminal.error("buurt: warning: no staff tokens; staff routes answer 401") }
      try await runServer(configuration: config)
    }
  }
}
