import Foundation
import GeoFormats
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

/// Runs the built binary with `arguments` (standard input empty, standard output and error
/// into files), waits for it with `wait4`, and returns what it printed and its peak resident
/// memory in bytes: `ru_maxrss` of that one child, so tests running beside it cannot blur it.
func buurtMeasuringMemory(_ arguments: [String]) throws -> (result: RunResult, peakBytes: Int) {
  let dir = try temporaryFolder()
  defer { try? FileManager.default.removeItem(atPath: dir) }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, dir + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  posix_spawn_file_actions_addopen(&actions, 2, dir + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  let argv: [UnsafeMutablePointer<CChar>?] = ([buurtBinary] + arguments).map { strdup($0) } + [nil]
  defer { for a in argv { free(a) } }
  var pid: pid_t = 0
  let spawned = posix_spawn(&pid, buurtBinary, &actions, nil, argv, environ)
  try #require(spawned == 0, "posix_spawn \(buurtBinary): \(String(cString: strerror(spawned)))")
  var status: Int32 = 0
  var usage = rusage()
  while wait4(pid, &status, 0, &usage) < 0 {
    try #require(errno == EINTR, "wait4: \(String(cString: strerror(errno)))")
  }
  // Exited: the status is in bits 8–15; killed by a signal: 128 + the signal, as a shell says.
  let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  let result = RunResult(
    status: code, stdout: (try? read(dir + "/stdout")) ?? "", stderr: (try? read(dir + "/stderr")) ?? "")
  return (result, Int(usage.ru_maxrss) * 1024)
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
