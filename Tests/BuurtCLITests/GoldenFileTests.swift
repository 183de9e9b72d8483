import Foundation
import TestSupport
import Testing

/// The outputs that must not drift, compared with files under `Tests/Golden`. A change shows as
/// a data diff; re-record on purpose with `BUURT_RECORD_GOLDEN=1 swift test --filter GoldenFileTests`
/// and commit the files with the change that explains them.
@Suite("Golden files")
struct GoldenFileTests {
  static let root = GoldenFile.root
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
