/// An address as a resident typed it, taken apart: street words, house number, box,
/// postcode and locality, in whatever order they came.
///
/// Grammar (after folding case, diacritics and punctuation):
/// - house number: digits with an optional letter suffix, glued or apart (`12A`, `12 a`),
///   `bis`/`ter`, or a range `12-14`;
/// - box: `bus 3`, `bte 3`, `boite 3`, `b 3`, `b3`, `/3` (`12/3`), `box 3`;
/// - postcode: four digits (1000–9999) that are not the house number;
/// - locality: the words after the postcode, or up to ``longestLocality`` trailing (or leading)
///   words whose ``localityKey(_:)`` is a known locality (`HEIST-OP-DEN-BERG`, `st-martens-latem`,
///   `de pinte`);
/// - street: the remaining words, before or after the number (`12 Stationsstraat` works).
public struct AddressQuery: Hashable, Sendable {
  public var streetWords: [String]
  public var houseNumber: HouseNumber?
  public var box: String?
  public var postcode: Int?
  public var locality: String?
  /// Whether ``locality`` was recognised among the known names (typed without a postcode before
  /// it), so that its words might belong to the street instead (`Zuidschote-Dorp 17`).
  public var localityIsRecognised = false

  /// Whether nothing usable was typed.
  public var isEmpty: Bool { streetWords.isEmpty }

  static let boxMarkers: Set<String> = ["bus", "bte", "boite", "b", "box", "bt", "bu"]
  static let suffixWords: Set<String> = ["bis", "ter", "quater"]

  /// The most words a locality name without a postcode is looked for in (`heist op den berg` is four).
  public static let longestLocality = 6

  /// The comparison key of a locality name: folded, `St.` written out as `sint`, words joined
  /// without spaces or hyphens (`"Sint-Martens-Latem"`, `"ST MARTENS LATEM"` → `sintmartenslatem`).
  public static func localityKey(_ name: String) -> String { StreetKey.key(tokens: StreetKey.tokens(TextFolding.fold(name))) }

  /// Parses typed text. `localities` are locality keys (``localityKey(_:)``), used to recognise a
  /// locality typed without a postcode, after or before the street. ``locality`` keeps the words
  /// as typed (folded, separated by one space).
  public init(_ text: String, localities: Set<String> = []) {
    // Tokens: split on spaces and commas; split "12a" / "12/3" / "b3" into parts.
    let folded = TextFolding.fold(text)
    var tokens: [String] = []
    for raw in folded.split(separator: " ") {
      // Byte-level: folded text is ASCII, and Character iteration costs on every request.
      let word = raw.utf8.contains(0x2E) ? String(decoding: raw.utf8.filter { $0 != 0x2E }, as: UTF8.self) : String(raw)
      if word.isEmpty { continue }
      tokens.append(contentsOf: AddressQuery.splitToken(word))
    }
    streetWords = []
    houseNumber = nil
    box = nil
    postcode = nil
    locality = nil

    // 1. Postcode: a 4-digit number that is not the only number after the street.
    let numberPositions = tokens.indices.filter { AddressQuery.isNumber(tokens[$0]) }
    for i in numberPositions.reversed() {
      let t = tokens[i]
      guard t.count == 4, let v = Int(t), v >= 1000 else { continue }
      let otherNumbers = numberPositions.filter { $0 != i && !AddressQuery.isBoxIndex($0, tokens) }
      // "Stationsstraat 1000" (no other number) keeps 1000 as the house number
      // unless words follow it (a locality) or it comes first.
      let followedByWords = i + 1 < tokens.count && !AddressQuery.isNumber(tokens[i + 1])
      if !otherNumbers.isEmpty || followedByWords || i == 0 {
        postcode = v
        let after = Array(tokens[(i + 1)...])
        if !after.isEmpty && after.allSatisfy({ !AddressQuery.isNumber($0) }) {
          locality = after.joined(separator: " ")
          tokens.removeSubrange(i...)
        } else {
          tokens.remove(at: i)
        }
        break
      }
    }
    // 2. Trailing locality without postcode ("... 12 Lanaken"): words after the last number (a
    //    locality name has no number), when a street word stays before them too.
    if locality == nil, !localities.isEmpty, let lastNumber = tokens.lastIndex(where: AddressQuery.isNumber) {
      for n in stride(from: min(AddressQuery.longestLocality, tokens.count - 1 - lastNumber), through: 1, by: -1) {
        if localities.contains(StreetKey.key(tokens: tokens.suffix(n))) {
          if tokens.dropLast(n).contains(where: { !AddressQuery.isNumber($0) }) {
            locality = tokens.suffix(n).joined(separator: " ")
            localityIsRecognised = true
            tokens.removeLast(n)
            break
          }
        }
      }
    }
    // 2b. Leading locality ("3620 Lanaken, Stationsstraat 12"): words before the first number.
    if locality == nil, !localities.isEmpty {
      let firstNumber = tokens.firstIndex(where: AddressQuery.isNumber) ?? tokens.count
      for n in stride(from: min(AddressQuery.longestLocality, firstNumber, tokens.count - 1), through: 1, by: -1) {
        let rest = tokens.dropFirst(n)
        if localities.contains(StreetKey.key(tokens: tokens.prefix(n))), rest.contains(where: { !AddressQuery.isNumber($0) }) {
          locality = tokens.prefix(n).joined(separator: " ")
          localityIsRecognised = true
          tokens.removeFirst(n)
          break
        }
      }
    }
    // 3. House number, suffix, box; the street is what is left.
    var i = 0
    var street: [String] = []
    while i < tokens.count {
      let t = tokens[i]
      if houseNumber == nil, AddressQuery.isNumber(t) {
        var hn = HouseNumber(number: Int(t.prefix(6)) ?? 0)
        i += 1
        // range 12-14
        if i + 1 < tokens.count, tokens[i] == "-", AddressQuery.isNumber(tokens[i + 1]), let end = Int(tokens[i + 1]), end > hn.number {
          hn.rangeEnd = end
          i += 2
        }
        // suffix: one letter (not a box marker followed by a number), or bis/ter; "12-A" too
        if i + 1 < tokens.count, tokens[i] == "-",
          (tokens[i + 1].count == 1 && tokens[i + 1].first!.isLetter) || AddressQuery.suffixWords.contains(tokens[i + 1])
        {
          i += 1
        }
        if i < tokens.count {
          let s = tokens[i]
          let nextIsNumber = i + 1 < tokens.count && AddressQuery.isNumber(tokens[i + 1])
          if AddressQuery.suffixWords.contains(s)
            || (s.count == 1 && s.first!.isLetter && !(AddressQuery.boxMarkers.contains(s) && nextIsNumber))
          {
            hn.suffix = s
            i += 1
          }
        }
        houseNumber = hn
        // box
        if i < tokens.count, tokens[i] == "/" || AddressQuery.boxMarkers.contains(tokens[i]), i + 1 < tokens.count {
          box = tokens[i + 1].uppercased()
          i += 2
        }
        continue
      }
      if t == "-" || t == "/" {
        i += 1
        continue
      }
      if houseNumber != nil, box == nil, AddressQuery.boxMarkers.contains(t), i + 1 < tokens.count {
        box = tokens[i + 1].uppercased()
        i += 2
        continue
      }
      street.append(t)
      i += 1
    }
    streetWords = street
  }

  static func isNumber(_ t: String) -> Bool { !t.isEmpty && t.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

  static func isBoxIndex(_ i: Int, _ tokens: [String]) -> Bool {
    i > 0 && (boxMarkers.contains(tokens[i - 1]) || tokens[i - 1] == "/")
  }

  /// "12a" → ["12", "a"]; "12/3" → ["12", "/", "3"]; "b3" → ["b", "3"]; "12-14" → ["12", "-", "14"];
  /// a glued ordinal ("2e", "1ste", "3de") stays one word: it is part of a street name.
  static func splitToken(_ word: String) -> [String] {
    // Fast path: a plain word or a plain number.
    if word.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) }) || word.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return [word] }
    if let firstLetter = word.firstIndex(where: { !($0.isASCII && $0.isNumber) }), firstLetter != word.startIndex,
      ["e", "ste", "de", "ieme", "eme"].contains(String(word[firstLetter...]))
    {
      return [word]
    }
    var parts: [String] = []
    var current = ""
    var currentIsDigit: Bool?
    for ch in word {
      if ch == "/" || ch == "-" {
        if !current.isEmpty { parts.append(current) }
        parts.append(String(ch))
        current = ""
        currentIsDigit = nil
        continue
      }
      let isDigit = ch.isASCII && ch.isNumber
      if let d = currentIsDigit, d != isDigit {
        parts.append(current)
        current = ""
      }
      current.append(ch)
      currentIsDigit = isDigit
    }
    if !current.isEmpty { parts.append(current) }
    // Keep words with inner hyphens together when both sides are letters ("sint-jan").
    var merged: [String] = []
    var k = 0
    while k < parts.count {
      if parts[k] == "-", let prev = merged.last, k + 1 < parts.count, prev.first?.isLetter == true, parts[k + 1].first?.isLetter == true {
        merged[merged.count - 1] = prev + " " + parts[k + 1]
        k += 2
        continue
      }
      merged.append(parts[k])
      k += 1
    }
    return merged.flatMap { $0.split(separator: " ").map(String.init) }
  }
}
