import Foundation
import GeoFormats
import TestSupport
import Testing

/// The options every command shares (`--metric-crs`, `--threads`, `--quiet`, `--json`,
/// `--name-property`) are declared once and mean the same in every command that takes them.
@Suite("Shared options")
struct SharedOptionsTests {
  /// The commands that read layers and compute in metres, each with the arguments it needs on
  /// the sample town.
  static func computing(_ dir: String) -> [(String, [String])] {
    [
      ("validate", ["validate", Fixtures.sampleWijken, "--data", Fixtures.sampleTown]),
      ("diff", ["diff", Fixtures.sampleWijken, "--data", Fixtures.sampleTown]),
      ("balance", ["balance", "--data", Fixtures.sampleTown, "--target", "150"]),
      ("signs", ["signs", "--data", Fixtures.sampleTown, "--output", dir + "/signs.csv"]),
      ("map", ["map", "--data", Fixtures.sampleTown, "--output", dir + "/map.svg"]),
      ("resolve", ["resolve", "--data", Fixtures.sampleTown, "--batch", "-"]),
      ("assign", ["assign", "--groups", Fixtures.sampleWijken, "--points", Fixtures.sampleAddresses, "--output", dir + "/a.csv"]),
    ]
  }

  @Test func everyComputingCommandTakesTheMetricCRSThreadsAndQuiet() throws {
    let dir = try temporaryFolder()
    for (name, arguments) in SharedOptionsTests.computing(dir) {
      let lambert = try buurt(arguments + ["--threads", "1", "-q"], stdin: "Kerkstraat 13\n")
      #expect(lambert.status == 0, "\(name): \(lambert.stderr)")
      #expect(lambert.stderr.isEmpty, "\(name) --quiet still wrote: \(lambert.stderr)")
      // Lambert 2008 metres give the same answers where they do not print metres.
      let lambert2008 = try buurt(arguments + ["--metric-crs", "EPSG:3812", "--threads", "2", "--quiet"], stdin: "Kerkstraat 13\n")
      #expect(lambert2008.status == 0, "\(name) with EPSG:3812: \(lambert2008.stderr)")
      if name == "validate" || name == "resolve" { #expect(lambert2008.stdout == lambert.stdout, "\(name)") }
      let noThreads = try buurt(arguments + ["--threads", "0"], stdin: "")
      #expect(noThreads.status == 64, "\(name)")
      #expect(noThreads.stderr.contains("--threads must be at least 1"), "\(name): \(noThreads.stderr)")
      let unknown = try buurt(arguments + ["--metric-crs", "EPSG:999999", "-q"], stdin: "")
      #expect(unknown.status != 0, "\(name)")
      #expect(unknown.stderr.contains("EPSG:999999"), "\(name): \(unknown.stderr)")
    }
  }

  @Test func jsonIsOneFlagWithOneMeaning() throws {
    // Every command with --json answers on stdout with one JSON value a program can read.
    let commands: [[String]] = [
      ["validate", Fixtures.sampleWijken, "--data", Fixtures.sampleTown],
      ["diff", Fixtures.sampleWijken, "--data", Fixtures.sampleTown],
      ["balance", "--data", Fixtures.sampleTown, "--target", "150"],
      ["info", Fixtures.sampleAddresses],
      ["locate", "--groups", Fixtures.sampleWijken, "--lon", "5.6475", "--lat", "50.8931"],
      ["resolve", "--data", Fixtures.sampleTown, "Kerkstraat 13"],
    ]
    for arguments in commands {
      let r = try buurt(arguments + ["--json"])
      #expect([0, 3].contains(r.status), "\(arguments[0]): \(r.stderr)")
      let value = try JSONParser.parse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
      #expect(value.objectValue != nil, "\(arguments[0]) --json: \(r.stdout.prefix(200))")
    }
  }

}
