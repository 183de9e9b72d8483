import Addressing
import Testing

struct ParseCase: Sendable, CustomStringConvertible {
  var text: String
  var street: String
  var number: String?
  var box: String?
  var postcode: Int?
  var locality: String?
  var description: String { text }
}

let localities = Set(
  ["Lanaken", "Gellik", "Rekem", "Neerharen", "Veldwezelt", "Kesselt", "Smeermaas", "Sint-Truiden", "Heist-op-den-Berg", "De Pinte"]
    .map(AddressQuery.localityKey))

let parseCases: [ParseCase] = [
  .init(text: "Stationsstraat 12", street: "stationsstraat", number: "12"),
  .init(text: "stationstr 12", street: "stationstr", number: "12"),
  .init(text: "STATIONSSTRAAT 12A LANAKEN", street: "stationsstraat", number: "12a", locality: "lanaken"),
  .init(text: "Stationsstraat 12 bus 3, 3620 Gellik", street: "stationsstraat", number: "12", box: "3", postcode: 3620, locality: "gellik"),
  .init(text: "Stationsstraat 12 a", street: "stationsstraat", number: "12a"),
  .init(text: "Stationsstraat 12-A", street: "stationsstraat", number: "12a"),
  .init(text: "Stationsstraat 12/3", street: "stationsstraat", number: "12", box: "3"),
  .init(text: "Stationsstraat 12 bte 3", street: "stationsstraat", number: "12", box: "3"),
  .init(text: "Stationsstraat 12 boîte 3", street: "stationsstraat", number: "12", box: "3"),
  .init(text: "Stationsstraat 12 b 3", street: "stationsstraat", number: "12", box: "3"),
  .init(text: "Stationsstraat 12b", street: "stationsstraat", number: "12b"),
  .init(text: "Stationsstraat 12A bus 2", street: "stationsstraat", number: "12a", box: "2"),
  .init(text: "Stationsstraat 6bis", street: "stationsstraat", number: "6bis"),
  .init(text: "Stationsstraat 6 ter", street: "stationsstraat", number: "6ter"),
  .init(text: "Stationsstraat 12-14", street: "stationsstraat", number: "12-14"),
  .init(text: "12 Stationsstraat", street: "stationsstraat", number: "12"),
  .init(text: "3620 Lanaken, Stationsstraat 12", street: "stationsstraat", number: "12", postcode: 3620, locality: nil),
  .init(text: "Stationsstraat 12 3620", street: "stationsstraat", number: "12", postcode: 3620),
  .init(text: "Stationsstraat 12, Gellik", street: "stationsstraat", number: "12", locality: "gellik"),
  .init(text: "2e Carabinierslaan 10", street: "2e carabinierslaan", number: "10"),
  .init(text: "43 De Dries", street: "de dries", number: "43"),
  .init(text: "Kerkstraat 6-bis", street: "kerkstraat", number: "6bis"),
  .init(text: "O.L.V.-straat 4", street: "olv straat", number: "4"),
  .init(text: "Sint-Jansstraat 7, 3800 Sint-Truiden", street: "sint jansstraat", number: "7", postcode: 3800, locality: "sint truiden"),
  .init(text: "  Stationsstraat   12 , ", street: "stationsstraat", number: "12"),
  .init(text: "Stationsstraat", street: "stationsstraat", number: nil),
  .init(text: "Orshagenstraat 12 HEIST-OP-DEN-BERG", street: "orshagenstraat", number: "12", locality: "heist op den berg"),
  .init(text: "Kerkstraat 3 st.-truiden", street: "kerkstraat", number: "3", locality: "st truiden"),
  .init(text: "De Pinte, Kerkstraat 3", street: "kerkstraat", number: "3", locality: "de pinte"),
]

@Suite("Address grammar")
struct AddressQueryTests {
  @Test("typed forms and their parse", arguments: parseCases)
  func parse(_ c: ParseCase) {
    let q = AddressQuery(c.text, localities: localities)
    #expect(q.streetWords.joined(separator: " ") == c.street)
    #expect(q.houseNumber.map { "\($0.number)" + ($0.rangeEnd.map { "-\($0)" } ?? "") + $0.suffix } == c.number)
    #expect(q.box == c.box)
    #expect(q.postcode == c.postcode)
    if let l = c.locality { #expect(q.locality == l) }
  }

  @Test func streetKeysAgreeAcrossTypedForms() {
    let forms = ["Stationsstraat", "stationsstr.", "STATIONSSTRAAT", "Stations straat", "Stationsstr", "stationsstraat."]
    #expect(Set(forms.map(StreetKey.key)) == ["stationsstraat"])
    #expect(StreetKey.key("Maaseikerstwg") == StreetKey.key("Maaseikersteenweg"))
    #expect(StreetKey.key("St.-Jansstraat") == StreetKey.key("Sint-Jansstraat"))
    #expect(StreetKey.key("Burg. Delwaidelaan") == StreetKey.key("Burgemeester Delwaidelaan"))
    #expect(StreetKey.key("Kon. Astridln") == StreetKey.key("Koning Astridlaan"))
    #expect(StreetKey.key("Église") == StreetKey.key("eglise"))
    #expect(StreetKey.key("Dr. Le Jeunestraat") == StreetKey.key("Dokter Le Jeunestraat"))
  }

  @Test func localityKeysIgnoreCaseHyphensSpacesAndSintAbbreviated() {
    let forms = ["Sint-Martens-Latem", "SINT MARTENS LATEM", "st.-martens-latem", "Sint Martens-Latem", "sintmartenslatem"]
    #expect(Set(forms.map(AddressQuery.localityKey)) == ["sintmartenslatem"])
    #expect(AddressQuery.localityKey("De Pinte") == AddressQuery.localityKey("de-pinte"))
  }

  @Test func foldingRemovesCaseDiacriticsAndPunctuation() {
    #expect(TextFolding.fold("Boîte ÉÇ, ß") == "boite ec  ss")
  }

  @Test func registerNumbers() {
    #expect(HouseNumber(register: "12A")?.description == "12A")
    #expect(HouseNumber(register: "6bis")?.description == "6bis")
    #expect(HouseNumber(register: "12-14")?.rangeEnd == 14)
    #expect(HouseNumber(register: "z/n") == nil)
  }

  @Test func editDistance() {
    func d(_ a: String, _ b: String, _ limit: Int = 5) -> Int { EditDistance.distance(Array(a.utf8), Array(b.utf8), limit: limit) }
    #expect(d("kerkstraat", "kerkstraat") == 0)
    #expect(d("kerkstraat", "kerkstrat") == 1)
    #expect(d("kerkstraat", "kekrstraat") == 1)  // transposition
    #expect(d("kerkstraat", "molenweg", 2) == 3)  // cut off at limit + 1
  }
}
