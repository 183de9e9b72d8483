/// Where text stops being UTF-8: CSV is read as UTF-8 and refused, not altered, when it is not
/// (a Latin-1 or Windows-1252 export would otherwise turn "Église" into "�glise"), unless it is
/// read in another ``TextEncoding`` and transcoded.
public enum UTF8Check {
  /// The offset of the first byte in `base[0..<n]` that does not belong to a well-formed UTF-8
  /// sequence (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or nil when
  /// all is UTF-8. A sequence cut by the end of the range counts as bad.
  /// - Complexity: O(n); ASCII runs are skipped eight bytes at a time.
  public static func firstInvalid(_ base: UnsafePointer<UInt8>, count n: Int) -> Int? {
    var i = 0
    while i < n {
      if i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
        i += 8
        continue
      }
      let b = base[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch b {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return i
      }
      guard i + length <= n else { return i }
      let second = base[i + 1]
      guard second >= low && second <= high else { return i }
      for k in 2..<max(2, length) where base[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return nil
  }

  /// ``firstInvalid(_:count:)`` over an array (or a prefix of it).
  public static func firstInvalid(_ bytes: [UInt8], upTo end: Int? = nil) -> Int? {
    bytes.withUnsafeBufferPointer { b in b.baseAddress.flatMap { firstInvalid($0, count: end ?? b.count) } }
  }

  /// The error for text that is not UTF-8 at `line`, naming the byte and the two ways out:
  /// read the file as Latin-1 or Windows-1252 (`--encoding`, ``TextEncoding``), or save it as
  /// UTF-8.
  public static func error(line: Int, byte: UInt8) -> CSVError {
    let hex = String(byte, radix: 16, uppercase: true)
    return CSVError(
      line: line,
      message:
        "the text is not UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex)); it looks like Latin-1 or Windows-1252: read it with --encoding latin-1 (or --encoding windows-1252), or save the file as UTF-8 (in LibreOffice: character set \"Unicode (UTF-8)\")"
    )
  }
}
