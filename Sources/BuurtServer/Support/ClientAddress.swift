import Foundation

/// An IPv4 or IPv6 address, or a CIDR block of them (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`).
struct AddressBlock: Sendable, Hashable {
  let bytes: [UInt8]
  let prefixLength: Int

  init?(_ text: String) {
    let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
    guard let first = parts.first, let address = AddressBlock.parse(first) else { return nil }
    let bits = address.count * 8
    if parts.count == 2 {
      guard let n = Int(parts[1]), (0...bits).contains(n) else { return nil }
      prefixLength = n
    } else {
      prefixLength = bits
    }
    bytes = address
  }

  /// The address's bytes (4 or 16), or nil when `text` is no IP address. An IPv4-mapped IPv6
  /// address (`::ffff:10.0.0.1`) is its IPv4 address.
  static func parse(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
    var v6 = in6_addr()
    guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
    let b = withUnsafeBytes(of: &v6) { Array($0) }
    if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return Array(b[12..<16]) }
    return b
  }

  func contains(_ address: [UInt8]) -> Bool {
    guard address.count == bytes.count else { return false }
    var left = prefixLength
    for i in 0..<bytes.count where left > 0 {
      let n = min(8, left)
      let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - n))
      if address[i] & mask != bytes[i] & mask { return false }
      left -= n
    }
    return true
  }
}

/// Which client a request counts against: its peer, or behind a trusted reverse proxy the
/// nearest address in `X-Forwarded-For` that is not itself a trusted proxy (the entries a client
/// wrote itself come first in the header and are never believed over the proxy's own).
struct ClientAddressRule: Sendable {
  let trusted: [AddressBlock]

  /// - Throws: a message naming the entry that is no address or CIDR block.
  init(trustedProxies: [String]) throws {
    trusted = try trustedProxies.map {
      guard let block = AddressBlock($0) else { throw ClientAddressRule.Invalid(text: $0) }
      return block
    }
  }

  struct Invalid: Error, CustomStringConvertible {
    var text: String
    var description: String { "trusted proxy \"\(text)\" is not an IP address or CIDR block (such as 10.0.0.1 or 10.0.0.0/8)" }
  }

  static let loopback = [AddressBlock("127.0.0.0/8")!, AddressBlock("::1")!]

  static func isLoopback(_ address: String) -> Bool {
    guard let bytes = AddressBlock.parse(address) else { return false }
    return loopback.contains { $0.contains(bytes) }
  }

  func isTrusted(_ address: String) -> Bool {
    guard let bytes = AddressBlock.parse(address) else { return false }
    return trusted.contains { $0.contains(bytes) }
  }

  /// - Parameter forwardedFor: the `X-Forwarded-For` header lines, in order.
  func client(peer: String, forwardedFor: [String]) -> String {
    guard !trusted.isEmpty, isTrusted(peer) else { return peer }
    let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
    for hop in hops.reversed() {
      guard let bytes = AddressBlock.parse(hop) else { return peer }
      if !trusted.contains(where: { $0.contains(bytes) }) { return hop }
    }
    return hops.first.flatMap { AddressBlock.parse($0) != nil ? $0 : nil } ?? peer
  }
}
