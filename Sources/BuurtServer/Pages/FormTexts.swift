/// The texts of the enrollment form and the resident's own page: part of ``PageTexts``' catalogue.
struct FormTexts: Sendable {
  var title: String
  var intro: String
  var nameLabel: String
  var addressLabel: String
  var addressHint: String
  var suggestionsLabel: String
  var phoneLabel: String
  var phoneHint: String
  var emailLabel: String
  var ageLegend: String
  var adult: String
  var minor: String
  var basisLegend: String
  var resident: String
  var business: String
  var charterPrefix: String
  var charterLink: String
  var privacyTitle: String
  var privacy: [String]
  var submit: String
  var errorSummary: String
  var errorTitlePrefix: String
  var chooseLegend: String
  var nameMissing: String
  var phoneMissing: String
  var phoneInvalid: String
  var emailInvalid: String
  var ageMissing: String
  var basisMissing: String
  var charterMissing: String
  var addressMissing: String
  var addressTooLong: String
  var addressNeedsNumber: String
  var addressAmbiguous: String
  var addressNotFound: String
  var addressElsewhere: String
  var whyPostcode: String
  var whyPlace: String
  var whyStreet: String
  var whyNoStreet: String
  var whyUnknown: String
  var addressOutside: String
  var businessNotAllowed: String
  var tryAgain: String
  var forgedTitle: String
  var forged: String
  var throttledTitle: String
  var throttled: String
  // The resident's own page.
  var mineTitle: String
  var thanks: String
  var yourGroup: String
  var coordinatorWillAdd: String
  var nearBoundary: String
  var statusLabel: String
  var enrolledOn: String
  var addressShown: String
  var phoneShown: String
  var statuses: [String: String]
  var received: String
  var codeTitle: String
  var codeText: String
  var leave: String
  var leaveText: String
  var erase: String
  var eraseText: String
  var forget: String
  var codeLabel: String
  var codeOpen: String
  var codeWrong: String
  var noEnrollment: String
  var left: String
  var erased: String
  var mapOfGroup: String

  static let dutch = FormTexts(
    title: "Inschrijven",
    intro:
      "Schrijf u in voor de WhatsApp-groep van uw buurt. De coördinator van uw groep voegt u daarna toe in WhatsApp. U moet 18 jaar of ouder zijn (16 of 17 jaar met toestemming van een ouder) en in de buurt wonen of er een zaak hebben.",
    nameLabel: "Naam",
    addressLabel: "Adres",
    addressHint: "Straat en huisnummer, bijvoorbeeld: Stationsstraat 12 bus 3, 3620 Lanaken.",
    suggestionsLabel: "Adressen die passen",
    phoneLabel: "GSM-nummer",
    phoneHint: "Het nummer waarmee u WhatsApp gebruikt, bijvoorbeeld 0470 12 34 56.",
    emailLabel: "E-mail (niet verplicht)",
    ageLegend: "Leeftijd",
    adult: "18 jaar of ouder",
    minor: "16 of 17 jaar, met toestemming van een ouder",
    basisLegend: "Waarom in deze buurt?",
    resident: "Ik woon hier",
    business: "Ik heb hier een zaak",
    charterPrefix: "Ik aanvaard de gedragsregels",
    charterLink: "lees de gedragsregels",
    privacyTitle: "Wat gebeurt er met uw gegevens?",
    privacy: [
      "De gemeente Lanaken bewaart uw naam, adres, GSM-nummer en e-mail voor de buurtpreventie, en niets meer.",
      "Alleen de coördinator van uw groep en de bevoegde medewerkers van de gemeente zien ze; de politie ziet geen namen of nummers. Niemand anders krijgt ze, en deze pagina's laden niets van andere websites.",
      "Uw gegevens blijven bewaard zolang u lid bent. Schrijft u zich uit of wist u ze, dan zijn ze weg.",
      "Na het inschrijven krijgt u een eigen pagina met een persoonlijke code: daar ziet u wat we bewaren, schrijft u zich uit of wist u alles.",
    ],
    submit: "Inschrijven",
    errorSummary: "Het formulier is nog niet in orde:",
    errorTitlePrefix: "Fout: ",
    chooseLegend: "Welk adres bedoelt u?",
    nameMissing: "Vul uw naam in (hoogstens 200 tekens).",
    phoneMissing: "Vul uw GSM-nummer in.",
    phoneInvalid: "Dit is geen geldig GSM-nummer. Schrijf het zo: 0470 12 34 56 of +32 470 12 34 56.",
    emailInvalid: "Dit is geen geldig e-mailadres. Laat het veld leeg als u geen e-mail wilt opgeven.",
    ageMissing: "Kies uw leeftijd.",
    basisMissing: "Kies of u hier woont of hier een zaak hebt.",
    charterMissing: "Vink aan dat u de gedragsregels aanvaardt.",
    addressMissing: "Vul uw adres in: straat en huisnummer.",
    addressTooLong: "Dit adres is te lang (hoogstens 500 tekens).",
    addressNeedsNumber: "Vul ook uw huisnummer in.",
    addressAmbiguous: "Dit adres kan meer dan één adres zijn. Kies hieronder het juiste adres.",
    addressNotFound:
      "Kijk de straatnaam en het huisnummer na. Klopt het toch? Neem dan contact op met de gemeente Lanaken (dienst Preventie, via het onthaal van het gemeentehuis).",
    addressElsewhere: "Deze straat ligt niet op de plaats die u opgaf. Bedoelt u een van deze adressen?",
    whyPostcode:
      "De postcode {postcode} hoort niet bij Lanaken (3620 of 3621), dus dit adres staat niet in het adressenregister van Lanaken.",
    whyPlace:
      "\u{201C}{plaats}\u{201D} is geen deelgemeente of wijk van Lanaken, dus dit adres staat niet in het adressenregister van Lanaken.",
    whyStreet: "Er is geen straat \u{201C}{straat}\u{201D} (of een naam die erop lijkt) in het adressenregister van Lanaken.",
    whyNoStreet: "We vinden geen straatnaam in wat u typte.",
    whyUnknown: "We vinden dit adres niet in het adressenregister van Lanaken.",
    addressOutside:
      "Dit adres ligt in geen enkele buurtpreventiegroep. Neem contact op met de gemeente Lanaken (dienst Preventie) als u denkt dat dit niet klopt.",
    businessNotAllowed: "De groep {groep} neemt alleen bewoners op, geen zaken.",
    tryAgain: "Er liep iets mis; verstuur het formulier opnieuw.",
    forgedTitle: "Formulier niet aanvaard",
    forged:
      "Dit formulier komt niet van deze pagina of is verlopen. Open het formulier opnieuw en verstuur het nog eens; uw gegevens werden niet bewaard.",
    throttledTitle: "Even geduld",
    throttled:
      "Er werden zopas te veel formulieren verstuurd. Probeer het over {minuten} minuten opnieuw; uw gegevens werden niet bewaard.",
    mineTitle: "Mijn inschrijving",
    thanks: "Bedankt, uw inschrijving is ontvangen.",
    yourGroup: "Uw groep",
    coordinatorWillAdd:
      "De coördinator van deze groep voegt u toe aan de WhatsApp-groep met het GSM-nummer dat u opgaf. U krijgt dan een bericht in WhatsApp; u hoeft zelf niets meer te doen.",
    nearBoundary:
      "Uw adres ligt vlak bij de grens met een andere groep. Hoort u volgens u bij een andere groep? Laat het de coördinator weten.",
    statusLabel: "Toestand",
    enrolledOn: "Ingeschreven op",
    addressShown: "Adres",
    phoneShown: "GSM-nummer",
    statuses: [
      "pending": "wacht tot de coördinator u toevoegt", "added": "toegevoegd aan de WhatsApp-groep", "refused": "niet aanvaard",
      "removed": "uit de groep verwijderd", "left": "uitgeschreven", "moving": "wordt naar een andere groep overgezet",
    ],
    received: "ontvangen",
    codeTitle: "Uw persoonlijke code",
    codeText:
      "Met deze code opent u deze pagina later opnieuw, ook op een ander toestel. Bewaar ze goed: wie de code heeft, kan uw inschrijving zien en wissen. De code staat nergens anders.",
    leave: "Uitschrijven",
    leaveText: "U verlaat de groep; de coördinator haalt u uit de WhatsApp-groep. Uw gegevens blijven tot u ze wist.",
    erase: "Mijn gegevens wissen",
    eraseText: "Alles wat deze inschrijving bewaarde, wordt meteen en voorgoed gewist.",
    forget: "Deze pagina sluiten op dit toestel",
    codeLabel: "Persoonlijke code",
    codeOpen: "Mijn inschrijving openen",
    codeWrong: "Deze code kennen we niet. Kijk ze na; ze staat op de pagina die u na het inschrijven kreeg.",
    noEnrollment: "Vul de persoonlijke code in die u na het inschrijven kreeg.",
    left: "U bent uitgeschreven. De coördinator haalt u uit de WhatsApp-groep.",
    erased: "Uw gegevens zijn gewist.",
    mapOfGroup: "Kaart van het gebied van groep"
  )
}
