import Addressing
import GeoCore
import Testing

/// Three municipalities, far apart: the same Kerkstraat in Heist-op-den-Berg (2220) and De Haan
/// (8420); Sint-Martens-Latem with two postcodes (9830, and 9831 for its deelgemeente Deurle,
/// given as the locality area "Deurle (Sint-Martens-Latem)", typed "Deurle"); Hoefijzerlaan only in De Haan.
func threeMunicipalities() -> AddressResolver {
  var rows: [AddressRegister.Row] = []
  func add(_ street: String, _ numbers: [String], _ postcode: Int, _ municipality: String, x: Double, y: Double) {
    for (k, n) in numbers.enumerated() {
      rows.append(
        .init(street: street, houseNumber: n, postcode: postcode, municipality: municipality, position: XY(x: x + Double(k) * 10, y: y)))
    }
  }
  add("Orshagenstraat", ["10", "12", "14"], 2220, "Heist-op-den-Berg", x: 0, y: 0)
  add("Kerkstraat", ["1", "3", "5"], 2220, "Heist-op-den-Berg", x: 0, y: 200)
  add("Kerkstraat", ["5", "7"], 8420, "De Haan", x: 50_000, y: 0)
  add("Hoefijzerlaan", ["77", "79", "81"], 8420, "De Haan", x: 50_000, y: 200)
  add("Dorpsstraat", ["1", "2", "3"], 9830, "Sint-Martens-Latem", x: 100_000, y: 0)
  add("Pontstraat", ["1", "3", "5"], 9831, "Sint-Martens-Latem", x: 100_000, y: 1000)
  add("Graaf Boudewijn I-straat", ["25"], 9830, "Sint-Martens-Latem", x: 100_000, y: 400)
  add("Deurle-Dorp", ["8"], 9831, "Sint-Martens-Latem", x: 100_000, y: 1050)
  let deurle = MultiPolygon([
    Polygon(
      exterior: LinearRing([
        XY(x: 99_000, y: 900), XY(x: 101_000, y: 900), XY(x: 101_000, y: 1100), XY(x: 99_000, y: 1100), XY(x: 99_000, y: 900),
      ]))
  ])
  return AddressResolver(register: AddressRegister(rows: rows, localityLayers: [[(name: "Deurle (Sint-Martens-Latem)", area: deurle)]]))
}

@Suite("A typed postcode or place bounds the answer")
struct TypedPlaceTests {
  let resolver = threeMunicipalities()

  @Test(
    "a street the typed place does not have: not_found, with the place that has it",
    arguments: [
      "Hoefijzerlaan 79, 2220 Heist-op-den-Berg", "Hoefijzerlaan 79, 2220", "Hoefijzerlaan 79 2220",
      "2220 Heist-op-den-Berg, Hoefijzerlaan 79",
      "Hoefijzerlaan 79 HEIST-OP-DEN-BERG", "Hoefijzerlaan 79, sint-martens-latem", "Hoefijzerlaan 79, 9831 Deurle",
      "Hoefijzerlaan 79 Deurle",
    ])
  func streetElsewhereIsNotFound(_ text: String) throws {
    let r = resolver.resolve(text)
    #expect(r.status == .notFound, "\(text) → \(r.best.map { "\($0.street) \($0.postcode)" } ?? "")")
    #expect(r.best == nil)
    let candidate = try #require(r.candidates.first)
    #expect(r.candidates.count == 1)
    #expect(candidate.street == "Hoefijzerlaan" && candidate.houseNumber == "79" && candidate.postcode == 8420)
    #expect(candidate.municipality == "De Haan")
    #expect(r.reason?.contains("8420 De Haan") == true, "\(r.reason ?? "")")
  }

  @Test func aStreetNowhereInTheRegisterHasNoCandidates() {
    let r = resolver.resolve("Nergensstraat 4, 2220 Heist-op-den-Berg")
    #expect(r.status == .notFound)
    #expect(r.candidates.isEmpty)
    #expect(r.reason?.contains("2220") == true)
  }

  @Test(
    "a municipality name in any case, hyphenated or not, no postcode",
    arguments: [
      ("Orshagenstraat 12 HEIST-OP-DEN-BERG", 2220), ("Orshagenstraat 12 heist op den berg", 2220),
      ("Orshagenstraat 12, Heist-op-den-Berg", 2220), ("Heist-op-den-Berg Orshagenstraat 12", 2220),
      ("Pontstraat 3 Sint-Martens-Latem", 9831), ("Pontstraat 3 st.-martens-latem", 9831), ("Pontstraat 3 SINT MARTENS LATEM", 9831),
      ("Hoefijzerlaan 79 de haan", 8420), ("Hoefijzerlaan 79 DE HAAN", 8420),
    ])
  func municipalityName(_ text: String, postcode: Int) throws {
    let r = resolver.resolve(text)
    #expect(r.status == .matched, "\(text): \(r.reason ?? "")")
    let best = try #require(r.best)
    #expect(best.postcode == postcode)
    #expect(best.method == .exact && best.score == 1)
  }

  @Test func theSameStreetInTwoMunicipalitiesFollowsThePlace() {
    #expect(resolver.resolve("Kerkstraat 5, 8420 De Haan").best?.postcode == 8420)
    #expect(resolver.resolve("Kerkstraat 5 Heist-op-den-Berg").best?.postcode == 2220)
    #expect(resolver.resolve("Kerkstraat 5 de haan").best?.postcode == 8420)
    // No place typed: both are possible.
    #expect(resolver.resolve("Kerkstraat 5").status == .ambiguous)
    // Kerkstraat 7 is only in De Haan: typed in Heist-op-den-Berg it is placed there (interpolated or street), never in De Haan.
    let r = resolver.resolve("Kerkstraat 7, 2220")
    #expect(r.best?.postcode == 2220)
  }

  @Test func theOtherPostcodeOfTheSameMunicipalityMatchesAtALowerScore() throws {
    let own = try #require(resolver.resolve("Pontstraat 3, 9831 Sint-Martens-Latem").best)
    let neighbour = resolver.resolve("Pontstraat 3, 9830 Sint-Martens-Latem")
    #expect(neighbour.status == .matched)
    let best = try #require(neighbour.best)
    #expect(best.postcode == 9831 && best.houseNumber == "3")
    #expect(best.score < own.score)
    #expect(resolver.resolve("Pontstraat 3, 9830").best?.postcode == 9831)
    // Another municipality's postcode is no neighbour.
    #expect(resolver.resolve("Pontstraat 3, 8420").status == .notFound)
  }

  @Test func aDeelgemeenteMeansItsMunicipality() throws {
    #expect(resolver.resolve("Pontstraat 3 Deurle").best?.postcode == 9831)
    #expect(resolver.resolve("Pontstraat 3 Deurle (Sint-Martens-Latem)").best?.postcode == 9831)
    #expect(resolver.resolve("Pontstraat 3 DEURLE").best?.score == 1)
    // Dorpsstraat is in Sint-Martens-Latem, not in Deurle: still the municipality, at a lower score.
    let r = resolver.resolve("Dorpsstraat 2 Deurle")
    let best = try #require(r.best)
    #expect(r.status == .matched && best.postcode == 9830)
    #expect(best.score < 1)
  }

  @Test func aPostcodeMixUpWithinLanakenStillResolves() throws {
    // smallRegister(): one municipality, Lanaken, with 3620 and 3621; Stationsstraat only in 3620.
    let lanaken = smallRegister()
    let exact = try #require(lanaken.resolve("Stationsstraat 12, 3620 Lanaken").best)
    let r = lanaken.resolve("Stationsstraat 12, 3621 Lanaken")
    #expect(r.status == .matched)
    let best = try #require(r.best)
    #expect(best.postcode == 3620 && best.houseNumber == "12")
    #expect(best.score < exact.score)
    #expect(lanaken.resolve("Stationsstraat 12, 3621").best?.postcode == 3620)
  }

  @Test func aStreetNameThatStartsWithALocalityName() {
    // "Deurle" is a locality, but "Deurle-Dorp" is the street.
    #expect(resolver.resolve("Deurle-Dorp 8").best?.street == "Deurle-Dorp")
    #expect(resolver.resolve("Deurle-Dorp 8, 9831").best?.street == "Deurle-Dorp")
    let elsewhere = resolver.resolve("Deurle-Dorp 8, 8420")
    #expect(elsewhere.status == .notFound)
    #expect(elsewhere.candidates.map(\.street) == ["Deurle-Dorp"])
  }

  @Test func aBareStreetTypeIsNoAliasOfANameWithAnInitial() {
    // "Graaf Boudewijn I-straat" has a one-letter word: its alias would be "straat", which every "… straat" ends in.
    #expect(resolver.resolve("Koning Leopold I-straat 25, 9830").status == .notFound)
    #expect(resolver.resolve("Graaf Boudewijn I-straat 25, 9830").best?.street == "Graaf Boudewijn I-straat")
  }

  @Test func aTypoInTheTypedPlaceIsStillTolerated() {
    #expect(resolver.resolve("Hoefijzerlan 79, 8420 De Haan").best?.street == "Hoefijzerlaan")
    // ...but a typo of a street of another municipality stays not_found.
    #expect(resolver.resolve("Hoefijzerlan 79, 2220").status == .notFound)
  }
}
