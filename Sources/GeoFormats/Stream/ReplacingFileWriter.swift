#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file piece by piece so that it appears whole or not at all: the bytes go to a
/// temporary file beside the target (`PATH.tmp-PID`, same folder, so the rename stays on one
/// file system), which ``commit()`` renames over the target. ``discard()`` — or releasing
/// the writer without committing — removes the temporary file and leaves any existing
/// target untouched. For "-" the bytes go straight to standard output (nothing to undo there).
///
/// The writer does not compress: a caller writing `.gz` hands it gzip members
/// (``FileIO/gzip(_:level:)`` of each piece; concatenated members are one valid gzip file).
/// Not thread-safe: one thread writes, in order.
public final class ReplacingFileWriter {
  /// The target path, or "-".
  public let path: String
  /// The temporary file being written, nil for standard output.
  public let temporaryPath: String?
  private var fd: Int32
  private var open = true

  /// Whether `path` asks for gzip (ends in `.gz`).
  public var wantsGzip: Bool { path != "-" && path.hasSuffix(".gz") }

  /// Creates the temporary file (truncating a stale one of the same name).
  /// - Throws: ``FileError`` naming `path` when the folder is missing or not writable.
  public init(path: String) throws {
    self.path = path
    if path == "-" {
      temporaryPath = nil
      fd = 1
      return
    }
    let temporary = path + ".tmp-\(getpid())"
    let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw FileError(path: path, message: String(cString: strerror(errno))) }
    temporaryPath = temporary
    self.fd = fd
  }

  deinit { discard() }

  /// Appends bytes. - Throws: ``FileError`` (e.g. the disk is full); the caller then discards.
  public func write(_ bytes: [UInt8]) throws {
    guard open else { throw FileError(path: path, message: "written after it was closed") }
    try bytes.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, base + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          throw FileError(path: temporaryPath == nil ? "<stdout>" : path, message: String(cString: strerror(errno)))
        }
        offset += n
      }
    }
  }

  /// Closes the temporary file and renames it over the target.
  /// - Throws: ``FileError``; the temporary file is removed then.
  public func commit() throws {
    guard open else { return }
    open = false
    guard let temporary = temporaryPath else { return }
    let closed = close(fd)
    fd = -1
    guard closed == 0, rename(temporary, path) == 0 else {
      let message = String(cString: strerror(errno))
      unlink(temporary)
      throw FileError(path: path, message: message)
    }
  }

  /// Closes and removes the temporary file (no-op after ``commit()``).
  public func discard() {
    guard open else { return }
    open = false
    guard let temporary = temporaryPath else { return }
    close(fd)
    fd = -1
    unlink(temporary)
  }
}
