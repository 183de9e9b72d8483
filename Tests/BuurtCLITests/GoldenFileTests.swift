import Foundation
import TestSupport
import Testing

/// The outputs that must not drift, compared with files under `Tests/Golden`. A change shows as
/// a data diff; re-record on purpose with `BUURT_RECORD_GOLDEN=1 swift test --filter GoldenFileTests`
/// and commit the files with the change that explains them.
@Suite("Golden files")
struct GoldenFileTests {
  static let root = Fixtures.golden
  static let inputs = root + "/inputs"

  @Test func assignOfTheSampleTown() throws {
    let dir = try temporaryFolder()
    let r = try buurt([
      "assign", "--groups", Fixtures.sampleWijken, "--name-property", "name", "--points", Fixtures.sampleAddresses, "--output",
      dir + "/assigned.csv", "-q",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    expectGolden("assign-sample.csv", try read(dir + "/assigned.csv"))
  }

  @Test func resolveAsResidentsType() throws {
    let r = try buurt(["resolve", "--data", Fixtures.sampleTown, "--batch", Self.inputs + "/resolve-queries.txt", "-q"])
    #expect(r.status == 0, "a batch answers every line, matched or not: \(r.stderr)")
    expectGolden("resolve-queries.jsonl", r.stdout)
  }

  @Test func validateARedrawnSetWithProblems() throws {
    let r = try buurt(["validate", Self.inputs + "/redrawn-wijken.geojson", "--data", Fixtures.sampleTown])
    #expect(r.status == 1)
    // The report names the file as given; the clone's own folder is no part of the output.
    let report = (r.stdout + "--- stderr\n" + r.stderr).replacingOccurrences(of: Fixtures.packageRoot + "/", with: "")
    expectGolden("validate-redrawn.txt", report)
  }

  @Test func balanceTheSampleTownAndDiffThePlan() throws {
    let dir = try temporaryFolder()
    let plan = dir + "/plan.geojson"
    let r = try buurt(["balance", "--data", Fixtures.sampleTown, "--target", "100", "--output", plan, "--json", "-q"])
    #expect(r.status == 0, "\(r.stderr)")
    // Timings differ from run to run; everything else must not.
    let summary = r.stdout.replacing(/"(runtime|balance)_seconds":[0-9.e+-]+/) { "\"\($0.1)_seconds\":\"*\"" }
    expectGolden("balance-sample.json", summary)
    expectGolden("balance-sample-plan.geojson", try read(plan))
    let diff = try buurt(["diff", plan, "--data", Fixtures.sampleTown, "--json"])
    #expect(diff.status == 0, "\(diff.stderr)")
    expectGolden("diff-sample-plan.json", diff.stdout)
  }

  @Test func signsOfTheSampleTown() throws {
    let dir = try temporaryFolder()
    let r = try buurt(["signs", "--data", Fixtures.sampleTown, "--output", dir + "/signs.csv", "-q"])
    #expect(r.status == 0, "\(r.stderr)")
    expectGolden("signs-sample.csv", try read(dir + "/signs.csv"))
  }

  /// A changed output fails with the lines that changed, not a wall of text.
  @Test func aChangedOutputFailsWithAReadableDiff() throws {
    let golden = try read(Self.root + "/signs-sample.csv")
    var lines = golden.components(separatedBy: "\n")
    lines[3] = lines[3].replacingOccurrences(of: ",no", with: ",yes")
    let message = try #require(goldenDifference(expected: golden, actual: lines.joined(separator: "\n"), name: "signs-sample.csv"))
    #expect(message.contains("signs-sample.csv: 1 of \(lines.count) lines differ"), "\(message)")
    #expect(message.contains("line 4:\n  - \(golden.components(separatedBy: "\n")[3])\n  + \(lines[3])"), "\(message)")
    #expect(message.contains("BUURT_RECORD_GOLDEN=1"))
    #expect(goldenDifference(expected: golden, actual: golden, name: "signs-sample.csv") == nil)
  }
}

/// Compares `actual` with the golden file `name`, or records it when `BUURT_RECORD_GOLDEN=1`.
func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let path = GoldenFileTests.root + "/" + name
  if ProcessInfo.processInfo.environment["BUURT_RECORD_GOLDEN"] == "1" {
    #expect(
      FileManager.default.createFile(atPath: path, contents: Data(actual.utf8)), "could not write \(path)", sourceLocation: sourceLocation)
    return
  }
  guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
    Issue.record("no golden file \(path); record it with BUURT_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
    return
  }
  if let difference = goldenDifference(expected: expected, actual: actual, name: name) {
    Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation)
  }
}

/// The first lines that differ, expected (-) above actual (+), with their line numbers; nil
/// when the texts are equal.
func goldenDifference(expected: String, actual: String, name: String, shown: Int = 8) -> String? {
  guard expected != actual else { return nil }
  let a = expected.components(separatedBy: "\n")
  let b = actual.components(separatedBy: "\n")
  var differing: [Int] = []
  for i in 0..<max(a.count, b.count) where (i < a.count ? a[i] : nil) != (i < b.count ? b[i] : nil) { differing.append(i) }
  var out = "\(name): \(differing.count) of \(max(a.count, b.count)) lines differ"
  if a.count != b.count { out += " (\(a.count) lines expected, \(b.count) written)" }
  for i in differing.prefix(shown) {
    out += "\nline \(i + 1):\n  - \(i < a.count ? a[i] : "(no line)")\n  + \(i < b.count ? b[i] : "(no line)")"
  }
  if differing.count > shown { out += "\n… and \(differing.count - shown) more" }
  return out + "\nIf the change is meant, re-record: BUURT_RECORD_GOLDEN=1 swift test --filter GoldenFileTests"
}
