public import GeoCore

/// Resolves typed addresses against an ``AddressRegister``.
///
/// Steps: parse (``AddressQuery``) → street by exact key, then alias key (without initials),
/// then fuzzy key (optimal-string-alignment distance, candidates from a trigram index),
/// restricted to the typed postcode or locality → house number exact → suffix variant
/// (`12` typed, only `12A` registered, or the reverse) → interpolation between the nearest
/// registered numbers of the same parity on both sides (`interpolated`) → the street's
/// middle address (`street`) when no number can be placed. Two streets or addresses too close
/// to call give `ambiguous`; unknown streets, postcodes outside the register and junk give
/// `not_found` with a reason, never a guess.
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
    localities = register.foldedLocalities
    var lines: [[UInt8]: [LineString<XY>]] = [:]
    for (name, line) in streetLines { lines[Array(StreetKey.key(name).utf8), default: []].append(line) }
    self.streetLines = lines
  }

  public func resolve(_ text: String) -> Resolution {
    let query = AddressQuery(text, localities: localities)
    var result = Resolution(query: text, status: .notFound, best: nil, box: query.box, candidates: [], reason: nil)
    guard !query.streetWords.isEmpty else {
      result.reason = text.allSatisfy({ $0.isWhitespace }) ? "empty input" : "no street name in the input"
      return result
    }
    if let pc = query.postcode, !register.postcodes.contains(pc) {
      result.reason = "postcode \(pc) is not in this register (\(register.postcodes.sorted().prefix(8).map(String.init).joined(separator: ", ")))"
      return result
    }
    let localityId = query.locality.flatMap { register.localityId(named: $0) }
    if query.locality != nil && localityId == nil && query.postcode == nil {
      result.reason = "locality \"\(query.locality!)\" is not in this register"
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
    // 1. Street candidates, first within the typed postcode and locality; a locality that
    //    does not hold the street is often the municipality's or a neighbouring village's name,
    //    so it is dropped next, then the postcode (3620/3621 mix-ups), each with a lower score.
    var groups: [(streets: [Int32], score: Double, method: Resolution.Method)] = []
    var restrictions: [(postcode: Int?, locality: Int32?, penalty: Double)] = [(query.postcode, localityId, 1.0)]
    if localityId != nil { restrictions.append((query.postcode, nil, 0.95)) }
    if query.postcode != nil { restrictions.append((nil, nil, 0.85)) }
    for r in restrictions {
      groups = streetGroups(key, words: query.streetWords, postcode: r.postcode) { s in
        let street = self.register.streets[Int(s)]
        if let pc = r.postcode, street.postcode != pc { return false }
        if let l = r.locality, !street.localities.contains(l) { return false }
        return true
      }
      if !groups.isEmpty {
        for k in groups.indices { groups[k].score *= r.penalty }
        break
      }
    }
    guard !groups.isEmpty else {
      var reason = "no street like \"\(query.streetWords.joined(separator: " "))\" in this register"
      if let pc = query.postcode { reason += " (postcode \(pc))" }
      result.reason = reason
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
    let close = found.filter { top.score - $0.score < 0.02 && !($0.street == top.street && $0.postcode == top.postcode && $0.houseNumber == top.houseNumber) }
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

  /// Street groups for a key: exact key, alias key (without initials), the last word as
  /// alias ("Albert Einsteinstraat" → "A. Einsteinstraat"), then fuzzy.
  func streetGroups(_ key: [UInt8], words: [String], postcode: Int?, allowed: (Int32) -> Bool) -> [(streets: [Int32], score: Double, method: Resolution.Method)] {
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
    return fuzzyGroups(key, postcode: postcode, allowed: allowed)
  }

  /// Streets whose key is within a small edit distance of `key`, best distance first; one
  /// group per best key; several keys at the best distance make several groups (ambiguity).
  func fuzzyGroups(_ key: [UInt8], postcode: Int?, allowed: (Int32) -> Bool) -> [(streets: [Int32], score: Double, method: Resolution.Method)] {
    let limit = key.count <= 4 ? 0 : (key.count <= 8 ? 1 : 2)
    // No street name is that long: junk, not a typo.
    guard limit > 0, key.count <= AddressResolver.longestKey else { return [] }
    var candidates: [Int32] = []
    if let pc = postcode, let keys = register.keysByPostcode[pc] {
      // Within a typed postcode: a few hundred keys at most; check them all.
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
  func fuzzyScored(_ key: [UInt8], candidates: [Int32], limit: Int, allowed: (Int32) -> Bool) -> [(streets: [Int32], score: Double, method: Resolution.Method)] {
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

  /// The best point for `number` on street `s`.
  func place(_ number: HouseNumber?, onStreet s: Int32, streetScore: Double, streetMethod: Resolution.Method) -> Resolution.Candidate? {
    let street = register.streets[Int(s)]
    let addresses = street.addresses
    guard !addresses.isEmpty else { return nil }
    func candidate(_ a: Int32, _ method: Resolution.Method, _ score: Double) -> Resolution.Candidate {
      let i = Int(a)
      return Resolution.Candidate(
        street: street.name, houseNumber: register.displayNumbers[i], postcode: street.postcode,
        locality: register.localityNames[Int(register.localityOfAddress[i])], municipality: street.municipality,
        position: register.positions[i], method: method, score: score, addressIndex: i)
    }
    guard let hn = number else {
      return streetLevel(street, streetScore * 0.6)
    }
    let n = Int32(hn.number)
    // Binary search for the first address with this number.
    var lo = 0
    var hi = addresses.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if register.numbers[Int(addresses[mid])] < n { lo = mid + 1 } else { hi = mid }
    }
    var same: [Int32] = []
    var k = lo
    while k < addresses.count && register.numbers[Int(addresses[k])] == n {
      same.append(addresses[k])
      k += 1
    }
    if let exact = same.first(where: { register.suffixes[Int($0)] == hn.suffix }) {
      return candidate(exact, streetMethod, streetScore)
    }
    if !same.isEmpty {
      // Suffix variant: "12" for the only "12A", or "12B" where only "12" is registered.
      let plain = same.first { register.suffixes[Int($0)].isEmpty }
      if let p = plain { return candidate(p, streetMethod, streetScore * 0.9) }
      if same.count == 1 { return candidate(same[0], streetMethod, streetScore * 0.9) }
      return candidate(same[0], streetMethod, streetScore * 0.85)
    }
    // Interpolation between neighbours of the same parity.
    let parity = n % 2
    var below: Int32?
    var above: Int32?
    var j = lo - 1
    while j >= 0 {
      let a = addresses[j]
      if register.numbers[Int(a)] >= 0 && register.numbers[Int(a)] % 2 == parity {
        below = a
        break
      }
      j -= 1
    }
    j = lo
    while j < addresses.count {
      let a = addresses[j]
      if register.numbers[Int(a)] % 2 == parity {
        above = a
        break
      }
      j += 1
    }
    if let b = below, let a = above {
      let nb = Double(register.numbers[Int(b)])
      let na = Double(register.numbers[Int(a)])
      let pb = register.positions[Int(b)]
      let pa = register.positions[Int(a)]
      let gap = hypot(pa.x - pb.x, pa.y - pb.y)
      // Neighbours far apart (a street in two pieces) make a guess, not an interpolation.
      if gap < 400 {
        let t = (Double(n) - nb) / (na - nb)
        var p = XY(x: pb.x + t * (pa.x - pb.x), y: pb.y + t * (pa.y - pb.y))
        p = alongStreet(p, from: pb, to: pa, key: street.key)
        return Resolution.Candidate(
          street: street.name, houseNumber: String(hn.number) + (hn.suffix.count == 1 ? hn.suffix.uppercased() : hn.suffix),
          postcode: street.postcode, locality: register.localityNames[Int(register.localityOfAddress[Int(b)])],
          municipality: street.municipality, position: p, method: .interpolated, score: streetScore * 0.7, addressIndex: nil)
      }
    }
    return streetLevel(street, streetScore * 0.5)
  }

  /// The street's middle address (the one nearest the mean of its addresses).
  func streetLevel(_ street: AddressRegister.Street, _ score: Double) -> Resolution.Candidate? {
    guard !street.addresses.isEmpty else { return nil }
    var mx = 0.0
    var my = 0.0
    for a in street.addresses {
      mx += register.positions[Int(a)].x
      my += register.positions[Int(a)].y
    }
    mx /= Double(street.addresses.count)
    my /= Double(street.addresses.count)
    let middle = street.addresses.min { a, b in
      let p = register.positions[Int(a)]
      let q = register.positions[Int(b)]
      return (p.x - mx) * (p.x - mx) + (p.y - my) * (p.y - my) < (q.x - mx) * (q.x - mx) + (q.y - my) * (q.y - my)
    }!
    let i = Int(middle)
    return Resolution.Candidate(
      street: street.name, houseNumber: nil, postcode: street.postcode,
      locality: register.localityNames[Int(register.localityOfAddress[i])], municipality: street.municipality,
      position: register.positions[i], method: .street, score: score, addressIndex: nil)
  }

  /// Moves a point interpolated on the straight line between two houses so it follows the
  /// street: the same offset from the street line as the two houses have, at the nearest
  /// point of the street.
  func alongStreet(_ p: XY, from a: XY, to b: XY, key: [UInt8]) -> XY {
    guard let lines = streetLines[key], !lines.isEmpty else { return p }
    func nearest(_ q: XY) -> (point: XY, distance: Double) {
      var best = (point: q, distance: Double.infinity)
      for line in lines {
        let cs = line.coordinates
        for i in 0..<(cs.count - 1) {
          let u = cs[i]
          let v = cs[i + 1]
          let dx = v.x - u.x
          let dy = v.y - u.y
          let len2 = dx * dx + dy * dy
          let t = len2 > 0 ? max(0, min(1, ((q.x - u.x) * dx + (q.y - u.y) * dy) / len2)) : 0
          let c = XY(x: u.x + t * dx, y: u.y + t * dy)
          let d = hypot(q.x - c.x, q.y - c.y)
          if d < best.distance { best = (c, d) }
        }
      }
      return best
    }
    let na = nearest(a)
    let nb = nearest(b)
    let np = nearest(p)
    // Only when the houses stand along this street (not a name shared by a far-off segment).
    guard na.distance < 80, nb.distance < 80, np.distance < 150, np.distance > 0 else { return p }
    let offset = (na.distance + nb.distance) / 2
    let ux = (p.x - np.point.x) / np.distance
    let uy = (p.y - np.point.y) / np.distance
    return XY(x: np.point.x + ux * offset, y: np.point.y + uy * offset)
  }
}

@inline(__always) func hypot(_ a: Double, _ b: Double) -> Double { (a * a + b * b).squareRoot() }
