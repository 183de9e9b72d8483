/// A strict RFC 8259 JSON parser over bytes that reports line and column on error.
///
/// Nesting is limited (``maximumDepth``) so hostile input cannot exhaust the stack.
/// The non-JSON literals `NaN`, `Infinity` and `-Infinity` are read as non-finite numbers so
/// the GeoJSON layer can say "coordinate is NaN" instead of a bare syntax error; JSON writers
/// never produce them.
public struct JSONParser {
  public static let maximumDepth = 256

  /// A syntax error at a byte offset.
  public struct SyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "line \(line), column \(column): \(message)" }
  }

  /// Parses one JSON document. With `rejectingDuplicateKeys`, an object that names a member
  /// twice is an error (RFC 8259 §4 leaves it undefined; request bodies refuse it, so
  /// `"consent":true,"consent":false` cannot mean two things). - Throws: ``SyntaxError``.
  public static func parse(_ bytes: [UInt8], rejectingDuplicateKeys: Bool = false) throws -> JSONValue {
    try bytes.withUnsafeBufferPointer { buffer in
      var parser = Cursor(buffer)
      parser.rejectDuplicateKeys = rejectingDuplicateKeys
      parser.skipBOM()
      parser.skipWhitespace()
      let value = try parser.value(depth: 0)
      parser.skipWhitespace()
      if parser.i < buffer.count { throw parser.error("unexpected text after the JSON value") }
      return value
    }
  }

  public static func parse(_ text: String) throws -> JSONValue { try parse(Array(text.utf8)) }

  struct Cursor {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var rejectDuplicateKeys = false
    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
      let end = min(offset ?? i, b.count)
      var line = 1
      var column = 1
      for k in 0..<end {
        if b[k] == 10 {
          line += 1
          column = 1
        } else if b[k] & 0xC0 != 0x80 {
          column += 1
        }
      }
      return SyntaxError(line: line, column: column, message: message)
    }

    mutating func skipBOM() {
      if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
    }

    mutating func skipWhitespace() {
      while i < b.count {
        let c = b[i]
        if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
      }
    }

    func describe(_ c: UInt8) -> String {
      c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
    }

    mutating func value(depth: Int) throws -> JSONValue {
      guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
      guard i < b.count else { throw error("unexpected end of input: the JSON is truncated") }
      switch b[i] {
      case UInt8(ascii: "{"): return .object(try object(depth: depth))
      case UInt8(ascii: "["): return .array(try array(depth: depth))
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"):
        try literal("true")
        return .bool(true)
      case UInt8(ascii: "f"):
        try literal("false")
        return .bool(false)
      case UInt8(ascii: "n"):
        try literal("null")
        return .null
      case UInt8(ascii: "N"):
        try literal("NaN")
        return .number(.nan)
      case UInt8(ascii: "I"):
        try literal("Infinity")
        return .number(.infinity)
      case UInt8(ascii: "-") where i + 1 < b.count && b[i + 1] == UInt8(ascii: "I"):
        i += 1
        try literal("Infinity")
        return .number(-.infinity)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
      default: throw error("unexpected \(describe(b[i])) where a value should start")
      }
    }

    mutating func literal(_ word: StaticString) throws {
      let start = i
      let n = word.utf8CodeUnitCount
      guard i + n <= b.count else { throw error("unexpected end of input: the JSON is truncated") }
      for k in 0..<n where b[i + k] != word.utf8Start[k] {
        throw error("invalid literal; expected '\(word)'", at: start)
      }
      i += n
    }

    mutating func number() throws -> Double {
      let start = i
      if b[i] == UInt8(ascii: "-") { i += 1 }
      guard i < b.count, b[i] &- 48 < 10 else { throw error("invalid number", at: start) }
      if b[i] == UInt8(ascii: "0") && i + 1 < b.count && b[i + 1] &- 48 < 10 {
        throw error("invalid number: leading zero", at: start)
      }
      while i < b.count, b[i] &- 48 < 10 { i += 1 }
      if i < b.count, b[i] == UInt8(ascii: ".") {
        i += 1
        guard i < b.count, b[i] &- 48 < 10 else { throw error("invalid number: no digit after the decimal point", at: start) }
        while i < b.count, b[i] &- 48 < 10 { i += 1 }
      }
      if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
        i += 1
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, b[i] &- 48 < 10 else { throw error("invalid number: no digit in the exponent", at: start) }
        while i < b.count, b[i] &- 48 < 10 { i += 1 }
      }
      guard let v = NumberParser.parse(b.baseAddress!, start, i) else { throw error("invalid number", at: start) }
      return v
    }

    mutating func string() throws -> String {
      let start = i
      i += 1  // opening quote
      var runStart = i
      var bytes: [UInt8] = []
      var escaped = false
      while true {
        guard i < b.count else { throw error("unterminated string", at: start) }
        let c = b[i]
        if c == UInt8(ascii: "\"") { break }
        if c < 0x20 { throw error("control character in a string (escape it)") }
        if c == UInt8(ascii: "\\") {
          if !escaped {
            escaped = true
            bytes.reserveCapacity(i - runStart + 16)
          }
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
          i += 1
          guard i < b.count else { throw error("unterminated string", at: start) }
          switch b[i] {
          case UInt8(ascii: "\""): bytes.append(0x22)
          case UInt8(ascii: "\\"): bytes.append(0x5C)
          case UInt8(ascii: "/"): bytes.append(0x2F)
          case UInt8(ascii: "b"): bytes.append(0x08)
          case UInt8(ascii: "f"): bytes.append(0x0C)
          case UInt8(ascii: "n"): bytes.append(0x0A)
          case UInt8(ascii: "r"): bytes.append(0x0D)
          case UInt8(ascii: "t"): bytes.append(0x09)
          case UInt8(ascii: "u"):
            var scalar = try hex4(at: i + 1)
            i += 4
            if scalar >= 0xD800 && scalar < 0xDC00, i + 6 < b.count, b[i + 1] == UInt8(ascii: "\\"), b[i + 2] == UInt8(ascii: "u") {
              let low = try hex4(at: i + 3)
              if low >= 0xDC00 && low < 0xE000 {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                i += 6
              }
            }
            let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            bytes.append(contentsOf: Array(String(Character(u)).utf8))
          default: throw error("invalid escape \\\(describe(b[i]))")
          }
          i += 1
          runStart = i
          continue
        }
        i += 1
      }
      let result: String
      if escaped {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
        result = String(decoding: bytes, as: UTF8.self)
      } else {
        result = String(decoding: UnsafeBufferPointer(rebasing: b[runStart..<i]), as: UTF8.self)
      }
      i += 1
      return result
    }

    func hex4(at k: Int) throws -> UInt32 {
      guard k + 4 <= b.count else { throw error("truncated \\u escape") }
      var v: UInt32 = 0
      for j in k..<(k + 4) {
        let c = b[j]
        let d: UInt32
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
        default: throw error("invalid \\u escape", at: j)
        }
        v = v << 4 | d
      }
      return v
    }

    mutating func array(depth: Int) throws -> [JSONValue] {
      i += 1
      var items: [JSONValue] = []
      skipWhitespace()
      if i < b.count, b[i] == UInt8(ascii: "]") {
        i += 1
        return items
      }
      while true {
        skipWhitespace()
        items.append(try value(depth: depth + 1))
        skipWhitespace()
        guard i < b.count else { throw error("unexpected end of input inside an array: the JSON is truncated") }
        if b[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        if b[i] == UInt8(ascii: "]") {
          i += 1
          return items
        }
        throw error("expected ',' or ']' in an array, found \(describe(b[i]))")
      }
    }

    mutating func object(depth: Int) throws -> JSONObject {
      i += 1
      var members: [JSONObject.Member] = []
      skipWhitespace()
      if i < b.count, b[i] == UInt8(ascii: "}") {
        i += 1
        return JSONObject(members)
      }
      while true {
        skipWhitespace()
        guard i < b.count else { throw error("unexpected end of input inside an object: the JSON is truncated") }
        guard b[i] == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes, found \(describe(b[i]))") }
        let keyStart = i
        let key = try string()
        if rejectDuplicateKeys && members.contains(where: { $0.key == key }) {
          i = keyStart
          throw error("the member name \"\(key)\" appears twice in one object")
        }
        skipWhitespace()
        guard i < b.count else { throw error("unexpected end of input inside an object: the JSON is truncated") }
        guard b[i] == UInt8(ascii: ":") else { throw error("expected ':' after member name \"\(key)\"") }
        i += 1
        skipWhitespace()
        members.append(JSONObject.Member(key: key, value: try value(depth: depth + 1)))
        skipWhitespace()
        guard i < b.count else { throw error("unexpected end of input inside an object: the JSON is truncated") }
        if b[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        if b[i] == UInt8(ascii: "}") {
          i += 1
          return JSONObject(members)
        }
        throw error("expected ',' or '}' in an object, found \(describe(b[i]))")
      }
    }
  }
}
