import Addressing
import GeoCore
import Testing

@Suite("Address suggestions")
struct AddressSuggesterTests {
  let suggester = AddressSuggester(register: smallRegister().register)

  func labels(_ text: String, limit: Int = 8) -> [String] { suggester.suggest(text, limit: limit).map(\.label) }

  @Test func aStreetPrefixSuggestsStreetsAndANumberItsAddresses() {
    #expect(labels("Statio") == ["Stationsstraat, 3620 Lanaken"])
    #expect(
      labels("stationsstr 1") == [
        "Stationsstraat 1, 3620 Lanaken", "Stationsstraat 10, 3620 Lanaken", "Stationsstraat 12, 3620 Lanaken",
        "Stationsstraat 12A, 3620 Lanaken", "Stationsstraat 14, 3620 Lanaken",
      ])
    #expect(labels("Stationsstraat 12") == ["Stationsstraat 12, 3620 Lanaken", "Stationsstraat 12A, 3620 Lanaken"])
    #expect(labels("Stationsstraat 12 a") == ["Stationsstraat 12A, 3620 Lanaken"])
    #expect(labels("Stationsstraat 12 bus 3") == ["Stationsstraat 12, 3620 Lanaken", "Stationsstraat 12A, 3620 Lanaken"])
  }

  @Test func typosAbbreviationsAndLaterWordsStillFindTheStreet() {
    #expect(labels("Stasionsstraat 3") == ["Stationsstraat 3, 3620 Lanaken"])
    #expect(labels("Satt") == ["Stationsstraat, 3620 Lanaken"])  // four letters: one transposition
    #expect(labels("Xtat").isEmpty)  // the first letter is not a typo
    #expect(labels("Kerkstr 2") == ["Kerkstraat 2, 3620 Lanaken"])
    #expect(labels("Einstein") == ["A. Einsteinstraat, 3620 Lanaken"])
    #expect(labels("Albert Einsteinstraat 3") == ["A. Einsteinstraat 3, 3620 Lanaken"])
  }

  @Test func aTypedPlaceNarrowsTheStreets() {
    #expect(labels("Heirbaan") == ["Heirbaan, 3620 Lanaken", "Heirbaan, 3621 Lanaken"])
    #expect(labels("Heirbaan 1, 3621") == ["Heirbaan 1, 3621 Lanaken"])
    #expect(labels("Heirbaan, 3621") == ["Heirbaan, 3621 Lanaken"])
    #expect(labels("Heirbaan 5 Lanak") == ["Heirbaan 5, 3621 Lanaken"])
  }

  @Test func aNameStartingWithANumberAndATypoThatIsAnotherStreet() {
    var rows: [AddressRegister.Row] = []
    for (street, numbers) in [("2e Carabinierslaan", ["4", "12"]), ("Bergstraat", ["40", "41"]), ("Bremstraat", ["4"])] {
      for (k, n) in numbers.enumerated() {
        rows.append(.init(street: street, houseNumber: n, postcode: 3620, municipality: "Lanaken", position: XY(x: Double(k) * 10, y: 0)))
      }
    }
    let s = AddressSuggester(register: AddressRegister(rows: rows))
    #expect(s.suggest("2e Car").map(\.label) == ["2e Carabinierslaan, 3620 Lanaken"])
    #expect(s.suggest("2e Carabinierslaan 12").map(\.label) == ["2e Carabinierslaan 12, 3620 Lanaken"])
    // A street typed right is not outranked by another one edit away that has the exact number.
    #expect(s.suggest("Bergstraat 4").map(\.label) == ["Bergstraat 40, 3620 Lanaken", "Bergstraat 41, 3620 Lanaken"])
  }

  @Test func theLimitHoldsAndJunkGivesNothing() {
    #expect(labels("Stationsstraat", limit: 0).isEmpty)
    #expect(labels("stationsstraat 1", limit: 2).count == 2)
    #expect(labels("").isEmpty)
    #expect(labels("12").isEmpty)
    #expect(labels("zzzzzzzz").isEmpty)
    #expect(labels("B").isEmpty)
    #expect(labels(String(repeating: "stationsstraat ", count: 40)).isEmpty)
  }

  @Test func everyLabelResolvesToItsOwnAddress() {
    let resolver = smallRegister()
    for text in ["Stationsstraat 1", "Heirbaan 1", "Kerkstraat", "Einstein 1", "Be"] {
      for s in suggester.suggest(text) {
        let r = resolver.resolve(s.label)
        #expect(r.status == .matched, "\(s.label)")
        #expect(r.best?.street == s.street && r.best?.postcode == s.postcode, "\(s.label)")
        if let n = s.houseNumber { #expect(r.best?.houseNumber == n, "\(s.label)") }
      }
    }
  }
}
