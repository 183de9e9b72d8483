internal import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file (or standard input for "-") block by block, inflating it on the fly when it
/// is gzip-compressed (recognised by its first two bytes, 1F 8B, as ``FileIO/read(_:)``
/// does), with bounded buffers: one raw input buffer of `blockSize` bytes and zlib's window.
///
/// Several concatenated gzip members decode to the concatenation of their contents, as
/// `gzip -d` does. Bytes after a member that are not another member, a stream cut short and
/// a corrupt stream are ``FileError``s naming the path.
///
/// Not thread-safe: one reader belongs to one thread at a time. The file is closed by
/// ``close()`` or when the reader is released.
public final class InflatingBlockReader {
  public let path: String
  /// Whether the content is inflated from gzip.
  public private(set) var isGzip = false
  private var fd: Int32
  /// The size of a regular file (nil for a pipe or standard input).
  private var plainSize: Int?
  private let rawBase: UnsafeMutableRawPointer
  private let rawCapacity: Int
  private var rawStart = 0
  private var rawEnd = 0
  private var rawFinished = false
  private let stream: UnsafeMutablePointer<z_stream>
  private var memberEnded = false
  private var finished = false
  /// Content read by ``peek(_:)``, handed out again by the next reads.
  private var lookahead: [UInt8] = []
  private var lookaheadStart = 0

  /// Opens `path` ("-" for standard input) and looks at its first bytes.
  /// - Throws: ``FileError`` when the file is missing, a folder or unreadable, or zlib
  ///   cannot start.
  public init(path: String, blockSize: Int = 1 << 18) throws {
    self.path = path
    let fd = path == "-" ? 0 : open(path, O_RDONLY)
    guard fd >= 0 else { throw FileError(path: path, message: String(cString: strerror(errno))) }
    var st = stat()
    if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
      if fd != 0 { Glibc.close(fd) }
      throw FileError(path: path, message: "is a folder, not a file")
    }
    self.fd = fd
    if (st.st_mode & S_IFMT) == S_IFREG { plainSize = Int(st.st_size) }
    rawCapacity = max(16, blockSize)
    rawBase = .allocate(byteCount: rawCapacity, alignment: 16)
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    // Fill until two bytes are known (or the input ends), to recognise gzip.
    while rawEnd < 2 && !rawFinished { try refill() }
    isGzip = rawEnd >= 2 && rawBase.load(as: UInt8.self) == 0x1F && rawBase.load(fromByteOffset: 1, as: UInt8.self) == 0x8B
    if isGzip {
      guard inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        isGzip = false
        throw FileError(path: path, message: "cannot start gzip decompression")
      }
    }
  }

  deinit {
    close()
    if isGzip { inflateEnd(stream) }
    stream.deinitialize(count: 1)
    stream.deallocate()
    rawBase.deallocate()
  }

  /// Closes the file (standard input stays open); later reads return 0.
  public func close() {
    if fd > 0 { Glibc.close(fd) }
    fd = -1
    finished = true
  }

  /// Fills `buffer` with the next bytes of content (inflated when gzip) and returns how many;
  /// fewer than `buffer.count` only at the end, 0 once the content is exhausted.
  /// - Throws: ``FileError`` for a read error or a truncated or corrupt gzip stream.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
    var produced = 0
    if lookaheadStart < lookahead.count {
      produced = min(buffer.count, lookahead.count - lookaheadStart)
      lookahead.withUnsafeBytes { b in
        if let base = b.baseAddress { out.copyMemory(from: base + lookaheadStart, byteCount: produced) }
      }
      lookaheadStart += produced
      if lookaheadStart == lookahead.count {
        lookahead = []
        lookaheadStart = 0
      }
    }
    while produced < buffer.count && !finished {
      produced +=
        try isGzip
        ? inflate(into: out + produced, count: buffer.count - produced) : copy(into: out + produced, count: buffer.count - produced)
    }
    return produced
  }

  /// Up to `count` bytes of what comes next, without consuming them (the next reads return
  /// them again): to tell formats apart before choosing a reader.
  /// - Throws: as ``read(into:)``.
  public func peek(_ count: Int) throws -> [UInt8] {
    let have = lookahead.count - lookaheadStart
    if have < count {
      var more = [UInt8](repeating: 0, count: count - have)
      let saved = Array(lookahead[lookaheadStart...])
      lookahead = []
      lookaheadStart = 0
      let n = try more.withUnsafeMutableBytes { try read(into: $0) }
      lookahead = saved + more[0..<n]
    }
    return Array(lookahead[lookaheadStart..<(lookaheadStart + min(count, lookahead.count - lookaheadStart))])
  }

  /// Reads the rest of the content into one array (for the formats read whole), up to
  /// `limit` bytes. - Throws: as ``read(into:)``; ``FileError`` when there is more than `limit`
  /// bytes of content: reading (and inflating) stops one block past the bound, so a gzip bomb
  /// costs no more than `limit` bytes of memory.
  public func readAll(limit: Int = FileIO.maximumWholeFileBytes) throws -> [UInt8] {
    var bytes: [UInt8] = []
    if !isGzip, let size = plainSize {
      if size > limit { throw FileIO.tooLarge(path, limit: limit, inflated: false) }
      bytes.reserveCapacity(size)
    }
    let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { block.deallocate() }
    while true {
      let n = try read(into: block)
      if n == 0 { return bytes }
      guard bytes.count + n <= limit else { throw FileIO.tooLarge(path, limit: limit, inflated: isGzip) }
      bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<n]))
    }
  }

  /// Plain content: what is left in the raw buffer, then the file.
  private func copy(into out: UnsafeMutableRawPointer, count: Int) throws -> Int {
    if rawStart == rawEnd {
      if rawFinished {
        finished = true
        return 0
      }
      try refill()
      if rawStart == rawEnd { return 0 }
    }
    let n = min(count, rawEnd - rawStart)
    out.copyMemory(from: rawBase + rawStart, byteCount: n)
    rawStart += n
    return n
  }

  /// Inflates into `out` until it is full, the input needs a refill, or the content ends.
  private func inflate(into out: UnsafeMutableRawPointer, count: Int) throws -> Int {
    if rawStart == rawEnd && !rawFinished { try refill() }
    if memberEnded {
      // Another member follows, or the content ends here.
      if rawStart == rawEnd {
        finished = true
        return 0
      }
      guard inflateReset(stream) == Z_OK else { throw FileError(path: path, message: "broken gzip stream") }
      memberEnded = false
    }
    let room = UInt32(min(count, 1 << 30))
    let available = rawEnd - rawStart
    stream.pointee.next_in = rawBase.assumingMemoryBound(to: UInt8.self) + rawStart
    stream.pointee.avail_in = UInt32(available)
    stream.pointee.next_out = out.assumingMemoryBound(to: UInt8.self)
    stream.pointee.avail_out = room
    let status = CZlib.inflate(stream, Z_NO_FLUSH)
    rawStart += available - Int(stream.pointee.avail_in)
    let produced = Int(room - stream.pointee.avail_out)
    switch status {
    case Z_OK: return produced
    case Z_STREAM_END:
      memberEnded = true
      return produced
    case Z_BUF_ERROR where rawStart == rawEnd && rawFinished:
      throw FileError(path: path, message: "gzip stream is truncated")
    case Z_BUF_ERROR: return produced
    default:
      let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
      throw FileError(path: path, message: "broken gzip stream: \(message)")
    }
  }

  /// Reads the next raw block (keeping unread bytes at the front); marks the end of the file.
  private func refill() throws {
    let base = rawBase
    if rawStart > 0 {
      let left = rawEnd - rawStart
      if left > 0 { memmove(base, base + rawStart, left) }
      rawStart = 0
      rawEnd = left
    }
    guard fd >= 0 else {
      rawFinished = true
      return
    }
    while rawEnd < rawCapacity {
      let n = Glibc.read(fd, base + rawEnd, rawCapacity - rawEnd)
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, message: String(cString: strerror(errno)))
      }
      if n == 0 { rawFinished = true }
      rawEnd += n
      // One successful read is enough: blocking for a full buffer would stall a pipe.
      return
    }
  }
}
