public import BuurtStore
public import Foundation

/// An outbox entry as an Internet message (RFC 5322, MIME): plain text and HTML as
/// multipart/alternative, UTF-8 in base64, non-ASCII headers as RFC 2047 encoded words, the
/// entry's fixed `Message-ID`, and no CR or LF from any value in a header.
public enum MailMessage {
  public static func render(_ entry: OutboxEntry, from: String, fromName: String, date: Date = Date()) -> String {
    let m = entry.message
    let domain = from.split(separator: "@").last.map(String.init) ?? "buurt.invalid"
    let boundary = "buurt-" + entry.messageID
    var headers = [
      "From: \(mailbox(fromName, from))",
      "To: \(mailbox(m.recipientName, m.recipient))",
      "Subject: \(encodedWord(m.subject))",
      "Date: \(rfc5322Date(date))",
      "Message-ID: <\(entry.messageID)@\(clean(domain))>",
      "MIME-Version: 1.0",
      "Auto-Submitted: auto-generated",
    ]
    var body: String
    if let html = m.html {
      headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
      body = "--\(boundary)\r\n" + part("text/plain", m.text) + "--\(boundary)\r\n" + part("text/html", html) + "--\(boundary)--\r\n"
    } else {
      headers.append("Content-Type: text/plain; charset=utf-8")
      headers.append("Content-Transfer-Encoding: base64")
      body = base64Lines(m.text)
    }
    return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
  }

  static func part(_ type: String, _ text: String) -> String {
    "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(text)
  }

  static func base64Lines(_ text: String) -> String {
    let encoded = Data(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
      .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    return encoded + "\r\n"
  }

  /// A header value with no line breaks (nothing can add a header).
  static func clean(_ s: String) -> String {
    String(s.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0.properties.generalCategory != .control }.map(Character.init))
  }

  static func mailbox(_ name: String?, _ address: String) -> String {
    let a = clean(address).filter { $0 != "<" && $0 != ">" && $0 != " " }
    guard let name, !name.isEmpty else { return "<\(a)>" }
    return "\(encodedWord(name, phrase: true)) <\(a)>"
  }

  /// ASCII as is (quoted in a phrase), anything else as `=?UTF-8?B?…?=` words of at most 75 characters.
  static func encodedWord(_ s: String, phrase: Bool = false) -> String {
    let s = clean(s)
    if s.unicodeScalars.allSatisfy({ $0.isASCII }) {
      guard phrase else { return s }
      return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    var words: [String] = []
    var chunk = ""
    for ch in s {
      if (chunk + String(ch)).utf8.count > 45 {
        words.append(chunk)
        chunk = ""
      }
      chunk.append(ch)
    }
    if !chunk.isEmpty { words.append(chunk) }
    return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
  }

  static func rfc5322Date(_ date: Date) -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
    return f.string(from: date)
  }
}
