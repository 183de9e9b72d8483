public import GeoCore

/// Answers "is this point within `threshold` metres of a group boundary?" with a grid over
/// the boundary segments (cell size ≥ threshold, so only the 3 × 3 cells around a point matter).
/// Immutable and `Sendable`.
public struct BoundaryProximity: Sendable {
  public let threshold: Double
  let originX: Double
  let originY: Double
  let cell: Double
  let columns: Int
  let rows: Int
  let cellStart: [Int32]
  let segments: [(XY, XY)]

  public init(areas: [MultiPolygon<XY>], threshold: Double = 5) {
    self.threshold = threshold
    var segs: [(XY, XY)] = []
    var box = BoundingBox<XY>.empty
    for area in areas {
      for polygon in area.polygons {
        for ring in polygon.rings {
          let cs = ring.coordinates
          guard cs.count >= 2 else { continue }
          for i in 0..<(cs.count - 1) where cs[i] != cs[i + 1] {
            segs.append((cs[i], cs[i + 1]))
            box.extend(cs[i])
          }
        }
      }
    }
    let cellSize = max(threshold, 50)
    originX = box.isEmpty ? 0 : box.minFirst - cellSize
    originY = box.isEmpty ? 0 : box.minSecond - cellSize
    cell = cellSize
    columns = box.isEmpty ? 1 : min(20_000, Int((box.width + 2 * cellSize) / cellSize) + 1)
    rows = box.isEmpty ? 1 : min(20_000, Int((box.height + 2 * cellSize) / cellSize) + 1)
    var buckets = [[Int32]](repeating: [], count: columns * rows)
    for (k, s) in segs.enumerated() {
      let c0 = max(0, min(columns - 1, Int((min(s.0.x, s.1.x) - originX) / cellSize)))
      let c1 = max(0, min(columns - 1, Int((max(s.0.x, s.1.x) - originX) / cellSize)))
      let r0 = max(0, min(rows - 1, Int((min(s.0.y, s.1.y) - originY) / cellSize)))
      let r1 = max(0, min(rows - 1, Int((max(s.0.y, s.1.y) - originY) / cellSize)))
      for r in r0...r1 { for c in c0...c1 { buckets[r * columns + c].append(Int32(k)) } }
    }
    var starts: [Int32] = [0]
    var flat: [(XY, XY)] = []
    for b in buckets {
      for k in b { flat.append(segs[Int(k)]) }
      starts.append(Int32(flat.count))
    }
    cellStart = starts
    segments = flat
  }

  /// Distance in metres to the nearest boundary segment, when it is below `threshold`.
  public func distance(_ p: XY) -> Double? {
    // Farther than one cell outside the grid: nothing is within `threshold` (≤ one cell).
    let fc = ((p.x - originX) / cell).rounded(.down)
    let fr = ((p.y - originY) / cell).rounded(.down)
    guard fc >= -1, fr >= -1, fc <= Double(columns), fr <= Double(rows) else { return nil }
    let c = Int(fc)
    let r = Int(fr)
    var best = Double.infinity
    for rr in max(0, r - 1)...min(rows - 1, r + 1) {
      for cc in max(0, c - 1)...min(columns - 1, c + 1) {
        let i = rr * columns + cc
        for k in Int(cellStart[i])..<Int(cellStart[i + 1]) {
          let (u, v) = segments[k]
          let dx = v.x - u.x
          let dy = v.y - u.y
          let len2 = dx * dx + dy * dy
          let t = max(0, min(1, ((p.x - u.x) * dx + (p.y - u.y) * dy) / len2))
          let ex = u.x + t * dx - p.x
          let ey = u.y + t * dy - p.y
          best = min(best, (ex * ex + ey * ey).squareRoot())
        }
      }
    }
    return best < threshold ? best : nil
  }

  public func isNear(_ p: XY) -> Bool { distance(p) != nil }
}
