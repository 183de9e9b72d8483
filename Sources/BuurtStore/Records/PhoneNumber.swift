/// Phone numbers as residents type them, normalised to E.164 (`+32470123456`).
///
/// Accepts international forms (`+32 …`, `0032 …`, `+31 …`, `0031 …`) and the national forms of
/// Belgium (`04xx xx xx xx` mobiles, `0xx xx xx xx` landlines: 9 or 10 digits with the 0) and
/// the Netherlands (`06 …` mobiles and `0xx …` landlines: 10 digits with the 0). Spaces, dots,
/// slashes, hyphens and parentheses are ignored. Lanaken borders Maastricht, so both occur.
public enum PhoneNumber {
  public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
    public var input: String
    public var reason: String
    public var description: String { "phone number \"\(input)\" \(reason)" }
  }

  /// - Throws: ``Invalid`` naming what is wrong.
  public static func normalize(_ text: String) throws -> String {
    var digits = ""
    var rest = Substring(text).drop { $0.isWhitespace }
    var plus = false
    if rest.first == "+" {
      plus = true
      rest = rest.dropFirst()
    }
    for ch in rest {
      if ch.isASCII && ch.isNumber {
        digits.append(ch)
      } else if " .-/()\t".contains(ch) {
        continue
      } else {
        throw Invalid(input: text, reason: "contains \"\(ch)\"; use digits, spaces and an optional leading +")
      }
    }
    if !plus && digits.hasPrefix("00") {
      plus = true
      digits.removeFirst(2)
    }
    if plus {
      if digits.hasPrefix("32") { return try belgian(national: "0" + digits.dropFirst(2), input: text) }
      if digits.hasPrefix("31") { return try dutch(national: "0" + digits.dropFirst(2), input: text) }
      guard digits.count >= 8 && digits.count <= 15 else {
        throw Invalid(input: text, reason: "has \(digits.count) digits; an international number has 8 to 15")
      }
      return "+" + digits
    }
    guard digits.hasPrefix("0") else {
      throw Invalid(input: text, reason: "must start with 0 (national) or + / 00 (international)")
    }
    switch digits.count {
    case 9: return try belgian(national: digits, input: text)
    case 10:
      // 046x–049x are Belgian mobiles; every other 10-digit number is Dutch (06 mobiles, 043 Maastricht…).
      let third = digits[digits.index(digits.startIndex, offsetBy: 2)]
      if digits.hasPrefix("04") && "6789".contains(third) { return try belgian(national: digits, input: text) }
      return try dutch(national: digits, input: text)
    default:
      throw Invalid(input: text, reason: "has \(digits.count) digits; a Belgian number has 9 or 10 (with the 0), a Dutch one 10")
    }
  }

  static func belgian(national: String, input: String) throws -> String {
    let n = national.count
    let mobile = national.hasPrefix("04")
    guard (mobile && n == 10) || (!mobile && n == 9) else {
      throw Invalid(
        input: input,
        reason: "is not a Belgian number (\(mobile ? "mobiles have 10 digits with the 0" : "landlines have 9 digits with the 0"))")
    }
    return "+32" + national.dropFirst()
  }

  static func dutch(national: String, input: String) throws -> String {
    guard national.count == 10 else { throw Invalid(input: input, reason: "is not a Dutch number (10 digits with the 0)") }
    return "+31" + national.dropFirst()
  }
}
