import Addressing
import BuurtApp
public import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import GeoProjection
import Grouping
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import NIOPosix
import Synchronization

/// What the server needs to know besides the data.
public struct ServerConfiguration: Sendable {
  /// The store (GeoPackage) the server answers from and writes enrollments to.
  public var storePath = "buurt.gpkg"
  public var host = "127.0.0.1"
  public var port = 8080
  /// SHA-256 hex digests of the staff tokens.
  public var staffTokenDigests: [String] = []
  /// Public routes: requests per second per client address, and the burst allowed (nil: off).
  public var rateLimit: (rate: Double, burst: Double)? = (20, 40)
  /// Forms posted (enrollments, typed codes) per client address and enrollments per home,
  /// per 10 minutes (nil: off).
  public var formLimit: Int? = 10
  /// bcrypt's cost for the pages' passwords (2^cost rounds; 12 takes about a quarter second).
  public var passwordCost: UInt8 = 12
  /// Hours a session of the pages for coordinators, staff and police lasts.
  public var sessionHours: Double = 8
  public var maxConcurrentRequests = 512
  /// Requests in flight one client address may have (staff with a valid token are not counted).
  public var maxConcurrentPerClient = 8
  /// Slots of `maxConcurrentRequests` that only reads (GET, HEAD) may take, so uploads and slow
  /// bodies cannot hold them all. `/healthz` is never bounded.
  public var readReserve = 32
  /// Seconds a client has to send a whole request body once its head arrived (408 after that).
  public var bodyTimeoutSeconds: Double = 10
  /// Addresses (or IPv4/IPv6 CIDR blocks) of reverse proxies whose `X-Forwarded-For` is believed:
  /// a request from one of them is counted, for rate and concurrency limits, against the client
  /// the proxy names. Requests from anywhere else are counted against their own address.
  public var trustedProxies: [String] = []
  /// The server's address as people open it (`https://buurt.lanaken.be`, no trailing slash): the
  /// password links the pages show are full URLs to it (else paths), and with `https` every
  /// cookie is `Secure`, as it is behind a TLS proxy that says `X-Forwarded-Proto: https`.
  public var publicURL: String?
  /// How the outbox is delivered while the server runs (nil: it is not; `buurt outbox send` can).
  public var mail: MailSettings?
  public var publicBodyLimit = 16 * 1024
  public var uploadBodyLimit = 10 * 1024 * 1024
  /// Seconds a connection may stay idle (or trickle a request) before it is closed.
  public var idleTimeoutSeconds = 30
  /// Seconds an upload, publish, enrollment or staff export may take before the client gets a
  /// 503 "timeout" (the hot read routes are bounded by their input limits instead).
  public var requestTimeoutSeconds: Double = 20
  /// Who may read `/metrics` (request counters and latencies; the member count only ever for staff).
  public enum MetricsAccess: String, Sendable, CaseIterable {
    /// Anyone (the counters hold no personal data).
    case `public`
    /// Clients on this machine (127.0.0.0/8, ::1; behind a trusted proxy, the client it names) and staff.
    case loopback
    /// Staff tokens only.
    case staff
  }
  public var metricsAccess = MetricsAccess.public
  /// One structured log line per request (method, route, status, duration; no personal data).
  public var accessLog = true

  public init() {}

  /// Staff tokens from `BUURT_STAFF_TOKENS` (comma-separated, plain) and a file of SHA-256
  /// hex digests (one per line, `#` comments).
  public static func staffTokenDigests(environment: String?, file: String?) throws -> [String] {
    var digests = (environment ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(
      Digests.sha256Hex)
    if let file {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      for line in text.split(separator: "\n") {
        let t = line.trimmingCharacters(in: .whitespaces).lowercased()
        if t.isEmpty || t.hasPrefix("#") { continue }
        guard t.count == 64, t.allSatisfy({ $0.isHexDigit }) else {
          throw AppError.invalidInput("\(file): \"\(t.prefix(12))…\" is not a SHA-256 hex digest")
        }
        digests.append(t)
      }
    }
    return digests
  }
}

/// The request context: the client's address for the rate limit.
public struct BuurtContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  public let remoteAddress: String

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
  }

  /// Reports are written as buurt writes all its JSON (``ReportResponseEncoder``).
  public var responseEncoder: ReportResponseEncoder { ReportResponseEncoder() }
}

/// The data the routes answer from: the register and the groups now published, with what is
/// derived from them once. Replaced as a whole when a boundary set is published, so a request
/// sees one version from start to end.
final class LiveData: Sendable {
  let folder: DataFolder
  let writer: ResolutionWriter
  /// `{"name":"…"}` per group, serialised once.
  let groupNameJSON: [String]
  /// Register addresses per group.
  let households: [Int]
  /// Per group, its streets with their house-number ranges (for the group pages).
  let streets: [[StreetRange]]
  /// Address suggestions for the enrollment form, from the register.
  let suggester: AddressSuggester

  init(folder: DataFolder, projection: MetricProjection) throws {
    self.folder = folder
    writer = try ResolutionWriter(folder: folder)
    groupNameJSON = (folder.groups?.names ?? []).map { ReportJSON.text(GroupRef(name: $0)) }
    let register = folder.resolver.register
    let assignment = folder.groups.map { $0.assign(placing: register.lonLats, metric: register.positions, threads: folder.loader.threads) }
    var counts: [Int] = []
    if let groups = folder.groups, let assignment { counts = groups.tally(assignment).perGroup }
    households = counts
    suggester = AddressSuggester(register: register)
    streets = assignment.map { StreetRange.perGroup(register: register, groupOfAddress: $0, groups: counts.count) } ?? []
  }
}

/// Everything the routes share: the store, the live data, the limits.
public final class BuurtService: Sendable {
  public let store: Store
  private let live: Mutex<LiveData>
  let configuration: ServerConfiguration
  let rateLimiter: RateLimiter?
  let formLimiter: RateLimiter?
  let publicMap: PublicMap
  /// The store's streets (for the signs page).
  let streetLines: [StreetLine]
  let pageCache = PageCache()
  let signIn: SignIn
  let signInThrottle = SignInThrottle()
  private let mapCache = Mutex<[String: PublicMap.Drawing]>([:])
  let draftChecks = Mutex<[String: BoundarySetCheck]>([:])
  let publishing = Mutex(())
  let signTables = Mutex<[Int: SignTable]>([:])
  let concurrency: ConcurrencyLimit
  let clientConcurrency: ClientConcurrency
  let clientRule: ClientAddressRule
  let metrics = RequestMetrics()
  let logger: Logger
  let openAPI: ByteBuffer
  let pages: PageRenderer
  let routeTable: RouteTable
  let projection: MetricProjection
  /// The key under which management tokens are derived from idempotency keys.
  let tokenSecret: String

  /// Loads the store's register and its newest published groups.
  public init(store: Store, configuration: ServerConfiguration, logger: Logger = Logger(label: "buurt")) throws {
    self.store = store
    self.configuration = configuration
    self.logger = logger
    tokenSecret = try store.tokenSecret()
    let loader = try LayerLoader()
    let initial = try LiveData(
      folder: try DataFolder(store: store, loader: loader, progress: Progress(quiet: true)), projection: loader.projection)
    live = Mutex(initial)
    rateLimiter = configuration.rateLimit.map { RateLimiter(rate: $0.rate, burst: $0.burst) }
    signIn = SignIn(store: store, cost: configuration.passwordCost, sessionLifetime: configuration.sessionHours * 3600)
    formLimiter = configuration.formLimit.map { RateLimiter(rate: Double($0) / 600, burst: Double($0)) }
    let streets = try store.hasLayer("streets") ? try store.features(of: "streets").map { ($0.properties, $0.geometry) } : []
    streetLines = PlanningData.streetLines(streets)
    publicMap = PublicMap(streets: streetLines, municipality: initial.folder.municipality)
    concurrency = ConcurrencyLimit(limit: configuration.maxConcurrentRequests)
    clientConcurrency = ClientConcurrency(limit: configuration.maxConcurrentPerClient)
    do { clientRule = try ClientAddressRule(trustedProxies: configuration.trustedProxies) } catch let e as ClientAddressRule.Invalid {
      throw AppError.invalidInput(e.description)
    }
    projection = loader.projection
    let url = Bundle.module.url(forResource: "openapi", withExtension: "json")
    let document = url.flatMap { try? Data(contentsOf: $0) }.map(Array.init) ?? Array("{}".utf8)
    openAPI = ByteBuffer(bytes: document)
    routeTable = RouteTable(openAPI: document)
    pages = try PageRenderer()
  }

  /// The data as it is now (one lock and one retain).
  var data: LiveData { live.withLock { $0 } }

  /// Switches every following request to `groups`, just published as `version`.
  func usePublished(_ groups: GroupSet, version: Int) throws {
    let next = try LiveData(folder: data.folder.replacingGroups(groups, version: version), projection: projection)
    // Two publishes at once: the newer version stays.
    live.withLock { if ($0.folder.groupsVersion ?? 0) < version { $0 = next } }
  }

  /// The map of every group (`focus` nil) or of one group, filled by the groups' states; drawn
  /// once per published version and set of states. nil for a group that does not exist.
  func map(focus: String?) throws -> PublicMap.Drawing? {
    let data = self.data
    guard let groups = data.folder.groups else { return nil }
    let states = try GroupStates(store: store, groups: groups.names)
    let fills = groups.names.map { BuurtService.fill[states.state(of: $0).status] ?? "#dddddd" }
    let focusIndex = focus.flatMap { groups.names.firstIndex(of: $0) }
    if focus != nil && focusIndex == nil { return nil }
    let key = "\(data.folder.groupsVersion ?? 0)|\(focus ?? "*")|" + fills.joined()
    if let cached = mapCache.withLock({ $0[key] }) { return cached }
    let areas = zip(groups.names, groups.areas).enumerated().map { k, g in PublicMap.Area(name: g.0, area: g.1, fill: fills[k]) }
    let drawing =
      try focusIndex.map { try publicMap.group($0, of: areas, title: "\(pages.texts.groupMapTitle) \(groups.names[$0])") }
      ?? publicMap.overview(areas, title: pages.texts.mapTitle)
    mapCache.withLock { cache in
      if cache.count > 4096 { cache.removeAll() }
      cache[key] = drawing
    }
    return drawing
  }

  func groupMap(_ name: String) throws -> PublicMap.Drawing? { try map(focus: name) }

  /// A group's fill on the maps, by its state (the pages name the state in words too).
  static let fill: [GroupState.Status: String] = [.active: "#8fd19e", .noCoordinator: "#ffd966", .full: "#f4a3a0"]

  static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For")!

  /// The client a request counts against for rate and concurrency limits (see ``ClientAddressRule``).
  func clientAddress(_ request: Request, _ context: BuurtContext) -> String {
    clientRule.client(peer: context.remoteAddress, forwardedFor: request.headers[values: BuurtService.forwardedFor])
  }

  /// Who sent the request, by its bearer token: a bootstrap staff token (`BUURT_STAFF_TOKENS`)
  /// or an account's token; nil without a token or with one nobody holds.
  func caller(_ request: Request) -> Actor? {
    guard let token = bearer(request) else { return nil }
    let digest = Digests.sha256Hex(token)
    var bootstrap = false
    for d in configuration.staffTokenDigests where Digests.constantTimeEquals(d, digest) { bootstrap = true }
    if bootstrap { return .staff(nil) }
    // A store that cannot be read answers as no caller: the route then says 401, not 500.
    guard let account = try? store.account(tokenSHA256: digest) else { return nil }
    switch account.role {
    case .staff: return .staff(account)
    case .coordinator: return .coordinator(account)
    case .police: return .police(account)
    }
  }

  /// The caller, or a 401 that says which token the route needs.
  func requireCaller(_ request: Request, _ needs: String) throws -> Actor {
    guard let c = caller(request) else { throw Problem.unauthorized("this route needs \(needs) token: Authorization: Bearer TOKEN") }
    return c
  }

  /// A staff caller, or a 401 (no token) or a 403 saying `refusal` (another role).
  @discardableResult
  func requireStaff(_ request: Request, _ refusal: String = "this route is for staff only") throws -> Actor {
    switch caller(request) {
    case let staff? where staff.isStaff: return staff
    case nil: throw Problem.unauthorized("this route needs a staff token: Authorization: Bearer TOKEN")
    case .some: throw Problem.forbidden(refusal)
    }
  }

  func isStaff(_ request: Request) -> Bool {
    if case .staff? = caller(request) { return true }
    return false
  }

  func bearer(_ request: Request) -> String? {
    guard let value = request.headers[.authorization], value.lowercased().hasPrefix("bearer ") else { return nil }
    let token = value.dropFirst(7).trimmingCharacters(in: .whitespaces)
    return token.isEmpty ? nil : token
  }
}

/// One event loop per CPU this process may run on: NIO's default counts the machine's CPUs, so a
/// server confined to fewer (taskset, cpusets) would switch between loops on the same core.
enum EventLoops {
  static let group = MultiThreadedEventLoopGroup(numberOfThreads: allowedCPUs)

  /// The CPUs in this process's affinity mask (Linux: `Cpus_allowed` in /proc/self/status).
  static var allowedCPUs: Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
    else { return System.coreCount }
    let n = line.dropFirst("Cpus_allowed:".count).reduce(0) { $0 + (Int(String($1), radix: 16)?.nonzeroBitCount ?? 0) }
    return max(1, min(n, System.coreCount))
  }
}

/// The application `buurt serve` runs: the store at `configuration.storePath`, its register and
/// newest published groups, the routes, limits, errors and logs.
/// - Throws: ``StoreError`` when the store cannot be opened, ``AppError`` for a setting that
///   cannot be used.
public func buildApplication(configuration: ServerConfiguration, logger: Logger = Logger(label: "buurt")) throws -> some ApplicationProtocol
{
  buildApplication(service: try BuurtService(store: try Store(path: configuration.storePath), configuration: configuration, logger: logger))
}

/// Runs the server until it is stopped (SIGINT or SIGTERM), its log lines buffered to stderr.
public func runServer(configuration: ServerConfiguration) async throws {
  LoggingSystem.bootstrap { BufferedLogHandler(label: $0) }
  defer { BufferedLogHandler.flush() }
  let logger = Logger(label: "buurt")
  let service = try BuurtService(store: try Store(path: configuration.storePath), configuration: configuration, logger: logger)
  // The outbox worker: what is due, every few seconds, on a thread of its own (the mail agent
  // is a process the worker waits for).
  let worker = configuration.mail.map { mail in
    Task.detached {
      var delivery = OutboxDelivery(
        store: service.store, transport: SendmailTransport(command: mail.command), from: mail.from, fromName: mail.fromName)
      delivery.maxAttempts = mail.maxAttempts
      while !Task.isCancelled {
        do {
          let r = try delivery.deliverDue()
          if r != OutboxDelivery.Report() { logger.info("outbox: sent \(r.sent), to retry \(r.retried), dead letters \(r.dead)") }
        } catch { logger.error("outbox: \(error)") }
        try? await Task.sleep(for: .seconds(mail.intervalSeconds))
      }
    }
  }
  defer { worker?.cancel() }
  try await buildApplication(service: service).runService()
}

/// The sender and the mail agent of the outbox worker.
public struct MailSettings: Sendable {
  public var from: String
  public var fromName: String
  /// A sendmail-compatible agent and its arguments (`/usr/bin/msmtp -C FILE`); the recipient is added after `--`.
  public var command: [String]
  public var maxAttempts: Int
  public var intervalSeconds: Double
  public init(from: String, fromName: String = "Buurtpreventie", command: [String], maxAttempts: Int = 8, intervalSeconds: Double = 5) {
    self.from = from
    self.fromName = fromName
    self.command = command
    self.maxAttempts = maxAttempts
    self.intervalSeconds = intervalSeconds
  }
}

/// The application around a service already made (the router tests reach into the service).
func buildApplication(service: BuurtService) -> some ApplicationProtocol {
  // HEAD is answered on every GET route, with the GET's headers and no body.
  let router = Router(context: BuurtContext.self, options: .autoGenerateHeadEndpoints)
  router.add(middleware: GuardMiddleware(service: service))
  addRoutes(to: router, service: service)
  var logger = service.logger
  logger.logLevel = .info
  return Application(
    router: router,
    // Connections idle (or trickling a request) for longer than this are closed.
    server: HTTPServerBuilder { responder in
      BuurtHTTP1Channel(responder: responder, idleTimeout: .seconds(Int64(service.configuration.idleTimeoutSeconds)))
    },
    configuration: .init(address: .hostname(service.configuration.host, port: service.configuration.port), serverName: "buurt"),
    eventLoopGroupProvider: .shared(EventLoops.group),
    logger: logger)
}

/// The application layer's progress lines (Foundation has a `Progress` of its own).
typealias Progress = BuurtApp.Progress
