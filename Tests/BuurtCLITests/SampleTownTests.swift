import Foundation
import TestSupport
import Testing

@Suite("The bundled sample town")
struct SampleTownTests {
  @Test func theToolRebuildsGeoDataSampleByteForByte() throws {
    let dir = try temporaryFolder()
    let tool = URL(fileURLWithPath: buurtBinary).deletingLastPathComponent().appendingPathComponent("buurt-sample-town").path
    let r = try ProcessRunner.run(tool, [dir], stdout: .discard)
    #expect(r.status == 0, "\(r.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.sampleTown).sorted()
    #expect(files.contains("addresses.csv") && files.contains("wijken.geojson") && files.contains("streets.geojson"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == files)
    for f in files {
      let committed = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sampleTown + "/" + f))
      let rebuilt = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f))
      #expect(committed == rebuilt, "\(f) differs from what tools/sample-town makes")
    }
  }
}
