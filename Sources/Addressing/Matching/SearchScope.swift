/// One step of the street search: where the typed place allows the street, and the factor its
/// score is multiplied by.
///
/// The steps (``steps(postcode:locality:in:)``) loosen only inside what the resident typed:
/// 1. the typed postcode and locality, as typed (score × 1);
/// 2. with a locality: the typed postcode without the locality, or without a postcode the
///    locality's municipality (× 0.95): a deelgemeente that does not hold the street is often a
///    neighbouring village's name;
/// 3. with a postcode: every postcode of its municipality (× 0.85): a 3620/3621 mix-up.
///
/// The municipality is the postcode's (``MunicipalityIndex/municipalities(ofPostcode:)``), the
/// locality's (``MunicipalityIndex/municipalities(ofLocality:)``), both where they agree, or
/// either where they do not. Without a typed place there is one step: the whole register.
struct SearchScope {
  /// The street's postcode must be this one.
  var postcode: Int?
  /// The street must have an address in this locality.
  var locality: Int32?
  /// The street's municipality must be one of these, and its postcode one of that municipality's.
  var municipalities: [Int32]?
  var penalty: Double

  /// The municipalities a typed postcode and locality mean together; nil when neither was typed.
  static func municipalities(postcode: Int?, locality: Int32?, in register: AddressRegister) -> [Int32]? {
    let index = register.municipalities
    let ofPostcode = postcode.map(index.municipalities(ofPostcode:))
    let ofLocality = locality.map(index.municipalities(ofLocality:))
    switch (ofPostcode, ofLocality) {
    case (let p?, let l?):
      let agreed = p.filter(l.contains)
      return agreed.isEmpty ? Set(p + l).sorted() : agreed
    case (let p?, nil): return p
    case (nil, let l?): return l
    case (nil, nil): return nil
    }
  }

  /// The search steps for a typed postcode and locality id, tightest first.
  static func steps(postcode: Int?, locality: Int32?, in register: AddressRegister) -> [SearchScope] {
    let place = municipalities(postcode: postcode, locality: locality, in: register)
    var steps = [SearchScope(postcode: postcode, locality: locality, municipalities: postcode == nil ? place : nil, penalty: 1)]
    if locality != nil {
      steps.append(
        postcode != nil
          ? SearchScope(postcode: postcode, locality: nil, municipalities: nil, penalty: 0.95)
          : SearchScope(postcode: nil, locality: nil, municipalities: place, penalty: 0.95))
    }
    if postcode != nil { steps.append(SearchScope(postcode: nil, locality: nil, municipalities: place, penalty: 0.85)) }
    return steps
  }

  /// Whether street `s` lies in this scope.
  func allows(_ s: Int32, in register: AddressRegister) -> Bool {
    let street = register.streets[Int(s)]
    if let pc = postcode, street.postcode != pc { return false }
    if let l = locality, !street.localities.contains(l) { return false }
    if let ms = municipalities {
      guard ms.contains(street.municipalityIndex), register.municipalities.streetIsInOwnPostcode[Int(s)] else { return false }
    }
    return true
  }

  /// Above this many keys a fuzzy search uses the register-wide indexes instead of checking every key.
  static let mostKeysToScan = 8000

  /// The distinct street keys a fuzzy search must check (a superset of the scope's), or nil for
  /// the register-wide indexes.
  func keys(in register: AddressRegister) -> [Int32]? {
    if let pc = postcode { return register.keysByPostcode[pc] }
    guard let ms = municipalities else { return nil }
    let perMunicipality = register.municipalities.keys
    if ms.count == 1 { return perMunicipality[Int(ms[0])] }
    guard ms.reduce(0, { $0 + perMunicipality[Int($1)].count }) <= SearchScope.mostKeysToScan else { return nil }
    var keys = Set<Int32>()
    for m in ms { keys.formUnion(perMunicipality[Int(m)]) }
    return keys.sorted()
  }
}

extension AddressResolver {
  /// At most this many places are given for a street typed in a place that does not have it.
  static let mostPlacesElsewhere = 5

  /// The typed street where the register has it (the typed place does not): every street with
  /// the exact or alias key, with the house number placed on it, best first (score, then
  /// postcode, then name), at most ``mostPlacesElsewhere``. Scores ignore the typed place.
  func streetElsewhere(_ key: [UInt8], number: HouseNumber?) -> [Resolution.Candidate] {
    var streets = register.exact[key] ?? []
    streets += register.alias[key] ?? []
    var found: [Resolution.Candidate] = []
    for s in streets {
      if let c = place(number, onStreet: s, streetScore: 1, streetMethod: .exact) { found.append(c) }
    }
    found.sort { a, b in
      if a.score != b.score { return a.score > b.score }
      if a.postcode != b.postcode { return a.postcode < b.postcode }
      return a.street < b.street
    }
    return Array(found.prefix(AddressResolver.mostPlacesElsewhere))
  }

  /// Why a street typed with a postcode or locality is not found: the typed place, the
  /// municipality (and postcodes) it means, and the places that have the street.
  func notInPlaceReason(_ street: String, postcode: Int?, locality: Int32?, elsewhere: [Resolution.Candidate]) -> String {
    var typed: [String] = []
    if let pc = postcode { typed.append("postcode \(pc)") }
    if let l = locality { typed.append(register.localityNames[Int(l)]) }
    var reason = "no street like \"\(street)\" in \(typed.joined(separator: ", "))"
    let index = register.municipalities
    let meant = (SearchScope.municipalities(postcode: postcode, locality: locality, in: register) ?? []).filter {
      !index.names[Int($0)].isEmpty
    }
    if !meant.isEmpty {
      let shown = meant.prefix(3).map { m in "\(index.names[Int(m)]): \(index.postcodes[Int(m)].map(String.init).joined(separator: ", "))" }
      reason += " (municipality \(shown.joined(separator: "; "))\(meant.count > 3 ? "; …" : ""))"
    }
    var places: [String] = []
    for c in elsewhere {
      let place = c.municipality.isEmpty ? String(c.postcode) : "\(c.postcode) \(c.municipality)"
      if !places.contains(place) { places.append(place) }
    }
    if !places.isEmpty { reason += "; the register has it in \(places.joined(separator: ", "))" }
    return reason
  }
}
