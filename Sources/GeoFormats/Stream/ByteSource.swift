/// Where a streamed reader's bytes come from: a file read block by block
/// (``InflatingBlockReader``), or one transcoded on the way (``TranscodingReader``).
///
/// Not thread-safe: one source belongs to one reader on one thread at a time.
public protocol ByteSource: AnyObject {
  /// The file the bytes come from ("-" for standard input), for error messages.
  var path: String { get }
  /// Fills `buffer` with the next bytes and returns how many; fewer than `buffer.count` only at
  /// the end, 0 once the content is exhausted. - Throws: ``FileError`` naming the path.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension InflatingBlockReader: ByteSource {}
