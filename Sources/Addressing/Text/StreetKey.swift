/// The comparison key of a street name: folded, abbreviations written out, spaces and
/// hyphens removed, so `"Stationstr."`, `"stations straat"` and `"STATIONSSTRAAT"` share
/// the key `stationsstraat`.
public enum StreetKey {
  /// Whole-word abbreviations people type in Flemish street names.
  static let words: [String: String] = [
    "str": "straat", "st": "sint", "stwg": "steenweg", "stw": "steenweg",
    "ln": "laan", "pl": "plein", "kon": "koning", "kard": "kardinaal", "burg": "burgemeester",
    "dr": "dokter", "mgr": "monseigneur", "prof": "professor", "pr": "prins", "ste": "sinte",
    "olv": "onzelievevrouw",
    "kap": "kapitein", "lt": "luitenant", "gen": "generaal", "comm": "commandant", "mr": "meester",
    "eh": "eerwaardeheer", "zr": "zuster", "wg": "weg", "bn": "baan",
  ]

  /// Abbreviated endings glued to a name: `stationstr` → `stationsstraat`.
  static let endings: [(String, String)] = [
    ("stwg", "steenweg"), ("str", "straat"), ("ln", "laan"), ("pln", "plein"), ("pl", "plein"),
  ]

  /// The key of a name as typed or as in the register.
  public static func key(_ name: String) -> String {
    key(tokens: tokens(TextFolding.fold(name)))
  }

  /// Folded text split into words; dots end abbreviations (`"o.l.v."` → `"olv"`).
  static func tokens(_ folded: String) -> [String] {
    var out: [String] = []
    for raw in folded.split(whereSeparator: { $0 == " " || $0 == "-" }) {
      let t = raw.filter { $0 != "." }
      if !t.isEmpty { out.append(String(t)) }
    }
    return out
  }

  /// The key without any abbreviation written out (`"postwg"` stays `"postwg"`), tried
  /// next to ``key(tokens:)`` because a glued ending may be part of the name itself.
  public static func literalKey(tokens: [String]) -> String { tokens.joined() }

  /// Street-type endings; fuzzy matching judges the part before a shared ending on its own.
  public static let typeEndings: [String] = [
    "steenweg", "straat", "laan", "weg", "plein", "baan", "dreef", "pad", "hof", "veld", "wal", "kaai", "dijk", "berg",
  ]

  /// The key split into stem and street-type ending (`"kerkstraat"` → `("kerk", "straat")`).
  public static func stem(_ key: [UInt8]) -> (stem: ArraySlice<UInt8>, ending: String?) {
    for e in typeEndings {
      let u = Array(e.utf8)
      if key.count > u.count && key.suffix(u.count).elementsEqual(u) { return (key.dropLast(u.count), e) }
    }
    return (key[...], nil)
  }

  /// The key of already folded words.
  public static func key(tokens: [String]) -> String { key(tokens: tokens[...]) }

  /// The key of already folded words (a slice: the query parser tries trailing words).
  static func key(tokens: ArraySlice<String>) -> String {
    var out = ""
    for t in tokens {
      if let w = words[t] {
        out += w
        continue
      }
      var expanded = t
      if t.count > 4 {
        for (ending, full) in endings where t.hasSuffix(ending) {
          expanded = t.dropLast(ending.count) + full
          break
        }
      }
      out += expanded
    }
    return out
  }
}
