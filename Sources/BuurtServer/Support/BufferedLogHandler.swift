import Foundation
public import Logging
import Synchronization

/// A swift-log handler that formats each record as one `key=value` line and writes them to
/// standard error in batches (every 100 ms or 64 KiB), so access logging does not cost one
/// system call per request.
public struct BufferedLogHandler: LogHandler {
  public var metadata: Logger.Metadata = [:]
  public var logLevel: Logger.Level = .info
  let label: String
  static let sink = LogSink()

  public init(label: String) { self.label = label }

  /// Writes out what is buffered (call before the process exits).
  public static func flush() { sink.flush() }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
    var text = "\(Date().timeIntervalSince1970) \(level) \(label): \(message)"
    for (k, v) in metadata where extra?[k] == nil { text += " \(k)=\(v)" }
    if let extra { for (k, v) in extra.sorted(by: { $0.key < $1.key }) { text += " \(k)=\(v)" } }
    BufferedLogHandler.sink.append(text + "\n")
  }
}

/// The shared buffer and its flusher thread.
final class LogSink: Sendable {
  private let buffer = Mutex<[UInt8]>([])

  init() {
    let thread = Thread { [self] in
      while true {
        Thread.sleep(forTimeInterval: 0.1)
        flush()
      }
    }
    thread.start()
  }

  func append(_ line: String) {
    let full = buffer.withLock { b -> Bool in
      b.append(contentsOf: line.utf8)
      return b.count > 64 * 1024
    }
    if full { flush() }
  }

  func flush() {
    let bytes = buffer.withLock { b -> [UInt8] in
      let out = b
      b.removeAll(keepingCapacity: true)
      return out
    }
    guard !bytes.isEmpty else { return }
    bytes.withUnsafeBytes { p in
      var offset = 0
      while offset < p.count {
        let n = write(2, p.baseAddress! + offset, p.count - offset)
        if n <= 0 { break }
        offset += n
      }
    }
  }
}
