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
  do { return try body() } catch let e as CLIError {
    Terminal.error("buurt: error: \(e.message)")
    throw ExitCode(1)
  } catch let e as AppError {
    Terminal.error("buurt: error: \(e.message)")
    throw ExitCode(1)
  } catch let e as ExitCode {
    throw e
  } catch {
    Terminal.error("buurt: error: \(error)")
    throw ExitCode(1)
  }
}
