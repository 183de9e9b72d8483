import Addressing
import BuurtApp
import BuurtStore
import Foundation

/// The enrollment form (`/inschrijven`): what the resident typed, checked field by field, with
/// an error per field in the catalogue's language. Pure: it reads the register and the charter
/// version and writes nothing; the route enrolls what it accepts.
struct EnrollmentForm {
  /// One field's value as the page shows it again, and its error.
  struct Field {
    var value = ""
    var error: String?
  }
  /// An address the resident may mean (ambiguous, or the street elsewhere).
  struct Choice {
    var label: String
    var id: String
  }

  var name = Field()
  var address = Field()
  var phone = Field()
  var email = Field()
  var age = Field()
  var basis = Field()
  var charter = Field()
  var choices: [Choice] = []

  var fields: [(id: String, field: Field)] {
    [("naam", name), ("adres", address), ("gsm", phone), ("email", email), ("leeftijd", age), ("basis", basis), ("gedragsregels", charter)]
  }
  var hasErrors: Bool { fields.contains { $0.field.error != nil } }

  /// What the form would enroll when it has no errors.
  struct Accepted {
    var name: String
    var address: String
    var phone: String
    var email: String?
    var eligibility: Eligibility
    /// The address as the register resolved it (a match with a house number).
    var resolution: Resolution
  }

  /// Reads and checks `form`: every field at once, so the page lists every problem.
  static func read(_ form: FormFields, resolver: AddressResolver, charterVersion: Int?, texts t: FormTexts) -> (EnrollmentForm, Accepted?) {
    var f = EnrollmentForm()
    f.name.value = form["naam"] ?? ""
    f.phone.value = form["gsm"] ?? ""
    f.email.value = form["email"] ?? ""
    f.age.value = form["leeftijd"] ?? ""
    f.basis.value = form["basis"] ?? ""
    f.charter.value = form["gedragsregels"] ?? ""
    // A choice offered for an ambiguous address stands only while the address field still holds
    // what the choices were offered for (a resident who retyped the address meant the new text).
    let typedAddress = form["adres"] ?? ""
    if let chosen = form.text("adres_keuze"), form["adres_voor_keuze"] == typedAddress {
      f.address.value = chosen
    } else {
      f.address.value = typedAddress
    }

    let name = form.text("naam")
    // Characters as people count them, and code points (a character may carry any number of marks).
    if name == nil || name!.count > 200 || name!.unicodeScalars.count > 300 { f.name.error = t.nameMissing }
    var phone: String?
    if let typed = form.text("gsm") {
      phone = typed
      if (try? PhoneNumber.normalize(typed)) == nil { f.phone.error = t.phoneInvalid }
    } else {
      f.phone.error = t.phoneMissing
    }
    let email = form.text("email")
    if let e = email, !(e.split(separator: "@").count == 2 && e.split(separator: "@")[1].contains(".") && e.count <= 254) {
      f.email.error = t.emailInvalid
    }
    let age = AgeCategory(rawValue: f.age.value)
    if age == nil { f.age.error = t.ageMissing }
    let basis = EnrollmentBasis(rawValue: f.basis.value)
    if basis == nil { f.basis.error = t.basisMissing }
    if f.charter.value.isEmpty || (charterVersion != nil && f.charter.value != String(charterVersion!)) {
      f.charter.error = t.charterMissing
    }
    let address = f.address.value.trimmingCharacters(in: .whitespacesAndNewlines)
    var resolution: Resolution?
    if address.isEmpty {
      f.address.error = t.addressMissing
    } else if address.unicodeScalars.count > 500 {
      f.address.error = t.addressTooLong
    } else {
      let r = resolver.resolve(address)
      resolution = r
      switch r.status {
      case .matched where r.best?.method == .street: f.address.error = t.addressNeedsNumber
      case .matched: break
      case .ambiguous:
        f.address.error = t.addressAmbiguous
        f.choices = EnrollmentForm.choices(r)
      case .notFound:
        f.choices = EnrollmentForm.choices(r)
        let why = EnrollmentForm.why(r, texts: t)
        if f.choices.isEmpty {
          f.address.error = (why ?? t.whyUnknown) + " " + t.addressNotFound
        } else {
          // The street is elsewhere: why (a postcode or place not of this municipality), then the choices.
          f.address.error = (why.map { $0 + " " } ?? "") + t.addressElsewhere
        }
      }
    }
    guard !f.hasErrors, let name, let phone, let age, let basis, let resolution else { return (f, nil) }
    return (
      f,
      Accepted(
        name: name, address: address, phone: phone, email: email,
        eligibility: Eligibility(age: age, basis: basis, charterVersion: charterVersion), resolution: resolution)
    )
  }

  /// Why the register has no such address, in the resident's words (the resolver's reason, read).
  /// nil when the register knows the street in another place (the choices say where).
  static func why(_ r: Resolution, texts t: FormTexts) -> String? {
    let reason = r.reason ?? ""
    func quoted() -> String? {
      guard let a = reason.firstIndex(of: "\""), let b = reason[reason.index(after: a)...].firstIndex(of: "\"") else { return nil }
      return String(reason[reason.index(after: a)..<b])
    }
    if reason.hasPrefix("postcode "), let pc = reason.split(separator: " ").dropFirst().first {
      return t.whyPostcode.replacingOccurrences(of: "{postcode}", with: String(pc))
    }
    if reason.hasPrefix("locality "), let place = quoted() { return t.whyPlace.replacingOccurrences(of: "{plaats}", with: place) }
    if !r.candidates.isEmpty { return nil }
    if reason.hasPrefix("no street like"), let street = quoted() {
      // The resolver quotes the street folded ("nergensstraat"); it is shown as a name.
      return t.whyStreet.replacingOccurrences(of: "{straat}", with: street.prefix(1).uppercased() + street.dropFirst())
    }
    if reason.hasPrefix("no street name") { return t.whyNoStreet }
    return nil
  }

  /// The candidates as choices, each with the box the resident typed ("bus 3"), which no candidate has.
  static func choices(_ r: Resolution) -> [Choice] {
    r.candidates.enumerated().map { k, c in
      let number = [c.houseNumber, r.box.map { "bus " + $0 }].compactMap { $0 }.joined(separator: " ")
      let label = "\(c.street)\(number.isEmpty ? "" : " " + number), \(c.postcode) \(c.locality)"
      return Choice(label: label, id: "keuze-\(k)")
    }
  }

  /// Puts a refusal of the enrollment itself (a rule the form cannot check alone) next to its field.
  mutating func place(_ refusal: Enrollment.Refusal, texts t: FormTexts) {
    switch refusal {
    case .noConsent, .charter: charter.error = t.charterMissing
    case .badName, .controlCharacters: name.error = t.nameMissing
    case .badEmail: email.error = t.emailInvalid
    case .phone: phone.error = t.phoneInvalid
    case .address: address.error = t.addressNotFound
    case .age: age.error = t.ageMissing
    case .basis: basis.error = t.basisMissing
    case .businessNotAllowed(let group): basis.error = t.businessNotAllowed.replacingOccurrences(of: "{groep}", with: group)
    case .outsideEveryGroup: address.error = t.addressOutside
    case .idempotencyKeyReused: name.error = t.tryAgain
    }
  }
}
