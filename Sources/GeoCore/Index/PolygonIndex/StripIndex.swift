extension PolygonIndex {
  /// Phase 2 of the build: per area, its edges in horizontal strips of equal height between
  /// the area's lowest and highest y, so that the exact test of a point (BoundaryRule.swift)
  /// looks only at the edges of one strip. An edge is listed in every strip it spans.
  struct StripIndex {
    let areaMinY: UnsafeMutableBufferPointer<Double>
    let areaMaxY: UnsafeMutableBufferPointer<Double>
    let areaInverseStripHeight: UnsafeMutableBufferPointer<Double>
    let areaStripCount: UnsafeMutableBufferPointer<Int32>
    /// First strip of area `a` is `areaFirstStrip[a]`; strip `s` holds `stripEdges[stripStart[s] ..< stripStart[s+1]]`.
    let areaFirstStrip: UnsafeMutableBufferPointer<Int32>
    let stripStart: UnsafeMutableBufferPointer<UInt32>
    let stripEdges: UnsafeMutableBufferPointer<Edge>
    /// Memory held, in bytes.
    let byteCount: Int

    /// An area gets one strip per this many edges (at least one strip)…
    private static let edgesPerStrip = 3
    /// …and at most this many strips.
    private static let maximumStripsPerArea = 4096
    /// Bytes per area of the per-area arrays (minimum y, maximum y, inverse strip height; strip
    /// count, first strip).
    private static let bytesPerArea = 3 * MemoryLayout<Double>.stride + 2 * MemoryLayout<Int32>.stride

    init(_ edgesPerArea: [[Edge]], edgeCount: Int) {
      let areaCount = edgesPerArea.count
      areaMinY = .allocate(capacity: max(1, areaCount))
      areaMaxY = .allocate(capacity: max(1, areaCount))
      areaInverseStripHeight = .allocate(capacity: max(1, areaCount))
      areaStripCount = .allocate(capacity: max(1, areaCount))
      areaFirstStrip = .allocate(capacity: max(1, areaCount))
      var starts: [UInt32] = [0]
      var flat: [Edge] = []
      flat.reserveCapacity(edgeCount * 2)
      var stripTotal: Int32 = 0
      for (a, edges) in edgesPerArea.enumerated() {
        var lo = Double.infinity
        var hi = -Double.infinity
        for e in edges {
          lo = min(lo, e.y0)
          hi = max(hi, e.y1)
        }
        let strips = edges.isEmpty ? 1 : max(1, min(edges.count / StripIndex.edgesPerStrip, StripIndex.maximumStripsPerArea))
        let height = hi - lo
        let inv = height > 0 ? Double(strips) / height : 0
        areaMinY[a] = edges.isEmpty ? .infinity : lo
        areaMaxY[a] = edges.isEmpty ? -.infinity : hi
        areaInverseStripHeight[a] = inv
        areaStripCount[a] = Int32(strips)
        areaFirstStrip[a] = stripTotal
        stripTotal += Int32(strips)
        var buckets = [[Edge]](repeating: [], count: strips)
        for e in edges {
          let s0 = StripIndex.strip(e.y0, lo, inv, strips)
          let s1 = StripIndex.strip(e.y1, lo, inv, strips)
          for s in s0...s1 { buckets[s].append(e) }
        }
        for bucket in buckets {
          // In ring order, not sorted: a query tests every edge of its strip, and one wholly
          // east or west of the point costs only a comparison or two.
          flat.append(contentsOf: bucket)
          starts.append(UInt32(flat.count))
        }
      }
      stripStart = .allocate(capacity: starts.count)
      _ = stripStart.initialize(from: starts)
      stripEdges = .allocate(capacity: max(1, flat.count))
      _ = stripEdges.initialize(from: flat)
      byteCount = starts.count * 4 + flat.count * MemoryLayout<Edge>.stride + areaCount * StripIndex.bytesPerArea
    }

    func deallocate() {
      areaMinY.deallocate()
      areaMaxY.deallocate()
      areaInverseStripHeight.deallocate()
      areaStripCount.deallocate()
      areaFirstStrip.deallocate()
      stripStart.deallocate()
      stripEdges.deallocate()
    }

    /// The strip of `count` over `lo…` with `inv` strips per unit of height that holds `y`
    /// (clamped to the first and last).
    @inline(__always)
    static func strip(_ y: Double, _ lo: Double, _ inv: Double, _ count: Int) -> Int {
      let s = Int(((y - lo) * inv).rounded(.down))
      return s < 0 ? 0 : (s >= count ? count - 1 : s)
    }
  }
}
