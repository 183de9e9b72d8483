import GeoCore
import GeoFormats
import Testing

/// Every problem the reader reports names the feature and says what is wrong.
@Suite struct GeoJSONErrorTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    /// The geometry member of the bad feature (feature 1, named "Bad").
    var geometry: String
    /// Substrings the error description must contain (besides "feature 1 (name Bad)").
    var expected: [String]
    var testDescription: String { name }
  }

  static let good = feature(#"{"type":"Point","coordinates":[4.35,50.85]}"#, name: "Good")

  static let cases: [Case] = [
    Case(
      name: "unclosed ring",
      geometry: #"{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,51],[4,51]]]}"#,
      expected: ["ring 0 of polygon", "not closed", "[4.0, 50.0]", "[4.0, 51.0]"]),
    Case(
      name: "unclosed hole",
      geometry: #"{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,51],[4,51],[4,50]],[[4.2,50.2],[4.2,50.8],[4.8,50.8],[4.8,50.2]]]}"#,
      expected: ["ring 1 of polygon", "coordinates[1]", "not closed"]),
    Case(
      name: "unclosed ring in the second polygon of a MultiPolygon",
      geometry:
        #"{"type":"MultiPolygon","coordinates":[[[[4,50],[5,50],[5,51],[4,50]]],[[[6,50],[7,50],[7,51],[6,51]]]]}"#,
      expected: ["ring 0 of polygon 1", "coordinates[1][0]", "not closed"]),
    Case(
      name: "ring of 3 positions",
      geometry: #"{"type":"Polygon","coordinates":[[[4,50],[5,50],[4,50]]]}"#,
      expected: ["ring 0 of polygon", "at least 4 positions", "found 3"]),
    Case(
      name: "empty ring",
      geometry: #"{"type":"Polygon","coordinates":[[]]}"#,
      expected: ["at least 4 positions", "found 0"]),
    Case(
      name: "polygon without rings",
      geometry: #"{"type":"Polygon","coordinates":[]}"#,
      expected: ["at least one ring"]),
    Case(
      name: "NaN coordinate",
      geometry: #"{"type":"Point","coordinates":[NaN,50.8]}"#,
      expected: ["coordinates[0]", "coordinate is NaN"]),
    Case(
      name: "NaN inside a ring",
      geometry: #"{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,NaN],[4,51],[4,50]]]}"#,
      expected: ["coordinates[0][2][1]", "coordinate is NaN"]),
    Case(
      name: "Infinity",
      geometry: #"{"type":"Point","coordinates":[4.4,Infinity]}"#,
      expected: ["coordinates[1]", "coordinate is infinite"]),
    Case(
      name: "-Infinity",
      geometry: #"{"type":"LineString","coordinates":[[4.4,50],[-Infinity,50]]}"#,
      expected: ["coordinates[1][0]", "coordinate is infinite"]),
    Case(
      name: "1e999 overflows to infinity",
      geometry: #"{"type":"Point","coordinates":[1e999,50.8]}"#,
      expected: ["coordinates[0]", "coordinate is infinite"]),
    Case(
      name: "string coordinate",
      geometry: #"{"type":"Point","coordinates":["4.4",50.8]}"#,
      expected: ["coordinates[0]", "coordinate is a string, not a number"]),
    Case(
      name: "null coordinate",
      geometry: #"{"type":"MultiPoint","coordinates":[[4.4,50.8],[4.5,null]]}"#,
      expected: ["coordinates[1][1]", "coordinate is null, not a number"]),
    Case(
      name: "position of one number",
      geometry: #"{"type":"Point","coordinates":[4.4]}"#,
      expected: ["a position needs at least 2 numbers", "found 1"]),
    Case(
      name: "coordinates not an array",
      geometry: #"{"type":"LineString","coordinates":{"a":1}}"#,
      expected: ["coordinates", "must be an array, not an object"]),
    Case(
      name: "LineString of one position",
      geometry: #"{"type":"LineString","coordinates":[[4.4,50.8]]}"#,
      expected: ["a LineString needs at least 2 positions, found 1"]),
    Case(
      name: "latitude out of range",
      geometry: #"{"type":"Point","coordinates":[-4.4,95.5]}"#,
      expected: ["coordinates", "latitude 95.5 is out of range [-90, 90]"]),
    Case(
      name: "longitude out of range",
      geometry: #"{"type":"Point","coordinates":[-190.25,50]}"#,
      expected: ["longitude -190.25 is out of range [-180, 180]"]),
    Case(
      name: "Lambert 72 metres",
      geometry: #"{"type":"Point","coordinates":[141488.89,158436.73]}"#,
      expected: ["out of range", "EPSG:31370", "--crs EPSG:31370"]),
    Case(
      name: "Lambert 72 metres in a polygon",
      geometry:
        #"{"type":"Polygon","coordinates":[[[150000,170000],[151000,170000],[151000,171000],[150000,170000]]]}"#,
      expected: ["coordinates[0][0]", "EPSG:31370"]),
    Case(
      name: "Lambert 2008 metres",
      geometry: #"{"type":"Point","coordinates":[700000,650000]}"#,
      expected: ["out of range", "EPSG:3812", "--crs EPSG:3812"]),
    Case(
      name: "other projected metres",
      geometry: #"{"type":"Point","coordinates":[-2000000,6000000]}"#,
      expected: ["out of range", "projected metres", "--crs"]),
    Case(
      name: "bow-tie ring",
      geometry: #"{"type":"Polygon","coordinates":[[[4,50],[5,51],[5,50],[4,51],[4,50]]]}"#,
      expected: ["ring 0 of polygon", "intersects itself", "[4.5, 50.5]"]),
    Case(
      name: "self-intersecting hole",
      geometry:
        #"{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,51],[4,51],[4,50]],[[4.2,50.2],[4.8,50.8],[4.8,50.2],[4.2,50.8],[4.2,50.2]]]}"#,
      expected: ["ring 1 of polygon", "intersects itself"]),
    Case(
      name: "spike",
      geometry:
        #"{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,50.5],[5.5,50.5],[5,50.5],[5,51],[4,51],[4,50]]]}"#,
      expected: ["ring 0 of polygon", "intersects itself"]),
    Case(
      name: "collinear triangle (a spike at the last vertex)",
      geometry: #"{"type":"Polygon","coordinates":[[[4,50],[4.5,50],[5,50],[4,50]]]}"#,
      expected: ["intersects itself"]),
    Case(
      name: "GeometryCollection",
      geometry:
        #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[4.4,50.8]}]}"#,
      expected: ["GeometryCollection is not supported"]),
    Case(
      name: "unknown geometry type",
      geometry: #"{"type":"Circle","coordinates":[4.4,50.8]}"#,
      expected: ["unknown geometry type \"Circle\""]),
    Case(
      name: "geometry without type",
      geometry: #"{"coordinates":[4.4,50.8]}"#,
      expected: ["geometry", "no \"type\""]),
    Case(
      name: "geometry without coordinates",
      geometry: #"{"type":"Polygon"}"#,
      expected: ["Polygon has no \"coordinates\""]),
    Case(
      name: "geometry not an object",
      geometry: #"[4.4,50.8]"#,
      expected: ["geometry", "must be an object or null, not an array"]),
  ]

  @Test(arguments: cases)
  func featureProblem(_ c: Case) {
    let doc = collection([Self.good, feature(c.geometry, name: "Bad"), Self.good])
    let e = readError(doc)
    #expect(e?.feature == 1)
    #expect(e?.label == "name Bad")
    expectContains(e?.description, ["feature 1 (name Bad)"] + c.expected)
  }

  @Test func badPropertiesAndFeatureType() {
    let props = collection([Self.good, #"{"type":"Feature","id":"q","properties":[1],"geometry":null}"#])
    expectContains(readError(props)?.description, ["feature 1 (id q)", "properties", "must be an object or null, not an array"])
    let type = collection([Self.good, Self.good, #"{"type":"Point","properties":{},"geometry":null}"#])
    expectContains(readError(type)?.description, ["feature 2", "\"type\" must be \"Feature\"", "\"Point\""])
    let noType = collection([#"{"properties":{},"geometry":null}"#])
    expectContains(readError(noType)?.description, ["feature 0", "\"type\" must be \"Feature\"", "nothing"])
  }

  @Test func featureThatIsNotAnObject() {
    for (item, kind) in [("42", "a number"), ("\"Feature\"", "a string"), ("null", "null"), ("[]", "an array")] {
      let doc = collection([Self.good, Self.good, Self.good, item])
      expectContains(readError(doc)?.description, ["feature 3", "is \(kind), not a Feature object"])
    }
  }

  @Test func swappedLatLonOfABelgianFile() {
    let doc = collection([
      feature(#"{"type":"Point","coordinates":[50.9,5.6]}"#),
      feature(#"{"type":"Point","coordinates":[51.2,4.4]}"#),
      feature(#"{"type":"Polygon","coordinates":[[[50.5,3.5],[50.6,3.5],[50.6,3.6],[50.5,3.5]]]}"#),
    ])
    let e = readError(doc)
    expectContains(e?.description, ["lat, lon", "longitude first"])
    // Swapped order is a property of the whole file, not of one feature.
    #expect(e?.feature == nil)
  }

  @Test func notSwappedWhenOneFeatureIsElsewhere() throws {
    let doc = collection([
      feature(#"{"type":"Point","coordinates":[50.9,5.6]}"#),
      feature(#"{"type":"Point","coordinates":[4.35,50.85]}"#),
    ])
    #expect(try GeoJSONReader().read(doc).featureCount == 2)
  }

  @Test func degreesWithAMetricCRSOption() {
    let doc = collection([Self.good, feature(#"{"type":"Point","coordinates":[4.4,50.9]}"#)])
    let e = readError(doc, options: .init(crs: .belgianLambert72))
    expectContains(e?.description, ["look like lon/lat degrees", "EPSG:31370"])
  }

  // MARK: - Document-level problems

  @Test(arguments: ["hello", "", "   ", "{type: \"Point\"}", "<?xml version=\"1.0\"?>", "{\"type\":\"Point\",}"])
  func notJSON(_ text: String) {
    let e = readError(text)
    expectContains(e?.description, ["not valid JSON", "line 1, column"])
    #expect(e?.feature == nil)
  }

  @Test func truncatedJSONSaysTruncatedWithLineAndColumn() {
    let text = """
      {
        "type": "FeatureCollection",
        "features": [
          {"type": "Feature", "properties": {"name": "A"},
           "geometry": {"type": "Point", "coordinates": [4.3
      """
    expectContains(readError(text)?.description, ["not valid JSON", "truncated", "line 5, column 55"])
    // Cut inside a string, a literal, an object and after a member name.
    for cut in [
      #"{"type":"Feature","properties":{"name":"Antw"#, #"{"type":"Feature","geometry":nul"#,
      #"{"type":"Feature","#, #"{"type""#, "[",
    ] {
      let e = readError(cut)
      expectContains(e?.description, ["not valid JSON", "line 1, column"])
      #expect(e?.description.contains("truncated") == true || e?.description.contains("unterminated") == true, "\(cut)")
    }
  }

  @Test func wrongTopLevelType() {
    expectContains(readError("[1,2]")?.description, ["the document is an array, not a GeoJSON object"])
    expectContains(readError("\"FeatureCollection\"")?.description, ["the document is a string, not a GeoJSON object"])
    expectContains(readError("12")?.description, ["the document is a number"])
    expectContains(readError(#"{"type":"Topology","objects":{}}"#)?.description, ["unknown GeoJSON type \"Topology\""])
    expectContains(readError(#"{"features":[]}"#)?.description, ["no \"type\" member"])
    expectContains(readError(#"{"type":"FeatureCollection"}"#)?.description, ["FeatureCollection needs a \"features\" array"])
    expectContains(
      readError(#"{"type":"FeatureCollection","features":{}}"#)?.description, ["FeatureCollection needs a \"features\" array"])
  }

  @Test func errorsNameTheLabelById() {
    let doc = collection([
      Self.good,
      #"{"type":"Feature","id":"wijk-12","properties":{},"geometry":{"type":"Point","coordinates":[4,NaN]}}"#,
    ])
    expectContains(readError(doc)?.description, ["feature 1 (id wijk-12)", "coordinate is NaN"])
  }

  @Test func selfIntersectionCheckCanBeSwitchedOff() throws {
    let bowTie = feature(#"{"type":"Polygon","coordinates":[[[4,50],[5,51],[5,50],[4,51],[4,50]]]}"#)
    let layer = try GeoJSONReader(options: .init(checkSelfIntersection: false)).read(collection([bowTie]))
    #expect(layer.featureCount == 1)
  }

  /// A ring that collapses to a segment (A, B, A after repeated positions are dropped) has
  /// 4 positions but no area: it doubles back on itself like a spike.
  @Test
  func degenerateRingsAreRejected() {
    for ring in ["[[4,50],[5,50],[4,50],[4,50]]", "[[4,50],[4,50],[5,50],[4,50]]", "[[4,50],[4,50],[4,50],[4,50]]"] {
      let doc = collection([feature(#"{"type":"Polygon","coordinates":[\#(ring)]}"#)])
      #expect(readError(doc)?.feature == 0, "\(ring)")
    }
  }

  // MARK: - inspect

  @Test func inspectCollectsEveryProblemAndKeepsGoodFeatures() throws {
    let doc = collection([
      feature(#"{"type":"Point","coordinates":[4.35,50.85]}"#, name: "A"),
      feature(#"{"type":"Point","coordinates":[NaN,50.85]}"#, name: "B"),
      feature(#"{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,51],[4,51],[4,50]]]}"#, name: "C"),
      feature(#"{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,51],[4,51]]]}"#, name: "D"),
      feature(#"{"type":"Point","coordinates":[141488.89,158436.73]}"#, name: "E"),
      #"{"type":"Feature","properties":{"name":"F"},"geometry":{"type":"GeometryCollection","geometries":[]}}"#,
      feature(#"{"type":"LineString","coordinates":[[4.1,50.1],[4.2,50.2]]}"#, name: "G"),
    ])
    let (layer, problems) = try GeoJSONReader().inspect(Array(doc.utf8))
    #expect(problems.map(\.feature) == [1, 3, 4, 5])
    expectContains(problems[0].description, ["feature 1 (name B)", "NaN"])
    expectContains(problems[1].description, ["feature 3 (name D)", "not closed"])
    expectContains(problems[2].description, ["feature 4 (name E)", "EPSG:31370"])
    expectContains(problems[3].description, ["feature 5 (name F)", "GeometryCollection"])
    #expect(layer.featureCount == 3)
    #expect(layer.properties.map { $0["name"] } == [.string("A"), .string("C"), .string("G")])
    // read stops at the first of them.
    let first = readError(doc)
    #expect(first == problems[0])
  }

  @Test func inspectReportsSwappedFileFirst() throws {
    let doc = collection([
      feature(#"{"type":"Point","coordinates":[50.9,5.6]}"#),
      feature(#"{"type":"Point","coordinates":[50.9,NaN]}"#),
      feature(#"{"type":"Point","coordinates":[51.1,4.6]}"#),
    ])
    let (layer, problems) = try GeoJSONReader().inspect(Array(doc.utf8))
    #expect(problems.count == 2)
    #expect(problems.first?.feature == nil)
    expectContains(problems.first?.description, ["lat, lon"])
    #expect(problems.last?.feature == 1)
    #expect(layer.featureCount == 2)
  }

  @Test func inspectStillThrowsForNonGeoJSON() {
    #expect(throws: GeoJSONError.self) { try GeoJSONReader().inspect(Array("nope".utf8)) }
    #expect(throws: GeoJSONError.self) { try GeoJSONReader().inspect(Array("[]".utf8)) }
    #expect(throws: GeoJSONError.self) { try GeoJSONReader().inspect(Array(#"{"type":"FeatureCollection"}"#.utf8)) }
  }

  /// `inspect` is documented to throw only for a document that is not JSON or not GeoJSON at
  /// all; an entry of `features` that is not an object is a bad feature like any other.
  @Test
  func inspectListsNonObjectFeatures() throws {
    let doc = collection([Self.good, "7", Self.good])
    let (layer, problems) = try GeoJSONReader().inspect(Array(doc.utf8))
    #expect(problems.map(\.feature) == [1])
    expectContains(problems.first?.description, ["feature 1", "not a Feature object"])
    #expect(layer.featureCount == 2)
  }
}
