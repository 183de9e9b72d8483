/// The character set a text file (a CSV table, a list of addresses) is read in. buurt works in
/// UTF-8; a file in another character set is transcoded to UTF-8 while it is read, never
/// guessed: what is not UTF-8 under ``utf8`` is refused (``UTF8Check``).
///
/// - ``latin1``: ISO-8859-1, every byte is the code point of the same value (0xC9 is "É").
/// - ``windows1252``: Windows-1252 as the WHATWG Encoding Standard defines it (what browsers
///   and Excel on Windows write): Latin-1 but for 0x80–0x9F, which hold "€", "‚", "„", "…",
///   "‘", "’", "“", "”", "–", "—", "™", "Œ", "œ", "Š", "š", "Ž", "ž", "Ÿ" and a few more; the
///   five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are the C1 controls of the
///   same value.
///
/// Both are one byte a character, so a file can be transcoded block by block at any cut.
public enum TextEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
  case utf8 = "utf-8"
  case latin1 = "latin-1"
  case windows1252 = "windows-1252"

  /// The encoding named `name`, in any case, with or without the hyphen, or by a common alias
  /// (`iso-8859-1`, `cp1252`); nil for any other name.
  public init?(name: String) {
    let key = String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
    switch key {
    case "utf8": self = .utf8
    case "latin1", "iso88591", "l1": self = .latin1
    case "windows1252", "cp1252", "win1252": self = .windows1252
    default: return nil
    }
  }

  public var description: String { rawValue }

  /// Whether bytes in this encoding are already UTF-8 (nothing to transcode).
  public var isUTF8: Bool { self == .utf8 }

  /// `bytes` as UTF-8: unchanged for ``utf8`` (checked later by the reader), transcoded else.
  public func utf8(_ bytes: [UInt8]) -> [UInt8] {
    if isUTF8 { return bytes }
    var out: [UInt8] = []
    bytes.withUnsafeBytes { appendUTF8(of: $0, to: &out) }
    return out
  }

  /// Appends the UTF-8 form of `input` (in this encoding) to `out`. For ``utf8`` the bytes are
  /// appended as they are. - Complexity: O(n); runs of ASCII are copied whole.
  public func appendUTF8(of input: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count > 0 else { return }
    if isUTF8 {
      out.append(contentsOf: input)
      return
    }
    let n = input.count
    out.reserveCapacity(out.count + n + n / 8)
    var i = 0
    while i < n {
      var j = i
      while j < n && base[j] < 0x80 { j += 1 }
      if j > i { out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: j - i)) }
      if j == n { break }
      Self.appendScalar(scalar(of: base[j]), to: &out)
      i = j + 1
    }
  }

  /// The code point of byte `b` (0x80 or above) in this single-byte encoding.
  func scalar(of b: UInt8) -> UInt32 {
    if self == .windows1252 && b >= 0x80 && b <= 0x9F { return UInt32(Self.windows1252High[Int(b - 0x80)]) }
    return UInt32(b)
  }

  /// Windows-1252's code points for 0x80–0x9F (WHATWG index-windows-1252; the undefined five
  /// map to themselves).
  static let windows1252High: [UInt16] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
  ]

  /// Appends the UTF-8 bytes of a code point below U+10000.
  @inline(__always)
  static func appendScalar(_ c: UInt32, to out: inout [UInt8]) {
    if c < 0x80 {
      out.append(UInt8(c))
    } else if c < 0x800 {
      out.append(UInt8(0xC0 | (c >> 6)))
      out.append(UInt8(0x80 | (c & 0x3F)))
    } else {
      out.append(UInt8(0xE0 | (c >> 12)))
      out.append(UInt8(0x80 | ((c >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (c & 0x3F)))
    }
  }
}
