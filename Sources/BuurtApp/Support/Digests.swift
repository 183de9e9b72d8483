import Crypto
import Foundation

/// Digests of access tokens at rest (SHA-256) and derived tokens (HMAC-SHA-256), from
/// swift-crypto.
public enum Digests {
  public static func sha256Hex(_ text: String) -> String { hex(Crypto.SHA256.hash(data: Array(text.utf8))) }

  /// HMAC-SHA-256 of `message` under `key` (both as UTF-8), as 64 hex digits.
  public static func hmacHex(key: String, _ message: String) -> String {
    hex(HMAC<Crypto.SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: Array(key.utf8))))
  }

  /// Compares two strings in time that depends only on their lengths.
  public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in 0..<x.count { diff |= x[i] ^ y[i] }
    return diff == 0
  }

  /// 32 random bytes from the system's cryptographic generator, as 64 hex digits: a new token.
  public static func randomToken() -> String {
    var g = SystemRandomNumberGenerator()
    return hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) })
  }

  private static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
