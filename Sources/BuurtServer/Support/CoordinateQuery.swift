/// The `lon` and `lat` of a `/v1/locate` request, read straight from the request target's
/// bytes: the locate route is the hottest one, and the general query-string dictionary (with
/// percent-decoding of every pair) costs more than the rest of the route. A query with `%` in it
/// falls back to the general decoder, so the answer is the same either way.
struct CoordinateQuery: Equatable {
  let lon: Double
  let lat: Double

  /// `target` is the request target (`/v1/locate?lon=5.6&lat=50.9`); `decoded(name)` gives a
  /// percent-decoded parameter for the rare values that need it.
  static func parse(target: String, decoded: (String) -> Substring?) throws -> CoordinateQuery {
    var lonText: Substring? = nil
    var latText: Substring? = nil
    var needsDecoding = false
    let utf8 = target.utf8
    if var i = utf8.firstIndex(of: UInt8(ascii: "?")) {
      i = utf8.index(after: i)
      let queryEnd = utf8[i...].firstIndex(of: UInt8(ascii: "#")) ?? utf8.endIndex
      while i < queryEnd {
        let end = utf8[i..<queryEnd].firstIndex(of: UInt8(ascii: "&")) ?? queryEnd
        let pair = utf8[i..<end]
        let eq = pair.firstIndex(of: UInt8(ascii: "=")) ?? end
        let key = pair[..<eq]
        let value = eq == end ? Substring() : Substring(pair[utf8.index(after: eq)...])
        if pair.contains(UInt8(ascii: "%")) {
          needsDecoding = true
        } else if lonText == nil, key.elementsEqual("lon".utf8) {
          lonText = value
        } else if latText == nil, key.elementsEqual("lat".utf8) {
          latText = value
        }
        i = end == queryEnd ? end : utf8.index(after: end)
      }
    }
    if needsDecoding {
      lonText = decoded("lon")
      latText = decoded("lat")
    }
    return CoordinateQuery(lon: try number("lon", lonText, -180...180), lat: try number("lat", latText, -90...90))
  }

  static func number(_ name: String, _ text: Substring?, _ range: ClosedRange<Double>) throws -> Double {
    guard let text else { throw Problem.invalidParameter("the query parameter \(name) is required") }
    guard let v = decimal(text) ?? Double(text), v.isFinite else { throw Problem.invalidParameter("\(name)=\(text.prefix(40)) is not a number") }
    guard range.contains(v) else { throw Problem.invalidParameter("\(name)=\(v) is out of range \(range.lowerBound)…\(range.upperBound)") }
    return v
  }

  private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }

  /// `-?digits(.digits)?` with at most 15 significant digits, converted exactly (a mantissa below
  /// 2^53 divided by an exact power of ten rounds once: Clinger's fast path). Anything else is nil
  /// and goes to the standard library's parser.
  static func decimal(_ text: Substring) -> Double? {
    var mantissa: Int64 = 0
    var digits = 0
    var fraction = 0
    var seenPoint = false
    var negative = false
    var any = false
    for (k, b) in text.utf8.enumerated() {
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
    guard any, fraction <= 22, text.utf8.last != UInt8(ascii: ".") else { return nil }
    let v = Double(mantissa) / powersOfTen[fraction]
    return negative ? -v : v
  }
}
