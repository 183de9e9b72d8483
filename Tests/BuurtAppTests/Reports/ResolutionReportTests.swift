import Addressing
import BuurtApp
import Foundation
import GeoFormats
import TestSupport
import Testing

@Suite("Resolution JSON")
struct ResolutionJSONTests {
  @Test func fastPathWritesTheSameTextAsTheReport() throws {
    let folder = try DataFolder(path: Fixtures.sampleTown, loader: try LayerLoader(threads: 1), progress: BuurtApp.Progress(quiet: true))
    let writer = try ResolutionWriter(folder: folder)
    let rows = try String(contentsOfFile: Fixtures.sampleAddresses, encoding: .utf8).split(separator: "\n").dropFirst()
    var queries = rows.prefix(300).map { row -> String in
      let f = row.split(separator: ",")
      return "\(f[0]) \(f[1]) bus 2"
    }
    queries += ["Kerkstraat 13", "kerkstr 999", "Nergensstraat 1", "", "Kerkstraat"]
    for q in queries {
      let r = folder.resolver.resolve(q)
      #expect(writer.json(r) == ReportJSON.text(writer.report(r)), "\(q)")
    }
  }
}

@Suite("Report keys")
struct ReportKeyTests {
  @Test func everyKeyIsThereWithNullWhereThereIsNothing() throws {
    // A member without email, house number, box or locality: the keys stay, as null, in order.
    let folder = try DataFolder(path: Fixtures.sampleTown, loader: try LayerLoader(threads: 1), progress: BuurtApp.Progress(quiet: true))
    let writer = try ResolutionWriter(folder: folder)
    let street = writer.report(folder.resolver.resolve("Kerkstraat"))
    let keys = try #require(ReportJSON.value(street).objectValue?.keys)
    #expect(Array(keys.prefix(7)) == ["query", "status", "address", "method", "score", "group", "near_boundary"])
    let unknown = ReportJSON.value(writer.report(folder.resolver.resolve("Nergensstraat 1")))
    #expect(unknown.objectValue?["address"] == .null)
    #expect(unknown.objectValue?["group"] == .null)
    #expect(unknown.objectValue?["reason"]?.stringValue?.isEmpty == false)
  }
}
