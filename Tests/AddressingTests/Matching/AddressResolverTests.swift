import Addressing
import GeoCore
import Testing

/// A small register: two streets in 3620, one name in both 3620 and 3621, numbers with gaps.
func smallRegister() -> AddressResolver {
  var rows: [AddressRegister.Row] = []
  func add(_ street: String, _ numbers: [String], _ pc: Int, y: Double) {
    for (k, n) in numbers.enumerated() {
      rows.append(
        .init(street: street, houseNumber: n, postcode: pc, municipality: "Lanaken", position: XY(x: 1000 + Double(k) * 10, y: y)))
    }
  }
  add("Stationsstraat", ["2", "4", "10", "12", "12A", "14", "1", "3", "5"], 3620, y: 0)
  add("Kerkstraat", ["1", "2", "3"], 3620, y: 200)
  add("Heirbaan", ["1", "3"], 3620, y: 400)
  add("Heirbaan", ["1", "5"], 3621, y: 600)
  add("A. Einsteinstraat", ["1", "3"], 3620, y: 800)
  add("Beukenlaan", ["1"], 3620, y: 1000)
  add("Berkenlaan", ["1"], 3620, y: 1200)
  return AddressResolver(register: AddressRegister(rows: rows))
}

@Suite("Address resolution")
struct AddressResolverTests {
  let resolver = smallRegister()

  func match(_ text: String) -> Resolution.Candidate? {
    let r = resolver.resolve(text)
    return r.status == .matched ? r.best : nil
  }

  @Test func exactAndNormalised() {
    #expect(match("Stationsstraat 12")?.houseNumber == "12")
    #expect(match("STATIONSSTRAAT 12A")?.houseNumber == "12A")
    #expect(match("stationsstr. 12 a")?.houseNumber == "12A")
    #expect(match("Stationsstraat 12")?.method == .exact)
    #expect(match("Stationsstraat 12 bus 3")?.houseNumber == "12")
    #expect(resolver.resolve("Stationsstraat 12 bus 3").box == "3")
  }

  @Test func fuzzyStreet() {
    let c = match("Statoinsstraat 4")
    #expect(c?.street == "Stationsstraat")
    #expect(c?.method == .fuzzy)
    #expect((c?.score ?? 1) < 1)
  }

  @Test func aliasWithoutInitials() {
    #expect(match("Einsteinstraat 3")?.street == "A. Einsteinstraat")
    #expect(match("Albert Einsteinstraat 3")?.street == "A. Einsteinstraat")
  }

  @Test func suffixVariant() {
    // 14 exists plain; "14B" is not registered: the suffix variant is 14.
    let c = match("Stationsstraat 14B")
    #expect(c?.houseNumber == "14")
    #expect((c?.score ?? 1) < 1)
  }

  @Test func interpolationBetweenSameParityNeighbours() throws {
    let r = resolver.resolve("Stationsstraat 6")
    let c = try #require(r.best)
    #expect(c.method == .interpolated)
    // Between 4 (x=1010) and 10 (x=1020): a third of the way.
    #expect(abs(c.position.x - (1010 + 10.0 / 3)) < 1e-6)
    #expect(c.houseNumber == "6")
  }

  @Test func streetLevelWhenNoNumberCanBePlaced() {
    #expect(match("Stationsstraat 99")?.method == .street)
    #expect(match("Stationsstraat")?.method == .street)
  }

  @Test func ambiguousAcrossPostcodes() {
    let r = resolver.resolve("Heirbaan 1")
    #expect(r.status == .ambiguous)
    #expect(Set(r.candidates.map(\.postcode)) == [3620, 3621])
    #expect(match("Heirbaan 1, 3621")?.postcode == 3621)
    #expect(match("Heirbaan 5")?.postcode == 3621)
  }

  @Test func ambiguousBetweenTwoEquallyCloseStreets() {
    // "Beekenlaan" is one edit from both Beukenlaan and Berkenlaan.
    #expect(resolver.resolve("Beekenlaan 1").status == .ambiguous)
  }

  @Test(
    "not_found, never a guess",
    arguments: [
      "", "   ", "12", "Nonexistentstraat 4", "Kerkstraat 1, 3500 Hasselt", "xq", "!!!", "3620",
      "Molenweg 3", "🙂", String(repeating: "a", count: 500),
    ])
  func notFound(_ text: String) {
    let r = resolver.resolve(text)
    #expect(r.status == .notFound, "\(text) → \(r.best?.street ?? "")")
    #expect(r.reason != nil)
  }
}
