import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What a child process did: its exit status (the signal's number when a signal ended it) and
/// what it wrote on its standard output and error (empty for a stream not captured).
public struct ProcessResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String

  public init(status: Int32, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// Where a child's standard output or error goes.
public enum ProcessOutput: Sendable {
  /// Into a pipe read as the child writes (``ProcessResult/stdout`` or ``ProcessResult/stderr``).
  case capture
  /// To /dev/null.
  case discard
  /// To this test process's own stream (shown in the test log).
  case inherit
  /// Into the file at this path, made anew.
  case file(String)
}

public enum ProcessRunnerError: Error, CustomStringConvertible {
  case cannotOpen(String)

  public var description: String {
    switch self {
    case .cannotOpen(let path): "cannot open \(path) for the child's output"
    }
  }
}

/// The one way the tests start child processes. ``run(_:_:environment:inheritingEnvironment:stdin:stdout:stderr:)``
/// runs a child to completion; ``start(_:_:environment:inheritingEnvironment:stdin:stdout:stderr:)``
/// leaves it running (a server, a child to kill) as a ``RunningProcess``. Captured output is
/// read from both pipes as the child writes, so a child that writes a lot to either never blocks.
public enum ProcessRunner {
  /// Runs `executable` with `arguments` and waits for it to end and close its output.
  /// - Parameters:
  ///   - environment: added to this process's environment, or the child's whole environment
  ///     when `inheritingEnvironment` is false.
  ///   - stdin: written to the child's standard input, which is then closed; nil gives it /dev/null.
  /// - Throws: when the executable cannot be started or an output file cannot be made.
  public static func run(
    _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:], inheritingEnvironment: Bool = true,
    stdin: String? = nil, stdout: ProcessOutput = .capture, stderr: ProcessOutput = .capture
  ) throws -> ProcessResult {
    try start(
      executable, arguments, environment: environment, inheritingEnvironment: inheritingEnvironment, stdin: stdin, stdout: stdout,
      stderr: stderr
    ).finish()
  }

  /// Starts `executable` as ``run(_:_:environment:inheritingEnvironment:stdin:stdout:stderr:)``
  /// does and returns at once.
  public static func start(
    _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:], inheritingEnvironment: Bool = true,
    stdin: String? = nil, stdout: ProcessOutput = .capture, stderr: ProcessOutput = .capture
  ) throws -> RunningProcess {
    try RunningProcess(
      executable, arguments, environment: environment, inheritingEnvironment: inheritingEnvironment, stdin: stdin, stdout: stdout,
      stderr: stderr)
  }

  /// A write to a child that has already closed its standard input fails (EPIPE) instead of
  /// ending the test process.
  static let ignoringSIGPIPE: Void = {
    #if canImport(Glibc)
      _ = Glibc.signal(SIGPIPE, SIG_IGN)
    #endif
  }()
}

/// A child started by ``ProcessRunner/start(_:_:environment:inheritingEnvironment:stdin:stdout:stderr:)``.
public final class RunningProcess: @unchecked Sendable {
  private let process = Process()
  private let condition = NSCondition()
  /// What was read so far from standard output [0] and error [1]; guarded by `condition`.
  private var captured = [Data(), Data()]
  /// Pipes not yet read to their end; guarded by `condition`.
  private var openPipes = 0
  /// Output files, closed once the child has ended.
  private var files: [FileHandle] = []

  fileprivate init(
    _ executable: String, _ arguments: [String], environment: [String: String], inheritingEnvironment: Bool, stdin: String?,
    stdout: ProcessOutput, stderr: ProcessOutput
  ) throws {
    ProcessRunner.ignoringSIGPIPE
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if !inheritingEnvironment {
      process.environment = environment
    } else if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    var pipes: [(stream: Int, pipe: Pipe)] = []
    for (stream, output) in [stdout, stderr].enumerated() {
      let target: Any?
      switch output {
      case .capture:
        let pipe = Pipe()
        pipes.append((stream, pipe))
        target = pipe
      case .discard: target = FileHandle.nullDevice
      case .inherit: target = nil
      case .file(let path):
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
          throw ProcessRunnerError.cannotOpen(path)
        }
        files.append(handle)
        target = handle
      }
      if let target {
        if stream == 0 { process.standardOutput = target } else { process.standardError = target }
      }
    }
    let input = stdin.map { _ in Pipe() }
    if let input { process.standardInput = input } else { process.standardInput = FileHandle.nullDevice }
    try process.run()
    openPipes = pipes.count
    for (stream, pipe) in pipes {
      let handle = pipe.fileHandleForReading
      Thread { [self] in
        while true {
          let data = handle.availableData
          condition.lock()
          if data.isEmpty { openPipes -= 1 } else { captured[stream].append(data) }
          condition.broadcast()
          condition.unlock()
          if data.isEmpty { break }
        }
      }.start()
    }
    if let input, let stdin {
      let handle = input.fileHandleForWriting
      let bytes = Data(stdin.utf8)
      Thread {
        try? handle.write(contentsOf: bytes)
        try? handle.close()
      }.start()
    }
  }

  public var processIdentifier: Int32 { process.processIdentifier }
  public var isRunning: Bool { process.isRunning }

  /// Sends `signal` (SIGTERM, SIGKILL, …) to the child.
  public func send(_ signal: Int32) {
    _ = kill(process.processIdentifier, signal)
  }

  /// Waits until the child has written something on its standard output (captured), or until
  /// it has closed all its captured output.
  public func waitForOutput() {
    condition.lock()
    while captured[0].isEmpty && openPipes > 0 { condition.wait() }
    condition.unlock()
  }

  /// Waits at most `seconds` for the child to end; whether it has.
  @discardableResult public func waitForExit(seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    return !process.isRunning
  }

  /// Waits for the child to end and for its captured output to be read to the end.
  public func finish() -> ProcessResult {
    process.waitUntilExit()
    condition.lock()
    while openPipes > 0 { condition.wait() }
    let output = captured
    condition.unlock()
    for file in files { try? file.close() }
    files = []
    return ProcessResult(
      status: process.terminationStatus, stdout: String(decoding: output[0], as: UTF8.self),
      stderr: String(decoding: output[1], as: UTF8.self))
  }
}
