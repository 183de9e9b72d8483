/// A house number as the register holds it: a number, an optional suffix (`A`, `bis`),
/// an optional range end (`12-14`).
public struct HouseNumber: Hashable, Sendable, CustomStringConvertible {
  public var number: Int
  /// Lower-case suffix: "" for none, "a", "b", "bis", "ter".
  public var suffix: String
  public var rangeEnd: Int?

  public init(number: Int, suffix: String = "", rangeEnd: Int? = nil) {
    self.number = number
    self.suffix = suffix
    self.rangeEnd = rangeEnd
  }

  /// Parses a register house number (`12`, `12A`, `6bis`, `12-14`); nil when it has no number.
  public init?(register text: String) {
    let folded = TextFolding.fold(text).filter { $0 != " " && $0 != "." }
    var digits = ""
    var rest = Substring(folded)
    while let c = rest.first, c.isASCII, c.isNumber {
      digits.append(c)
      rest = rest.dropFirst()
    }
    guard let n = Int(digits), digits.count <= 6 else { return nil }
    number = n
    rangeEnd = nil
    if rest.hasPrefix("-"), let end = Int(rest.dropFirst()), end > n {
      rangeEnd = end
      suffix = ""
    } else {
      suffix = String(rest.filter { $0 != "-" && $0 != "/" })
    }
  }

  /// The form buurt prints: `12`, `12A`, `6bis`, `12-14`.
  public var description: String {
    if let e = rangeEnd { return "\(number)-\(e)" }
    return "\(number)" + (suffix.count == 1 ? suffix.uppercased() : suffix)
  }
}
