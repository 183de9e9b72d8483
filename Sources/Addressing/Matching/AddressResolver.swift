public import GeoCore

/// Resolves typed addresses against an ``AddressRegister``.
///
/// Steps: parse (``AddressQuery``) → street by exact key, then alias key (without initials),
/// then fuzzy key (optimal-string-alignment distance, candidates from a trigram index),
/// within the place the resident typed (``SearchScope``) → house number exact → suffix variant
/// (`12` typed, only `12A` registered, or the reverse) → interpolation between the nearest
/// registered numbers of the same parity on both sides (`interpolated`) → the street's
/// middle address (`street`) when no number can be placed. Two streets or addresses too close
/// to call give `ambiguous`; unknown streets, postcodes outside the register and junk give
/// `not_found` with a reason, never a guess.
///
/// The typed place bounds every answer: a typed postcode means its municipality, a typed
/// locality (deelgemeente, wijk, kern or municipality name) means its municipality, and the
/// search loosens only within that municipality (``SearchScope/steps(postcode:locality:in:)``).
/// A street that the typed place does not have is `not_found`, with the reason and, where the
/// register has the street elsewhere, those places as ``Resolution/candidates``; never `matched`.
/// Without a typed place the whole register is searched.
///
/// Immutable and `Sendable`; one resolve allocates little and takes microseconds.
public struct AddressResolver: Sendable {
  public let register: AddressRegister
  /// Fuzzy street matches below this similarity (1 - edits / length) are not matches.
  static let minimumSimilarity = 0.8
  /// Keys longer than this are not searched fuzzily (the longest Flemish street key has 46 letters).
  static let longestKey = 64
  let localities: Set<String>
  /// Optional street geometry per key, to keep interpolated points at the houses' side of the street.
  let streetLines: [[UInt8]: [LineString<XY>]]

  public init(register: AddressRegister, streetLines: [(name: String, line: LineString<XY>)] = []) {
    self.register = register
    localities = register.localityKeys
    var lines: [[UInt8]: [LineString<XY>]] = [:]
    for (name, line) in streetLines { lines[Array(StreetKey.key(name).utf8), default: []].append(line) }
    self.streetLines = lines
  }

  public func resolve(_ text: String) -> Resolution {
    let query = AddressQuery(text, localities: localities)
    let answer = resolve(query, text: text)
    // A recognised locality may be part of the street name ("Zuidschote-Dorp 17", "Hulst 145A"):
    // when that reading finds nothing and the words with it name a register street, they are the
    // street (a not_found of that reading too, when it names where the street is and the first does not).
    if answer.status == .notFound && query.localityIsRecognised {
      let whole = AddressQuery(text)
      if register.exact[Array(StreetKey.key(tokens: whole.streetWords).utf8)] != nil {
        let second = resolve(whole, text: text)
        if second.status != .notFound || answer.candidates.isEmpty { return second }
      }
    }
    return answer
  }

  /// Resolves a parsed query (`text` is what was typed).
  func resolve(_ query: AddressQuery, text: String) -> Resolution {
    var result = Resolution(query: text, status: .notFound, best: nil, box: query.box, candidates: [], reason: nil)
    guard !query.streetWords.isEmpty else {
      result.reason = text.allSatisfy({ $0.isWhitespace }) ? "empty input" : "no street name in the input"
      return result
    }
    var key = Array(StreetKey.key(tokens: query.streetWords).utf8)
    let literal = Array(StreetKey.literalKey(tokens: query.streetWords).utf8)
    // A glued "ending" that is really part of the name ("Postwg" is Postweg, not Post-steenweg).
    if literal != key && register.exact[key] == nil && register.exact[literal] != nil { key = literal }
    guard key.count >= 2, key.contains(where: { $0 >= 97 && $0 <= 122 }) else {
      result.reason = "no street name in the input"
      return result
    }
    let typedStreet = query.streetWords.joined(separator: " ")
    if let pc = query.postcode, !register.postcodes.contains(pc) {
      result.reason =
        "postcode \(pc) is not in this register (\(register.postcodes.sorted().prefix(8).map(String.init).joined(separator: ", ")))"
      result.candidates = streetElsewhere(key, number: query.houseNumber)
      return result
    }
    let localityId = query.locality.flatMap { register.localityId(named: $0) }
    if let locality = query.locality, localityId == nil, query.postcode == nil {
      result.reason = "locality \"\(locality)\" is not in this register"
      result.candidates = streetElsewhere(key, number: query.houseNumber)
      return result
    }
    // 1. Street candidates within the typed place, loosening step by step (each with a lower score).
    var groups: [(streets: [Int32], score: Double, method: Resolution.Method)] = []
    // A name the register has (elsewhere, if not here) is not taken for a two-edit typo of another street.
    let knownName = register.exact[key] != nil
    for scope in SearchScope.steps(postcode: query.postcode, locality: localityId, in: register) {
      groups = streetGroups(key, words: query.streetWords, scope: scope, knownName: knownName)
      if !groups.isEmpty {
        for k in groups.indices { groups[k].score *= scope.penalty }
        break
      }
    }
    guard !groups.isEmpty else {
      if query.postcode == nil && localityId == nil {
        result.reason = "no street like \"\(typedStreet)\" in this register"
      } else {
        result.candidates = streetElsewhere(key, number: query.houseNumber)
        result.reason = notInPlaceReason(typedStreet, postcode: query.postcode, locality: localityId, elsewhere: result.candidates)
      }
      return result
    }

    // 2. House number on each candidate street.
    var found: [Resolution.Candidate] = []
    for g in groups {
      for s in g.streets {
        if let c = place(query.houseNumber, onStreet: s, streetScore: g.score, streetMethod: g.method) { found.append(c) }
      }
    }
    // Prefer the best method/score; keep those within a hair of it.
    found.sort { $0.score > $1.score }
    guard let top = found.first else {
      result.reason = "no address on that street"
      return result
    }
    let close = found.filter {
      top.score - $0.score < 0.02 && !($0.street == top.street && $0.postcode == top.postcode && $0.houseNumber == top.houseNumber)
    }
    if !close.isEmpty {
      result.status = .ambiguous
      result.candidates = [top] + close
      result.best = nil
      return result
    }
    result.status = .matched
    result.best = top
    return result
  }

  /// Street groups for a key within `scope`: exact key, alias key (without initials), the last
  /// word as alias ("Albert Einsteinstraat" → "A. Einsteinstraat"), then fuzzy (one edit at most
  /// when `knownName`: the typed name is a register street's).
  func streetGroups(_ key: [UInt8], words: [String], scope: SearchScope, knownName: Bool) -> [(
    streets: [Int32], score: Double, method: Resolution.Method
  )] {
    let allowed = { (s: Int32) in scope.allows(s, in: self.register) }
    if let ss = register.exact[key] {
      let ok = ss.filter(allowed)
      if !ok.isEmpty { return [(ok, 1.0, .exact)] }
    }
    if let ss = register.alias[key] {
      let ok = ss.filter(allowed)
      if !ok.isEmpty { return [(ok, 0.95, .exact)] }
    }
    if words.count > 1, let last = words.last {
      let lastKey = Array(StreetKey.key(tokens: [last]).utf8)
      if lastKey.count >= 6, let ss = register.alias[lastKey] {
        let ok = ss.filter(allowed)
        if !ok.isEmpty { return [(ok, 0.9, .fuzzy)] }
      }
    }
    return fuzzyGroups(key, scope: scope, maximumDistance: knownName ? 1 : 2, allowed: allowed)
  }

  /// Streets whose key is within a small edit distance of `key` (at most `maximumDistance`),
  /// best distance first; one group per best key; several keys at the best distance make
  /// several groups (ambiguity).
  func fuzzyGroups(
    _ key: [UInt8], scope: SearchScope, maximumDistance: Int, allowed: (Int32) -> Bool
  ) -> [(streets: [Int32], score: Double, method: Resolution.Method)] {
    let limit = min(maximumDistance, key.count <= 4 ? 0 : (key.count <= 8 ? 1 : 2))
    // No street name is that long: junk, not a typo.
    guard limit > 0, key.count <= AddressResolver.longestKey else { return [] }
    var candidates: [Int32] = []
    if let keys = scope.keys(in: register) {
      // Within a typed postcode or municipality: a few hundred keys, some thousands at most; check them all.
      candidates = keys
    } else {
      // One edit away (the common typo): keys sharing a one-deletion variant.
      var hashes = AddressRegister.deletionHashes(key)
      hashes.append(AddressRegister.hash(key, skipping: -1))
      let near = register.keysSharingDeletions(hashes)
      let best = fuzzyScored(key, candidates: Array(Set(near)), limit: 1, allowed: allowed)
      if !best.isEmpty || limit == 1 { return best }

      // Prefix filtering on trigrams: a key within distance d shares at least |T| - 3d of the
      // query's trigrams, so it appears in at least one of the |T| - needed + 1 rarest lists.
      let grams = Array(Set(AddressRegister.trigrams(key)))
      let needed = max(1, grams.count - 3 * limit)
      let lists = grams.map { register.trigrams[$0] ?? [] }.sorted { $0.count < $1.count }
      var seen = Set<Int32>()
      for list in lists.prefix(grams.count - needed + 1) {
        for k in list where seen.insert(k).inserted { candidates.append(k) }
      }
    }
    return fuzzyScored(key, candidates: candidates, limit: limit, allowed: allowed)
  }

  /// Candidates within `limit` edits, the best distance only, one group per key.
  func fuzzyScored(_ key: [UInt8], candidates: [Int32], limit: Int, allowed: (Int32) -> Bool) -> [(
    streets: [Int32], score: Double, method: Resolution.Method
  )] {
    var scored: [(key: Int32, distance: Int)] = []
    let (queryStem, queryEnding) = StreetKey.stem(key)
    for k in candidates {
      let candidate = register.distinctKeys[Int(k)]
      if abs(candidate.count - key.count) > limit { continue }
      // Typos rarely hit the first letter; names that differ there are different names.
      if candidate.first != key.first { continue }
      let d = EditDistance.distance(key, candidate, limit: limit)
      guard d <= limit else { continue }
      // "Grootstraat" is not a typo of "Groenstraat": with a shared ending, the stems must be
      // within one edit (two for stems of eight letters or more).
      let (candidateStem, candidateEnding) = StreetKey.stem(candidate)
      if let e = queryEnding, e == candidateEnding {
        let stemLimit = min(queryStem.count, candidateStem.count) >= 8 ? 2 : 1
        if EditDistance.distance(Array(queryStem), Array(candidateStem), limit: stemLimit) > stemLimit { continue }
      }
      if register.streetsOfKey[Int(k)].contains(where: allowed) { scored.append((k, d)) }
    }
    guard let best = scored.map(\.distance).min() else { return [] }
    if 1 - Double(best) / Double(key.count) < AddressResolver.minimumSimilarity { return [] }
    return scored.filter { $0.distance == best }.sorted { $0.key < $1.key }.map { entry in
      let candidate = register.distinctKeys[Int(entry.key)]
      let similarity = 1 - Double(entry.distance) / Double(max(candidate.count, key.count))
      return (register.streetsOfKey[Int(entry.key)].filter(allowed), 0.95 * similarity, .fuzzy)
    }
  }
}
