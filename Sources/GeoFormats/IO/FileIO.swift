internal import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be read or written.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
  public var path: String
  public var message: String
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }
  public var description: String { "\(path): \(message)" }
}

/// Whole-file reads and writes, with transparent gzip (by content on read, by `.gz` on write).
///
/// A file read whole is held in memory, so every whole read stops at a bound on its inflated
/// size (``maximumWholeFileBytes`` unless the caller gives another): the inflation stops there,
/// a gzip bomb (a few MB that inflate to many GB) costs no more memory than the bound.
public enum FileIO {
  /// The most a file read whole may hold once inflated, unless the reader says otherwise:
  /// 128 MiB. The layers buurt reads whole are GeoJSON documents of a municipality or a region
  /// (the 2,767 Flemish wijken are 5 MB), and a parsed GeoJSON document takes several times its
  /// size in memory. Tables of any length are streamed instead (``CSVChunkReader``).
  public static let maximumWholeFileBytes = 128 << 20

  /// The most a CSV table that is held whole may hold once inflated: 1 GiB (the 2.45 million
  /// Flemish addresses are 194 MB). For the few readers that keep every row's bytes.
  public static let maximumTableBytes = 1 << 30

  /// Reads a file (or standard input for "-"), inflating it when it is gzip-compressed, up to
  /// `limit` bytes of content.
  /// - Throws: ``FileError`` when the file is missing, unreadable, a broken gzip stream, or
  ///   holds more than `limit` bytes (once inflated); the reading stops at the bound.
  public static func read(_ path: String, limit: Int = maximumWholeFileBytes) throws -> [UInt8] {
    try InflatingBlockReader(path: path).readAll(limit: limit)
  }

  /// The error for a file whose content is more than `limit` bytes.
  static func tooLarge(_ path: String, limit: Int, inflated: Bool) -> FileError {
    FileError(
      path: path,
      message:
        "holds more than \(byteCount(limit))\(inflated ? " once inflated" : ""), the most buurt reads of such a file whole; is it the right file?"
    )
  }

  /// A byte count for people: "1 GiB", "128 MiB", "64 KiB", "12 bytes".
  public static func byteCount(_ n: Int) -> String {
    if n >= 1 << 30 && n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
    if n >= 1 << 20 && n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
    if n >= 1 << 10 && n % (1 << 10) == 0 { return "\(n >> 10) KiB" }
    return "\(n) bytes"
  }

  /// Reads a file's bytes as they are (no inflation), up to `limit` bytes.
  /// - Throws: ``FileError`` when the file is missing, unreadable or longer than `limit`.
  public static func readRaw(_ path: String, limit: Int = maximumWholeFileBytes) throws -> [UInt8] {
    let fd = path == "-" ? 0 : open(path, O_RDONLY)
    guard fd >= 0 else { throw FileError(path: path, message: String(cString: strerror(errno))) }
    defer { if fd != 0 { close(fd) } }
    var st = stat()
    var capacity = 1 << 16
    if fstat(fd, &st) == 0 {
      if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, message: "is a folder, not a file") }
      if st.st_size > limit { throw tooLarge(path, limit: limit, inflated: false) }
      if st.st_size > 0 { capacity = Int(st.st_size) + 1 }
    }
    var bytes = [UInt8](repeating: 0, count: capacity)
    var used = 0
    while true {
      if used == bytes.count {
        guard used <= limit else { throw tooLarge(path, limit: limit, inflated: false) }
        bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - used)))
      }
      let n = bytes.withUnsafeMutableBytes { buf in Glibc.read(fd, buf.baseAddress! + used, buf.count - used) }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, message: reason(errno))
      }
      if n == 0 { break }
      used += n
    }
    guard used <= limit else { throw tooLarge(path, limit: limit, inflated: false) }
    bytes.removeSubrange(used...)
    return bytes
  }

  /// Inflates a gzip stream (several members are concatenated, as gzip does).
  public static func gunzip(_ data: [UInt8], path: String = "<data>") throws -> [UInt8] {
    var out = [UInt8]()
    // The trailer holds the uncompressed size mod 2^32: a good first guess.
    if data.count >= 4 {
      let n = data.count
      let isize = Int(data[n - 4]) | Int(data[n - 3]) << 8 | Int(data[n - 2]) << 16 | Int(data[n - 1]) << 24
      // The trailer of a truncated stream is arbitrary: never trust it beyond a plausible ratio.
      out.reserveCapacity(min(max(isize, data.count * 3), data.count * 20) + 1024)
    }
    var stream = z_stream()
    guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw FileError(path: path, message: "cannot start gzip decompression")
    }
    defer { inflateEnd(&stream) }
    let chunk = 1 << 20
    var buffer = [UInt8](repeating: 0, count: chunk)
    try data.withUnsafeBufferPointer { input in
      var fed = 0
      func feed() {
        let n = min(input.count - fed, 1 << 30)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + fed })
        stream.avail_in = UInt32(n)
        fed += n
      }
      feed()
      while true {
        if stream.avail_in == 0 && fed < input.count { feed() }
        let status: Int32 = buffer.withUnsafeMutableBufferPointer { b in
          stream.next_out = b.baseAddress
          stream.avail_out = UInt32(chunk)
          return inflate(&stream, Z_NO_FLUSH)
        }
        out.append(contentsOf: buffer[0..<(chunk - Int(stream.avail_out))])
        if status == Z_STREAM_END {
          if stream.avail_in == 0 && fed == input.count { break }
          guard inflateReset(&stream) == Z_OK else { throw FileError(path: path, message: "broken gzip stream") }
          continue
        }
        if status == Z_BUF_ERROR && stream.avail_in == 0 && fed == input.count {
          throw FileError(path: path, message: "gzip stream is truncated")
        }
        guard status == Z_OK else {
          let msg = stream.msg.map { String(cString: $0) } ?? "error \(status)"
          throw FileError(path: path, message: "broken gzip stream: \(msg)")
        }
      }
    }
    return out
  }

  /// Compresses bytes into a gzip stream.
  public static func gzip(_ data: [UInt8], level: Int32 = 6) throws -> [UInt8] {
    var stream = z_stream()
    guard
      deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else {
      throw FileError(path: "<gzip>", message: "cannot start gzip compression")
    }
    defer { deflateEnd(&stream) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 64)
    let written: Int = data.withUnsafeBufferPointer { input in
      out.withUnsafeMutableBufferPointer { output in
        // zlib counts in 32 bits: feed and drain in pieces of at most 1 GiB.
        var fed = 0
        var produced = 0
        while true {
          let n = min(input.count - fed, 1 << 30)
          stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + fed })
          stream.avail_in = UInt32(n)
          fed += n
          let last = fed == input.count
          repeat {
            let room = min(output.count - produced, 1 << 30)
            stream.next_out = output.baseAddress.map { $0 + produced }
            stream.avail_out = UInt32(room)
            _ = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH)
            produced += room - Int(stream.avail_out)
          } while stream.avail_out == 0 && produced < output.count
          if last { break }
        }
        return produced
      }
    }
    out.removeSubrange(written...)
    return out
  }

  /// Writes bytes to a file atomically (a temporary file renamed over the target), or to
  /// standard output for "-". A path ending in `.gz` is gzip-compressed.
  /// - Throws: ``FileError``.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    if path == "-" {
      try writeAll(1, bytes, path: "<stdout>")
      return
    }
    let data = path.hasSuffix(".gz") ? try gzip(bytes) : bytes
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw FileError(path: path, message: reason(errno)) }
    do {
      try writeAll(fd, data, path: path)
      close(fd)
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw FileError(path: path, message: String(cString: strerror(errno)))
    }
  }

  public static func write(_ text: String, to path: String) throws { try write(Array(text.utf8), to: path) }

  static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, message: reason(errno))
      }
      offset += n
    }
  }

  /// What `errno` `code` means, with a full disk said plainly: "disk full (no space left on device)".
  public static func reason(_ code: Int32) -> String {
    code == ENOSPC ? "disk full (no space left on device)" : String(cString: strerror(code))
  }

  public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  public static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }
}
