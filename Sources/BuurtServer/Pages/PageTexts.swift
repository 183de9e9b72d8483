/// Every text of the public pages, in one catalogue per language, so another language can follow
/// (templates hold markup only). Dutch, as Lanaken's residents read it.
struct PageTexts: Sendable {
  struct SAARStep: Sendable {
    /// The step's word, whose first letter is the method's: Signaleer, Alarmeer, App, Reageer.
    var word: String
    var text: String
  }
  var site: String
  var skip: String
  var navLabel: String
  var footer: String
  var homeTitle: String
  var homeIntro: String
  var saarTitle: String
  var saar: [SAARStep]
  var emergency: String
  var groupsTitle: String
  var groupsCaption: String
  var groupColumn: String
  var statusColumn: String
  var membersColumn: String
  var noGroups: String
  var readCharter: String
  var groupHeading: String
  var contact: String
  var noContact: String
  var streetsTitle: String
  var streetsIntro: String
  var allGroups: String
  var charterTitle: String
  var charterVersion: String
  var noCharter: String
  var notFoundTitle: String
  var noSuchGroup: String
  var fewerThanFive: String
  var status: [String: String]
  var enroll: String
  var mine: String
  var enrollCall: String
  var mapTitle: String
  var groupMapTitle: String
  var legend: String
  var errorTitle: String
  var errorText: String
  var back: String
  var home: String
  var tooLarge: String
  var form: FormTexts
  var desk: DeskTexts

  static let dutch = PageTexts(
    site: "Buurtpreventie Lanaken",
    skip: "Naar de inhoud",
    navLabel: "Hoofdmenu",
    footer: "Gemeente Lanaken · WhatsApp Buurtpreventie, samen met de politie. Deze pagina's laden niets van andere websites.",
    homeTitle: "WhatsApp Buurtpreventie in Lanaken",
    homeIntro:
      "In elke wijk van Lanaken, Gellik, Neerharen, Rekem en Veldwezelt houden buren een oogje in het zeil. Wie iets verdachts ziet, belt eerst de politie en meldt het daarna in de WhatsApp-groep van de buurt. De coördinatoren van elke groep voegen nieuwe leden toe; de gemeente en de politie ondersteunen hen.",
    saarTitle: "Zo werkt het: de SAAR-methode",
    saar: [
      SAARStep(word: "Signaleer", text: "u ziet een verdachte situatie."),
      SAARStep(word: "Alarmeer", text: "bel eerst de politie op 101 (of 112 bij nood)."),
      SAARStep(word: "App", text: "meld het daarna in de WhatsApp-groep van uw buurt."),
      SAARStep(word: "Reageer", text: "volg de raad van de politie op en neem nooit zelf risico's."),
    ],
    emergency: "Bij nood of gevaar: bel altijd eerst 112. De WhatsApp-groep vervangt de politie niet.",
    groupsTitle: "De groepen",
    groupsCaption: "Elke groep met zijn toestand en het aantal leden.",
    groupColumn: "Groep",
    statusColumn: "Toestand",
    membersColumn: "Leden",
    noGroups: "Er zijn nog geen groepen vastgelegd.",
    readCharter: "Lees de gedragsregels",
    groupHeading: "Buurtpreventiegroep",
    contact: "Contact",
    noContact: "Nog geen contactadres; neem contact op met de gemeente.",
    streetsTitle: "Straten in deze groep",
    streetsIntro: "De huisnummers per straat die bij deze groep horen, volgens het adressenregister.",
    allGroups: "Alle groepen",
    charterTitle: "Gedragsregels",
    charterVersion: "Versie",
    noCharter: "De gemeente heeft de gedragsregels nog niet gepubliceerd.",
    notFoundTitle: "Niet gevonden",
    noSuchGroup: "Er is geen groep met die naam.",
    fewerThanFive: "minder dan 5",
    status: ["active": "actief", "no_coordinator": "zoekt een coördinator", "full": "vol"],
    enroll: "Inschrijven",
    mine: "Mijn inschrijving",
    enrollCall: "Schrijf u in voor de groep van uw buurt",
    mapTitle: "Kaart van alle buurtpreventiegroepen van Lanaken; de kleur toont de toestand van de groep",
    groupMapTitle: "Kaart van het gebied van groep",
    legend: "Kleuren op de kaart:",
    errorTitle: "Er liep iets mis",
    errorText: "Uw verzoek kon niet verwerkt worden. Probeer het opnieuw; lukt het niet, neem dan contact op met de gemeente Lanaken.",
    back: "Terug naar het formulier",
    home: "Naar de startpagina",
    tooLarge: "Wat u verstuurde, is te groot. Kijk het formulier na en verstuur het opnieuw; er werd niets bewaard.",
    form: .dutch,
    desk: .dutch
  )
}
