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
  var boundariesTitle: String
  var boundariesIntro: String
  var uploadLegend: String
  var fileLabel: String
  var fileHint: String
  var namePropertyLabel: String
  var layerLabel: String
  var upload: String
  var draftsHeading: String
  var draftsEmpty: String
  var draftColumn: String
  var uploadedOn: String
  var verdictColumn: String
  var draftValid: String
  var draftInvalid: String
  var draftPublishedAs: String
  var fileMissing: String
  var fileUnreadable: String
  var fileTooLarge: String
  var draftTitle: String
  var findingsHeading: String
  var findingsNone: String
  var findingsIntro: String
  var severityWords: [String: String]
  var codeWords: [String: String]
  var findingNumber: String
  var findingKind: String
  var findingGroups: String
  var findingText: String
  var findingPlace: String
  var draftMapTitle: String
  var movesHeading: String
  var movesNone: String
  var moveFrom: String
  var moveTo: String
  var households: String
  var noGroup: String
  var membersMovingHeading: String
  var membersMovingNone: String
  var address: String
  var publishHeading: String
  var publishIntro: String
  var publish: String
  var publishBlocked: String
  var publishedNote: String
  var publishedNoteOne: String
  var publishedNoteNone: String
  var alreadyPublished: String
  var backToBoundaries: String
  var signsTitle: String
  var signsIntro: String
  var signsMapTitle: String
  var signsCSV: String
  var signsGPX: String
  var signsNone: String
  var signNumber: String
  var street: String
  var bearing: String
  var place: String
  var roadClass: String
  var actionWords: [String: String]
  var outboxTitle: String
  var outboxIntro: String
  var outboxPending: String
  var outboxSent: String
  var outboxDeadHeading: String
  var outboxDeadNone: String
  var outboxRecipient: String
  var outboxSubject: String
  var outboxAttempts: String
  var outboxError: String

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
    ageWords: ["adult": "18+", "minor_with_consent": "16–17, met toestemming"],
    boundariesTitle: "Grenzen van de groepen",
    boundariesIntro:
      "Laad een nieuwe indeling op, als GeoJSON of als GeoPackage (bijvoorbeeld uit QGIS). buurt controleert ze, toont de fouten op de kaart en wie van groep zou veranderen. Pas wanneer u publiceert, gelden de nieuwe grenzen.",
    uploadLegend: "Nieuwe indeling opladen",
    fileLabel: "Bestand",
    fileHint: "GeoJSON (.geojson, .json) of GeoPackage (.gpkg), met één vlak per groep.",
    namePropertyLabel: "Eigenschap met de naam van de groep",
    layerLabel: "Laag (alleen nodig bij een GeoPackage met meerdere lagen)",
    upload: "Opladen en controleren",
    draftsHeading: "Opgeladen indelingen",
    draftsEmpty: "Er is nog geen indeling opgeladen.",
    draftColumn: "Indeling",
    uploadedOn: "Opgeladen op",
    verdictColumn: "Controle",
    draftValid: "in orde",
    draftInvalid: "heeft fouten",
    draftPublishedAs: "gepubliceerd als versie {versie}",
    fileMissing: "Kies een bestand om op te laden.",
    fileUnreadable: "buurt kan dit bestand niet gebruiken: {reden}",
    fileTooLarge: "Het bestand is te groot: hoogstens {mb} MB.",
    draftTitle: "Indeling {nummer}",
    findingsHeading: "Bevindingen",
    findingsNone: "Geen fouten en geen waarschuwingen: elk adres ligt in precies één groep.",
    findingsIntro: "De nummers staan ook op de kaart. Een fout moet verbeterd worden voor u kunt publiceren; een waarschuwing niet.",
    severityWords: ["error": "fout", "warning": "waarschuwing"],
    codeWords: [
      "gap": "gat tussen groepen", "gap_sliver": "klein gat", "overlap": "overlapping", "overlap_sliver": "kleine overlapping",
      "outside_municipality": "buiten de gemeente", "outside_sliver": "klein stuk buiten de gemeente",
      "address_in_no_group": "adres in geen enkele groep", "address_in_two_groups": "adres in twee groepen",
      "duplicate_name": "naam twee keer gebruikt", "empty_name": "groep zonder naam", "name_character": "ongeldig teken in de naam",
      "no_groups": "geen groepen", "missing_geometry": "groep zonder vlak", "not_a_polygon": "geen vlak",
    ],
    findingNumber: "Nr.",
    findingKind: "Soort",
    findingGroups: "Groepen",
    findingText: "Uitleg (technisch)",
    findingPlace: "Plaats (lengte, breedte)",
    draftMapTitle: "Kaart van de nieuwe indeling, met de bevindingen genummerd",
    movesHeading: "Adressen die van groep veranderen",
    movesNone: "Geen enkel adres verandert van groep.",
    moveFrom: "Van",
    moveTo: "Naar",
    households: "Adressen",
    noGroup: "geen groep",
    membersMovingHeading: "Leden die van groep veranderen",
    membersMovingNone: "Geen enkel lid verandert van groep.",
    address: "Adres",
    publishHeading: "Publiceren",
    publishIntro:
      "Na het publiceren gelden de nieuwe grenzen meteen. De coördinatoren van beide groepen zien de leden die overgaan en bevestigen het in WhatsApp.",
    publish: "Deze indeling publiceren",
    publishBlocked: "Deze indeling heeft fouten en kan niet gepubliceerd worden. Verbeter het bestand en laad het opnieuw op.",
    publishedNote: "Gepubliceerd als versie {versie}. {aantal} leden gaan over naar een andere groep.",
    publishedNoteOne: "Gepubliceerd als versie {versie}. 1 lid gaat over naar een andere groep.",
    publishedNoteNone: "Gepubliceerd als versie {versie}. Geen enkel lid verandert van groep.",
    alreadyPublished: "Deze indeling werd al gepubliceerd.",
    backToBoundaries: "Terug naar de grenzen",
    signsTitle: "Borden",
    signsIntro:
      "Waar een weg een bewaakt gebied binnenrijdt, hoort een bord 'Buurtpreventie'. De belangrijkste wegen staan eerst; de richting is die van wie binnenrijdt (graden vanaf het noorden).",
    signsMapTitle: "Kaart van de plaatsen voor borden, genummerd",
    signsCSV: "Download als CSV (rekenblad)",
    signsGPX: "Download als GPX (gps-toestel)",
    signsNone: "Er zijn nog geen groepen, dus ook geen plaatsen voor borden.",
    signNumber: "Nr.",
    street: "Straat",
    bearing: "Richting",
    place: "Plaats (lengte, breedte)",
    roadClass: "Soort weg",
    actionWords: [
      "account_added": "account toegevoegd", "account_removed": "account verwijderd", "charter_published": "gedragsregels gepubliceerd",
      "boundaries_published": "grenzen gepubliceerd",
    ],
    outboxTitle: "Berichten",
    outboxIntro:
      "buurt mailt coördinatoren over nieuwe inschrijvingen. Een bericht dat na herhaalde pogingen niet verstuurd kon worden, staat hieronder: bereik die persoon op een andere manier.",
    outboxPending: "Wachten om verstuurd te worden",
    outboxSent: "Verstuurd",
    outboxDeadHeading: "Niet verstuurd",
    outboxDeadNone: "Alle berichten zijn verstuurd of worden nog geprobeerd.",
    outboxRecipient: "Aan",
    outboxSubject: "Onderwerp",
    outboxAttempts: "Pogingen",
    outboxError: "Laatste antwoord van de mailserver"
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
