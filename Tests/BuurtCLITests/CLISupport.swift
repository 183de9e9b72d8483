import Foundation
import Testing

/// The package root and the data beside it.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
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
