extension PolygonIndex {
  /// Assigns every lon/lat point (area index, or -1 outside) into `result`, over `threads`
  /// threads (for an index built over ``LonLat`` areas).
  public func assign(_ points: UnsafeBufferPointer<LonLat>, into result: UnsafeMutableBufferPointer<Int32>, threads: Int = 1) {
    assignCodes(points, into: result, threads: threads)
  }

  /// Convenience: the area code (-1 outside) of every lon/lat point.
  public func assign(_ points: [LonLat], threads: Int = 1) -> [Int32] { assignCodes(points, threads: threads) }

  /// Assigns every point of `points` (area index, or -1 for outside) into `result`,
  /// splitting the work over `threads` threads.
  public func assign(_ points: UnsafeBufferPointer<XY>, into result: UnsafeMutableBufferPointer<Int32>, threads: Int = 1) {
    assignCodes(points, into: result, threads: threads)
  }

  /// Convenience: the area code (-1 outside) of every point.
  public func assign(_ points: [XY], threads: Int = 1) -> [Int32] { assignCodes(points, threads: threads) }

  /// The batch behind the typed `assign`s (specialised for each coordinate type in this module).
  private func assignCodes<C: PlanarCoordinate>(
    _ points: UnsafeBufferPointer<C>, into result: UnsafeMutableBufferPointer<Int32>, threads: Int
  ) {
    precondition(result.count >= points.count)
    nonisolated(unsafe) let result = result
    nonisolated(unsafe) let points = points
    Parallel.forEachChunk(count: points.count, threads: threads) { range in
      for i in range { result[i] = areaCode(XY(x: points[i].first, y: points[i].second)) }
    }
  }

  private func assignCodes<C: PlanarCoordinate>(_ points: [C], threads: Int) -> [Int32] {
    var out = [Int32](repeating: -1, count: points.count)
    points.withUnsafeBufferPointer { pts in
      out.withUnsafeMutableBufferPointer { assignCodes(pts, into: $0, threads: threads) }
    }
    return out
  }
}
