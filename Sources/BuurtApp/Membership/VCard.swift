public import BuurtStore

/// vCard 4.0 (RFC 6350) of members, so a coordinator can import them into the phone's contacts
/// before adding them in WhatsApp: CRLF lines folded at 75 octets, text values escaped.
public enum VCard {
  public static let mediaType = "text/vcard; charset=utf-8"

  public static func write(_ members: [Member], group: String) -> String {
    var out = ""
    for m in members {
      var lines = [
        "BEGIN:VCARD", "VERSION:4.0", "UID:urn:uuid:\(m.id)", "FN:\(escape(m.name))", "N:\(escape(m.name));;;;",
        "TEL;VALUE=uri;TYPE=cell:tel:\(m.phone)",
      ]
      if let e = m.email, !e.isEmpty { lines.append("EMAIL:\(escape(e))") }
      lines.append("CATEGORIES:\(escape("Buurtpreventie \(group)"))")
      lines.append("NOTE:\(escape("Buurtpreventie \(group): \(m.status.rawValue) since \((m.statusAt ?? m.enrolledAt).prefix(10))"))")
      lines.append("END:VCARD")
      for line in lines { out += fold(line) }
    }
    return out
  }

  /// Backslash, comma, semicolon and line breaks escaped (RFC 6350 §3.4).
  static func escape(_ text: String) -> String {
    var out = ""
    for ch in text {
      switch ch {
      case "\\": out += "\\\\"
      case ",": out += "\\,"
      case ";": out += "\\;"
      case "\n", "\r\n", "\r": out += "\\n"
      default: out.append(ch)
      }
    }
    return out
  }

  /// A content line folded after at most 75 octets (never inside a UTF-8 sequence), CRLF-ended.
  static func fold(_ line: String) -> String {
    var out = ""
    var width = 0
    for scalar in line.unicodeScalars {
      let size = String(scalar).utf8.count
      if width + size > 75 {
        out += "\r\n "
        width = 1
      }
      out.unicodeScalars.append(scalar)
      width += size
    }
    return out + "\r\n"
  }
}
