import Testing

@testable import BuurtApp

@Suite("Street ranges")
struct StreetRangeTests {
  @Test func oddAndEvenRangesAsResidentsReadThem() {
    #expect(StreetRange(street: "Stationsstraat", odd: 1...47, even: 2...30).text == "Stationsstraat 1–47 (oneven), 2–30 (even)")
    #expect(StreetRange(street: "Kerkplein", odd: nil, even: 4...4).text == "Kerkplein 4 (even)")
    #expect(StreetRange(street: "Veld", odd: nil, even: nil).text == "Veld")
  }
}
