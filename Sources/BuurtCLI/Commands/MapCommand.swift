public import ArgumentParser
import BuurtApp
import Foundation
import GeoCore
import GeoFormats
import GeoOverlay
import Grouping

/// `buurt map`: the municipality with its groups, streets and signs as SVG or PNG.
public struct MapCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "map",
    abstract: "Draw the groups (coloured, labelled with their households), the streets and the signs as SVG or PNG.",
    discussion: "PNG goes through rsvg-convert (Debian package librsvg2-bin).")

  @Option(help: "Data folder or store.") public var data: String
  @Option(help: "Groups to draw (default: the published set, or the folder's groups/wijken).") public var groups: String?
  @OptionGroup public var naming: NamePropertyOption
  var nameProperty: String { naming.nameProperty }
  @Option(help: "Sign points to draw (GeoJSON from buurt signs).") public var signs: String?
  @Option(help: "A title for the map.") public var title: String?
  @Option(help: "Width in pixels.") public var width: Int = 1600
  @Option(name: .shortAndLong, help: "Output: .svg or .png.") public var output: String
  @OptionGroup public var compute: ComputeOptions

  public init() {}

  public func validate() throws {
    guard output.hasSuffix(".svg") || output.hasSuffix(".png") else { throw ValidationError("--output must end in .svg or .png") }
    guard width >= 200 && width <= 10_000 else { throw ValidationError("--width must be between 200 and 10000") }
  }

  public func run() throws {
    try reportingErrors {
      let loader = try compute.loader()
      let planning = try PlanningData(path: data, loader: loader)
      var named: [(name: String, area: MultiPolygon<XY>)] = planning.current
      var subtitle = planning.currentSource ?? ""
      if let groups {
        let set = try ProposedSet(path: groups, nameProperty: nameProperty, loader: loader)
        named = set.groups.enumerated().compactMap { k, g in g.area.map { (g.name ?? "feature \(k)", $0) } }
        subtitle = groups
      }
      var signPoints: [XY] = []
      if let signs {
        let layer = try LayerLoader.readGeoJSON(signs)
        for g in try loader.metricGeometries(layer) {
          if case .point(let p)? = g { signPoints.append(p) }
        }
      }
      let svg = try MapRenderer(width: Double(width)).render(
        municipality: planning.municipality, groups: named, streets: planning.streets, addresses: planning.positions, signs: signPoints,
        title: title ?? "\(named.count) groups — \(subtitle)")
      if output.hasSuffix(".svg") {
        try FileIO.write(svg, to: output)
      } else {
        try MapCommand.png(svg: svg, to: output)
      }
      if !compute.quiet { Terminal.error("buurt: wrote \(output) (\(named.count) groups, \(signPoints.count) signs)") }
    }
  }

  static func png(svg: String, to output: String) throws {
    let tmp = output + ".tmp.svg"
    try FileIO.write(svg, to: tmp)
    defer { unlink(tmp) }
    let candidates = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"]
    guard let tool = candidates.first(where: FileIO.exists) else {
      throw CLIError("PNG output needs rsvg-convert (apt-get install librsvg2-bin); or write .svg")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = ["-o", output, tmp]
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw CLIError("rsvg-convert failed (exit \(p.terminationStatus)) writing \(output)") }
  }
}

/// Draws groups, streets and signs into an SVG document (metres, north up).
struct MapRenderer {
  var width: Double
  static let palette = [
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
  ]

  func render(
    municipality: MultiPolygon<XY>?, groups: [(name: String, area: MultiPolygon<XY>)], streets: [StreetLine], addresses: [XY], signs: [XY],
    title: String
  ) throws -> String {
    var all: [XY] = municipality?.polygons.flatMap(\.exterior.coordinates) ?? []
    for g in groups { all += g.area.polygons.flatMap(\.exterior.coordinates) }
    if all.isEmpty { all = addresses }
    guard !all.isEmpty else { throw CLIError("nothing to draw: no boundary, groups or addresses") }
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
    func esc(_ s: String) -> String {
      s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

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
