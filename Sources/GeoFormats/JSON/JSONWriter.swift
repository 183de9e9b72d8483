/// Serialises ``JSONValue``s compactly; numbers in their shortest round-trip form.
public enum JSONWriter {
  /// The shortest text that reads back as the same double; integers without ".0";
  /// non-finite numbers (which JSON cannot hold) as `null`.
  public static func format(_ v: Double) -> String {
    guard v.isFinite else { return "null" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return v.description
  }

  public static func serialize(_ value: JSONValue) -> String {
    var out = ""
    write(value, to: &out)
    return out
  }

  public static func write(_ value: JSONValue, to out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n): out += format(n)
    case .string(let s): writeString(s, to: &out)
    case .array(let items):
      out += "["
      for (k, item) in items.enumerated() {
        if k > 0 { out += "," }
        write(item, to: &out)
      }
      out += "]"
    case .object(let object):
      out += "{"
      for (k, m) in object.members.enumerated() {
        if k > 0 { out += "," }
        writeString(m.key, to: &out)
        out += ":"
        write(m.value, to: &out)
      }
      out += "}"
    }
  }

  public static func writeString(_ s: String, to out: inout String) {
    // Most strings need no escape: copied whole.
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      out += "\""
      out += s
      out += "\""
      return
    }
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20:
        let h = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
      default: out.unicodeScalars.append(u)
      }
    }
    out += "\""
  }
}
