import BuurtApp
import Hummingbird

/// The texts of the pages for coordinators, staff and police (`/beheer`): part of ``PageTexts``' catalogue.
struct DeskTexts: Sendable {
  var signInTitle: String
  var signInIntro: String
  var emailLabel: String
  var passwordLabel: String
  var signIn: String
  var wrongCredentials: String
  var throttled: String
  var passwordTitle: String
  var passwordIntro: String
  var newPassword: String
  var repeatPassword: String
  var setPassword: String
  var passwordHint: String
  var passwordTooShort: String
  var passwordTooLong: String
  var passwordsDiffer: String
  var linkInvalid: String
  var passwordSet: String
  var signedOut: String
  var signOut: String
  var overviewTitle: String
  var signedInAs: String
  var roles: [String: String]
  var yourGroups: String
  var allGroups: String
  var membersOf: String
  var capacity: String
  var advised: String
  var waiting: String
  var withoutCoordinator: String
  var coordinators: String
  var noCoordinator: String
  var contact: String
  var queueTitle: String
  var queueEmpty: String
  var name: String
  var phone: String
  var basis: String
  var age: String
  var enrolledOn: String
  var actions: String
  var openWhatsApp: String
  var added: String
  var refuse: String
  var remove: String
  var reason: String
  var reasonRequired: String
  var membersTitle: String
  var membersEmpty: String
  var vcard: String
  var done: String
  var forbidden: String
  var policeNote: String
  var basisWords: [String: String]
  var transfersTitle: String
  var transfersIntro: String
  var transferOut: String
  var transferIn: String
  var transferRemoved: String
  var transferAdded: String
  var transferWaitsOther: String
  var staffMenu: String
  var accountsTitle: String
  var accountsIntro: String
  var roleLegend: String
  var groupsLegend: String
  var addAccount: String
  var removeAccount: String
  var linkFor: String
  var noGroupsChosen: String
  var auditTitle: String
  var auditWhen: String
  var auditWho: String
  var auditWhat: String
  var auditReason: String
  var auditEmpty: String
  var charterTitle: String
  var charterCurrent: String
  var charterNew: String
  var charterPublish: String
  var charterEmpty: String
  var charterPublished: String
  var refusedNotYours: String
  var refusedGone: String
  var refusedChanged: String
  var refusedIncomplete: String
  var ageWords: [String: String]

  static let dutch = DeskTexts(
    signInTitle: "Aanmelden",
    signInIntro: "Voor coördinatoren, medewerkers van de gemeente en de politie.",
    emailLabel: "E-mailadres",
    passwordLabel: "Wachtwoord",
    signIn: "Aanmelden",
    wrongCredentials: "Dit e-mailadres en wachtwoord horen niet bij elkaar.",
    throttled: "Te veel pogingen om aan te melden. Probeer het over {minuten} minuten opnieuw.",
    passwordTitle: "Wachtwoord instellen",
    passwordIntro: "Kies een wachtwoord voor uw account.",
    newPassword: "Nieuw wachtwoord",
    repeatPassword: "Herhaal het wachtwoord",
    setPassword: "Wachtwoord instellen",
    passwordHint: "Minstens 10 tekens. Een zin van enkele woorden is sterk en makkelijk te onthouden.",
    passwordTooShort: "Het wachtwoord moet minstens 10 tekens hebben.",
    passwordTooLong: "Het wachtwoord mag hoogstens 72 tekens (bytes) hebben.",
    passwordsDiffer: "De twee wachtwoorden zijn niet gelijk.",
    linkInvalid: "Deze link is niet (meer) geldig: hij werd al gebruikt of is verlopen. Vraag de gemeente om een nieuwe link.",
    passwordSet: "Uw wachtwoord is ingesteld. Meld u nu aan.",
    signedOut: "U bent afgemeld.",
    signOut: "Afmelden",
    overviewTitle: "Overzicht",
    signedInAs: "Aangemeld als",
    roles: ["coordinator": "coördinator", "staff": "medewerker van de gemeente", "police": "politie"],
    yourGroups: "Uw groepen",
    allGroups: "Alle groepen",
    membersOf: "leden",
    capacity: "Plaatsen",
    advised: "Aangeraden",
    waiting: "Wachten",
    withoutCoordinator: "Groepen zonder coördinator, met wachtende inschrijvingen",
    coordinators: "Coördinatoren",
    noCoordinator: "nog geen coördinator",
    contact: "Contact",
    queueTitle: "Wachtende inschrijvingen",
    queueEmpty: "Er wachten geen inschrijvingen.",
    name: "Naam",
    phone: "GSM-nummer",
    basis: "Grond",
    age: "Leeftijd",
    enrolledOn: "Ingeschreven op",
    actions: "Wat doet u?",
    openWhatsApp: "Open in WhatsApp",
    added: "Toegevoegd",
    refuse: "Weigeren",
    remove: "Uit de groep halen",
    reason: "Reden",
    reasonRequired: "Geef een reden op.",
    membersTitle: "Leden",
    membersEmpty: "De groep heeft nog geen leden.",
    vcard: "Download de leden als contactkaarten (vCard)",
    done: "Opgeslagen.",
    forbidden: "Deze pagina is niet voor uw account.",
    policeNote: "De politie ziet de groepen, hun toestand en de contactgegevens van de coördinatoren; nooit gegevens van leden.",
    basisWords: ["resident": "woont hier", "business": "heeft hier een zaak"],
    transfersTitle: "Overzettingen na een nieuwe indeling",
    transfersIntro: "De gemeente heeft de grenzen van de groepen veranderd. Deze leden horen nu bij een andere groep.",
    transferOut: "Hoort nu bij {groep}: haal dit nummer uit de WhatsApp-groep.",
    transferIn: "Komt van {groep}: voeg dit nummer toe aan de WhatsApp-groep.",
    transferRemoved: "Uit de groep gehaald",
    transferAdded: "Toegevoegd",
    transferWaitsOther: "Gedaan; de coördinator van de andere groep moet het nog bevestigen.",
    staffMenu: "Beheer",
    accountsTitle: "Accounts",
    accountsIntro: "Wie met buurt werkt: coördinatoren van groepen, medewerkers van de gemeente en de politie.",
    roleLegend: "Rol",
    groupsLegend: "Groepen (voor een coördinator)",
    addAccount: "Account toevoegen",
    removeAccount: "Account verwijderen",
    linkFor:
      "Geef deze link aan {naam}: daarmee stelt die een wachtwoord in (72 uur geldig, één keer te gebruiken). De link wordt niet nog eens getoond.",
    noGroupsChosen: "Kies minstens één groep voor een coördinator.",
    auditTitle: "Wie deed wat",
    auditWhen: "Wanneer",
    auditWho: "Wie",
    auditWhat: "Wat",
    auditReason: "Reden",
    auditEmpty: "Nog niets gebeurd.",
    charterTitle: "Gedragsregels beheren",
    charterCurrent: "Huidige versie",
    charterNew: "Nieuwe versie van de gedragsregels",
    charterPublish: "Nieuwe versie publiceren",
    charterEmpty: "Schrijf de tekst van de gedragsregels.",
    charterPublished: "De nieuwe versie is gepubliceerd; nieuwe inschrijvingen aanvaarden voortaan deze versie.",
    refusedNotYours: "Dit hoort bij een groep die u niet coördineert: alleen haar eigen coördinatoren en de gemeente zien en wijzigen het.",
    refusedGone: "Deze inschrijving, overzetting of groep bestaat niet (meer).",
    refusedChanged: "Dit kan niet meer: het werd intussen al gedaan, of de toestand is veranderd. Bekijk de pagina opnieuw.",
    refusedIncomplete: "Dit is niet volledig: geef een reden op.",
    ageWords: ["adult": "18+", "minor_with_consent": "16–17, met toestemming"]
  )
}

extension DeskTexts {
  /// A refusal of the membership rules as the pages say it, with its status (the API's words are English).
  func refusal(_ r: Membership.Refusal) -> (status: HTTPResponse.Status, text: String) {
    switch r {
    case .forbidden: (.forbidden, refusedNotYours)
    case .notFound: (.notFound, refusedGone)
    case .conflict: (.conflict, refusedChanged)
    case .invalid: (.unprocessableContent, refusedIncomplete)
    }
  }
}
