extension PolygonIndex.StripIndex {
  /// Three-way location of `p` in area `area` under the nudge rule (``PolygonIndex``'s rule 1):
  /// `.inside` when the point nudged by `(ε, ε²)` is inside; otherwise `.boundary` when `p` lies
  /// exactly on one of the area's edges; otherwise `.outside`.
  ///
  /// A ray cast east over the edges of the strip that holds `p`, with the half-open crossing
  /// rule: an edge counts when `y0 <= p.y < y1` and `p` is strictly to its left, decided by an
  /// exact orientation test (even-odd over all rings of the area).
  func locate(_ p: XY, inArea area: Int) -> Location {
    let y = p.y
    let x = p.x
    guard y >= areaMinY[area] && y <= areaMaxY[area] else { return .outside }
    let s = Int(areaFirstStrip[area]) + Self.strip(y, areaMinY[area], areaInverseStripHeight[area], Int(areaStripCount[area]))
    var inside = false
    var onBoundary = false
    var i = Int(stripStart[s])
    let end = Int(stripStart[s + 1])
    while i < end {
      let e = stripEdges[i]
      i += 1
      if y < e.y0 || y > e.y1 { continue }
      let minX = e.x0 < e.x1 ? e.x0 : e.x1
      if x < minX {
        if y < e.y1 { inside.toggle() }
        continue
      }
      let maxX = e.x0 < e.x1 ? e.x1 : e.x0
      if x > maxX { continue }
      let o = Orientation.sign(e.x0, e.y0, e.x1, e.y1, x, y)
      if o == 0 {
        onBoundary = true
      } else if o > 0 && y < e.y1 {
        inside.toggle()
      }
    }
    return inside ? .inside : (onBoundary ? .boundary : .outside)
  }
}
