import ArgumentParser
import BuurtApp

/// A failure the CLI reports as one clear line and a non-zero exit code.
public struct CLIError: Error, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Runs `body`, turning library errors (``AppError``, ``CLIError`` and the rest) into one "buurt: …" line on stderr and exit code 1
/// (2 for usage errors, which ArgumentParser reports itself).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
  do { return try body() } catch { throw reported(error) }
}

/// ``reportingErrors(_:)`` for an async command (`serve`).
func reportingErrorsAsync<T>(_ body: () async throws -> T) async throws -> T {
  do { return try await body() } catch { throw reported(error) }
}

/// Prints `error` as one "buurt: error: …" line and returns the exit code to throw; an
/// `ExitCode` passes through untouched.
func reported(_ error: any Error) -> any Error {
  switch error {
  case let e as ExitCode: return e
  case let e as CLIError: Terminal.error("buurt: error: \(e.message)")
  case let e as AppError: Terminal.error("buurt: error: \(e.message)")
  default: Terminal.error("buurt: error: \(error)")
  }
  return ExitCode(1)
}
