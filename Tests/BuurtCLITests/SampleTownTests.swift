import Foundation
import Testing

@Suite("The bundled sample town")
struct SampleTownTests {
  @Test func theToolRebuildsGeoDataSampleByteForByte() throws {
    let dir = try temporaryFolder()
    let tool = URL(fileURLWithPath: buurtBinary).deletingLastPathComponent().appendingPathComponent("buurt-sample-town").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = [dir]
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    let files = try FileManager.default.contentsOfDirectory(atPath: sample).sorted()
    #expect(files.contains("addresses.csv") && files.contains("wijken.geojson") && files.contains("streets.geojson"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == files)
    for f in files {
      let committed = try Data(contentsOf: URL(fileURLWithPath: sample + "/" + f))
      let rebuilt = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f))
      #expect(committed == rebuilt, "\(f) differs from what tools/sample-town makes")
    }
  }
}
