import GeoFormats

/// The `lon` and `lat` of a `/v1/locate` request, read straight from the request target's
/// bytes: the locate route is the hottest one, and the general query-string dictionary (with
/// percent-decoding of every pair) costs more than the rest of the route. A query with `%` in it
/// falls back to the general decoder, so the answer is the same either way.
struct CoordinateQuery: Equatable {
  let lon: Double
  let lat: Double
  /// The numbers as JSON: plain decimals are written back canonically (no leading or trailing
  /// zeros), the same value the shortest round-trip form gives; anything else goes through
  /// the JSON number formatter.
  let lonJSON: String
  let latJSON: String

  init(lon: Double, lat: Double) {
    self.init(lon: Number(value: lon, json: nil), lat: Number(value: lat, json: nil))
  }

  init(lon: Number, lat: Number) {
    self.lon = lon.value
    self.lat = lat.value
    lonJSON = lon.json ?? Number.format(lon.value)
    latJSON = lat.json ?? Number.format(lat.value)
  }

  static func == (a: CoordinateQuery, b: CoordinateQuery) -> Bool { a.lon == b.lon && a.lat == b.lat }

  /// A parsed value and, for a plain decimal, its canonical text.
  struct Number {
    let value: Double
    let json: String?
    static func format(_ v: Double) -> String { JSONWriter.format(v) }
  }

  /// `target` is the request target (`/v1/locate?lon=5.6&lat=50.9`); `decoded(name)` gives a
  /// percent-decoded parameter for the rare values that need it.
  static func parse(target: String, decoded: (String) -> Substring?) throws -> CoordinateQuery {
    var target = target
    // Byte ranges of the two values (nil: absent), found in one pass over contiguous UTF-8.
    let (lonRange, latRange, needsDecoding) = target.withUTF8 { b -> (Range<Int>?, Range<Int>?, Bool) in
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
          if b[end] == UInt8(ascii: "%") { return (nil, nil, true) }
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
      return (lonRange, latRange, false)
    }
    func text(_ r: Range<Int>?) -> Substring? {
      guard let r else { return nil }
      let u = target.utf8
      return Substring(u[u.index(u.startIndex, offsetBy: r.lowerBound)..<u.index(u.startIndex, offsetBy: r.upperBound)])
    }
    let lonText = needsDecoding ? decoded("lon") : text(lonRange)
    let latText = needsDecoding ? decoded("lat") : text(latRange)
    return CoordinateQuery(lon: try number("lon", lonText, -180...180), lat: try number("lat", latText, -90...90))
  }

  static func number(_ name: String, _ text: Substring?, _ range: ClosedRange<Double>) throws -> Number {
    guard let text else { throw Problem.invalidParameter("the query parameter \(name) is required") }
    let n = decimal(text) ?? Double(text).map { Number(value: $0, json: nil) }
    guard let n, n.value.isFinite else { throw Problem.invalidParameter("\(name)=\(text.prefix(40)) is not a number") }
    guard range.contains(n.value) else { throw Problem.invalidParameter("\(name)=\(n.value) is out of range \(range.lowerBound)…\(range.upperBound)") }
    return n
  }

  private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }

  /// `-?digits(.digits)?` with at most 15 significant digits, converted exactly (a mantissa below
  /// 2^53 divided by an exact power of ten rounds once: Clinger's fast path). Anything else is nil
  /// and goes to the standard library's parser.
  ///
  /// The canonical text is the shortest one that reads back as the same Double: any decimal of at
  /// most 15 significant digits survives the round trip through a Double (DBL_DIG), so two such
  /// decimals with the same Double are the same number.
  static func decimal(_ text: Substring) -> Number? {
    var mantissa: Int64 = 0
    var digits = 0
    var fraction = 0
    var seenPoint = false
    var negative = false
    var any = false
    var k = 0
    for b in text.utf8 {
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
      k += 1
    }
    guard any, fraction <= 22, text.utf8.last != UInt8(ascii: ".") else { return nil }
    let magnitude = Double(mantissa) / powersOfTen[fraction]
    // Canonical text: trailing zeros of the fraction dropped, at least one digit before the point.
    while fraction > 0 && mantissa % 10 == 0 {
      mantissa /= 10
      fraction -= 1
    }
    // Written from the right into one buffer: at most a sign, "0.", 22 fraction digits and 15 others.
    let json = String(unsafeUninitializedCapacity: 40) { out in
      var end = 40
      var m = mantissa
      var written = 0
      func put(_ b: UInt8) {
        end -= 1
        out[end] = b
      }
      repeat {
        if written == fraction && fraction > 0 { put(UInt8(ascii: ".")) }
        put(UInt8(ascii: "0") + UInt8(m % 10))
        m /= 10
        written += 1
      } while m > 0 || written <= fraction
      if negative && mantissa != 0 { put(UInt8(ascii: "-")) }
      let count = 40 - end
      for k in 0..<count { out[k] = out[end + k] }
      return count
    }
    return Number(value: negative ? -magnitude : magnitude, json: json)
  }
}
