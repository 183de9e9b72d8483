import BuurtStore
import GeoCore
import Testing

@testable import BuurtApp

@Suite("vCard 4.0")
struct VCardTests {
  func member(_ name: String, phone: String = "+32471123456", email: String? = nil) -> Member {
    Member(
      name: name, phone: phone, email: email, addressQuery: "x", street: "Kerkstraat", houseNumber: "1", box: "", postcode: "3620",
      locality: "Lanaken", position: XY(x: 0, y: 0), groupAtEnrollment: "Rekem", groupVersionAtEnrollment: 1)
  }

  @Test func cardsAreCRLFLinesWithEscapedTextAndATelURI() {
    let text = VCard.write([member("Jan, de \"Bakker\"; zoon\\x"), member("Élise", email: "e@x.be")], group: "Rekem")
    #expect(text.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:"))
    #expect(text.components(separatedBy: "BEGIN:VCARD").count == 3 && text.hasSuffix("END:VCARD\r\n"))
    #expect(text.contains(#"FN:Jan\, de "Bakker"\; zoon\\x"# + "\r\n"))
    #expect(text.contains("TEL;VALUE=uri;TYPE=cell:tel:+32471123456\r\n"))
    #expect(text.contains("EMAIL:e@x.be\r\n"))
    // Every line ends in CRLF: no bare LF.
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
  }

  @Test func longLinesFoldAt75OctetsWithoutSplittingACharacter() {
    let name = String(repeating: "é", count: 60)  // 120 octets
    let text = VCard.write([member(name)], group: "Rekem")
    let lines = text.components(separatedBy: "\r\n")
    #expect(lines.allSatisfy { $0.utf8.count <= 75 }, "\(lines.map(\.utf8.count))")
    // Unfolded (CRLF + one space removed), the name is whole again.
    #expect(text.replacingOccurrences(of: "\r\n ", with: "").contains("FN:\(name)\r\n"))
  }

  @Test func whatsAppLinksAreTheNumberWithoutPlus() {
    #expect(QueueEntry.whatsAppLink("+32471123456") == "https://wa.me/32471123456")
    #expect(QueueEntry.whatsAppLink("+31612345678") == "https://wa.me/31612345678")
  }
}
