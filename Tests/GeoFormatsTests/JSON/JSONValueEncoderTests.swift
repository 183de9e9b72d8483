import GeoFormats
import Testing

@Suite("JSONValueEncoder")
struct JSONValueEncoderTests {
  struct Inner: Encodable { var name: String }
  struct Report: Encodable {
    var zeta: Int
    var alpha: String?
    var middle: Double
    var flag: Bool
    var inner: Inner?
    var list: [Inner]
    var numbers: [Double?]
    var raw: JSONValue
  }

  @Test func keepsDeclarationOrderAndWritesNilAsNull() throws {
    let r = Report(
      zeta: 3, alpha: nil, middle: 0.615, flag: true, inner: Inner(name: "Rekem"), list: [Inner(name: "a/b"), Inner(name: "é\"")],
      numbers: [1, nil, 1e-7], raw: .object(JSONObject([.init(key: "b", value: .number(2)), .init(key: "a", value: .null)])))
    let text = try JSONValueEncoder().text(r)
    #expect(
      text
        == #"{"zeta":3,"alpha":null,"middle":0.615,"flag":true,"inner":{"name":"Rekem"},"list":[{"name":"a/b"},{"name":"é\""}],"numbers":[1,null,1e-07],"raw":{"b":2,"a":null}}"#
    )
    // The same text on every run, unlike JSONEncoder without .sortedKeys.
    for _ in 0..<20 { #expect(try JSONValueEncoder().text(r) == text) }
  }

  @Test func aValueEncodedAgainReadsBackAsTheSameValue() throws {
    let value = try JSONParser.parse(Array(#"{"x":[1,2.5,{"y":null,"z":"w"}],"t":false,"s":"\u0001"}"#.utf8))
    #expect(try JSONValueEncoder().encode(value) == value)
    #expect(try JSONParser.parse(Array(try JSONValueEncoder().text(value).utf8)) == value)
  }

  @Test func anEmptyEncodableIsAnEmptyObject() throws {
    struct Empty: Encodable {}
    #expect(try JSONValueEncoder().text(Empty()) == "{}")
    #expect(try JSONValueEncoder().text([Int]()) == "[]")
    #expect(try JSONValueEncoder().text("plain") == #""plain""#)
  }
}
