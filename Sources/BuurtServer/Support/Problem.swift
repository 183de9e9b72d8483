import BuurtStore
import Foundation
import GeoFormats
public import Hummingbird

/// An RFC 9457 problem: every error the API returns, as `application/problem+json`.
public struct Problem: Error, HTTPResponseError, Sendable {
  public let status: HTTPResponse.Status
  /// A stable slug: the `type` is `https://buurt.lanaken.be/problems/<slug>`.
  public let slug: String
  public let title: String
  public let detail: String
  public var extraHeaders: HTTPFields = [:]

  public init(_ status: HTTPResponse.Status, _ slug: String, _ title: String, _ detail: String) {
    self.status = status
    self.slug = slug
    self.title = title
    self.detail = detail
  }

  public var body: String {
    JSONWriter.serialize(
      .object(
        JSONObject([
          .init(key: "type", value: .string("https://buurt.lanaken.be/problems/\(slug)")),
          .init(key: "title", value: .string(title)), .init(key: "status", value: .number(Double(status.code))),
          .init(key: "detail", value: .string(detail)),
        ])))
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    var headers: HTTPFields = [.contentType: "application/problem+json"]
    headers.append(contentsOf: extraHeaders)
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
  }

  static func invalidParameter(_ detail: String) -> Problem { Problem(.badRequest, "invalid-parameter", "Invalid parameter", detail) }
  static func malformedBody(_ detail: String) -> Problem { Problem(.badRequest, "malformed-body", "Malformed request body", detail) }
  static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", "Not found", detail) }
  /// 405, with `Allow` when the methods the path takes are known.
  static func methodNotAllowed(_ method: String, _ path: String, allowed: [String]) -> Problem {
    let takes = allowed.isEmpty ? "" : "; it takes \(allowed.joined(separator: ", ")) (see /openapi.json)"
    var p = Problem(.methodNotAllowed, "method-not-allowed", "Method not allowed", "\(method) is not allowed on \(path)\(takes)")
    if !allowed.isEmpty { p.extraHeaders = [.allow: allowed.joined(separator: ", ")] }
    return p
  }
  static func unprocessable(_ detail: String) -> Problem { Problem(.unprocessableContent, "unprocessable", "Request refused", detail) }
  /// The IETF idempotency-key draft's answer to a key reused for a different request.
  static func idempotencyKeyReused() -> Problem {
    Problem(
      .unprocessableContent, "idempotency-key-reused", "Idempotency key reused",
      "this idempotency key was used before for a different enrollment; send a new key with new content")
  }
  static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "forbidden", "Forbidden", detail) }
  static func conflict(_ detail: String) -> Problem { Problem(.conflict, "conflict", "Conflict", detail) }
  static func unauthorized(_ detail: String) -> Problem {
    var p = Problem(.unauthorized, "unauthorized", "Unauthorized", detail)
    p.extraHeaders = [.wwwAuthenticate: "Bearer"]
    return p
  }
  static func tooLarge(_ limit: Int) -> Problem {
    // The rest of the body is not read: the connection is closed after this answer.
    var p = Problem(.contentTooLarge, "payload-too-large", "Payload too large", "the request body is larger than \(limit / 1024) KiB")
    p.extraHeaders = [.connection: "close"]
    return p
  }
  static func unsupportedMediaType(_ expected: String) -> Problem {
    Problem(.unsupportedMediaType, "unsupported-media-type", "Unsupported media type", "send the body as \(expected)")
  }
  static func rateLimited(_ seconds: Int) -> Problem {
    var p = Problem(.tooManyRequests, "rate-limited", "Too many requests", "slow down; retry after \(seconds) s")
    p.extraHeaders = [.retryAfter: "\(seconds)"]
    return p
  }
  static func tooManyInFlight(_ limit: Int) -> Problem {
    var p = Problem(
      .tooManyRequests, "rate-limited", "Too many requests",
      "this address already has \(limit) requests in flight; wait for their answers, then retry")
    p.extraHeaders = [.retryAfter: "1"]
    return p
  }
  /// The body did not arrive in time; the connection is closed after this answer.
  static func bodyTimeout(_ seconds: Double) -> Problem {
    var p = Problem(
      .requestTimeout, "body-timeout", "Request body too slow",
      "the request body did not arrive within \(Int(seconds.rounded(.up))) s; send it at once")
    p.extraHeaders = [.connection: "close"]
    return p
  }
  static func timeout(_ seconds: Double) -> Problem {
    var p = Problem(
      .serviceUnavailable, "timeout", "Request timed out",
      "the request took longer than \(Int(seconds.rounded(.up))) s and was stopped; send less at once or retry later")
    p.extraHeaders = [.retryAfter: "5"]
    return p
  }

  /// 507: the disk holding the store is full, so nothing was stored. No `Retry-After`: it
  /// takes an operator to free space. (Erasures still complete: the store keeps space for them.)
  static let diskFull = Problem(
    .init(code: 507, reasonPhrase: "Insufficient Storage"), "disk-full", "Disk full",
    "the server's disk is full, so nothing was stored; try again later")

  /// 500: the server failed (the error is logged, not shown).
  static let internalError = Problem(.internalServerError, "internal", "Internal error", "the server failed; the error was logged")

  static func unavailable(_ detail: String) -> Problem {
    var p = Problem(.serviceUnavailable, "unavailable", "Service unavailable", detail)
    p.extraHeaders = [.retryAfter: "1"]
    return p
  }
}
