/// A ``ByteSource`` that hands out another source's bytes transcoded to UTF-8 from a
/// single-byte ``TextEncoding`` (Latin-1, Windows-1252), block by block with bounded buffers:
/// one raw block of `blockSize` bytes and its UTF-8 form (at most three times as long).
///
/// Not thread-safe: one reader belongs to one thread at a time.
public final class TranscodingReader: ByteSource {
  public let source: any ByteSource
  public let encoding: TextEncoding
  public var path: String { source.path }
  private let raw: UnsafeMutableRawBufferPointer
  private var pending: [UInt8] = []
  private var pendingStart = 0
  private var sourceEnded = false

  public init(source: any ByteSource, encoding: TextEncoding, blockSize: Int = 1 << 16) {
    self.source = source
    self.encoding = encoding
    raw = .allocate(byteCount: max(1, blockSize), alignment: 16)
  }

  deinit { raw.deallocate() }

  /// `source` as UTF-8: the source itself for ``TextEncoding/utf8``, else a transcoding reader.
  public static func utf8(_ source: any ByteSource, from encoding: TextEncoding) -> any ByteSource {
    encoding.isUTF8 ? source : TranscodingReader(source: source, encoding: encoding)
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let out = buffer.baseAddress else { return 0 }
    var produced = 0
    while produced < buffer.count {
      if pendingStart == pending.count {
        if sourceEnded { break }
        let n = try source.read(into: raw)
        if n < raw.count { sourceEnded = true }
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
        encoding.appendUTF8(of: UnsafeRawBufferPointer(rebasing: raw[0..<n]), to: &pending)
        continue
      }
      let n = min(buffer.count - produced, pending.count - pendingStart)
      pending.withUnsafeBytes { p in
        if let base = p.baseAddress { (out + produced).copyMemory(from: base + pendingStart, byteCount: n) }
      }
      pendingStart += n
      produced += n
    }
    return produced
  }
}
