import GeoCore
import NIOCore
import TestSupport
import Testing

@testable import BuurtServer

/// The locate route's own query reader must give what the general decoder gives.
@Suite struct CoordinateQueryTests {
  func parse(_ target: String) throws -> CoordinateQuery {
    // The fallback: the same percent-decoding Hummingbird does for `queryParameters`.
    try CoordinateQuery.parse(target: target) { name in
      guard let q = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
      for pair in q.split(separator: "#").first?.split(separator: "&") ?? [] {
        let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        if kv[0] == name { return kv.count > 1 ? Substring(kv[1].removingPercentEncodingForTest) : "" }
      }
      return nil
    }
  }

  @Test func readsBothParametersInAnyOrder() throws {
    #expect(try parse("/v1/locate?lon=5.6412&lat=50.8853") == CoordinateQuery(lon: 5.6412, lat: 50.8853))
    #expect(try parse("/v1/locate?lat=50.8853&lon=5.6412") == CoordinateQuery(lon: 5.6412, lat: 50.8853))
    #expect(try parse("/v1/locate?x=1&lat=-50&lon=-5&y") == CoordinateQuery(lon: -5, lat: -50))
  }

  @Test func firstOccurrenceWinsAndTheFragmentIsNotPartOfTheQuery() throws {
    #expect(try parse("/v1/locate?lon=5.6&lon=7&lat=50.9") == CoordinateQuery(lon: 5.6, lat: 50.9))
    #expect(try parse("/v1/locate?lon=5.6&lat=50.9#lat=3") == CoordinateQuery(lon: 5.6, lat: 50.9))
  }

  @Test func percentEncodedValuesGoThroughTheDecoder() throws {
    #expect(try parse("/v1/locate?lon=5%2E6&lat=50.9") == CoordinateQuery(lon: 5.6, lat: 50.9))
  }

  @Test func otherSpellingsOfNumbersStillParse() throws {
    #expect(try parse("/v1/locate?lon=+5.6&lat=5e1") == CoordinateQuery(lon: 5.6, lat: 50))
    #expect(try parse("/v1/locate?lon=5.&lat=.5") == CoordinateQuery(lon: 5, lat: 0.5))
    #expect(try parse("/v1/locate?lon=5.12345678901234567&lat=50") == CoordinateQuery(lon: 5.12345678901234567, lat: 50))
  }

  @Test func badValuesNameTheParameter() {
    for (target, fragment) in [
      ("/v1/locate?lat=50", "lon is required"), ("/v1/locate?lon=5", "lat is required"), ("/v1/locate?lon&lat=50", "lon= is not a number"),
      ("/v1/locate?lon=x&lat=50", "lon=x is not a number"), ("/v1/locate?lon=5&lat=95", "lat=95.0 is out of range"),
      ("/v1/locate?lon=nan&lat=50", "lon=nan is not a number"), ("/v1/locate?lon=5-1&lat=50", "lon=5-1 is not a number"),
      ("/v1/locate", "lon is required"),
    ] {
      do {
        _ = try parse(target)
        Issue.record("\(target) was accepted")
      } catch let p as Problem {
        #expect(p.detail.contains(fragment), "\(target): \(p.detail)")
      } catch {
        Issue.record("\(target): \(error)")
      }
    }
  }

  /// The fast decimal path rounds exactly as the standard library does, and its canonical text
  /// reads back as the same Double, no longer than the shortest round-trip form.
  @Test func decimalsMatchTheStandardLibrary() {
    var random = SeededGenerator(seed: 7)
    for _ in 0..<100_000 {
      let digits = Int(random.next() % 17) + 1
      let point = Int(random.next() % UInt64(digits + 1))
      var text = random.next() % 2 == 0 ? "-" : ""
      for k in 0..<digits {
        if k == point && k > 0 { text += "." }
        text += String(random.next() % 10)
      }
      let fast = CoordinateQuery.decimal(Substring(text))
      let expected = Double(text)!
      if let fast {
        #expect(fast.value == expected, "\(text)")
        let json = fast.json
        #expect(Double(json) == expected, "\(text) → \(json)")
        #expect(json.first != "+" && !json.hasSuffix(".") && !(json.contains(".") && json.hasSuffix("0")), "\(text) → \(json)")
        if fast.value != expected || Double(json) != expected { return }
      } else {
        // Only more than 15 significant digits leave the fast path.
        #expect(text.filter(\.isNumber).drop(while: { $0 == "0" }).count > 15, "\(text)")
      }
    }
  }

  @Test func canonicalText() throws {
    for (text, json) in [
      ("5.6400", "5.64"), ("-0.000", "0"), ("005.5", "5.5"), ("50", "50"), ("50.0", "50"), ("0.00001", "0.00001"),
      ("-12.5", "-12.5"), ("+5.6", "5.6"), ("5e1", "50"), ("5.12345678901234567", (5.12345678901234567).description),
    ] {
      #expect(try parse("/v1/locate?lon=\(text)&lat=0").lon.json == json, "\(text)")
    }
  }
}

extension CoordinateQuery.Number {
  /// The number as the route writes it.
  var json: String {
    var b = ByteBuffer()
    write(to: &b)
    return String(buffer: b)
  }
}

extension Substring {
  var removingPercentEncodingForTest: String {
    var out: [UInt8] = []
    var bytes = Array(utf8)[...]
    while let b = bytes.popFirst() {
      if b == UInt8(ascii: "%"), bytes.count >= 2, let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
        out.append(v)
        bytes = bytes.dropFirst(2)
      } else {
        out.append(b)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
