import Foundation
public import GeoCore
import GeoOverlay
public import Grouping

/// The maps of the public pages, drawn by buurt itself as small SVG documents (no tiles, no
/// fonts or scripts from anywhere): the municipality's streets under the group areas, each
/// area filled by its state or, on a group's own map, that group highlighted among its
/// neighbours, with the names as labels. Coordinates are whole pixels of an 800-pixel-wide
/// drawing, so a map of a whole municipality stays some tens of kilobytes.
public struct PublicMap: Sendable {
  /// A group as the map draws it.
  public struct Area: Sendable {
    public var name: String
    public var area: MultiPolygon<XY>
    /// A fill colour (`#rrggbb`).
    public var fill: String
    public init(name: String, area: MultiPolygon<XY>, fill: String) {
      self.name = name
      self.area = area
      self.fill = fill
    }
  }

  /// A place marked on the map (a validation finding, a sign): a numbered dot.
  public struct Mark: Sendable {
    public var position: XY
    public var label: String
    /// A fill colour (`#rrggbb`).
    public var fill: String
    public init(position: XY, label: String, fill: String) {
      self.position = position
      self.label = label
      self.fill = fill
    }
  }

  public static let width = 800.0
  let streets: [(line: [XY], box: BoundingBox<XY>, major: Bool)]
  let municipality: MultiPolygon<XY>?

  /// Keeps the streets people recognise (from residential roads up; no paths, tracks or service roads).
  public init(streets: [StreetLine], municipality: MultiPolygon<XY>?) {
    let major: Set<String> = ["motorway", "trunk", "primary", "secondary"]
    let drawn = major.union(["tertiary", "residential", "unclassified", "living_street"])
    self.streets = streets.compactMap { s in
      guard drawn.contains(s.roadClass), s.line.coordinates.count >= 2 else { return nil }
      return (s.line.coordinates, BoundingBox(s.line.coordinates), major.contains(s.roadClass))
    }
    self.municipality = municipality
  }

  /// The drawing and its height in pixels (the width is ``width``).
  public struct Drawing: Sendable {
    public var svg: String
    public var height: Int
  }

  /// Every group, filled as given, labelled; `title` is the map's accessible name.
  /// With `marks`, numbered dots on top (labels drawn once, areas labelled only when `labels`).
  public func overview(_ areas: [Area], title: String, marks: [Mark] = [], labels: Bool = true) throws -> Drawing {
    var all: [XY] = municipality?.polygons.flatMap(\.exterior.coordinates) ?? []
    for a in areas { all += a.area.polygons.flatMap(\.exterior.coordinates) }
    all += marks.map(\.position)
    return try draw(areas, focus: nil, view: all.isEmpty ? nil : BoundingBox(all), title: title, marks: marks, labels: labels)
  }

  /// The group `focus` filled as given and the others pale, framed on the focus group.
  public func group(_ focus: Int, of areas: [Area], title: String) throws -> Drawing {
    let box = BoundingBox(areas[focus].area.polygons.flatMap(\.exterior.coordinates))
    let pad = max(box.width, box.height) * 0.12 + 50
    let view = BoundingBox<XY>(
      minFirst: box.minFirst - pad, minSecond: box.minSecond - pad, maxFirst: box.maxFirst + pad, maxSecond: box.maxSecond + pad)
    return try draw(areas, focus: focus, view: view, title: title)
  }

  func draw(_ areas: [Area], focus: Int?, view: BoundingBox<XY>?, title: String, marks: [Mark] = [], labels: Bool = true) throws
    -> Drawing
  {
    guard let view, view.width > 0, view.height > 0 else { throw AppError.invalidInput("nothing to draw: no boundary or groups") }
    let width = PublicMap.width
    let scale = width / view.width
    let height = Int((view.height * scale).rounded(.up))
    func point(_ p: XY) -> (Int, Int) { (Int(((p.x - view.minFirst) * scale).rounded()), Int(((view.maxSecond - p.y) * scale).rounded())) }
    func path(_ coordinates: [XY], closed: Bool, into d: inout String) {
      var last: (Int, Int)? = nil
      for c in coordinates {
        let p = point(c)
        if let l = last, l == p { continue }
        d += (last == nil ? "M" : "L") + "\(p.0) \(p.1)"
        last = p
      }
      if closed { d += "Z" }
    }
    func areaPath(_ area: MultiPolygon<XY>) -> String {
      var d = ""
      for poly in area.polygons { for ring in poly.rings { path(ring.coordinates, closed: true, into: &d) } }
      return d
    }
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(height)\" width=\"\(Int(width))\" height=\"\(height)\" role=\"img\">"
    svg += "<title>\(PublicMap.escape(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#f7f7f4\"/>"
    svg += "<g stroke=\"#ffffff\" stroke-width=\"1\">"
    for (k, a) in areas.enumerated() where k != focus {
      svg += "<path fill=\"\(focus == nil ? a.fill : "#e4e4e0")\" d=\"\(areaPath(a.area))\"/>"
    }
    svg += "</g>"
    if let focus {
      svg +=
        "<path fill=\"\(areas[focus].fill)\" fill-opacity=\"0.8\" stroke=\"#0b3d7a\" stroke-width=\"3\" d=\"\(areaPath(areas[focus].area))\"/>"
    }
    var minor = ""
    var major = ""
    for s in streets where s.box.intersects(view) {
      if s.major { path(s.line, closed: false, into: &major) } else { path(s.line, closed: false, into: &minor) }
    }
    svg += "<path fill=\"none\" stroke=\"#8a8a8a\" stroke-width=\"\(focus == nil ? "0.6" : "1.2")\" d=\"\(minor)\"/>"
    svg += "<path fill=\"none\" stroke=\"#a0522d\" stroke-width=\"\(focus == nil ? "1.6" : "2.4")\" d=\"\(major)\"/>"
    if let municipality, focus == nil {
      svg += "<path fill=\"none\" stroke=\"#222\" stroke-width=\"2\" d=\"\(areaPath(municipality))\"/>"
    }
    // Labels: each group's name at a point inside it, sized to the group (the focus group larger).
    let overlay = Overlay()
    svg += "<g font-family=\"sans-serif\" text-anchor=\"middle\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">"
    for (k, a) in areas.enumerated() where labels {
      guard let p = try overlay.pointOnSurface(a.area) else { continue }
      let (x, y) = point(p)
      guard x >= 0, y >= 0, x <= Int(width), y <= height else { continue }
      let side = a.area.area.squareRoot() * scale
      let size = k == focus ? 18 : Int(max(9, min(14, side / 8)).rounded())
      svg +=
        "<text x=\"\(x)\" y=\"\(y)\" font-size=\"\(size)\"\(k == focus ? " font-weight=\"bold\"" : "")>\(PublicMap.escape(a.name))</text>"
    }
    svg += "</g>"
    if !marks.isEmpty {
      svg += "<g font-family=\"sans-serif\" font-size=\"10\" text-anchor=\"middle\" stroke=\"#000\" stroke-width=\"1\">"
      for m in marks {
        let (x, y) = point(m.position)
        svg += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"8\" fill=\"\(m.fill)\"/>"
        svg += "<text x=\"\(x)\" y=\"\(y + 4)\" stroke=\"none\" fill=\"#000\">\(PublicMap.escape(m.label))</text>"
      }
      svg += "</g>"
    }
    // Scale bar: 500 m.
    let bar = Int((500 * scale).rounded())
    svg += "<g font-family=\"sans-serif\" font-size=\"12\"><path d=\"M10 \(height - 12)h\(bar)\" stroke=\"#000\" stroke-width=\"3\"/>"
    svg += "<text x=\"\(bar + 16)\" y=\"\(height - 8)\">500 m</text></g></svg>\n"
    return Drawing(svg: svg, height: height)
  }

  static func escape(_ s: String) -> String { XMLText.escape(s) }
}
