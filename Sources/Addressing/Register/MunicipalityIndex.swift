/// Which municipality a typed postcode or place name means, so that a resolution can be kept
/// inside what the resident typed.
///
/// A municipality is one distinct value of the rows' `municipality` (in the Flemish CRAB register,
/// the 2013 municipality; a register without that column is one municipality named `""`).
/// - A postcode means the municipalities holding at least a tenth of its addresses: a stray row
///   (a postcode 3110 address filed under Keerbergen) does not make 3110 a Keerbergen postcode.
/// - A locality name (a deelgemeente, wijk or kern, or a municipality's own name) means every
///   municipality that holds at least a tenth of the addresses of one area of that name, and the
///   municipality of that name. Names shared by areas of several municipalities ("Centrum") mean
///   all of them.
/// - A street belongs to its municipality's place when its postcode is one of that municipality's
///   postcodes (the stray row's street does not).
public struct MunicipalityIndex: Sendable {
  /// Municipality names, indexed by ``AddressRegister/Street/municipalityIndex``.
  public let names: [String]
  /// The postcodes of each municipality, ascending.
  public let postcodes: [[Int]]
  let ofPostcode: [Int: [Int32]]
  /// Municipalities per locality id (``AddressRegister/localityNames``), ascending.
  let ofLocality: [[Int32]]
  /// Distinct street-key indices per municipality, ascending.
  let keys: [[Int32]]
  /// Per street: its postcode is one of its municipality's postcodes.
  let streetIsInOwnPostcode: [Bool]

  /// A postcode or area must hold at least this share of its addresses in a municipality to mean it.
  static let minimumShare = 10

  /// Builds the index.
  /// - Parameters:
  ///   - names: the municipality names.
  ///   - streets: per street its postcode, municipality index and number of addresses.
  ///   - municipalityOfAddress: each address's municipality index.
  ///   - areaOfAddress: per locality layer, each address's area index (-1: in no area).
  ///   - localityOfArea: per locality layer, each area's locality id (-1: none).
  ///   - localityOfMunicipality: each municipality's own name as a locality id.
  ///   - localityCount: the number of locality ids.
  ///   - streetsOfKey: the streets of each distinct street key.
  init(
    names: [String], streets: [(postcode: Int, municipality: Int32, addresses: Int)], municipalityOfAddress: [Int32],
    areaOfAddress: [[Int32]], localityOfArea: [[Int32]], localityOfMunicipality: [Int32], localityCount: Int,
    streetsOfKey: [[Int32]]
  ) {
    self.names = names
    let m = names.count
    var perPostcode: [Int: [Int32: Int]] = [:]
    for s in streets { perPostcode[s.postcode, default: [:]][s.municipality, default: 0] += s.addresses }
    var ofPostcode: [Int: [Int32]] = [:]
    var postcodes = [[Int]](repeating: [], count: m)
    for (pc, counts) in perPostcode.sorted(by: { $0.key < $1.key }) {
      let total = counts.values.reduce(0, +)
      let meant = counts.filter { $0.value * MunicipalityIndex.minimumShare >= total }.keys.sorted()
      ofPostcode[pc] = meant
      for mi in meant { postcodes[Int(mi)].append(pc) }
    }
    self.ofPostcode = ofPostcode
    self.postcodes = postcodes

    var ofLocality = [Set<Int32>](repeating: [], count: localityCount)
    for (mi, l) in localityOfMunicipality.enumerated() { ofLocality[Int(l)].insert(Int32(mi)) }
    for (layer, areas) in zip(areaOfAddress, localityOfArea) {
      // Addresses per (area, municipality), flat.
      var counts = [Int32](repeating: 0, count: areas.count * m)
      for (i, a) in layer.enumerated() where a >= 0 { counts[Int(a) * m + Int(municipalityOfAddress[i])] += 1 }
      for (a, l) in areas.enumerated() where l >= 0 {
        let row = counts[(a * m)..<((a + 1) * m)]
        let total = Int(row.reduce(0, +))
        guard total > 0 else { continue }
        for (mi, n) in row.enumerated() where n > 0 && Int(n) * MunicipalityIndex.minimumShare >= total {
          ofLocality[Int(l)].insert(Int32(mi))
        }
      }
    }
    self.ofLocality = ofLocality.map { $0.sorted() }

    var keys = [[Int32]](repeating: [], count: m)
    for (k, ss) in streetsOfKey.enumerated() {
      for s in ss {
        let mi = Int(streets[Int(s)].municipality)
        if keys[mi].last != Int32(k) { keys[mi].append(Int32(k)) }
      }
    }
    self.keys = keys
    streetIsInOwnPostcode = streets.map { ofPostcode[$0.postcode]?.contains($0.municipality) ?? false }
  }

  /// The municipalities a typed postcode means; empty for a postcode the register does not have.
  public func municipalities(ofPostcode postcode: Int) -> [Int32] { ofPostcode[postcode] ?? [] }

  /// The municipalities a locality id (``AddressRegister/localityId(named:)``) means.
  public func municipalities(ofLocality id: Int32) -> [Int32] {
    id >= 0 && Int(id) < ofLocality.count ? ofLocality[Int(id)] : []
  }
}
