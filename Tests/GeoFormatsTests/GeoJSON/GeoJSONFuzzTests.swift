import GeoCore
import GeoFormats
import TestSupport
import Testing

/// Mutates valid documents at random (seeded) and checks that the readers either succeed or
/// throw their own error type, and never trap.
@Suite struct FuzzTests {
  static let geoJSONSeeds: [String] = [
    // A polygon with a hole, in a FeatureCollection with a foreign member and rich properties.
    #"{"type":"FeatureCollection","name":"wijken","features":[{"type":"Feature","id":1,"properties":{"name":"A","n":-1.5e-3,"ok":true,"tags":["x",null,{"k":"v"}]},"geometry":{"type":"Polygon","coordinates":[[[4,50],[5,50],[5,51],[4,51],[4,50]],[[4.2,50.2],[4.2,50.8],[4.8,50.8],[4.8,50.2],[4.2,50.2]]]}},{"type":"Feature","properties":{"name":"B \u00e9\ud83d\ude00"},"geometry":{"type":"MultiPolygon","coordinates":[[[[6,50],[6.5,50],[6.25,50.5],[6,50]]],[[[7,50],[7.5,50],[7.5,50.5],[7,50.5],[7,50]]]]}},{"type":"Feature","properties":null,"geometry":null}]}"#,
    #"{"type":"Feature","properties":{"naam":"Lijn"},"geometry":{"type":"MultiLineString","coordinates":[[[4.1,50.1],[4.2,50.2]],[[5,51],[5.5,51.5]]]}}"#,
    #"{"type":"MultiPoint","coordinates":[[4.35,50.85],[3.72,51.05],[5.82,49.68]]}"#,
    #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::31370"}},"features":[{"type":"Feature","properties":{"code":21001},"geometry":{"type":"Polygon","coordinates":[[[150000,170000],[151000,170000],[151000,171000],[150000,171000],[150000,170000]]]}},{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[141488.89,158436.73]}}]}"#,
    """
    {
      "type": "FeatureCollection",
      "features": [
        { "type": "Feature", "properties": { "name": "C" },
          "geometry": { "type": "LineString", "coordinates": [ [ 4.0, 50.0 ], [ 4.5, 50.5 ], [ -4.5e0, 5.05E1 ] ] } }
      ]
    }
    """,
  ]

  static let interesting: [UInt8] = Array("[]{}\",:0123456789-+.eENaI \n\\u".utf8)

  /// One to three random mutations: truncation, flips, deletions, insertions, replacements,
  /// duplicated or dropped slices.
  static func mutate(_ input: [UInt8], _ rng: inout SeededGenerator, interesting: [UInt8]) -> [UInt8] {
    var b = input
    for _ in 0..<(1 + rng.below(3)) {
      guard !b.isEmpty else { return b }
      let k = rng.below(b.count)
      switch rng.below(8) {
      case 0: b.removeSubrange(k...)  // truncate
      case 1: b[k] ^= UInt8(1) << UInt8(rng.below(8))  // flip a bit
      case 2: b.remove(at: k)
      case 3, 4: b.insert(interesting[rng.below(interesting.count)], at: k)
      case 5: b[k] = interesting[rng.below(interesting.count)]
      case 6:  // duplicate a slice
        let end = min(b.count, k + 1 + rng.below(40))
        b.insert(contentsOf: Array(b[k..<end]), at: end)
      default:  // drop a slice
        b.removeSubrange(k..<min(b.count, k + 1 + rng.below(20)))
      }
    }
    return b
  }

  @Test func seedsAreValid() throws {
    for s in Self.geoJSONSeeds { _ = try GeoJSONReader().read(s) }
    for s in Self.csvSeeds { _ = try PointTable(table: CSVTable(bytes: Array(s.utf8)), crs: s.hasPrefix("x") ? .belgianLambert72 : nil) }
  }

  @Test func mutatedGeoJSONNeverTraps() throws {
    var rng = SeededGenerator(seed: 0xB0B0_2024)
    var read = 0
    var rejected = 0
    var inspectedProblems = 0
    let seeds = Self.geoJSONSeeds.map { Array($0.utf8) }
    for iteration in 0..<3000 {
      let doc = Self.mutate(seeds[iteration % seeds.count], &rng, interesting: Self.interesting)
      let reader = iteration % 7 == 0 ? GeoJSONReader(options: .init(crs: .belgianLambert72)) : GeoJSONReader()
      do {
        let layer = try reader.read(doc)
        read += 1
        // Whatever was read writes back to text that reads again to the same text.
        try checkRewrite(layer, reader: reader, doc: doc)
      } catch is GeoJSONError {
        rejected += 1
      } catch {
        Issue.record("read threw \(type(of: error)) for \(String(decoding: doc, as: UTF8.self))")
      }
      do {
        let (layer, problems) = try reader.inspect(doc)
        inspectedProblems += problems.count
        #expect(layer.featureCount >= 0)
      } catch is GeoJSONError {
      } catch {
        Issue.record("inspect threw \(type(of: error)) for \(String(decoding: doc, as: UTF8.self))")
      }
    }
    // Both outcomes are common, so the mutations reach deep into the reader.
    #expect(read > 200)
    #expect(rejected > 1000)
    #expect(inspectedProblems > 100)
  }

  func checkRewrite(_ layer: GeoLayer, reader: GeoJSONReader, doc: [UInt8]) throws {
    let once: String
    let again: GeoLayer
    switch layer {
    case .lonLat(let fc):
      once = GeoJSONWriter().write(fc)
      again = try GeoJSONReader().read(once)
    case .metric(let fc, let crs):
      once = GeoJSONWriter().write(fc)
      again = try GeoJSONReader(options: .init(crs: crs)).read(once)
    }
    let twice: String
    switch again {
    case .lonLat(let fc): twice = GeoJSONWriter().write(fc)
    case .metric(let fc, _): twice = GeoJSONWriter().write(fc)
    }
    #expect(once == twice, "rewrite differs for \(String(decoding: doc, as: UTF8.self))")
  }

  @Test func truncationAtEveryOffset() {
    // Every prefix of the richest seed: each one is an error (except the whole document).
    let doc = Array(Self.geoJSONSeeds[0].utf8)
    var errors = 0
    for cut in 0..<doc.count {
      do {
        _ = try GeoJSONReader().read(Array(doc[..<cut]))
        Issue.record("prefix of \(cut) bytes was read")
      } catch is GeoJSONError {
        errors += 1
      } catch {
        Issue.record("prefix of \(cut) bytes threw \(type(of: error))")
      }
    }
    #expect(errors == doc.count)
  }

  // MARK: - CSV

  static let csvSeeds: [String] = [
    "id,name,lon,lat\n1,\"Smith, John\",4.35,50.85\n2,\"He said \"\"hi\"\"\",4.4,50.9\n3,\"two\nlines\",4.5,51.0\n4,plain,-4.5e0,5.1E1\n",
    "\u{FEFF}lon,lat,naam\r\n4.35,50.85,a\r\n\r\n3.72,51.05,\"b\r\nc\"\r\n5.82,49.68,d\r\n",
    "x,y,code\n141488.89,158436.73,21001\n150000,170000.5,21002\n",
  ]

  static let csvInteresting: [UInt8] = Array("\",\n\r0123456789-+.eEnaNI x;".utf8)

  @Test func mutatedCSVNeverTraps() {
    var rng = SeededGenerator(seed: 0xC5F_2024)
    var ok = 0
    var rejected = 0
    let seeds = Self.csvSeeds.map { Array($0.utf8) }
    for iteration in 0..<3000 {
      let seedIndex = iteration % seeds.count
      let bytes = Self.mutate(seeds[seedIndex], &rng, interesting: Self.csvInteresting)
      do {
        let table = try CSVTable(bytes: bytes)
        // Every row's fields and line are available.
        for r in 0..<table.rowCount {
          _ = table.fields(row: r)
          #expect(table.line(ofRow: r) >= 2)
          #expect(table.rowStart[r] <= table.rowEnd[r])
        }
        let crs: CRS? = seedIndex == 2 ? .belgianLambert72 : nil
        let points = try PointTable(table: table, crs: crs, threads: 1 + iteration % 2)
        #expect(points.positions.count == table.rowCount)
        ok += 1
      } catch let e as CSVError {
        rejected += 1
        if let line = e.line { #expect(line >= 1) }
      } catch {
        Issue.record("threw \(type(of: error)) for \(String(decoding: bytes, as: UTF8.self))")
      }
    }
    #expect(ok > 300)
    #expect(rejected > 300)
  }
}
