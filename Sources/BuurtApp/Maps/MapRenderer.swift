import Foundation
public import GeoCore
import GeoOverlay
public import Grouping

/// Draws groups, streets and signs into an SVG document (metres, north up).
public struct MapRenderer {
  public var width: Double
  public init(width: Double) { self.width = width }
  static let palette = [
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
  ]

  public func render(
    municipality: MultiPolygon<XY>?, groups: [(name: String, area: MultiPolygon<XY>)], streets: [StreetLine], addresses: [XY], signs: [XY],
    title: String
  ) throws -> String {
    var all: [XY] = municipality?.polygons.flatMap(\.exterior.coordinates) ?? []
    for g in groups { all += g.area.polygons.flatMap(\.exterior.coordinates) }
    if all.isEmpty { all = addresses }
    guard !all.isEmpty else { throw AppError.invalidInput("nothing to draw: no boundary, groups or addresses") }
    let box = BoundingBox(all)
    let margin = 20.0
    let header = 50.0
    let scale = (width - 2 * margin) / max(box.width, 1)
    let height = box.height * scale + 2 * margin + header
    func sx(_ p: XY) -> Double { margin + (p.x - box.minFirst) * scale }
    func sy(_ p: XY) -> Double { header + margin + (box.maxSecond - p.y) * scale }
    func path(_ area: MultiPolygon<XY>) -> String {
      var d = ""
      for poly in area.polygons {
        for ring in poly.rings {
          for (k, c) in ring.coordinates.enumerated() { d += (k == 0 ? "M" : "L") + f(sx(c)) + "," + f(sy(c)) }
          d += "Z"
        }
      }
      return d
    }
    func esc(_ s: String) -> String { XMLText.escape(s) }

    // Colours: neighbouring groups never share one (greedy colouring of the touching graph).
    let overlay = Overlay()
    let shared = try overlay.sharedBoundaries(groups.map(\.area), minimumLength: 0.5)
    var neighbours = [[Int]](repeating: [], count: groups.count)
    for s in shared {
      neighbours[s.first].append(s.second)
      neighbours[s.second].append(s.first)
    }
    var colour = [Int](repeating: -1, count: groups.count)
    for g in groups.indices.sorted(by: { neighbours[$0].count > neighbours[$1].count }) {
      let taken = Set(neighbours[g].map { colour[$0] })
      colour[g] = (0..<MapRenderer.palette.count).first { !taken.contains($0) } ?? g % MapRenderer.palette.count
    }
    let set = GroupSet(names: groups.map(\.name), areas: groups.map(\.area))
    let (counts, _) = set.tally(set.assign(addresses))

    var svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    svg +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height.rounded(.up)))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
    svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    svg += "<text x=\"\(f(margin))\" y=\"32\" font-size=\"22\" fill=\"#222\">\(esc(title))</text>\n"
    svg += "<g id=\"groups\" stroke=\"#444\" stroke-width=\"1.2\" fill-opacity=\"0.85\">\n"
    for (g, group) in groups.enumerated() {
      svg +=
        "<path fill=\"\(MapRenderer.palette[colour[g]])\" d=\"\(path(group.area))\"><title>\(esc(group.name)): \(counts[g]) households</title></path>\n"
    }
    svg += "</g>\n<g id=\"streets\" fill=\"none\" stroke-linecap=\"round\">\n"
    let major: Set<String> = ["motorway", "trunk", "primary", "secondary"]
    let drawn: Set<String> = major.union(["tertiary", "residential", "unclassified", "living_street", "service"])
    for s in streets where drawn.contains(s.roadClass) {
      let cs = s.line.coordinates
      guard cs.count >= 2 else { continue }
      var d = ""
      for (k, c) in cs.enumerated() { d += (k == 0 ? "M" : "L") + f(sx(c)) + "," + f(sy(c)) }
      let w = major.contains(s.roadClass) ? 2.2 : s.roadClass == "service" ? 0.4 : 0.8
      svg +=
        "<path d=\"\(d)\" stroke=\"\(major.contains(s.roadClass) ? "#b03a2e" : "#555")\" stroke-width=\"\(w)\" stroke-opacity=\"0.7\"/>\n"
    }
    svg += "</g>\n"
    if let municipality {
      svg += "<path id=\"municipality\" d=\"\(path(municipality))\" fill=\"none\" stroke=\"#000\" stroke-width=\"2.5\"/>\n"
    }
    if !signs.isEmpty {
      svg += "<g id=\"signs\" fill=\"#d62728\" stroke=\"#fff\" stroke-width=\"1\">\n"
      for p in signs {
        let x = sx(p)
        let y = sy(p)
        svg += "<path d=\"M\(f(x)),\(f(y - 7))L\(f(x + 6)),\(f(y + 4))L\(f(x - 6)),\(f(y + 4))Z\"/>\n"
      }
      svg += "</g>\n"
    }
    // Labels: name and households at a point inside each group, sized to the group.
    svg += "<g id=\"labels\" text-anchor=\"middle\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\n"
    for (g, group) in groups.enumerated() {
      guard let p = try overlay.pointOnSurface(group.area) else { continue }
      let side = (group.area.area.squareRoot()) * scale
      let size = max(7, min(16, side / 9))
      svg += "<text x=\"\(f(sx(p)))\" y=\"\(f(sy(p)))\" font-size=\"\(f(size))\">\(esc(group.name))"
      svg += "<tspan x=\"\(f(sx(p)))\" dy=\"\(f(size * 1.1))\" font-size=\"\(f(size * 0.9))\">\(counts[g])</tspan></text>\n"
    }
    svg += "</g>\n"
    // Scale bar: 1 km.
    let bar = 1000 * scale
    let by = height - 12
    svg += "<g id=\"scale\"><path d=\"M\(f(margin)),\(f(by))h\(f(bar))\" stroke=\"#000\" stroke-width=\"3\"/>"
    svg += "<text x=\"\(f(margin + bar + 6))\" y=\"\(f(by + 4))\" font-size=\"12\">1 km</text></g>\n"
    svg += "</svg>\n"
    return svg
  }

  func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
