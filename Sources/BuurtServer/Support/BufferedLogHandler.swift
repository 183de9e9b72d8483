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
    var text = ""
    text.reserveCapacity(128)
    text += BufferedLogHandler.sink.timestamp
    text += " "
    text += level.rawValue
    text += " "
    text += label
    text += ": "
    text += message.description
    for (k, v) in metadata where extra?[k] == nil { text += " \(k)=\(v)" }
    if let extra {
      for (k, v) in extra {
        text += " "
        text += k
        text += "="
        if case .string(let s) = v { text += s } else { text += v.description }
      }
    }
    text += "\n"
    BufferedLogHandler.sink.append(text)
  }
}

/// The shared buffer and its flusher thread.
final class LogSink: Sendable {
  private let buffer = Mutex<[UInt8]>([])
  private let clock = Mutex<String>(LogSink.now())

  /// The time of the last tick (the flusher refreshes it every 100 ms): cheaper than a clock read per line.
  var timestamp: String { clock.withLock { $0 } }

  static func now() -> String {
    let t = Date().timeIntervalSince1970
    return String(Int64(t)) + "." + String(Int64((t - t.rounded(.down)) * 10))
  }

  init() {
    let thread = Thread { [self] in
      while true {
        Thread.sleep(forTimeInterval: 0.1)
        clock.withLock { $0 = LogSink.now() }
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
