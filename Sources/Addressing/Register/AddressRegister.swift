public import GeoCore

/// The address register, indexed for resolution: streets per (postcode, name), their
/// addresses sorted by number, exact and alias keys, and a trigram index over the keys.
///
/// Built once from plain values (no I/O); immutable and safe to query from many threads.
public final class AddressRegister: Sendable {
  /// One row of the input.
  public struct Row: Sendable {
    public var street: String
    public var houseNumber: String
    public var postcode: Int
    public var municipality: String
    public var position: XY
    /// The position as given in lon/lat, when the source had it (kept to print it unchanged).
    public var lonLat: LonLat?
    public init(street: String, houseNumber: String, postcode: Int, municipality: String, position: XY, lonLat: LonLat? = nil) {
      self.street = street
      self.houseNumber = houseNumber
      self.postcode = postcode
      self.municipality = municipality
      self.position = position
      self.lonLat = lonLat
    }
  }

  /// A street: one name in one postcode.
  public struct Street: Sendable {
    public let name: String
    public let key: [UInt8]
    public let postcode: Int
    public let municipality: String
    /// The municipality's index in ``MunicipalityIndex/names``.
    public let municipalityIndex: Int32
    /// Address indices sorted by (number, suffix).
    public let addresses: [Int32]
    /// Locality ids (see ``localityNames``) its addresses lie in, municipality included.
    public let localities: [Int32]
  }

  public let streets: [Street]
  public let numbers: [Int32]
  public let suffixes: [String]
  public let displayNumbers: [String]
  public let positions: [XY]
  /// Source lon/lat per address (NaN when the source was metric).
  public let lonLats: [LonLat]
  public let streetOfAddress: [Int32]
  /// Locality of each address: the first locality layer's name, else the municipality.
  public let localityOfAddress: [Int32]
  public let localityNames: [String]
  let localityIds: [String: Int32]
  public let postcodes: Set<Int>
  /// The municipality each postcode and locality name means.
  public let municipalities: MunicipalityIndex
  let exact: [[UInt8]: [Int32]]
  let alias: [[UInt8]: [Int32]]
  let distinctKeys: [[UInt8]]
  let streetsOfKey: [[Int32]]
  let trigrams: [UInt32: [Int32]]
  /// Hashes of every key and of every key with one character deleted, with the key index,
  /// sorted by hash: two keys within one edit (or one transposition) share an entry.
  let deletionHashes: [UInt64]
  let deletionKeys: [Int32]
  /// Distinct key indices per postcode, for fuzzy search within a typed postcode.
  let keysByPostcode: [Int: [Int32]]

  public var count: Int { numbers.count }

  /// Builds the register.
  /// - Parameters:
  ///   - rows: the addresses (rows without a parsable house number are kept at street level only).
  ///   - localityLayers: named areas (deelgemeenten, wijken, kernen, gemeenten) whose names
  ///     residents type as the locality (also without a final parenthesis: `Deurne (Antwerpen)`
  ///     as `Deurne`); the first layer also names each address's locality.
  public init(rows: [Row], localityLayers: [[(name: String, area: MultiPolygon<XY>)]] = []) {
    var localityNames: [String] = []
    var localityIds: [String: Int32] = [:]
    func localityId(_ name: String) -> Int32 {
      let folded = AddressRegister.foldLocality(name)
      if let id = localityIds[folded] { return id }
      let id = Int32(localityNames.count)
      localityNames.append(name)
      localityIds[folded] = id
      return id
    }
    // Which locality areas each address lies in.
    var localityOfArea = localityLayers.map { layer in layer.map { localityId($0.name) } }
    let points = rows.map(\.position)
    var areaOfAddress: [[Int32]] = localityLayers.map { layer in
      PolygonIndex(areas: layer.map(\.area)).assign(points, threads: Parallel.processorCount).map { Int32($0) }
    }
    // "Deurne (Antwerpen)" is typed "Deurne": the name before a closing parenthesis also names the
    // area, as one more layer over the same areas (-1: no such name).
    for (k, layer) in localityLayers.enumerated() {
      let shortNames = layer.map { AddressRegister.nameBeforeParenthesis($0.name) }
      guard shortNames.contains(where: { $0 != nil }) else { continue }
      localityOfArea.append(shortNames.map { $0.map(localityId) ?? -1 })
      areaOfAddress.append(areaOfAddress[k])
    }
    let perLayer: [[Int32]] = zip(areaOfAddress, localityOfArea).map { areas, ids in areas.map { $0 < 0 ? -1 : ids[Int($0)] } }

    struct StreetID: Hashable {
      var postcode: Int
      var name: String
    }
    var streetIndex: [StreetID: Int32] = [:]
    var streetRows: [[Int32]] = []
    var streetInfo: [(name: String, postcode: Int, municipality: String)] = []
    var numbers = [Int32](repeating: -1, count: rows.count)
    var suffixes = [String](repeating: "", count: rows.count)
    var display = [String](repeating: "", count: rows.count)
    var streetOf = [Int32](repeating: 0, count: rows.count)
    var localityOf = [Int32](repeating: -1, count: rows.count)
    var postcodes = Set<Int>()
    for (i, row) in rows.enumerated() {
      let k = StreetID(postcode: row.postcode, name: row.street)
      let s: Int32
      if let e = streetIndex[k] {
        s = e
      } else {
        s = Int32(streetRows.count)
        streetIndex[k] = s
        streetRows.append([])
        streetInfo.append((row.street, row.postcode, row.municipality))
      }
      streetRows[Int(s)].append(Int32(i))
      streetOf[i] = s
      postcodes.insert(row.postcode)
      if let hn = AddressRegister.parseNumber(row.houseNumber) {
        numbers[i] = Int32(hn.number)
        suffixes[i] = hn.suffix
      }
      display[i] = row.houseNumber
      localityOf[i] = perLayer.first?[i] ?? -1
    }
    let municipalityIds = streetInfo.map { localityId($0.municipality) }
    var municipalityNames: [String] = []
    var municipalityIndexOf: [String: Int32] = [:]
    let municipalityOfStreet: [Int32] = streetInfo.map { info in
      if let m = municipalityIndexOf[info.municipality] { return m }
      municipalityIndexOf[info.municipality] = Int32(municipalityNames.count)
      municipalityNames.append(info.municipality)
      return Int32(municipalityNames.count - 1)
    }
    for i in rows.indices where localityOf[i] < 0 { localityOf[i] = municipalityIds[Int(streetOf[i])] }

    var streets: [Street] = []
    streets.reserveCapacity(streetRows.count)
    var exact: [[UInt8]: [Int32]] = [:]
    var alias: [[UInt8]: [Int32]] = [:]
    for (s, members) in streetRows.enumerated() {
      let sorted = members.sorted { a, b in
        numbers[Int(a)] != numbers[Int(b)] ? numbers[Int(a)] < numbers[Int(b)] : suffixes[Int(a)] < suffixes[Int(b)]
      }
      var locs = Set<Int32>([municipalityIds[s]])
      for layer in perLayer { for a in members where layer[Int(a)] >= 0 { locs.insert(layer[Int(a)]) } }
      let info = streetInfo[s]
      let key = Array(StreetKey.key(info.name).utf8)
      streets.append(
        Street(
          name: info.name, key: key, postcode: info.postcode, municipality: info.municipality, municipalityIndex: municipalityOfStreet[s],
          addresses: sorted, localities: locs.sorted()))
      exact[key, default: []].append(Int32(s))
      // Alias without leading initials and abbreviated first names ("A. Einsteinstraat" → "einsteinstraat"),
      // only for names that abbreviate them (a dot or a single letter before the last word), and
      // not when the last word is a bare street type ("Graaf Boudewijn I-straat" is no "straat").
      let words = StreetKey.tokens(TextFolding.fold(info.name))
      let rawWords = info.name.split(whereSeparator: { $0 == " " || $0 == "-" })
      let abbreviated = rawWords.dropLast().contains { $0.contains(".") || $0.count == 1 }
      if words.count > 1 && abbreviated, let last = words.last {
        let aliasKey = StreetKey.key(tokens: [last])
        if aliasKey.utf8.count > 0 && !StreetKey.typeEndings.contains(aliasKey) && Array(aliasKey.utf8) != key {
          alias[Array(aliasKey.utf8), default: []].append(Int32(s))
        }
      }
    }
    var distinctKeys: [[UInt8]] = []
    var streetsOfKey: [[Int32]] = []
    var trigrams: [UInt32: [Int32]] = [:]
    for (key, ss) in exact.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
      let k = Int32(distinctKeys.count)
      distinctKeys.append(key)
      streetsOfKey.append(ss)
      for t in Set(AddressRegister.trigrams(key)) { trigrams[t, default: []].append(k) }
    }
    self.streets = streets
    self.numbers = numbers
    self.suffixes = suffixes
    self.displayNumbers = display
    self.positions = points
    self.lonLats = rows.map { $0.lonLat ?? LonLat(lon: .nan, lat: .nan) }
    self.streetOfAddress = streetOf
    self.localityOfAddress = localityOf
    self.localityNames = localityNames
    self.localityIds = localityIds
    self.postcodes = postcodes
    self.exact = exact
    self.alias = alias
    self.distinctKeys = distinctKeys
    self.streetsOfKey = streetsOfKey
    self.trigrams = trigrams
    var pairs: [(UInt64, Int32)] = []
    pairs.reserveCapacity(distinctKeys.count * 16)
    for (k, key) in distinctKeys.enumerated() {
      var hashes = Set(AddressRegister.deletionHashes(key))
      hashes.insert(AddressRegister.hash(key, skipping: -1))
      for h in hashes { pairs.append((h, Int32(k))) }
    }
    pairs.sort { $0.0 < $1.0 }
    deletionHashes = pairs.map(\.0)
    deletionKeys = pairs.map(\.1)
    var byPostcode: [Int: Set<Int32>] = [:]
    for (k, ss) in streetsOfKey.enumerated() { for st in ss { byPostcode[streets[Int(st)].postcode, default: []].insert(Int32(k)) } }
    self.keysByPostcode = byPostcode.mapValues { $0.sorted() }
    var localityOfMunicipality = [Int32](repeating: 0, count: municipalityNames.count)
    for (s, m) in municipalityOfStreet.enumerated() { localityOfMunicipality[Int(m)] = municipalityIds[s] }
    municipalities = MunicipalityIndex(
      names: municipalityNames, streets: streets.map { ($0.postcode, $0.municipalityIndex, $0.addresses.count) },
      municipalityOfAddress: streetOf.map { municipalityOfStreet[Int($0)] }, areaOfAddress: areaOfAddress, localityOfArea: localityOfArea,
      localityOfMunicipality: localityOfMunicipality, localityCount: localityNames.count,
      streetsOfKey: streetsOfKey)
  }

  /// Locality keys (``AddressQuery/localityKey(_:)``), for the query parser.
  public var localityKeys: Set<String> { Set(localityIds.keys) }

  static func foldLocality(_ name: String) -> String { AddressQuery.localityKey(name) }

  /// `"Deurne (Antwerpen)"` → `"Deurne"`; nil for a name without a final parenthesis.
  static func nameBeforeParenthesis(_ name: String) -> String? {
    guard name.hasSuffix(")"), let open = name.lastIndex(of: "(") else { return nil }
    var short = name[..<open]
    while short.last == " " { short = short.dropLast() }
    return short.isEmpty ? nil : String(short)
  }

  /// Fast house-number parse for the common forms (`12`, `12A`), else the full grammar.
  static func parseNumber(_ text: String) -> HouseNumber? {
    var n = 0
    var digits = 0
    var rest = ""
    for u in text.utf8 {
      if rest.isEmpty && u >= 48 && u <= 57 && digits < 7 {
        n = n * 10 + Int(u - 48)
        digits += 1
      } else {
        rest.unicodeScalars.append(Unicode.Scalar(u))
      }
    }
    guard digits > 0 else { return nil }
    if rest.isEmpty { return HouseNumber(number: n) }
    if rest.utf8.count == 1, let c = rest.utf8.first, (c >= 65 && c <= 90) || (c >= 97 && c <= 122) {
      return HouseNumber(number: n, suffix: rest.lowercased())
    }
    return HouseNumber(register: text)
  }

  /// FNV-1a hash of `key` without the byte at `skipping` (-1: the whole key).
  static func hash(_ key: [UInt8], skipping: Int) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for (i, b) in key.enumerated() where i != skipping {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return h
  }

  /// Hashes of the key with each single byte deleted.
  static func deletionHashes(_ key: [UInt8]) -> [UInt64] {
    (0..<key.count).map { hash(key, skipping: $0) }
  }

  /// Key indices that share a deletion hash with one of `hashes`.
  func keysSharingDeletions(_ hashes: [UInt64]) -> [Int32] {
    var out: [Int32] = []
    for h in hashes {
      var lo = 0
      var hi = deletionHashes.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if deletionHashes[mid] < h { lo = mid + 1 } else { hi = mid }
      }
      while lo < deletionHashes.count && deletionHashes[lo] == h {
        out.append(deletionKeys[lo])
        lo += 1
      }
    }
    return out
  }

  /// Trigrams of a key padded with one space on each side.
  static func trigrams(_ key: [UInt8]) -> [UInt32] {
    let padded = [UInt8(32)] + key + [UInt8(32)]
    guard padded.count >= 3 else { return [] }
    return (0..<(padded.count - 2)).map { UInt32(padded[$0]) << 16 | UInt32(padded[$0 + 1]) << 8 | UInt32(padded[$0 + 2]) }
  }

  /// The locality id of a name as typed (case, accents, hyphens, spaces and `St.` for `Sint` ignored).
  public func localityId(named name: String) -> Int32? { localityIds[AddressRegister.foldLocality(name)] }
}
