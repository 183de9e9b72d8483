import GeoFormats
import TestSupport
import Testing

@Suite struct JSONParserTests {
  /// The single number of `[text]`, parsed by JSONParser.
  func parsedNumber(_ text: String) throws -> Double? {
    guard case .array(let items) = try JSONParser.parse("[" + text + "]"), items.count == 1 else { return nil }
    return items[0].numberValue
  }

  /// A random JSON number text of 1 to 17 significant digits, with an optional fraction
  /// and exponent, covering subnormals, overflow and the fast/slow path boundaries.
  static func randomNumberText(_ rng: inout SeededGenerator) -> String {
    var s = rng.chance(0.3) ? "-" : ""
    let digits = 1 + rng.below(17)
    var ds = (0..<digits).map { _ in Character(String(rng.below(10))) }
    if ds[0] == "0" && digits > 1 { ds[0] = Character(String(1 + rng.below(9))) }
    let point = rng.below(digits + 1)  // digits before the decimal point
    if point == 0 {
      s += "0." + String(ds)
    } else if point == digits {
      s += String(ds)
    } else {
      s += String(ds[..<point]) + "." + String(ds[point...])
    }
    if rng.chance(0.7) {
      s += rng.chance(0.5) ? "e" : "E"
      let sign = rng.below(3)
      s += sign == 0 ? "" : (sign == 1 ? "+" : "-")
      // Mostly near the fast-path limit (22), sometimes anywhere in the double range.
      let magnitude = rng.chance(0.5) ? rng.below(30) : rng.below(340)
      s += String(magnitude)
    }
    return s
  }

  @Test func randomNumbersAreCorrectlyRounded() throws {
    var rng = SeededGenerator(seed: 0x5EED_0001)
    var checked = 0
    for _ in 0..<600 {
      let text = Self.randomNumberText(&rng)
      let expected = try #require(Double(text), "Swift cannot parse \(text)")
      let actual = try #require(try parsedNumber(text))
      #expect(actual.bitPattern == expected.bitPattern, "\(text): \(actual) != \(expected)")
      checked += 1
    }
    #expect(checked == 600)
  }

  @Test(arguments: [
    "0", "-0", "1", "-1", "0.1", "0.2", "0.30000000000000004", "1e22", "1e23", "9007199254740993",
    "9007199254740992", "123456789012345e22", "1234567890123456e22", "1e-22", "1.5e-23",
    "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
    "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308",
    "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400", "1e-400",
    "12345678901234567890123456789", "0.000000000000000000000000000001234567890123456789",
    "3.14159265358979323846264338327950288", "7.038531e-26", "89255e-22", "8.988465674311579e307",
    "100000000000000000000000e-10", "0e999999", "1E+2", "1e-0", "450000.125", "141488.89",
  ])
  func knownHardNumbers(_ text: String) throws {
    let expected = try #require(Double(text))
    let actual = try #require(try parsedNumber(text))
    #expect(actual.bitPattern == expected.bitPattern, "\(actual) != \(expected)")
  }

  @Test(arguments: ["01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "1.2.3", "--1", "1e5.5", "-NaN", "infinity", "nan"])
  func invalidNumbers(_ text: String) {
    #expect(throws: JSONParser.SyntaxError.self, "\(text)") { try JSONParser.parse("[" + text + "]") }
  }

  @Test func nonFiniteLiteralsAreNumbers() throws {
    let v = try JSONParser.parse("[NaN, Infinity, -Infinity]")
    let items = try #require(v.arrayValue)
    #expect(items.count == 3)
    #expect(items[0].numberValue?.isNaN == true)
    #expect(items[1].numberValue == .infinity)
    #expect(items[2].numberValue == -.infinity)
    #expect(JSONWriter.format(.nan) == "null")
    #expect(JSONWriter.format(.infinity) == "null")
  }

  @Test func escapes() throws {
    let v = try JSONParser.parse(#"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20AC\uFFFF", "\ud83d\ude00\uD834\uDD1E", "a\u0000b"]"#)
    #expect(
      v
        == .array([
          .string("\"\\/\u{08}\u{0C}\n\r\t"), .string("Aé€\u{FFFF}"), .string("😀𝄞"), .string("a\u{0}b"),
        ]))
  }

  @Test func unpairedSurrogatesBecomeReplacementCharacters() throws {
    let v = try JSONParser.parse(#"["\ud83d", "\ude00x", "\ud83dA", "\ud83d\u0041"]"#)
    #expect(v == .array([.string("\u{FFFD}"), .string("\u{FFFD}x"), .string("\u{FFFD}A"), .string("\u{FFFD}A")]))
  }

  @Test(arguments: [#""\x""#, #""\u12""#, #""\u12G4""#, #""\"#, #""\ud83d\u12""#, #""abc"#, #""\U0041""#])
  func invalidEscapesAndStrings(_ text: String) {
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
  }

  @Test func utf8IsKeptAsIs() throws {
    #expect(try JSONParser.parse("\"Liège – Sint-Niklaas 日本 😀\"") == .string("Liège – Sint-Niklaas 日本 😀"))
  }

  @Test func controlCharactersInStringsAreRejected() throws {
    for c in [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F] as [UInt8] {
      let bytes: [UInt8] = Array("{\"a\":\"x".utf8) + [c] + Array("y\"}".utf8)
      let e = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(bytes) }
      expectContains(e?.message, ["control character"])
      #expect(e?.line == 1)
    }
    // DEL and non-ASCII are fine.
    #expect(try JSONParser.parse([0x22, 0x7F, 0x22]) == .string("\u{7F}"))
  }

  @Test func depthLimitIsAnErrorNotACrash() throws {
    let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    let e = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(deep) }
    expectContains(e?.message, ["nesting deeper than \(JSONParser.maximumDepth)"])
    let deepObjects = String(repeating: #"{"a":"#, count: 100_000)
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(deepObjects) }
    // The GeoJSON reader turns it into a GeoJSONError.
    expectContains(readError(String(repeating: "[", count: 100_000))?.description, ["not valid JSON", "nesting"])
  }

  @Test func depthLimitIsExact() throws {
    let n = JSONParser.maximumDepth
    let ok = String(repeating: "[", count: n) + String(repeating: "]", count: n)
    var v = try JSONParser.parse(ok)
    var depth = 0
    while case .array(let items) = v {
      depth += 1
      guard let first = items.first else { break }
      v = first
    }
    #expect(depth == n)
    let tooDeep = String(repeating: "[", count: n + 1) + String(repeating: "]", count: n + 1)
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(tooDeep) }
  }

  @Test func errorsHaveLineAndColumn() {
    let e = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("{\n  \"a\": tru\n}") }
    #expect(e?.line == 2)
    #expect(e?.column == 8)
    #expect(e?.description.hasPrefix("line 2, column 8: ") == true)
    // Columns count characters, not bytes.
    let u = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("[\"é日\", x]") }
    #expect(u?.line == 1)
    #expect(u?.column == 8)
  }

  @Test(arguments: ["[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{1:2}", "{} x", "[]]", "'a'", "tru", "nulll"])
  func syntaxErrors(_ text: String) {
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
  }

  @Test func byteOrderMarkAndWhitespace() throws {
    #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array(" \t\r\n{} \n".utf8)) == .object(JSONObject()))
  }

  @Test func objectMembersKeepOrderAndDuplicates() throws {
    let v = try JSONParser.parse(#"{"z":1,"a":2,"m":3,"a":4}"#)
    let o = try #require(v.objectValue)
    #expect(o.keys == ["z", "a", "m", "a"])
    #expect(o["a"] == .number(2))
  }

  @Test func writerOutputParsesBack() throws {
    let texts = [
      #"{"a":[1,-2.5,1e-7,12345678901234567890,null,true,false],"b":{"c":"q\"\\\n\t\u0001é"},"d":[]}"#,
      #"[0.1,0.30000000000000004,5e-324,1.7976931348623157e+308,-0]"#,
    ]
    for t in texts {
      let v = try JSONParser.parse(t)
      let written = JSONWriter.serialize(v)
      #expect(try JSONParser.parse(written) == v)
      #expect(JSONWriter.serialize(try JSONParser.parse(written)) == written)
    }
    #expect(JSONWriter.serialize(.string("a\u{08}b")) == #""a\u0008b""#)
    #expect(JSONWriter.format(3) == "3")
    #expect(JSONWriter.format(-0.5) == "-0.5")
    #expect(JSONWriter.format(1e20).contains("e") || JSONWriter.format(1e20) == "100000000000000000000")
  }
}

@Suite("JSON duplicate member names")
struct JSONDuplicateKeyTests {
  @Test func refusedWhenAskedWithTheirPlace() throws {
    let text = #"{"a":1,"b":{"c":1,"c":2}}"#
    #expect(throws: JSONParser.SyntaxError.self) { _ = try JSONParser.parse(Array(text.utf8), rejectingDuplicateKeys: true) }
    do { _ = try JSONParser.parse(Array(text.utf8), rejectingDuplicateKeys: true) } catch let e as JSONParser.SyntaxError {
      #expect(e.message == "the member name \"c\" appears twice in one object")
      #expect(e.column == 19)
    }
    // Without the option (GeoJSON files), the document parses; the same name in two objects is fine.
    #expect(throws: Never.self) { _ = try JSONParser.parse(text) }
    #expect(throws: Never.self) { _ = try JSONParser.parse(Array(#"{"a":{"x":1},"b":{"x":2}}"#.utf8), rejectingDuplicateKeys: true) }
  }
}
