import BuurtApp
import Foundation
import Hummingbird
import NIOCore

/// A submitted HTML form (`application/x-www-form-urlencoded`): each field once.
struct FormFields: Sendable {
  let values: [String: String]

  struct Invalid: Error, CustomStringConvertible {
    var description: String
  }

  /// Parses `name=value&…` (`+` is a space, `%XX` a byte of UTF-8). A field given twice, or text
  /// that is not valid percent-encoded UTF-8, is refused.
  init(_ body: String) throws {
    var values: [String: String] = [:]
    for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ s: Substring) throws -> String {
        guard let d = s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
          throw Invalid(description: "the form is not valid percent-encoded UTF-8")
        }
        return d
      }
      let name = try decode(parts[0])
      let value = parts.count > 1 ? try decode(parts[1]) : ""
      guard values[name] == nil else { throw Invalid(description: "the form field \(name) is given twice") }
      values[name] = value
    }
    self.values = values
  }

  init(values: [String: String]) { self.values = values }

  subscript(_ name: String) -> String? { values[name] }

  /// The field trimmed, nil when missing or blank.
  func text(_ name: String) -> String? {
    guard let v = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
    return v
  }
}

/// The cookies a request carries (`Cookie: a=1; b=2`).
func requestCookies(_ request: Request) -> [String: String] {
  var out: [String: String] = [:]
  for header in request.headers[values: .cookie] {
    for part in header.split(separator: ";") {
      let kv = part.split(separator: "=", maxSplits: 1)
      guard kv.count == 2 else { continue }
      let name = kv[0].trimmingCharacters(in: .whitespaces)
      if out[name] == nil { out[name] = kv[1].trimmingCharacters(in: .whitespaces) }
    }
  }
  return out
}

/// Cross-site request forgery protection for the pages' forms (the synchronizer token bound to
/// a cookie): the browser holds a random nonce in an HttpOnly, SameSite=Strict cookie; every
/// form carries the nonce's HMAC under the store's secret. A form posted from another site has
/// neither the cookie (SameSite) nor a way to compute the field; a form without the field, or
/// with another browser's, is refused.
struct CSRFGuard: Sendable {
  static let cookie = "buurt_csrf"
  static let fetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!
  let secret: String

  /// The browser's nonce, and the `Set-Cookie` to send when it had none.
  func nonce(_ request: Request) -> (nonce: String, setCookie: String?) {
    if let n = requestCookies(request)[CSRFGuard.cookie], n.count == 64, n.allSatisfy(\.isHexDigit) { return (n, nil) }
    let n = Digests.randomToken()
    return (n, "\(CSRFGuard.cookie)=\(n); Path=/; HttpOnly; SameSite=Strict")
  }

  /// The hidden field's value for `nonce`.
  func field(for nonce: String) -> String { Digests.hmacHex(key: secret, "csrf:" + nonce) }

  /// Whether the posted form is this browser's own.
  func accepts(_ request: Request, _ form: FormFields) -> Bool {
    // A browser says where a request comes from (Fetch Metadata): another site, or a sibling
    // subdomain that could have planted its own nonce cookie, is refused whatever the form holds.
    if let site = request.headers[CSRFGuard.fetchSite]?.lowercased(), site == "cross-site" || site == "same-site" { return false }
    guard let n = requestCookies(request)[CSRFGuard.cookie], let given = form["csrf"] else { return false }
    return Digests.constantTimeEquals(field(for: n), given)
  }
}

/// Reads a form body up to the public body limit, under the body deadline.
func readForm(_ request: Request, service: BuurtService) async throws -> FormFields {
  let bytes = try await readBody(
    request, limit: service.configuration.publicBodyLimit, timeout: service.configuration.bodyTimeoutSeconds,
    mediaTypes: ["application/x-www-form-urlencoded"])
  guard let text = String(validating: bytes, as: UTF8.self) else { throw Problem.malformedBody("the form is not UTF-8") }
  do { return try FormFields(text) } catch let e as FormFields.Invalid { throw Problem.malformedBody(e.description) }
}
