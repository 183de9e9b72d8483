public import GeoCore

/// A point CSV assigned to groups chunk by chunk, with bounded memory: the rows come from a
/// ``CSVChunkReader``, each chunk's positions are parsed (``PointRowParser``, the checks of
/// ``PointTable``), given to the caller's `assign` closure, and the rows are written back
/// unchanged with the group's name appended (``AppendedColumnCSV``), in input order, to a
/// ``ReplacingFileWriter`` (gzip members per chunk for a `.gz` path).
///
/// Chunks are parsed, assigned, formatted and compressed on `workers` threads, read and
/// written on the calling thread (``OrderedPipeline``); at most `inFlight` chunks are held.
///
/// On any error — a bad row (the ``CSVError`` names its absolute line), a read or write
/// failure, an error thrown by `assign`, or the whole-file bounding-box checks after the last
/// row (axes swapped, degrees read as metres) — the temporary output is removed, an existing
/// output file stays as it was, and the error is thrown. Standard output ("-") cannot be
/// taken back: what was written stays written.
public struct StreamingPointAssignment {
  public let reader: CSVChunkReader
  public let parser: PointRowParser
  /// The name of the appended column.
  public let column: String
  /// The group names; `assign` returns indices into them (-1 outside).
  public let names: [String]
  /// Threads that parse, assign, format and compress chunks.
  public var workers: Int
  /// Chunks read but not yet written (memory: about `inFlight` × (input + output chunk)).
  public var inFlight: Int
  /// zlib level of each gzip member (`.gz` output).
  public var gzipLevel: Int32 = 6

  public init(reader: CSVChunkReader, parser: PointRowParser, column: String, names: [String], workers: Int = Parallel.processorCount) {
    self.reader = reader
    self.parser = parser
    self.column = column
    self.names = names
    self.workers = max(1, workers)
    self.inFlight = 2 * max(1, workers) + 1
  }

  /// Streams every chunk through `assign` and writes `output` ("-": standard output).
  /// - Parameters:
  ///   - progress: called on the calling thread after each chunk is written, with the tally
  ///     so far.
  ///   - assign: one group index (or -1) per position, in order; runs on the worker threads,
  ///     several at once.
  /// - Returns: the tally of all rows.
  /// - Throws: ``CSVError``, ``FileError``, or what `assign` throws.
  public func run(
    to output: String, progress: (AssignmentTally) -> Void = { _ in },
    assign: @escaping @Sendable (PointPositions) throws -> [Int32]
  ) throws -> AssignmentTally {
    let writer = try ReplacingFileWriter(path: output)
    do {
      let tally = try write(to: writer, progress: progress, assign: assign)
      try writer.commit()
      return tally
    } catch {
      writer.discard()
      throw error
    }
  }

  /// One chunk's output and counts.
  struct ChunkResult: Sendable {
    var bytes: [UInt8]
    var tally: AssignmentTally
    var lonLatBox: BoundingBox<LonLat>
    var metricBox: BoundingBox<XY>
  }

  private func write(
    to writer: ReplacingFileWriter, progress: (AssignmentTally) -> Void,
    assign: @escaping @Sendable (PointPositions) throws -> [Int32]
  ) throws -> AssignmentTally {
    let gzip = writer.wantsGzip
    let level = gzipLevel
    let header = AppendedColumnCSV.header(reader.header, column: column)
    try writer.write(gzip ? FileIO.gzip(header, level: level) : header)
    let labels = AppendedColumnCSV.Labels(names)
    let parser = self.parser
    let groups = names.count
    var tally = AssignmentTally(groups: groups)
    var lonLatBox = BoundingBox<LonLat>.empty
    var metricBox = BoundingBox<XY>.empty
    try OrderedPipeline.run(
      workers: workers, inFlight: inFlight,
      produce: { try reader.next() },
      transform: { chunk in
        let rows = try chunk.rows()
        let positions = try chunk.positions(rows, parser: parser)
        let values = try assign(positions)
        precondition(values.count == rows.count, "assign must return one value per position")
        var result = ChunkResult(
          bytes: AppendedColumnCSV.rows(
            chunk.bytes, starts: rows.starts, ends: rows.ends, rows: 0..<rows.count, values: values, labels: labels),
          tally: AssignmentTally(groups: groups, values: values), lonLatBox: .empty, metricBox: .empty)
        switch positions {
        case .lonLat(let ps): for p in ps { result.lonLatBox.extend(p) }
        case .metric(let ps, _): for p in ps { result.metricBox.extend(p) }
        }
        if gzip && !result.bytes.isEmpty { result.bytes = try FileIO.gzip(result.bytes, level: level) }
        return result
      },
      consume: { result in
        if !result.bytes.isEmpty { try writer.write(result.bytes) }
        tally.add(result.tally)
        lonLatBox.extend(result.lonLatBox)
        metricBox.extend(result.metricBox)
        progress(tally)
      })
    if parser.geographic { try parser.check(lonLatBox) } else { try parser.check(metricBox) }
    return tally
  }
}
