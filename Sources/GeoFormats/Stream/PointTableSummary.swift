public import GeoCore

/// What a point CSV holds — header, row count, bounding box of the positions and the first
/// problem with them — read chunk by chunk from a ``CSVChunkReader`` with bounded memory (the
/// file is never held whole): what `buurt info` reports of a table.
///
/// The checks are ``PointTable``'s: a missing position column, a bad row (the lowest one) or a
/// whole-file bounding-box check is a ``problem``, and the rows are counted all the same. What
/// makes the file unreadable as CSV (a quote never closed, a row longer than
/// ``CSVRowScanner/maximumRowBytes``, text that is not UTF-8) is thrown.
public struct PointTableSummary: Sendable {
  public var header: [String]
  public var rows = 0
  /// The box of the lon/lat positions, or of the metric ones (`crs` other than EPSG:4326);
  /// nil when there is a problem.
  public var lonLatBox: BoundingBox<LonLat>?
  public var metricBox: BoundingBox<XY>?
  /// The first problem with the positions, as ``PointTable`` would throw it; nil when none.
  public var problem: CSVError?

  /// Reads every chunk of `reader`; chunks are split and parsed on `workers` threads, at most
  /// `2 × workers + 1` chunks at a time.
  /// - Throws: ``CSVError`` with the absolute line of a row that makes the file unreadable;
  ///   ``FileError`` from the source.
  public init(reader: CSVChunkReader, crs: CRS?, workers: Int = Parallel.processorCount) throws {
    header = reader.header
    var problem: CSVError?
    let parser: PointRowParser?
    do { parser = try PointRowParser(header: reader.header, crs: crs) } catch let e as CSVError {
      parser = nil
      problem = e
    }
    var lonLat = BoundingBox<LonLat>.empty
    var metric = BoundingBox<XY>.empty
    var rows = 0
    let workers = max(1, workers)
    try OrderedPipeline.run(
      workers: workers, inFlight: 2 * workers + 1,
      produce: { try reader.next() },
      transform: { chunk in
        let found = try chunk.rows()
        var part = Part(rows: found.count)
        guard let parser else { return part }
        do {
          switch try chunk.positions(found, parser: parser) {
          case .lonLat(let ps): part.lonLat = BoundingBox(ps)
          case .metric(let ps, _): part.metric = BoundingBox(ps)
          }
        } catch let e as CSVError {
          part.problem = e
        }
        return part
      },
      consume: { part in
        rows += part.rows
        guard problem == nil else { return }
        if let p = part.problem { problem = p }
        lonLat.extend(part.lonLat)
        metric.extend(part.metric)
      })
    self.rows = rows
    if problem == nil, let parser {
      do {
        if parser.geographic {
          try parser.check(lonLat)
          lonLatBox = lonLat
        } else {
          try parser.check(metric)
          metricBox = metric
        }
      } catch let e as CSVError {
        problem = e
      }
    }
    self.problem = problem
  }

  /// One chunk's rows, box and problem.
  struct Part: Sendable {
    var rows: Int
    var lonLat = BoundingBox<LonLat>.empty
    var metric = BoundingBox<XY>.empty
    var problem: CSVError?
  }
}
