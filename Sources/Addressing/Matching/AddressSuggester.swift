public import GeoCore

/// Suggests register addresses for what a resident has typed so far ("Statio", "stationstr 1",
/// "Stasionsstraat 12, Rek"), for the enrollment form's address field.
///
/// The text is read as street words, then a house number (the first word that starts with a
/// digit), then a place (a postcode and/or the first letters of a locality). Streets match by
/// their key (``StreetKey``: folded, abbreviations written out, spaces and hyphens dropped):
/// first those whose key starts with the typed street, then those with a later word that does
/// ("Einstein" for "A. Einsteinstraat"), then, when fewer than asked match, those whose key
/// starts with something within one edit (typed 4–7 letters) or two edits (8 or more) of it,
/// with the same first letter. Without a house number the suggestions are streets; with one,
/// the addresses of those streets whose number starts with it, the exact number first.
///
/// Every suggestion's ``Suggestion/label`` resolves (``AddressResolver``) to the same address or
/// street. Immutable and `Sendable`; one call takes microseconds on a municipality's register.
public struct AddressSuggester: Sendable {
  public struct Suggestion: Sendable, Equatable {
    /// "Stationsstraat 12, 3620 Lanaken", or "Stationsstraat, 3620 Lanaken" for a street.
    public var label: String
    public var street: String
    /// nil for a street suggestion.
    public var houseNumber: String?
    public var postcode: Int
    public var locality: String
    /// The register address (for a street: nil).
    public var addressIndex: Int?
    /// The street in the register (``AddressRegister/streets``).
    public var streetIndex: Int
  }

  public let register: AddressRegister
  /// Per street: its key, and the keys from each later word on ("albert einsteinstraat": "einsteinstraat").
  let keys: [[UInt8]]
  let laterKeys: [[[UInt8]]]
  /// Per street: the locality most of its addresses lie in (its label's place).
  let streetLocality: [Int32]
  /// Folded locality names, for a typed place.
  let foldedLocalities: [[UInt8]]
  /// Per address: its house number as compared (``numberKey(_:)``), computed once.
  let numberKeys: [[UInt8]]
  /// Street indices by the first byte of their key (typos keep the first letter).
  let streetsByFirstByte: [UInt8: [Int32]]

  public init(register: AddressRegister) {
    self.register = register
    keys = register.streets.map(\.key)
    laterKeys = register.streets.map { street in
      let words = StreetKey.tokens(TextFolding.fold(street.name))
      guard words.count > 1 else { return [] }
      return (1..<words.count).map { Array(StreetKey.key(tokens: words[$0...]).utf8) }.filter { $0.count >= 3 }
    }
    streetLocality = register.streets.map { street in
      var counts: [Int32: Int] = [:]
      for a in street.addresses { counts[register.localityOfAddress[Int(a)], default: 0] += 1 }
      return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? -1
    }
    foldedLocalities = register.localityNames.map { Array(AddressQuery.localityKey($0).utf8) }
    numberKeys = register.displayNumbers.map { Array(AddressSuggester.numberKey($0).utf8) }
    var byFirst: [UInt8: [Int32]] = [:]
    for (s, key) in keys.enumerated() { if let b = key.first { byFirst[b, default: []].append(Int32(s)) } }
    streetsByFirstByte = byFirst
  }

  /// At most `limit` suggestions for `text`, best first; none for text without two letters of a street.
  public func suggest(_ text: String, limit: Int = 8) -> [Suggestion] {
    guard limit > 0 else { return [] }
    var typed = Typed(TextFolding.fold(text))
    // No street name is that long: junk, not a street.
    guard let key = typed.street.first, key.count <= AddressResolver.longestKey else { return [] }
    // "Stationsstraat, 3620": a postcode where a number would be, when no address has that number.
    if let n = typed.number, n.count == 4, let pc = Int(String(decoding: n, as: UTF8.self)), register.postcodes.contains(pc),
      typed.postcode == nil
    {
      let asNumber = suggestions(typed, limit: limit)
      if !asNumber.isEmpty { return asNumber }
      typed.number = nil
      typed.postcode = pc
    }
    return suggestions(typed, limit: limit)
  }

  func suggestions(_ typed: Typed, limit: Int) -> [Suggestion] {
    let ranked = matchingStreets(typed, limit: limit)
    guard let number = typed.number else { return ranked.prefix(limit).map { streetSuggestion($0.street) } }
    // Street by street in rank order; among streets of one rank, the exact number first on every
    // street, then the numbers it starts ("1": 1, 1A, 10, 11 …).
    var out: [Suggestion] = []
    var k = 0
    while k < ranked.count && out.count < limit {
      var end = k
      while end < ranked.count && ranked[end].rank == ranked[k].rank { end += 1 }
      var exact: [(address: Int, street: Int)] = []
      var longer: [(address: Int, street: Int)] = []
      for (s, _) in ranked[k..<end] {
        for a in register.streets[s].addresses {
          let shown = numberKeys[Int(a)]
          guard shown.starts(with: number) else { continue }
          if shown.count == number.count { exact.append((Int(a), s)) } else if longer.count < limit { longer.append((Int(a), s)) }
        }
        if exact.count >= limit { break }
      }
      for (a, s) in (exact + longer).prefix(limit - out.count) { out.append(address(a, street: s)) }
      k = end
    }
    return out
  }

  /// The words typed: street (its key), house number (folded, without spaces), place.
  struct Typed {
    var street: [[UInt8]] = []
    /// The typed street from a later word on ("Albert Einsteinstraat": "einsteinstraat"), 6 letters or more.
    var laterWords: [[UInt8]] = []
    var number: [UInt8]?
    var postcode: Int?
    var place: [UInt8]?

    init(_ folded: String) {
      let words = StreetKey.tokens(folded)
      // The house number is the first word after the street that starts with a digit; a first
      // word with a digit is part of the name ("2e Carabinierslaan").
      guard let n = words.indices.dropFirst().first(where: { words[$0].first?.isNumber == true }) else {
        // Still typing the street: the last word may be unfinished, so it is not written out
        // ("st" may become "stationsstraat"), but tried written out too ("kon" → "koning").
        let raw = Array(StreetKey.key(tokens: words.dropLast()).utf8) + Array((words.last ?? "").utf8)
        let expanded = Array(StreetKey.key(tokens: words).utf8)
        street = raw == expanded ? [raw] : [raw, expanded]
        street.removeAll { $0.count < 2 }
        laterWords = Typed.later(words, complete: false)
        return
      }
      let streetWords = Array(words[..<n])
      laterWords = Typed.later(streetWords, complete: true)
      let key = Array(StreetKey.key(tokens: streetWords).utf8)
      let literal = Array(StreetKey.literalKey(tokens: streetWords).utf8)
      street = key.count < 2 ? [] : (key == literal ? [key] : [key, literal])
      // "12", "12a", "12 A", "12 bus 3" (the box is not part of the register's number).
      var number = Array(words[n].utf8)
      var rest = words[(n + 1)...]
      if let next = rest.first, next.count == 1, next.first?.isLetter == true, words[n].allSatisfy(\.isNumber) {
        number += Array(next.utf8)
        rest = rest.dropFirst()
      }
      self.number = Array(AddressSuggester.numberKey(String(decoding: number, as: UTF8.self)).utf8)
      let box: Set<String> = ["bus", "b", "bte", "boite", "box"]
      var placeWords: [String] = []
      var skipNext = false
      for w in rest {
        if skipNext {
          skipNext = false
          continue
        }
        if box.contains(w) {
          skipNext = true
        } else if w.count == 4, let pc = Int(w) {
          postcode = pc
        } else if w.first?.isLetter == true {
          placeWords.append(w)
        }
      }
      if !placeWords.isEmpty { place = Array(placeWords.joined().utf8) }
    }
  }

}

extension AddressSuggester.Typed {
  static func later(_ words: [String], complete: Bool) -> [[UInt8]] {
    guard words.count > 1 else { return [] }
    return (1..<words.count).map { k in
      complete
        ? Array(StreetKey.key(tokens: words[k...]).utf8)
        : Array((StreetKey.key(tokens: words[k..<(words.count - 1)]) + words[words.count - 1]).utf8)
    }.filter { $0.count >= 6 }
  }
}

extension AddressSuggester {
  /// A house number as compared: lower case, no spaces or separators ("12 A" → "12a").
  static func numberKey(_ text: String) -> String { String(text.lowercased().filter { $0.isLetter || $0.isNumber }) }

  /// Street indices for the typed street with their rank (smaller is better), best first.
  func matchingStreets(_ typed: Typed, limit: Int) -> [(street: Int, rank: Int)] {
    let placed = typed.postcode != nil || typed.place != nil
    let streetCount = register.streets.count
    let inPlace: [Bool]? = placed ? (0..<streetCount).map { placeAllows(typed, street: $0) } : nil
    var ranked: [(street: Int, rank: Int)] = []
    var seen = Set<Int>()
    func take(_ s: Int, _ rank: Int) { if seen.insert(s).inserted { ranked.append((s, rank)) } }
    for variant in typed.street {
      for s in 0..<streetCount where inPlace?[s] ?? true {
        if keys[s] == variant { take(s, 0) } else if keys[s].starts(with: variant) { take(s, 1) }
      }
    }
    for variant in typed.street where variant.count >= 3 {
      for s in 0..<streetCount where (inPlace?[s] ?? true) && laterKeys[s].contains(where: { $0.starts(with: variant) }) { take(s, 2) }
    }
    for variant in typed.laterWords {
      for s in 0..<streetCount
      where (inPlace?[s] ?? true) && (keys[s].starts(with: variant) || laterKeys[s].contains(where: { $0.starts(with: variant) })) {
        take(s, 2)
      }
    }
    // Typos, only when no street starts as typed: streets with the same first letter (typos rarely
    // hit it) within one or two edits of the typed street (complete: the whole name, else its start).
    if ranked.isEmpty, let variant = typed.street.first, let first = variant.first {
      let edits = variant.count < 4 ? 0 : (variant.count <= 7 ? 1 : 2)
      if edits > 0 {
        for s32 in streetsByFirstByte[first] ?? [] {
          let s = Int(s32)
          guard inPlace?[s] ?? true else { continue }
          let d =
            typed.number != nil
            ? EditDistance.distance(variant, keys[s], limit: edits)
            : AddressSuggester.prefixDistance(variant, keys[s], limit: edits) ?? edits + 1
          if d <= edits { take(s, 3 + d) }
        }
      }
    }
    // Same rank: the street with more addresses first (where more people live), then by name.
    ranked.sort { a, b in
      if a.rank != b.rank { return a.rank < b.rank }
      let na = register.streets[a.street].addresses.count
      let nb = register.streets[b.street].addresses.count
      if na != nb { return na > nb }
      return register.streets[a.street].name < register.streets[b.street].name
    }
    return ranked
  }

  /// Whether the typed postcode and place leave this street in (no place typed: every street).
  func placeAllows(_ typed: Typed, street s: Int) -> Bool {
    let street = register.streets[s]
    if let pc = typed.postcode, street.postcode != pc { return false }
    guard let place = typed.place else { return true }
    return street.localities.contains { foldedLocalities[Int($0)].starts(with: place) }
  }

  /// The smallest optimal-string-alignment distance between `query` and a prefix of `key`, if
  /// it is at most `limit`.
  static func prefixDistance(_ query: [UInt8], _ key: [UInt8], limit: Int) -> Int? {
    let m = query.count
    let n = min(key.count, m + limit)
    guard n > 0 else { return nil }
    var before = [Int](repeating: 0, count: n + 1)
    var previous = Array(0...n)
    var current = [Int](repeating: 0, count: n + 1)
    for i in 1...m {
      current[0] = i
      var rowBest = i
      for j in 1...n {
        let cost = query[i - 1] == key[j - 1] ? 0 : 1
        var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && query[i - 1] == key[j - 2] && query[i - 2] == key[j - 1] { v = min(v, before[j - 2] + 1) }
        current[j] = v
        rowBest = min(rowBest, v)
      }
      if rowBest > limit { return nil }
      (before, previous, current) = (previous, current, before)
    }
    let best = previous[1...n].min() ?? limit + 1
    return best <= limit ? best : nil
  }

  func placeName(street s: Int, address: Int?) -> String {
    let locality = address.map { register.localityOfAddress[$0] } ?? streetLocality[s]
    return locality >= 0 ? register.localityNames[Int(locality)] : register.streets[s].municipality
  }

  func address(_ a: Int, street s: Int) -> Suggestion {
    let street = register.streets[s]
    let number = register.displayNumbers[a]
    let place = placeName(street: s, address: a)
    return Suggestion(
      label: "\(street.name) \(number), \(street.postcode) \(place)", street: street.name, houseNumber: number, postcode: street.postcode,
      locality: place, addressIndex: a, streetIndex: s)
  }

  func streetSuggestion(_ s: Int) -> Suggestion {
    let street = register.streets[s]
    let place = placeName(street: s, address: nil)
    return Suggestion(
      label: "\(street.name), \(street.postcode) \(place)", street: street.name, houseNumber: nil, postcode: street.postcode,
      locality: place,
      addressIndex: nil, streetIndex: s)
  }
}
