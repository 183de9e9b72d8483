public import BuurtStore

/// The messages buurt sends, in Dutch, each with only what its recipient may see: a coordinator's
/// message names the resident and phone of their own group only.
public enum Notifications {
  /// To each coordinator of the new member's group: who enrolled, how to reach them, where to act.
  public static func newEnrollment(_ m: Member, coordinators: [Account], pagesURL: String?) -> [OutgoingMessage] {
    guard let group = m.groupName else { return [] }
    let address = [m.street, m.houseNumber ?? "", m.box.isEmpty ? "" : "bus \(m.box)"].filter { !$0.isEmpty }.joined(separator: " ")
    let age = m.age == .minorWithConsent ? "16–17 jaar, met toestemming van een ouder" : "18 jaar of ouder"
    let page = (pagesURL ?? "") + "/beheer/groepen/" + (group.addingPercentEncodingForPath())
    return coordinators.map { c in
      let text = """
        Beste \(c.name),

        Er is een nieuwe inschrijving voor de WhatsApp-groep Buurtpreventie \(group):

          Naam:      \(m.name)
          GSM:       \(m.phone)
          Adres:     \(address), \(m.postcode) \(m.locality ?? "")
          Leeftijd:  \(age)

        Voeg het nummer toe in WhatsApp en duid daarna "Toegevoegd" aan op \(page)
        (of "Weigeren", met een reden, als de inschrijving niet klopt).

        Dit bericht gaat alleen naar de coördinatoren van \(group).
        """
      let html = """
        <p>Beste \(XMLText.escape(c.name)),</p>
        <p>Er is een nieuwe inschrijving voor de WhatsApp-groep Buurtpreventie \(XMLText.escape(group)):</p>
        <table><tr><th align="left">Naam</th><td>\(XMLText.escape(m.name))</td></tr>
        <tr><th align="left">GSM</th><td>\(XMLText.escape(m.phone))</td></tr>
        <tr><th align="left">Adres</th><td>\(XMLText.escape(address)), \(XMLText.escape(m.postcode)) \(XMLText.escape(m.locality ?? ""))</td></tr>
        <tr><th align="left">Leeftijd</th><td>\(XMLText.escape(age))</td></tr></table>
        <p>Voeg het nummer toe in WhatsApp en duid daarna <strong>Toegevoegd</strong> aan op <a href="\(XMLText.escape(page))">\(XMLText.escape(page))</a> (of <strong>Weigeren</strong>, met een reden, als de inschrijving niet klopt).</p>
        <p>Dit bericht gaat alleen naar de coördinatoren van \(XMLText.escape(group)).</p>
        """
      return OutgoingMessage(
        kind: "new_enrollment", recipient: c.email, recipientName: c.name, subject: "Nieuwe inschrijving voor Buurtpreventie \(group)",
        text: text, html: html, memberID: m.id)
    }
  }
}

extension String {
  fileprivate func addingPercentEncodingForPath() -> String {
    var out = ""
    for b in utf8 {
      let c = Character(Unicode.Scalar(b))
      if (b < 128 && (c.isLetter || c.isNumber)) || "-._~".contains(c) {
        out.append(c)
      } else {
        out += "%" + String(b, radix: 16, uppercase: true).leftPadded
      }
    }
    return out
  }
  fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
