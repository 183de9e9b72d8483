/// The two inputs of the grid's cells: which cells the edges touch, and which areas contain
/// each cell's centre (from the crossings of a scan line through the row's centres).
extension PolygonIndex.CellGrid {
  /// Edges and cells are widened by this fraction of the longer cell side when deciding which
  /// cells an edge touches, so rounding never drops a cell the edge does touch: a cell listed
  /// too many costs an exact test, one missed would give a wrong answer.
  private static let relativeSlack = 1e-7

  /// Which cells the edges touch (conservatively), and with which areas: `cell << 32 | area`
  /// for every pair, sorted (so by cell, then area).
  static func touchedCells(
    _ edgesPerArea: [[PolygonIndex.Edge]], edgeCount: Int, x0 gx0: Double, y0 gy0: Double, cellWidth cw: Double, cellHeight ch: Double,
    columns cols: Int, rows rws: Int
  ) -> [UInt64] {
    var touched: [UInt64] = []  // cell << 32 | area
    touched.reserveCapacity(edgeCount * 3)
    let slack = max(cw, ch) * Self.relativeSlack
    for (a, edges) in edgesPerArea.enumerated() {
      for e in edges {
        let minX = min(e.x0, e.x1)
        let maxX = max(e.x0, e.x1)
        let c0 = clampCell((minX - slack - gx0) / cw, cols)
        let c1 = clampCell((maxX + slack - gx0) / cw, cols)
        let r0 = clampCell((e.y0 - slack - gy0) / ch, rws)
        let r1 = clampCell((e.y1 + slack - gy0) / ch, rws)
        let dx = e.x1 - e.x0
        let dy = e.y1 - e.y0
        let length = (dx * dx + dy * dy).squareRoot()
        for r in r0...r1 {
          for c in c0...c1 {
            if (r1 > r0 || c1 > c0) && !(r0 == r1 || c0 == c1) {
              // Diagonal edge over several cells: keep the cells the segment passes near.
              let cx0 = gx0 + Double(c) * cw - slack
              let cy0 = gy0 + Double(r) * ch - slack
              let cx1 = cx0 + cw + 2 * slack
              let cy1 = cy0 + ch + 2 * slack
              let tolerance = length * slack
              let s00 = dx * (cy0 - e.y0) - dy * (cx0 - e.x0)
              let s01 = dx * (cy1 - e.y0) - dy * (cx0 - e.x0)
              let s10 = dx * (cy0 - e.y0) - dy * (cx1 - e.x0)
              let s11 = dx * (cy1 - e.y0) - dy * (cx1 - e.x0)
              if (s00 > tolerance && s01 > tolerance && s10 > tolerance && s11 > tolerance)
                || (s00 < -tolerance && s01 < -tolerance && s10 < -tolerance && s11 < -tolerance)
              {
                continue
              }
            }
            touched.append(UInt64(r * cols + c) << 32 | UInt64(a))
          }
        }
      }
    }
    touched.sort()
    return touched
  }

  /// Scan line through each row's cell centres: per row, where each edge crosses the row's
  /// centre line (unsorted), with the edge's area.
  static func centreCrossings(_ edgesPerArea: [[PolygonIndex.Edge]], y0 gy0: Double, cellHeight ch: Double, rows rws: Int) -> [[(
    x: Double, area: UInt32
  )]] {
    var crossingsPerRow = [[(x: Double, area: UInt32)]](repeating: [], count: rws)
    for (a, edges) in edgesPerArea.enumerated() {
      for e in edges where e.y1 > e.y0 {
        // rows whose centre y satisfies y0 <= yc < y1
        let first = max(0, Int(((e.y0 - gy0) / ch - 0.5).rounded(.up)) - 1)
        let last = min(rws - 1, Int(((e.y1 - gy0) / ch - 0.5).rounded(.up)))
        if first > last { continue }
        for r in first...last {
          let yc = gy0 + (Double(r) + 0.5) * ch
          guard e.y0 <= yc && yc < e.y1 else { continue }
          let x = e.x0 + (yc - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0)
          crossingsPerRow[r].append((x, UInt32(a)))
        }
      }
    }
    return crossingsPerRow
  }

  @inline(__always)
  static func clampCell(_ v: Double, _ count: Int) -> Int {
    guard v > 0 else { return 0 }
    let i = Int(v.rounded(.down))
    return i >= count ? count - 1 : i
  }
}
