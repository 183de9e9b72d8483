#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Correctly rounded decimal-to-double conversion for JSON and CSV number text.
///
/// Up to 15 significant digits with a power of ten of at most 22 take Clinger's exact fast
/// path (one multiplication or division of exactly representable doubles); anything else goes
/// to the C library's `strtod`. Both give the correctly rounded double.
enum NumberParser {
  static let powersOfTen: [Double] = (0...22).map { e in
    var v = 1.0
    for _ in 0..<e { v *= 10 }
    return v
  }

  /// Parses `bytes[start..<end]` as a decimal number (optional sign, digits, optional fraction,
  /// optional exponent). Returns nil when the text is not such a number (NaN, Infinity,
  /// hex and empty text are not numbers here).
  static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
    var i = start
    guard i < end else { return nil }
    var negative = false
    if base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+") {
      negative = base[i] == UInt8(ascii: "-")
      i += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var significant = 0
    var exponent = 0
    var sawDigit = false
    while i < end, base[i] &- 48 < 10 {
      sawDigit = true
      let d = UInt64(base[i] &- 48)
      if significant < 19 {
        if mantissa != 0 || d != 0 { significant += 1 }
        mantissa = mantissa &* 10 &+ d
      } else {
        exponent += 1
      }
      digits += 1
      i += 1
    }
    if i < end, base[i] == UInt8(ascii: ".") {
      i += 1
      while i < end, base[i] &- 48 < 10 {
        sawDigit = true
        let d = UInt64(base[i] &- 48)
        if significant < 19 {
          if mantissa != 0 || d != 0 { significant += 1 }
          mantissa = mantissa &* 10 &+ d
          exponent -= 1
        }
        i += 1
      }
    }
    guard sawDigit else { return nil }
    if i < end, base[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      var expNegative = false
      if i < end, base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+") {
        expNegative = base[i] == UInt8(ascii: "-")
        i += 1
      }
      var e = 0
      var expDigits = false
      while i < end, base[i] &- 48 < 10 {
        expDigits = true
        if e < 100_000 { e = e * 10 + Int(base[i] &- 48) }
        i += 1
      }
      guard expDigits else { return nil }
      exponent += expNegative ? -e : e
    }
    guard i == end else { return nil }
    if significant <= 15 && exponent >= -22 && exponent <= 22 {
      var v = Double(mantissa)
      if exponent < 0 { v /= powersOfTen[-exponent] } else { v *= powersOfTen[exponent] }
      return negative ? -v : v
    }
    // Slow path: the C library, on a NUL-terminated copy.
    var text = [CChar](repeating: 0, count: end - start + 1)
    for k in start..<end { text[k - start] = CChar(bitPattern: base[k]) }
    return text.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
  }

  static func parse(_ text: String) -> Double? {
    var s = text
    return s.withUTF8 { buf in
      guard let b = buf.baseAddress else { return nil }
      return parse(b, 0, buf.count)
    }
  }
}
