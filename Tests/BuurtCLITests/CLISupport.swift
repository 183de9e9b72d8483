import Foundation
import GeoFormats
import TestSupport
import Testing

/// The built `buurt` binary, next to the test bundle.
let buurtBinary: String = {
  let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  return exe.deletingLastPathComponent().appendingPathComponent("buurt").path
}()

/// Runs the built binary with `arguments` (and `environment` added to this process's); waits for it.
func buurt(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
  try ProcessRunner.run(buurtBinary, arguments, environment: environment, stdin: stdin)
}

/// Runs the project's own Python (`.venv`, made by `tools/setup`) with `arguments`; its exit
/// status and standard output (its standard error goes to the test log).
func projectPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
  let python = Fixtures.packageRoot + "/.venv/bin/python"
  try #require(FileManager.default.isExecutableFile(atPath: python), "no \(python): run bash tools/setup first")
  let r = try ProcessRunner.run(python, arguments, stderr: .inherit)
  return (r.status, r.stdout)
}

/// A fresh temporary folder.
func temporaryFolder() throws -> String {
  let path = NSTemporaryDirectory() + "buurt-test-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

func write(_ text: String, to path: String) throws {
  try text.write(toFile: path, atomically: true, encoding: .utf8)
}

func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

/// Minimal CSV reading for checks (no quoted commas in the test files).
func csvRows(_ text: String) -> [[String]] {
  text.split(separator: "\n", omittingEmptySubsequences: true).map {
    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  }
}

/// Runs the built binary with `arguments` (standard input empty, standard output and error
/// into files) and returns what it printed and its peak resident memory in bytes: `ru_maxrss`
/// of that one process, measured by `tools/testing/peak_rss.py`, which forks it from a small
/// interpreter (spawned from this large test process, it would carry our own peak into its own).
func buurtMeasuringMemory(_ arguments: [String]) throws -> (result: ProcessResult, peakBytes: Int) {
  let dir = try temporaryFolder()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let python = Fixtures.packageRoot + "/.venv/bin/python"
  try #require(FileManager.default.isExecutableFile(atPath: python), "no \(python): run bash tools/setup first")
  let result = try ProcessRunner.run(
    python, [Fixtures.packageRoot + "/tools/testing/peak_rss.py", dir + "/peak", buurtBinary] + arguments)
  let peak = try #require(Int((try? read(dir + "/peak")) ?? ""), "no peak measured: \(result.stderr)")
  return (result, peak)
}

/// Writes a gzip file of `head` and then `copies` copies of `block` (each its own gzip member,
/// compressed once): `head.count + copies × block.count` bytes of content from a file of a few
/// KB a copy, written in a moment. A gzip bomb when `copies × block.count` is large.
func writeGzipBomb(_ path: String, head: String, block: [UInt8], copies: Int) throws {
  let member = try FileIO.gzip(block, level: 9)
  var file = try FileIO.gzip(Array(head.utf8))
  file.reserveCapacity(file.count + member.count * copies)
  for _ in 0..<copies { file += member }
  #expect(FileManager.default.createFile(atPath: path, contents: Data(file)))
}
