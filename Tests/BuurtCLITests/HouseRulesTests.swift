import Foundation
import TestSupport
import Testing

/// `tools/house-rules` on a copy of the sources: the target graph of issue 14 (BuurtApp under
/// the CLI and the server) holds, and the rule fails on one file that breaks it.
@Suite struct HouseRulesTests {
  /// Copies the package (manifest, Sources, Tests, tools; the Python environment linked) into a
  /// fresh folder, adds `file` with `text`, runs the rules.
  func houseRules(adding file: String?, _ text: String = "") throws -> (status: Int32, stderr: String) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("buurt-house-rules-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let copy = try ProcessRunner.run(
      "/bin/cp", ["-r"] + ["Package.swift", "Sources", "Tests", "tools"].map { Fixtures.packageRoot + "/" + $0 } + [root.path])
    #expect(copy.status == 0, "\(copy.stderr)")
    try FileManager.default.createSymbolicLink(atPath: root.path + "/.venv", withDestinationPath: Fixtures.packageRoot + "/.venv")
    if let file {
      let url = root.appendingPathComponent(file)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    let r = try ProcessRunner.run("/bin/bash", [root.appendingPathComponent("tools/house-rules").path], stdout: .discard)
    return (r.status, r.stderr)
  }

  @Test func theSourcesKeepTheRules() throws {
    let r = try houseRules(adding: nil)
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func theServerMayNotImportTheCLI() throws {
    let r = try houseRules(adding: "Sources/BuurtServer/Routes/Bad.swift", "import Foundation\nimport BuurtCLI\n")
    #expect(r.status == 1)
    #expect(r.stderr.contains("BuurtCLI imported outside"), "\(r.stderr)")
    #expect(r.stderr.contains("Sources/BuurtServer/Routes/Bad.swift"), "\(r.stderr)")
  }

  @Test func onlyTheCLIImportsTheServer() throws {
    let r = try houseRules(adding: "Sources/BuurtApp/Bad.swift", "public import BuurtServer\n")
    #expect(r.status == 1)
    #expect(r.stderr.contains("BuurtServer imported outside"), "\(r.stderr)")
  }

  @Test func theApplicationLayerHasNoArgumentParserOrHummingbird() throws {
    for module in ["ArgumentParser", "Hummingbird", "HummingbirdCore"] {
      let r = try houseRules(adding: "Sources/BuurtApp/Bad.swift", "import \(module)\n")
      #expect(r.status == 1)
      #expect(r.stderr.contains("BuurtApp imports ArgumentParser or Hummingbird"), "\(module): \(r.stderr)")
    }
  }

  @Test func everyImportedModuleIsDeclaredByItsTarget() throws {
    // Grouping does not list GeoFormats: the build would find it anyway, the rule does not.
    let r = try houseRules(adding: "Sources/Grouping/Bad.swift", "import GeoFormats\n")
    #expect(r.status == 1)
    #expect(r.stderr.contains("Sources/Grouping/Bad.swift: imports GeoFormats, which target Grouping does not declare"), "\(r.stderr)")
  }

  @Test func theGeometryCoreImportsNoCLibrary() throws {
    let r = try houseRules(adding: "Sources/GeoCore/Bad.swift", "import Glibc\n")
    #expect(r.status == 1)
    #expect(r.stderr.contains("C library (Glibc, Darwin, …) imported in GeoCore"), "\(r.stderr)")
  }
}
