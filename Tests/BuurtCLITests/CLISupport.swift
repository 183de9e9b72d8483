import Foundation
import GeoFormats
import TestSupport
import Testing

/// The package root and the data beside it.
let packageRoot = URL(fileURLWithPath: Fixtures.packageRoot)
let sample = packageRoot.appendingPathComponent("GeoData/sample").path
let geodata = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/geodata").path

/// The built `buurt` binary, next to the test bundle.
let buurtBinary: String = {
  let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  return exe.deletingLastPathComponent().appendingPathComponent("buurt").path
}()

struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs the built binary with `arguments` (and `environment` added to this process's); waits for it.
func buurt(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> RunResult {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: buurtBinary)
  p.arguments = arguments
  if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
  let out = Pipe()
  let err = Pipe()
  p.standardOutput = out
  p.standardError = err
  if let stdin {
    let i = Pipe()
    p.standardInput = i
    try p.run()
    i.fileHandleForWriting.write(Data(stdin.utf8))
    try i.fileHandleForWriting.close()
  } else {
    p.standardInput = FileHandle.nullDevice
    try p.run()
  }
  // Read both pipes concurrently so a large output cannot block the child.
  nonisolated(unsafe) var errData = Data()
  let group = DispatchGroup()
  group.enter()
  DispatchQueue.global().async {
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  p.waitUntilExit()
  return RunResult(
    status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs the project's own Python (`.venv`, made by `tools/setup`) with `arguments`; its exit
/// status and standard output.
func projectPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
  let python = packageRoot.appendingPathComponent(".venv/bin/python").path
  try #require(FileManager.default.isExecutableFile(atPath: python), "no \(python): run bash tools/setup first")
  let p = Process()
  p.executableURL = URL(fileURLWithPath: python)
  p.arguments = arguments
  let out = Pipe()
  p.standardOutput = out
  try p.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (p.terminationStatus, String(decoding: data, as: UTF8.self))
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
  text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}

/// Runs the built binary with `arguments` (standard input empty, standard output and error
/// into files) and returns what it printed and its peak resident memory in bytes: `ru_maxrss`
/// of that one process, measured by `tools/testing/peak_rss.py`, which forks it from a small
/// interpreter (spawned from this large test process, it would carry our own peak into its own).
func buurtMeasuringMemory(_ arguments: [String]) throws -> (result: RunResult, peakBytes: Int) {
  let dir = try temporaryFolder()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let python = packageRoot.appendingPathComponent(".venv/bin/python").path
  try #require(FileManager.default.isExecutableFile(atPath: python), "no \(python): run bash tools/setup first")
  let p = Process()
  p.executableURL = URL(fileURLWithPath: python)
  p.arguments = [packageRoot.appendingPathComponent("tools/testing/peak_rss.py").path, dir + "/peak", buurtBinary] + arguments
  p.standardInput = FileHandle.nullDevice
  FileManager.default.createFile(atPath: dir + "/stdout", contents: nil)
  FileManager.default.createFile(atPath: dir + "/stderr", contents: nil)
  p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/stdout"))
  p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/stderr"))
  try p.run()
  p.waitUntilExit()
  let result = RunResult(status: p.terminationStatus, stdout: (try? read(dir + "/stdout")) ?? "", stderr: (try? read(dir + "/stderr")) ?? "")
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
