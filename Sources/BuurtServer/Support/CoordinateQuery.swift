import GeoFormats
import NIOCore

/// The `lon` and `lat` of a `/v1/locate` request, read straight from the request target's
/// bytes: the locate route is the hottest one, and the general query-string dictionary (with
/// percent-decoding of every pair) costs more than the rest of the route. A query with `%` in it
/// falls back to the general decoder, so the answer is the same either way.
struct CoordinateQuery: Equatable {
  let lon: Number
  let lat: Number

  init(lon: Double, lat: Double) {
    self.lon = Number(value: lon, decimal: nil)
    self.lat = Number(value: lat, decimal: nil)
  }

  init(lon: Number, lat: Number) {
    self.lon = lon
    self.lat = lat
  }

  static func == (a: CoordinateQuery, b: CoordinateQuery) -> Bool { a.lon.value == b.lon.value && a.lat.value == b.lat.value }

  /// A parsed value and, for a plain decimal, its canonical digits.
  struct Number {
    let value: Double
    let decimal: PlainDecimal?

    /// The number as JSON: a plain decimal canonically (no leading or trailing zeros; the same
    /// value as the shortest round-trip form), anything else through the JSON number formatter.
    func write(to buffer: inout ByteBuffer) {
      if let decimal { decimal.write(to: &buffer) } else { buffer.writeString(JSONWriter.format(value)) }
    }
  }

  /// `±mantissa / 10^fraction`, with no trailing zero in the fraction.
  struct PlainDecimal {
    let negative: Bool
    let mantissa: Int64
    let fraction: Int

    func write(to buffer: inout ByteBuffer) {
      // At most a sign, "0.", 22 fraction digits and 15 others, written from the right.
      buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 48) { out in
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { scratch in
          var end = scratch.count
          var m = mantissa
          var written = 0
          repeat {
            if written == fraction && fraction > 0 {
              end -= 1
              scratch[end] = UInt8(ascii: ".")
            }
            end -= 1
            scratch[end] = UInt8(ascii: "0") + UInt8(m % 10)
            m /= 10
            written += 1
          } while m > 0 || written <= fraction
          if negative && mantissa != 0 {
            end -= 1
            scratch[end] = UInt8(ascii: "-")
          }
          let count = scratch.count - end
          out.baseAddress!.copyMemory(from: scratch.baseAddress! + end, byteCount: count)
          return count
        }
      }
    }
  }

  /// `target` is the request target (`/v1/locate?lon=5.6&lat=50.9`); `decoded(name)` gives a
  /// percent-decoded parameter for the rare values that need it.
  static func parse(target: String, decoded: (String) -> Substring?) throws -> CoordinateQuery {
    var target = target
    // One pass over contiguous UTF-8: the byte ranges of the two values, and plain decimals
    // parsed on the spot.
    let (lonRange, latRange, needsDecoding, lonPlain, latPlain) = target.withUTF8 {
      b -> (Range<Int>?, Range<Int>?, Bool, Number?, Number?) in
      var lonRange: Range<Int>? = nil
      var latRange: Range<Int>? = nil
      var i = 0
      while i < b.count && b[i] != UInt8(ascii: "?") { i += 1 }
      i += 1
      var queryEnd = i
      while queryEnd < b.count && b[queryEnd] != UInt8(ascii: "#") { queryEnd += 1 }
      while i < queryEnd {
        var end = i
        var eq = -1
        while end < queryEnd && b[end] != UInt8(ascii: "&") {
          if b[end] == UInt8(ascii: "%") { return (nil, nil, true, nil, nil) }
          if eq < 0 && b[end] == UInt8(ascii: "=") { eq = end }
          end += 1
        }
        let keyEnd = eq < 0 ? end : eq
        let value = eq < 0 ? end..<end : (eq + 1)..<end
        if keyEnd - i == 3 && b[i] == UInt8(ascii: "l") {
          if lonRange == nil && b[i + 1] == UInt8(ascii: "o") && b[i + 2] == UInt8(ascii: "n") { lonRange = value }
          if latRange == nil && b[i + 1] == UInt8(ascii: "a") && b[i + 2] == UInt8(ascii: "t") { latRange = value }
        }
        i = end + 1
      }
      let lonPlain = lonRange.flatMap { decimal(UnsafeBufferPointer(rebasing: b[$0])) }
      let latPlain = latRange.flatMap { decimal(UnsafeBufferPointer(rebasing: b[$0])) }
      return (lonRange, latRange, false, lonPlain, latPlain)
    }
    func text(_ r: Range<Int>?) -> Substring? {
      guard let r else { return nil }
      let u = target.utf8
      return Substring(u[u.index(u.startIndex, offsetBy: r.lowerBound)..<u.index(u.startIndex, offsetBy: r.upperBound)])
    }
    func number(_ name: String, _ plain: Number?, _ range: Range<Int>?, _ bounds: ClosedRange<Double>) throws -> Number {
      if let plain, bounds.contains(plain.value) { return plain }
      return try CoordinateQuery.number(name, needsDecoding ? decoded(name) : text(range), bounds)
    }
    return CoordinateQuery(lon: try number("lon", lonPlain, lonRange, -180...180), lat: try number("lat", latPlain, latRange, -90...90))
  }

  static func number(_ name: String, _ text: Substring?, _ range: ClosedRange<Double>) throws -> Number {
    guard let text else { throw Problem.invalidParameter("the query parameter \(name) is required") }
    let n = decimal(text) ?? Double(text).map { Number(value: $0, decimal: nil) }
    guard let n, n.value.isFinite else { throw Problem.invalidParameter("\(name)=\(text.prefix(40)) is not a number") }
    guard range.contains(n.value) else {
      throw Problem.invalidParameter("\(name)=\(n.value) is out of range \(range.lowerBound)…\(range.upperBound)")
    }
    return n
  }

  private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }

  /// `-?digits(.digits)?` with at most 15 significant digits, converted exactly (a mantissa below
  /// 2^53 divided by an exact power of ten rounds once: Clinger's fast path). Anything else is nil
  /// and goes to the standard library's parser.
  ///
  /// The canonical digits are the shortest ones that read back as the same Double: any decimal
  /// of at most 15 significant digits survives the round trip through a Double (DBL_DIG), so two
  /// such decimals with the same Double are the same number.
  static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Number? {
    var mantissa: Int64 = 0
    var digits = 0
    var fraction = 0
    var seenPoint = false
    var negative = false
    var any = false
    for (k, b) in text.enumerated() {
      switch b {
      case UInt8(ascii: "-") where k == 0: negative = true
      case UInt8(ascii: "."):
        guard !seenPoint, any else { return nil }
        seenPoint = true
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        any = true
        if mantissa != 0 || b != UInt8(ascii: "0") { digits += 1 }
        guard digits <= 15 else { return nil }
        mantissa = mantissa * 10 + Int64(b - UInt8(ascii: "0"))
        if seenPoint { fraction += 1 }
      default: return nil
      }
    }
    guard any, fraction <= 22, text.last != UInt8(ascii: ".") else { return nil }
    let magnitude = Double(mantissa) / powersOfTen[fraction]
    while fraction > 0 && mantissa % 10 == 0 {
      mantissa /= 10
      fraction -= 1
    }
    return Number(
      value: negative ? -magnitude : magnitude, decimal: PlainDecimal(negative: negative, mantissa: mantissa, fraction: fraction))
  }

  /// The same, for text (tests and the decoded fallback).
  static func decimal(_ text: Substring) -> Number? {
    var copy = String(text)
    return copy.withUTF8 { decimal($0) }
  }
}
