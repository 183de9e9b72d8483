extension PolygonIndex {
  /// Phase 3 of the build: a uniform grid over the areas' bounding box (padded a little). A
  /// cell that no edge touches and whose centre at most one area contains is "pure": it holds
  /// that area, or `outsideCode`. Any other cell is "mixed": it lists its candidate areas, the
  /// areas whose edges touch it or that contain its centre.
  struct CellGrid {
    let originX: Double
    let originY: Double
    let inverseCellWidth: Double
    let inverseCellHeight: Double
    let columns: Int
    let rows: Int
    /// Per cell: an area index (pure cell), `outsideCode`, or `mixedFlag | offset into mixed`.
    let cells: UnsafeMutableBufferPointer<UInt32>
    /// For mixed cell `m`: candidates in `candidates[mixedStart[m] ..< mixedStart[m + 1]]`.
    let mixedStart: UnsafeMutableBufferPointer<UInt32>
    let candidates: UnsafeMutableBufferPointer<UInt32>
    /// Fraction of cells that are pure.
    let pureCellFraction: Double
    /// Memory held, in bytes.
    let byteCount: Int

    /// The code of a pure cell outside every area (and of a point off the grid).
    static let outsideCode: UInt32 = 0xFFFF_FFFF
    /// Set in the code of a mixed cell; the other bits are the offset into `mixedStart`.
    static let mixedFlag: UInt32 = 0x8000_0000
    /// The grid reaches this far past the areas' bounding box on every side, as a fraction of
    /// the box's longer side (or of 1, for a box smaller than 1 unit), so that every point of
    /// the box, its border included, falls inside the grid.
    private static let relativePadding = 1e-9
    /// The grid has `cellsPerVertex` cells per vertex, but at least this many…
    private static let minimumCells = 64.0
    /// …and at most this many (64 MB of cells)…
    private static let maximumCells = 16_000_000.0
    /// …and at most this many columns, and as many rows.
    private static let maximumCellsPerSide = 65_536

    init(_ edgesPerArea: [[Edge]], bounds box: BoundingBox<XY>, vertexCount vertices: Int, edgeCount: Int, cellsPerVertex: Double) {
      let pad = max(box.width, box.height, 1) * CellGrid.relativePadding
      let gx0 = box.isEmpty ? 0 : box.minFirst - pad
      let gy0 = box.isEmpty ? 0 : box.minSecond - pad
      let gw = box.isEmpty ? 1 : box.width + 2 * pad
      let gh = box.isEmpty ? 1 : box.height + 2 * pad
      let targetCells = min(max(CellGrid.minimumCells, Double(vertices) * cellsPerVertex), CellGrid.maximumCells)
      let cellSize = (gw * gh / targetCells).squareRoot()
      let cols = max(1, min(Int((gw / cellSize).rounded(.up)), CellGrid.maximumCellsPerSide))
      let rws = max(1, min(Int((gh / cellSize).rounded(.up)), CellGrid.maximumCellsPerSide))
      originX = gx0
      originY = gy0
      columns = cols
      rows = rws
      let cw = gw / Double(cols)
      let ch = gh / Double(rws)
      inverseCellWidth = 1 / cw
      inverseCellHeight = 1 / ch

      let touched = CellGrid.touchedCells(
        edgesPerArea, edgeCount: edgeCount, x0: gx0, y0: gy0, cellWidth: cw, cellHeight: ch, columns: cols, rows: rws)
      var crossingsPerRow = CellGrid.centreCrossings(edgesPerArea, y0: gy0, cellHeight: ch, rows: rws)

      // Each cell, row by row: the areas that contain its centre (odd crossings to its west),
      // and those whose edges touch it.
      let cellCount = cols * rws
      cells = .allocate(capacity: cellCount)
      var mixedStarts: [UInt32] = [0]
      var mixedCandidates: [UInt32] = []
      var odd: [UInt32] = []  // areas containing the current centre, sorted
      var touchedCursor = 0
      var pure = 0
      for r in 0..<rws {
        crossingsPerRow[r].sort { $0.x < $1.x }
        let crossings = crossingsPerRow[r]
        var k = 0
        odd.removeAll(keepingCapacity: true)
        for c in 0..<cols {
          let cell = r * cols + c
          let xc = gx0 + (Double(c) + 0.5) * cw
          while k < crossings.count && crossings[k].x < xc {
            let area = crossings[k].area
            if let i = odd.firstIndex(of: area) {
              odd.remove(at: i)
            } else {
              odd.insert(area, at: odd.firstIndex { $0 > area } ?? odd.endIndex)
            }
            k += 1
          }
          let touchStart = touchedCursor
          while touchedCursor < touched.count && Int(touched[touchedCursor] >> 32) == cell { touchedCursor += 1 }
          // A cell inside two overlapping areas is "mixed" too, so every area can be listed.
          if touchStart == touchedCursor && odd.count <= 1 {
            cells[cell] = odd.first ?? CellGrid.outsideCode
            pure += 1
          } else {
            var set = odd
            var last: UInt32 = .max
            for t in touchStart..<touchedCursor {
              let area = UInt32(truncatingIfNeeded: touched[t])
              if area != last && !set.contains(area) { set.append(area) }
              last = area
            }
            set.sort()
            cells[cell] = CellGrid.mixedFlag | UInt32(mixedStarts.count - 1)
            mixedCandidates.append(contentsOf: set)
            mixedStarts.append(UInt32(mixedCandidates.count))
          }
        }
      }
      pureCellFraction = Double(pure) / Double(cellCount)
      mixedStart = .allocate(capacity: mixedStarts.count)
      _ = mixedStart.initialize(from: mixedStarts)
      candidates = .allocate(capacity: max(1, mixedCandidates.count))
      _ = candidates.initialize(from: mixedCandidates)
      byteCount = cellCount * 4 + mixedStarts.count * 4 + mixedCandidates.count * 4
    }

    func deallocate() {
      cells.deallocate()
      mixedStart.deallocate()
      candidates.deallocate()
    }

    /// The code of the cell that holds `p` (see `cells`); `outsideCode` off the grid, and for
    /// NaN or infinite coordinates.
    @inline(__always)
    func code(_ p: XY) -> UInt32 {
      let fx = (p.x - originX) * inverseCellWidth
      let fy = (p.y - originY) * inverseCellHeight
      guard fx >= 0 && fy >= 0 && fx < Double(columns) && fy < Double(rows) else { return CellGrid.outsideCode }
      return cells[Int(fy) * columns + Int(fx)]
    }
  }
}
