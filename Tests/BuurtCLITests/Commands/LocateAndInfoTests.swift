import Foundation
import GeoFormats
import TestSupport
import Testing

@Suite("buurt locate and info")
struct LocateAndInfoTests {
  @Test func locateText() throws {
    let r = try buurt(["locate", "--groups", Fixtures.lanakenWijken, "--lon", "5.6475", "--lat", "50.8931"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "Lanaken\n")
  }

  @Test func locateJSONAndOutside() throws {
    let r = try buurt(["locate", "--groups", Fixtures.lanakenWijken, "--lon", "5.6475", "--lat", "50.8931", "--json"])
    let o = try JSONParser.parse(r.stdout).objectValue
    #expect(o?["group"]?.objectValue?["name"] == .string("Lanaken"))
    #expect(o?["crs"] == .string("EPSG:31370"))
    let outside = try buurt(["locate", "--groups", Fixtures.lanakenWijken, "--lon", "4.35", "--lat", "50.85"])
    #expect(outside.stdout == "outside\n")
  }

  @Test func locateRefusesMetresAndSwappedAxes() throws {
    let metres = try buurt(["locate", "--groups", Fixtures.lanakenWijken, "--lon", "239963", "--lat", "176636"])
    #expect(metres.status != 0)
    #expect(metres.stderr.contains("EPSG:31370"))
    let swapped = try buurt(["locate", "--groups", Fixtures.lanakenWijken, "--lon", "50.89", "--lat", "5.64"])
    #expect(swapped.status != 0)
    #expect(swapped.stderr.contains("lat, lon"))
  }

  @Test func infoOnALayer() throws {
    let r = try buurt(["info", Fixtures.lanakenWijken])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("features: 7"))
    #expect(r.stdout.contains("Polygon 7"))
    #expect(r.stdout.contains("crs: EPSG:4326"))
    #expect(r.stdout.contains("bbox (lon/lat): 5.5"))
    #expect(r.stdout.contains("problems: none"))
  }

  @Test func infoOnCSVAsJSON() throws {
    let r = try buurt(["info", Fixtures.sampleAddresses, "--json"])
    #expect(r.status == 0)
    let o = try JSONParser.parse(r.stdout).objectValue
    #expect(o?["rows"] == .number(2253))
    #expect(o?["problems"] == .array([]))
  }

  @Test func infoListsProblemsAndFails() throws {
    let dir = try temporaryFolder()
    try write(
      """
      {"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[5.6,50.9],[5.7,50.9],[5.7,51.0],[5.6,50.9]]]}},
      {"type":"Feature","properties":{"name":"open"},"geometry":{"type":"Polygon","coordinates":[[[5.6,50.9],[5.7,50.9],[5.7,51.0],[5.6,51.0]]]}},
      {"type":"Feature","properties":{"name":"bowtie"},"geometry":{"type":"Polygon","coordinates":[[[5.6,50.9],[5.7,51.0],[5.7,50.9],[5.6,51.0],[5.6,50.9]]]}}]}
      """, to: dir + "/bad.geojson")
    let r = try buurt(["info", dir + "/bad.geojson"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("features: 3 (2 with problems"))
    #expect(r.stdout.contains("Polygon 1"))
    #expect(r.stdout.contains("problems: 2"))
    #expect(r.stdout.contains("feature 1 (name open)") && r.stdout.contains("not closed"))
    #expect(r.stdout.contains("feature 2 (name bowtie)") && r.stdout.contains("intersects itself"))
  }

  @Test func helpIsThere() throws {
    let r = try buurt(["--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("assign") && r.stdout.contains("locate") && r.stdout.contains("info"))
  }
}
