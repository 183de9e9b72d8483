import GeoCore
import GeoFormats
import Testing

/// read → GeoJSONWriter → read gives the same FeatureCollection, for every geometry type.
@Suite struct GeoJSONRoundTripTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var geometry: String
    var testDescription: String { name }
  }

  static let geometries: [Case] = [
    Case(name: "Point", geometry: #"{"type":"Point","coordinates":[4.3517,50.8503]}"#),
    Case(name: "Point with altitude", geometry: #"{"type":"Point","coordinates":[4.3517,50.8503,13.5]}"#),
    Case(name: "MultiPoint", geometry: #"{"type":"MultiPoint","coordinates":[[4.1,50.1],[-0.000001,0.5],[179.9,-89.9]]}"#),
    Case(name: "LineString", geometry: #"{"type":"LineString","coordinates":[[4.1,50.1],[4.2,50.2],[4.25,50.15]]}"#),
    Case(
      name: "MultiLineString",
      geometry: #"{"type":"MultiLineString","coordinates":[[[4.1,50.1],[4.2,50.2]],[[5,51],[5.5,51.5],[5.25,51.0000001]]]}"#),
    Case(
      name: "Polygon with a hole",
      geometry:
        #"{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,51],[4,51],[4,50]],[[4.2,50.2],[4.2,50.8],[4.8,50.8],[4.8,50.2],[4.2,50.2]]]}"#
    ),
    Case(
      name: "MultiPolygon",
      geometry:
        #"{"type":"MultiPolygon","coordinates":[[[[4,50],[5,50],[5,51],[4,51],[4,50]],[[4.2,50.2],[4.2,50.8],[4.8,50.8],[4.8,50.2],[4.2,50.2]]],[[[6,50],[6.5,50],[6.25,50.5],[6,50]]]]}"#
    ),
    Case(name: "null geometry", geometry: "null"),
  ]

  @Test(arguments: geometries)
  func geometryRoundTrips(_ c: Case) throws {
    let doc = collection([feature(c.geometry, name: "a"), feature(c.geometry, name: "b")])
    let r = try #require(try roundTrip(doc))
    #expect(r.first == r.second)
    #expect(r.first.features.count == 2)
    #expect(r.first.features.map { $0.properties["name"] } == [.string("a"), .string("b")])
    if c.geometry == "null" {
      #expect(r.first.features[0].geometry == nil)
    } else {
      #expect(r.first.features[0].geometry?.typeName == c.name.split(separator: " ").first.map(String.init))
    }
    // Writing is deterministic: a second write is byte-identical.
    #expect(GeoJSONWriter().write(r.second) == r.written)
  }

  @Test func decodedGeometryValues() throws {
    let doc = collection([
      feature(#"{"type":"Point","coordinates":[4.3517,50.8503,13.5]}"#),
      feature(#"{"type":"MultiLineString","coordinates":[[[4.1,50.1],[4.2,50.2]],[[5,51],[5.5,51.5]]]}"#),
    ])
    let fc = try #require(lonLat(try GeoJSONReader().read(doc)))
    #expect(fc.features[0].geometry == .point(LonLat(lon: 4.3517, lat: 50.8503)))
    #expect(
      fc.features[1].geometry
        == .multiLineString([
          LineString([LonLat(lon: 4.1, lat: 50.1), LonLat(lon: 4.2, lat: 50.2)]),
          LineString([LonLat(lon: 5, lat: 51), LonLat(lon: 5.5, lat: 51.5)]),
        ]))
  }

  static let everyType =
    #"{"s":"héllo \"q\" \\ \/ \n\t\u00e9 \ud83d\ude00 日本 \u0001","n":-12.5e-3,"i":42,"big":1.7976931348623157e308,"tiny":5e-324,"t":true,"f":false,"z":null,"a":[1,"x",[null,{}],[]],"o":{"k":{"deep":[true,-0.1]},"e":{}}}"#

  @Test func propertiesOfEveryJSONTypeRoundTripInOrder() throws {
    let doc = collection([
      #"{"type":"Feature","id":"wijk-7","properties":\#(Self.everyType),"geometry":{"type":"Point","coordinates":[4.4,50.9]}}"#,
      #"{"type":"Feature","id":17,"properties":{"zeta":1,"alpha":2,"mid":3},"geometry":null}"#,
      #"{"type":"Feature","properties":null,"geometry":null}"#,
    ])
    let r = try #require(try roundTrip(doc))
    #expect(r.first == r.second)
    let p = r.second.features[0].properties
    #expect(p.keys == ["s", "n", "i", "big", "tiny", "t", "f", "z", "a", "o"])
    #expect(p["s"] == .string("héllo \"q\" \\ / \n\té 😀 日本 \u{01}"))
    #expect(p["n"] == .number(-0.0125))
    #expect(p["i"] == .number(42))
    #expect(p["big"] == .number(.greatestFiniteMagnitude))
    #expect(p["tiny"] == .number(.leastNonzeroMagnitude))
    #expect(p["t"] == .bool(true))
    #expect(p["f"] == .bool(false))
    #expect(p["z"] == .null)
    #expect(p["a"] == .array([.number(1), .string("x"), .array([.null, .object(JSONObject())]), .array([])]))
    let deep = JSONObject([.init(key: "deep", value: .array([.bool(true), .number(-0.1)]))])
    #expect(
      p["o"]
        == .object(JSONObject([.init(key: "k", value: .object(deep)), .init(key: "e", value: .object(JSONObject()))])))
    // Property order of the second feature is the file's order, not sorted.
    #expect(r.second.features[1].properties.keys == ["zeta", "alpha", "mid"])
    // Feature ids survive, as string and number; absent id stays absent; null properties become {}.
    #expect(r.second.features[0].id == .string("wijk-7"))
    #expect(r.second.features[1].id == .number(17))
    #expect(r.second.features[2].id == nil)
    #expect(r.second.features[2].properties == JSONObject())
    // The written text keeps the order too.
    let zeta = try #require(r.written.firstRange(of: "\"zeta\""))
    let alpha = try #require(r.written.firstRange(of: "\"alpha\""))
    #expect(zeta.lowerBound < alpha.lowerBound)
  }

  @Test func foreignMembersOfTheCollectionAreKept() throws {
    let doc =
      #"{"type":"FeatureCollection","name":"wijken","meta":{"source":"Statbel","year":2024},"bbox":[4,50,5,51],"features":[\#(feature(#"{"type":"Point","coordinates":[4.5,50.5]}"#))]}"#
    let r = try #require(try roundTrip(doc))
    #expect(r.first == r.second)
    #expect(r.first.foreignMembers.keys == ["name", "meta"])
    #expect(r.first.foreignMembers["name"] == .string("wijken"))
    #expect(r.second.foreignMembers == r.first.foreignMembers)
    #expect(r.written.contains(#""name":"wijken""#))
    #expect(r.written.contains(#""meta":{"source":"Statbel","year":2024}"#))
  }

  @Test func bareGeometryIsOneFeature() throws {
    let layer = try GeoJSONReader().read(#"{"type":"LineString","coordinates":[[4.1,50.1],[4.2,50.2]]}"#)
    #expect(layer.featureCount == 1)
    let fc = try #require(lonLat(layer))
    #expect(fc.features[0].geometry == .lineString(LineString([LonLat(lon: 4.1, lat: 50.1), LonLat(lon: 4.2, lat: 50.2)])))
    #expect(fc.features[0].properties == JSONObject())
    #expect(fc.features[0].id == nil)
    #expect(fc.foreignMembers == JSONObject())
  }

  @Test func singleFeatureDocumentIsOneFeature() throws {
    let layer = try GeoJSONReader().read(
      #"{"type":"Feature","id":"x1","properties":{"naam":"Molenbeek","code":21012},"geometry":{"type":"Point","coordinates":[4.33,50.85]}}"#
    )
    #expect(layer.featureCount == 1)
    #expect(layer.crs == .wgs84)
    let fc = try #require(lonLat(layer))
    #expect(fc.features[0].id == .string("x1"))
    #expect(fc.features[0].properties.keys == ["naam", "code"])
    #expect(layer.properties == [fc.features[0].properties])
  }

  @Test func emptyCollectionRoundTrips() throws {
    let r = try #require(try roundTrip(#"{"type":"FeatureCollection","features":[]}"#))
    #expect(r.first.features.isEmpty)
    #expect(r.first == r.second)
  }

  // MARK: - Winding order

  static let square = "[[4,50],[5,50],[5,51],[4,51],[4,50]]"  // counter-clockwise
  static let squareCW = "[[4,50],[4,51],[5,51],[5,50],[4,50]]"  // clockwise
  static let hole = "[[4.2,50.2],[4.2,50.8],[4.8,50.8],[4.8,50.2],[4.2,50.2]]"  // clockwise
  static let holeCCW = "[[4.2,50.2],[4.8,50.2],[4.8,50.8],[4.2,50.8],[4.2,50.2]]"  // counter-clockwise

  @Test(arguments: [
    (square, hole), (squareCW, hole), (square, holeCCW), (squareCW, holeCCW),
  ])
  func eitherWindingIsAcceptedAndNormalised(exterior: String, hole: String) throws {
    let doc = collection([
      feature(#"{"type":"Polygon","coordinates":[\#(exterior),\#(hole)]}"#),
      feature(#"{"type":"MultiPolygon","coordinates":[[\#(exterior),\#(hole)],[[[6,50],[6,50.5],[6.5,50],[6,50]]]]}"#),
    ])
    let r = try #require(try roundTrip(doc))
    #expect(r.first == r.second)
    for f in r.first.features {
      let mp = try #require(f.geometry?.areal)
      for p in mp.polygons {
        #expect(p.exterior.isCounterClockwise)
        for h in p.holes { #expect(!h.isCounterClockwise) }
        #expect(p.exterior.coordinates.first == p.exterior.coordinates.last)
      }
    }
    // Whatever the input winding, the result is the same polygon.
    guard case .polygon(let p)? = r.first.features[0].geometry else {
      Issue.record("not a polygon")
      return
    }
    #expect(abs(p.area - (1 - 0.36)) < 1e-12)
    #expect(
      Set(p.exterior.coordinates)
        == Set([LonLat(lon: 4, lat: 50), LonLat(lon: 5, lat: 50), LonLat(lon: 5, lat: 51), LonLat(lon: 4, lat: 51)]))
    #expect(p.exterior.coordinates.count == 5)
    #expect(p.holes.count == 1)
  }

  @Test func writerRoundsToDecimals() {
    let fc = FeatureCollection([Feature(geometry: Geometry<LonLat>.point(LonLat(lon: 4.123456789, lat: 50.987654321)))])
    let text = GeoJSONWriter(decimals: 3).write(fc)
    #expect(text.contains("[4.123,50.988]"))
    #expect(GeoJSONWriter().write(fc).contains("[4.123456789,50.987654321]"))
  }
}

/// The legacy `crs` member and `Options.crs`.
@Suite struct GeoJSONCRSTests {
  static let lambertDoc =
    #"{"type":"FeatureCollection","name":"lambert","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::31370"}},"features":[{"type":"Feature","properties":{"n":1},"geometry":{"type":"Polygon","coordinates":[[[150000,170000],[150000,171000],[151000,171000],[151000,170000],[150000,170000]]]}},{"type":"Feature","properties":{"n":2},"geometry":{"type":"Point","coordinates":[141488.89,158436.73]}}]}"#

  @Test func legacyCRSMemberGivesMetricLayer() throws {
    let layer = try GeoJSONReader().read(Self.lambertDoc)
    #expect(layer.crs == CRS("EPSG:31370"))
    #expect(layer.crs == .belgianLambert72)
    let (fc, crs) = try #require(metric(layer))
    #expect(crs == .belgianLambert72)
    #expect(fc.features.count == 2)
    #expect(fc.features[1].geometry == .point(XY(x: 141488.89, y: 158436.73)))
    // The exterior ring (clockwise in the file) is normalised to counter-clockwise.
    let poly = try #require(fc.features[0].geometry?.areal?.polygons.first)
    #expect(poly.exterior.isCounterClockwise)
    #expect(poly.area == 1_000_000)
    // `crs` is not a foreign member to copy; `name` is.
    #expect(fc.foreignMembers.keys == ["name"])
  }

  @Test func metricLayerRoundTripsWithExplicitCRS() throws {
    let (fc, _) = try #require(metric(try GeoJSONReader().read(Self.lambertDoc)))
    let written = GeoJSONWriter().write(fc)
    let again = try GeoJSONReader(options: .init(crs: .belgianLambert72)).read(written)
    let (fc2, crs2) = try #require(metric(again))
    #expect(crs2 == .belgianLambert72)
    #expect(fc2 == fc)
  }

  @Test(arguments: [
    ("urn:ogc:def:crs:EPSG::3812", "EPSG:3812"),
    ("EPSG:31370", "EPSG:31370"),
    ("epsg:31370", "EPSG:31370"),
  ])
  func otherLegacyCRSNames(name: String, expected: String) throws {
    let doc =
      #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"\#(name)"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[650000,670000]}}]}"#
    let layer = try GeoJSONReader().read(doc)
    #expect(layer.crs == CRS(expected))
    #expect(metric(layer) != nil)
  }

  @Test func crs84AndEPSG4326AreLonLat() throws {
    for name in ["urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326"] {
      let doc =
        #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"\#(name)"}},"features":[\#(feature(#"{"type":"Point","coordinates":[4.4,50.8]}"#))]}"#
      let layer = try GeoJSONReader().read(doc)
      #expect(layer.crs.isGeographicWGS84, "\(name)")
      #expect(lonLat(layer)?.features.first?.geometry == .point(LonLat(lon: 4.4, lat: 50.8)))
    }
  }

  @Test func unrecognisedCRSMemberIsAnError() {
    let doc =
      #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"Lambert 72"}},"features":[]}"#
    expectContains(readError(doc)?.description, ["unrecognised", "Lambert 72", "--crs"])
  }

  @Test func optionsCRSOverridesLegacyMember() throws {
    // The file claims 3812, the caller says 31370: the caller wins.
    let doc = Self.lambertDoc.replacingOccurrences("EPSG::31370", "EPSG::3812")
    let layer = try GeoJSONReader(options: .init(crs: .belgianLambert72)).read(doc)
    #expect(layer.crs == .belgianLambert72)
  }
}

extension String {
  /// `self` with every `target` replaced (no Foundation).
  func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    var out = ""
    var rest = self[...]
    while let r = rest.firstRange(of: target) {
      out += rest[..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    out += rest
    return out
  }
}
