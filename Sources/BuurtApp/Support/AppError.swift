/// A failure of the application layer that a caller reports to a person: the CLI as one
/// "buurt: error: …" line and exit code 1, the server as a problem answer.
///
/// `kind` tells apart what callers treat differently; `message` is the text shown.
public struct AppError: Error, CustomStringConvertible, Sendable {
  public enum Kind: Sendable, Equatable {
    /// A file, layer, option or setting whose content cannot be used.
    case invalidInput
    /// A file, folder or layer that is not there.
    case notFound
  }

  public var kind: Kind
  public var message: String
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// Input that cannot be used (the general case).
  public static func invalidInput(_ message: String) -> AppError { AppError(.invalidInput, message) }
  /// Something named that is not there.
  public static func notFound(_ message: String) -> AppError { AppError(.notFound, message) }

  /// The same failure with `prefix` (a file name, say) before its message.
  public func prefixed(_ prefix: String) -> AppError { AppError(kind, prefix + message) }

  public var description: String { message }
}
