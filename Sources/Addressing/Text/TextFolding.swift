/// Case and diacritic folding for Flemish address text: lower case ASCII letters and digits,
/// every other character a separator (except `/` and `-`, which the house-number grammar uses).
///
/// `"Boîte 3, Rue de l'Église"` → `"boite 3  rue de l eglise"`. Pure; O(n).
public enum TextFolding {
  public static func fold(_ text: String) -> String {
    // Fast path: ASCII text (almost every query) is folded byte by byte.
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      var bytes = [UInt8](repeating: 0x20, count: text.utf8.count)
      var k = 0
      for b in text.utf8 {
        switch b {
        case 0x41...0x5A: bytes[k] = b + 32
        case 0x61...0x7A, 0x30...0x39, 0x2F, 0x2D, 0x2E: bytes[k] = b
        default: bytes[k] = 0x20
        }
        k += 1
      }
      return String(decoding: bytes, as: UTF8.self)
    }
    var out = String.UnicodeScalarView()
    out.reserveCapacity(text.unicodeScalars.count)
    for u in text.unicodeScalars {
      let v = u.value
      if v < 0x80 {
        switch v {
        case 0x41...0x5A: out.append(Unicode.Scalar(v + 32)!)
        case 0x61...0x7A, 0x30...0x39: out.append(u)
        case 0x2F, 0x2D: out.append(u)  // '/' and '-'
        case 0x2E: out.append(".")  // kept for abbreviations, dropped by the tokenizer
        default: out.append(" ")
        }
      } else if let folded = latin[v] {
        out.append(contentsOf: folded.unicodeScalars)
      } else if v == 0x2013 || v == 0x2014 {
        out.append("-")
      } else {
        out.append(" ")
      }
    }
    return String(out)
  }

  /// Latin-1 and Latin Extended-A letters to their base letters.
  static let latin: [UInt32: String] = {
    var m: [UInt32: String] = [:]
    let groups: [(String, String)] = [
      ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđ", "d"),
      ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"), ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"),
      ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"), ("ĹĺĻļĽľĿŀŁł", "l"),
      ("ÑñŃńŅņŇň", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
      ("ŚśŜŝŞşŠš", "s"), ("ŢţŤťŦŧ", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"),
      ("Ŵŵ", "w"), ("ÝýÿŶŷŸ", "y"), ("ŹźŻżŽž", "z"),
    ]
    for (letters, base) in groups { for u in letters.unicodeScalars { m[u.value] = base } }
    m[0xDF] = "ss"
    m[0xC6] = "ae"
    m[0xE6] = "ae"
    m[0x152] = "oe"
    m[0x153] = "oe"
    m[0x2019] = " "
    return m
  }()
}
