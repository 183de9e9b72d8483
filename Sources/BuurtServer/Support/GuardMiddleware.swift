import BuurtStore
import Foundation
import Hummingbird
import Logging

/// One middleware around every request: the concurrency bound, the rate limit on public
/// routes, the error → problem+json mapping, metrics and a structured access log (method,
/// route, status, duration: no query strings, bodies, tokens or client addresses).
struct GuardMiddleware: RouterMiddleware {
  typealias Context = BuurtContext
  let service: BuurtService

  static let unlimited: Set<String> = ["/healthz", "/metrics", "/openapi.json"]

  static let contentTypeOptions = HTTPFields.Element.Name("X-Content-Type-Options")!
  static let forwardedProto = HTTPFields.Element.Name("X-Forwarded-Proto")!

  /// Routes whose answers carry personal data (names, phones, addresses, management tokens).
  static func carriesPersonalData(_ path: String) -> Bool {
    path.hasPrefix("/v1/enrollments") || path.hasPrefix("/v1/members") || path.hasSuffix("/members") || path.hasPrefix("/beheer")
  }

  /// Every response says `X-Content-Type-Options: nosniff`; those of routes with personal data
  /// also `Cache-Control: no-store`, so no browser or proxy keeps them.
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    var response = try await guarded(request, context: context, next: next)
    response.headers[GuardMiddleware.contentTypeOptions] = "nosniff"
    // An HTTP/1.0 request without keep-alive (marked by `ConnectionCloseMarker`) or one asking to
    // close: the answer says the connection closes, and `CloseAfterResponse` closes it.
    if request.headers[.connection] == "close" { response.headers[.connection] = "close" }
    if GuardMiddleware.carriesPersonalData(request.uri.path) { response.headers[.cacheControl] = "no-store" }
    // Served over TLS (an https public address, or a TLS proxy's X-Forwarded-Proto: https) the
    // pages' cookies are sent over HTTPS only. A client that forges the header only makes its
    // own cookies stricter.
    if service.configuration.publicURL?.hasPrefix("https://") == true
      || request.headers[GuardMiddleware.forwardedProto]?.lowercased() == "https"
    {
      let cookies = response.headers[values: .setCookie]
      if !cookies.isEmpty {
        response.headers[.setCookie] = nil
        for c in cookies { response.headers.append(.init(name: .setCookie, value: c.hasSuffix("; Secure") ? c : c + "; Secure")) }
      }
    }
    return response
  }

  func guarded(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    let start = ContinuousClock.now
    let path = request.uri.path
    var status = 500
    defer {
      let d = ContinuousClock.now - start
      let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
      let route = context.endpointPath ?? (GuardMiddleware.unlimited.contains(path) ? path : "unmatched")
      service.metrics.record(method: request.method.rawValue, route: route, status: status, seconds: seconds)
      if service.configuration.accessLog && !GuardMiddleware.unlimited.contains(path) {
        service.logger.info(
          "request",
          metadata: [
            "method": .string(request.method.rawValue), "route": .string(route), "status": .string(String(status)),
            "ms": .string(String(Int(seconds * 1000))),
          ])
      }
    }
    do {
      // `/healthz` is never bounded; requests with bodies leave `readReserve` slots to reads.
      let bounded = path != "/healthz"
      let isRead = request.method == .get || request.method == .head
      let configuration = service.configuration
      if bounded {
        guard service.concurrency.enter(upTo: isRead ? nil : configuration.maxConcurrentRequests - configuration.readReserve) else {
          throw Problem.unavailable("the server is busy; retry shortly")
        }
      }
      defer { if bounded { service.concurrency.leave() } }
      // Everyone is limited except staff with a valid token (so tokens cannot be guessed fast):
      // requests in flight and requests per second, per client address.
      let client = service.clientAddress(request, context)
      // Requests with an account's token (staff, coordinator, police) are not rate limited.
      let limited = !GuardMiddleware.unlimited.contains(path) && service.caller(request) == nil
      if limited {
        guard service.clientConcurrency.enter(client) else { throw Problem.tooManyInFlight(configuration.maxConcurrentPerClient) }
      }
      defer { if limited { service.clientConcurrency.leave(client) } }
      if limited, let limiter = service.rateLimiter, let wait = limiter.check(client, now: Date().timeIntervalSince1970) {
        throw Problem.rateLimited(wait)
      }
      let response: Response
      if GuardMiddleware.hasDeadline(request) {
        // The task group awaits every child before it returns, so `next` does not outlive this call.
        response = try await withoutActuallyEscaping(next) { next in
          try await GuardMiddleware.withDeadline(seconds: service.configuration.requestTimeoutSeconds) {
            try await next(request, context)
          }
        }
      } else {
        response = try await next(request, context)
      }
      status = Int(response.status.code)
      return response
    } catch let e as HTTPError {
      // Hummingbird's own: no route, a wrong method, a body over the limit.
      let problem: Problem
      switch e.status {
      case .notFound:
        let allowed = service.routeTable.methods(for: path)
        problem =
          allowed.isEmpty
          ? .notFound("no route \(request.method.rawValue) \(path); see /openapi.json")
          : .methodNotAllowed(request.method.rawValue, path, allowed: allowed)
      case .methodNotAllowed: problem = .methodNotAllowed(request.method.rawValue, path, allowed: service.routeTable.methods(for: path))
      case .contentTooLarge: problem = .tooLarge(service.configuration.publicBodyLimit)
      default: problem = Problem(e.status, "http-error", e.status.reasonPhrase, e.body ?? e.status.reasonPhrase)
      }
      status = Int(problem.status.code)
      return forPages(try problem.response(from: request, context: context), path)
    } catch let e as any HTTPResponseError {
      // Problems, and the errors of the layers below (ErrorAnswers.swift): each answers for itself.
      status = Int(e.status.code)
      if e.status.code >= 500 && e.status.code != 503 {
        // The error's type and kind only: a message may quote what the client sent.
        let what = (e as? StoreError)?.kind.rawValue ?? "\(type(of: e))"
        service.logger.error("request failed", metadata: ["route": "\(path)", "status": "\(status)", "error": "\(what)"])
      }
      return forPages(try e.response(from: request, context: context), path)
    } catch {
      status = 500
      service.logger.error("internal error", metadata: ["route": "\(path)", "error": "\(type(of: error))"])
      return forPages(try Problem.internalError.response(from: request, context: context), path)
    }
  }
}

extension GuardMiddleware {
  /// The public pages' paths: their errors are pages in Dutch, not problem+json.
  static func isPage(_ path: String) -> Bool {
    path == "/" || path == "/inschrijven" || path == "/mijn-inschrijving" || path == "/gedragsregels" || path.hasPrefix("/groepen/")
      || path == "/beheer" || path.hasPrefix("/beheer/")
  }

  /// A problem on a page's path as a page (same status, Retry-After and Allow kept).
  func forPages(_ response: Response, _ path: String) -> Response {
    guard GuardMiddleware.isPage(path), response.headers[.contentType] == "application/problem+json" else { return response }
    let t = service.pages.texts
    let text: String
    switch response.status.code {
    case 429: text = t.form.throttled.replacingOccurrences(of: "{minuten}", with: "enkele")
    case 413: text = t.tooLarge
    default: text = t.errorText
    }
    var answer = page(
      service.pages.render(
        MessagePage(title: t.errorTitle, t: t, heading: t.errorTitle, message: text, back: "/", backLabel: t.home), template: "message"),
      status: response.status)
    answer.headers[.cacheControl] = "no-store"
    for name in [HTTPFields.Element.Name.retryAfter, .allow] { if let v = response.headers[name] { answer.headers[name] = v } }
    return answer
  }

  /// Writes and staff routes, whose work grows with what they are given, run under a deadline.
  static func hasDeadline(_ request: Request) -> Bool {
    request.method != .get || request.uri.path.hasSuffix("/members") || request.uri.path == "/v1/members.csv"
  }

  /// The body's answer, or a 503 "timeout" problem when it takes longer than `seconds` (the
  /// body is cancelled; CPU-bound work it already started finishes in the background).
  static func withDeadline(seconds: Double, _ body: @escaping () async throws -> Response) async throws -> Response {
    nonisolated(unsafe) let body = body
    return try await withThrowingTaskGroup(of: Response?.self) { group in
      group.addTask { try await body() }
      group.addTask {
        try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
        return nil
      }
      defer { group.cancelAll() }
      guard let first = try await group.next(), let response = first else {
        throw Problem.timeout(seconds)
      }
      return response
    }
  }
}

extension RequestContext {
  var endpointPath: String? { coreContext.endpointPath.value }
}
