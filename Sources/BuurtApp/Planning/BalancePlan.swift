import Foundation
public import GeoCore
import GeoFormats
import GeoOverlay
public import GeoProjection
public import Grouping

/// A balancing run from data to named groups, with its figures.
public struct BalancePlan {
  public struct Options: Sendable {
    public var target: Int
    public var tolerance: Double
    public var fromCurrent: Bool
    public var keepWithinDeelgemeenten = false
    public var barrierClasses: Set<String> = []
    public var splitAbove: Int?
    public var compactness = 4.0
    public var moveWeight = 20.0
    public init(target: Int, tolerance: Double, fromCurrent: Bool) {
      self.target = target
      self.tolerance = tolerance
      self.fromCurrent = fromCurrent
    }
  }

  public let options: Options
  public let graph: AtomGraph
  public let assignment: [Int]
  public let names: [String]
  public let areas: [MultiPolygon<XY>]
  public let metrics: PlanMetrics
  public let current: [Int?]
  public let currentNames: [String]
  public let currentSource: String?
  public let atomRegionNames: [String?]
  public let explanations: [Int: String]
  public let seconds: Double
  public let balanceSeconds: Double
  /// Whether each group's union is one polygon.
  public let singlePolygon: [Bool]

  /// - Throws: ``AppError`` when the data has no boundary or streets; ``OverlayError``.
  public init(data: PlanningData, options: Options, progress: Progress) throws {
    let t0 = MonotonicClock.now()
    self.options = options
    guard let municipality = data.municipality else {
      throw AppError.invalidInput("\(data.path): no boundary layer (boundary.geojson): balancing needs the municipality outline")
    }
    guard !data.streets.isEmpty else {
      throw AppError.invalidInput("\(data.path): no streets layer (streets.geojson): balancing builds blocks from the streets")
    }
    if options.keepWithinDeelgemeenten && data.deelgemeenten.isEmpty {
      throw AppError.invalidInput("\(data.path): --keep-within deelgemeenten needs a deelgemeenten layer")
    }
    var builder = StreetBlockBuilder()
    builder.splitAbove = options.splitAbove ?? max(5, options.target / 5)
    builder.barrierClasses = options.barrierClasses
    let positions = data.positions
    let graph = try progress.step("building street blocks") {
      try builder.build(
        municipality: municipality, streets: data.streets, addresses: positions,
        regions: options.keepWithinDeelgemeenten ? data.deelgemeenten.map(\.area) : nil)
    }
    self.graph = graph
    progress.say(
      "\(graph.blockCount) street blocks, \(graph.splitBlocks) split, \(graph.atoms.count) atoms, \(graph.edges.filter(\.allowed).count) neighbour pairs"
    )

    // Each atom's current group: where most of its households are (else its centre).
    let currentSet = data.current.isEmpty ? nil : GroupSet(names: data.current.map(\.name), areas: data.current.map(\.area))
    let currentNames = data.current.map(\.name)
    self.currentNames = currentNames
    currentSource = data.currentSource
    let overlay = Overlay()
    var current = [Int?](repeating: nil, count: graph.atoms.count)
    if let currentSet {
      for (k, atom) in graph.atoms.enumerated() {
        var votes: [Int: Int] = [:]
        for a in atom.addresses { if let g = currentSet.group(containing: positions[a]) { votes[g, default: 0] += 1 } }
        if let top = votes.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) {
          current[k] = top.key
        } else if let p = try overlay.pointOnSurface(atom.area) {
          current[k] = currentSet.group(containing: p)
        }
      }
    }
    self.current = current
    let deelgemeenten =
      data.deelgemeenten.isEmpty ? nil : GroupSet(names: data.deelgemeenten.map(\.name), areas: data.deelgemeenten.map(\.area))
    let atomRegionNames: [String?] = try graph.atoms.map { atom in
      guard let deelgemeenten, let p = try overlay.pointOnSurface(atom.area) else { return nil }
      return deelgemeenten.group(containing: p).map { deelgemeenten.names[$0] }
    }
    self.atomRegionNames = atomRegionNames

    var balancer = Balancer(target: Double(options.target), tolerance: options.tolerance)
    balancer.compactnessWeight = options.compactness
    balancer.movePenalty = options.moveWeight
    let tb = MonotonicClock.now()
    let result = progress.step("balancing \(Format.count(positions.count)) households into groups of \(options.target)") {
      balancer.balance(graph, current: options.fromCurrent && currentSet != nil ? current : nil)
    }
    balanceSeconds = MonotonicClock.now() - tb
    assignment = result.assignment
    let metrics = PlanMetrics(
      graph: graph, assignment: result.assignment, groupCount: result.groupCount, target: Double(options.target),
      current: currentSet == nil ? nil : current)
    self.metrics = metrics

    // Names: a group that continues a current group keeps its name; others are named after the
    // deelgemeente (or current group) holding most of their households, numbered.
    var names = [String](repeating: "", count: result.groupCount)
    var used = Set<String>()
    if options.fromCurrent {
      for g in 0..<result.groupCount {
        if let c = metrics.matchedCurrent[g] {
          names[g] = currentNames[c]
          used.insert(names[g])
        }
      }
    }
    var counters: [String: Int] = [:]
    for g in 0..<result.groupCount where names[g].isEmpty {
      var votes: [String: Int] = [:]
      for (i, a) in graph.atoms.enumerated() where result.assignment[i] == g {
        let base = options.fromCurrent ? current[i].map { currentNames[$0] } : atomRegionNames[i]
        votes[base ?? "Groep", default: 0] += max(1, a.households)
      }
      let base = votes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "Groep"
      var k = counters[base, default: options.fromCurrent ? 1 : 0]
      var name: String
      repeat {
        k += 1
        name = "\(base) \(k)"
      } while used.contains(name)
      counters[base] = k
      used.insert(name)
      names[g] = name
    }
    self.names = names

    let areas = try progress.step("joining blocks into group outlines") {
      try (0..<result.groupCount).map { g in
        try overlay.union(graph.atoms.indices.filter { result.assignment[$0] == g }.map { graph.atoms[$0].area })
      }
    }
    self.areas = areas
    singlePolygon = areas.map { $0.polygons.count == 1 }

    // Why a group is out of tolerance.
    var explanations: [Int: String] = [:]
    let low = Double(options.target) * (1 - options.tolerance)
    let high = Double(options.target) * (1 + options.tolerance)
    let parts = graph.neighbourComponents()
    for (g, m) in metrics.groups.enumerated() where abs(m.deviation) > options.tolerance + 1e-9 {
      let members = graph.atoms.indices.filter { result.assignment[$0] == g }
      let big = members.map { graph.atoms[$0].households }.max() ?? 0
      let partWeight = Set(members.map { parts.of[$0] }).reduce(0) { $0 + parts.households[$1] }
      if Double(big) > high {
        explanations[g] = "holds one block of \(big) addresses that cannot be cut further (addresses at one spot)"
      } else if Double(partWeight) < low {
        explanations[g] = "its area (enclosed by barriers or a border) holds only \(partWeight) households"
      } else {
        let groupsThere = Set(members.map { parts.of[$0] }).reduce(0) { sum, c in
          sum + Set(graph.atoms.indices.filter { parts.of[$0] == c && graph.atoms[$0].households > 0 }.map { result.assignment[$0] }).count
        }
        explanations[g] =
          "its area (between barriers) holds \(partWeight) households in \(groupsThere) groups, \(partWeight / max(1, groupsThere)) on average; no contiguous move of whole blocks brings it closer"
      }
    }
    self.explanations = explanations
    seconds = MonotonicClock.now() - t0
  }

  public var withinTolerance: Int {
    let t = Double(options.target)
    return metrics.groups.filter { abs(Double($0.households) - t) <= t * options.tolerance + 1e-9 }.count
  }

  public func groupsGeoJSON(projection: MetricProjection) throws -> String {
    var features: [Feature<LonLat>] = []
    let overlay = Overlay()
    // One batch through PROJ for every outline.
    let flat = try projection.inverse(areas.flatMap { Geometry<XY>.multiPolygon($0).allCoordinates })
    var offset = 0
    for (g, area) in areas.enumerated() {
      let m = metrics.groups[g]
      let n = Geometry<XY>.multiPolygon(area).allCoordinates.count
      let lonLat = Geometry<XY>.multiPolygon(area).replacingCoordinates(with: flat[offset..<(offset + n)].map { XY(x: $0.lon, y: $0.lat) })
      offset += n
      // Lon/lat snapped (not just rounded) to 1e-9 degree, so every outline stays valid.
      guard case .multiPolygon(let degrees) = lonLat else { continue }
      let snapped = try overlay.snapped(degrees, gridSize: 1e-9)
      let back = MultiPolygon(
        snapped.polygons.map { p in
          Polygon(
            exterior: LinearRing(p.exterior.coordinates.map { LonLat(lon: $0.x, lat: $0.y) }),
            holes: p.holes.map { LinearRing($0.coordinates.map { LonLat(lon: $0.x, lat: $0.y) }) }
          ).normalized()
        })
      let geometry: Geometry<LonLat> = back.polygons.count == 1 ? .polygon(back.polygons[0]) : .multiPolygon(back)
      var props: [JSONObject.Member] = [
        .init(key: "name", value: .string(names[g])),
        .init(key: "households", value: .number(Double(m.households))),
        .init(key: "deviation", value: .number((m.deviation * 1000).rounded() / 1000)),
        .init(key: "polsby_popper", value: .number((m.polsbyPopper * 1000).rounded() / 1000)),
        .init(key: "contiguous", value: .bool(m.contiguous && singlePolygon[g])),
        .init(key: "atoms", value: .number(Double(m.atoms))),
      ]
      if let why = explanations[g] { props.append(.init(key: "note", value: .string(why))) }
      features.append(Feature(geometry: geometry, properties: JSONObject(props)))
    }
    // 9 decimals (0.1 mm): group outlines meet the municipality boundary without slivers.
    return GeoJSONWriter(decimals: 9).write(FeatureCollection(features))
  }

  public func atomsGeoJSON(projection: MetricProjection) throws -> String {
    var neighbours = [[Int]](repeating: [], count: graph.atoms.count)
    var touching = [[(Int, Double)]](repeating: [], count: graph.atoms.count)
    for e in graph.edges {
      touching[e.a].append((e.b, e.length))
      touching[e.b].append((e.a, e.length))
      if e.allowed {
        neighbours[e.a].append(e.b)
        neighbours[e.b].append(e.a)
      }
    }
    let parts = graph.neighbourComponents()
    var features: [Feature<LonLat>] = []
    let flat = try projection.inverse(graph.atoms.flatMap { Geometry<XY>.multiPolygon($0.area).allCoordinates })
    var offset = 0
    for (k, atom) in graph.atoms.enumerated() {
      let metric = Geometry<XY>.multiPolygon(atom.area)
      let n = metric.allCoordinates.count
      let geometry: Geometry<LonLat> = metric.replacingCoordinates(with: Array(flat[offset..<(offset + n)]))
      offset += n
      let t = touching[k].sorted { $0.0 < $1.0 }
      features.append(
        Feature(
          geometry: geometry,
          properties: JSONObject([
            .init(key: "atom", value: .number(Double(k))),
            .init(key: "households", value: .number(Double(atom.households))),
            .init(key: "block", value: .number(Double(atom.block))),
            .init(key: "component", value: .number(Double(parts.of[k]))),
            .init(key: "current", value: current[k].map { .string(currentNames[$0]) } ?? .null),
            .init(key: "deelgemeente", value: atomRegionNames[k].map { .string($0) } ?? .null),
            .init(key: "neighbours", value: .array(neighbours[k].sorted().map { .number(Double($0)) })),
            .init(key: "touching", value: .array(t.map { .number(Double($0.0)) })),
            .init(key: "touching_m", value: .array(t.map { .number(($0.1 * 100).rounded() / 100) })),
            .init(key: "area_m2", value: .number((atom.squareMetres * 100).rounded() / 100)),
            .init(key: "perimeter_m", value: .number((atom.perimeter * 100).rounded() / 100)),
            .init(key: "group", value: .string(names[assignment[k]])),
          ])))
    }
    let foreign = JSONObject([
      .init(key: "generator", value: .string("buurt \(BuurtVersion.current)")),
      .init(key: "from", value: .string(options.fromCurrent ? "current" : "scratch")),
      .init(key: "touching_minimum_m", value: .number(0.01)),
      .init(key: "neighbour_minimum_m", value: .number(1)),
      .init(key: "barriers", value: .array(options.barrierClasses.sorted().map { .string($0) })),
      .init(key: "target", value: .number(Double(options.target))), .init(key: "tolerance", value: .number(options.tolerance)),
      .init(key: "crs_metric", value: .string("EPSG:31370")), .init(key: "runtime_seconds", value: .number(balanceSeconds)),
    ])
    return GeoJSONWriter(decimals: 7).write(FeatureCollection(features, foreignMembers: foreign))
  }

  /// The plan's figures as programs read them (`buurt balance --json`).
  public var report: BalanceReport {
    func r(_ v: Double, _ d: Double = 1000) -> Double { (v * d).rounded() / d }
    return BalanceReport(
      target: options.target, tolerance: options.tolerance, from: options.fromCurrent ? "current" : "scratch", currentSource: currentSource,
      streetBlocks: graph.blockCount, splitBlocks: graph.splitBlocks, atoms: graph.atoms.count, groupsCount: names.count,
      households: metrics.groups.reduce(0) { $0 + $1.households }, withinTolerance: withinTolerance, maxDeviation: r(metrics.maxDeviation),
      meanPolsbyPopper: r(metrics.meanPolsbyPopper),
      nonContiguous: zip(metrics.groups, singlePolygon).filter { !($0.contiguous && $1) }.count, cutEdges: metrics.cutEdges,
      householdsMoved: metrics.householdsMoved, runtimeSeconds: r(seconds), balanceSeconds: r(balanceSeconds, 10000),
      groups: metrics.groups.enumerated().map { g, m in
        BalanceReport.Group(
          name: names[g], households: m.households, deviation: r(m.deviation), polsbyPopper: r(m.polsbyPopper),
          contiguous: m.contiguous && singlePolygon[g], atoms: m.atoms, note: explanations[g])
      })
  }

  public var reportText: String {
    var out =
      "\(names.count) groups of target \(options.target) ± \(Int((options.tolerance * 100).rounded()))% from \(options.fromCurrent ? "the current set (\(currentSource ?? "none"))" : "scratch"): "
    out += "\(graph.blockCount) street blocks (\(graph.splitBlocks) cut between address clusters) → \(graph.atoms.count) atoms\n"
    out +=
      "  \(Format.padded("group", 28))\(Format.padded("households", 11, right: true))\(Format.padded("deviation", 10, right: true))\(Format.padded("PP", 7, right: true))  contiguous\n"
    for (g, m) in metrics.groups.enumerated() {
      out += "  \(Format.padded(names[g], 28))\(Format.padded(String(m.households), 11, right: true))"
      out += "\(Format.padded((m.deviation >= 0 ? "+" : "") + Format.fixed(m.deviation * 100, 1) + "%", 10, right: true))"
      out += "\(Format.padded(Format.fixed(m.polsbyPopper, 2), 7, right: true))  \(m.contiguous && singlePolygon[g] ? "yes" : "NO")"
      if let why = explanations[g] { out += "  (\(why))" }
      out += "\n"
    }
    out += "within tolerance: \(withinTolerance)/\(names.count); max deviation \(Format.fixed(metrics.maxDeviation * 100, 1))%; "
    out += "mean Polsby-Popper \(Format.fixed(metrics.meanPolsbyPopper, 3)); cut edges \(metrics.cutEdges); "
    out +=
      "households moved: \(metrics.householdsMoved.map(String.init) ?? "n/a"); runtime \(Format.seconds(seconds)) (balancing \(Format.seconds(balanceSeconds)))\n"
    return out
  }
}

/// A balance plan's figures: the options, the atoms, per group households, deviation from the
/// target, compactness (Polsby-Popper) and contiguity, and why a group misses the tolerance.
public struct BalanceReport: Encodable, Sendable {
  public struct Group: Encodable, Sendable {
    public var name: String
    public var households: Int
    public var deviation: Double
    public var polsbyPopper: Double
    public var contiguous: Bool
    public var atoms: Int
    /// Why the group is outside the tolerance, when the data explain it.
    public var note: String?

    enum CodingKeys: String, CodingKey {
      case name, households, deviation
      case polsbyPopper = "polsby_popper"
      case contiguous, atoms, note
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(name, forKey: .name)
      try c.encode(households, forKey: .households)
      try c.encode(deviation, forKey: .deviation)
      try c.encode(polsbyPopper, forKey: .polsbyPopper)
      try c.encode(contiguous, forKey: .contiguous)
      try c.encode(atoms, forKey: .atoms)
      if let note { try c.encode(note, forKey: .note) }
    }
  }
  public var target: Int
  public var tolerance: Double
  public var from: String
  public var currentSource: String?
  public var streetBlocks: Int
  public var splitBlocks: Int
  public var atoms: Int
  public var groupsCount: Int
  public var households: Int
  public var withinTolerance: Int
  public var maxDeviation: Double
  public var meanPolsbyPopper: Double
  public var nonContiguous: Int
  public var cutEdges: Int
  public var householdsMoved: Int?
  public var runtimeSeconds: Double
  public var balanceSeconds: Double
  public var groups: [Group]

  enum CodingKeys: String, CodingKey {
    case target, tolerance, from
    case currentSource = "current_source"
    case streetBlocks = "street_blocks"
    case splitBlocks = "split_blocks"
    case atoms
    case groupsCount = "groups_count"
    case households
    case withinTolerance = "within_tolerance"
    case maxDeviation = "max_deviation"
    case meanPolsbyPopper = "mean_polsby_popper"
    case nonContiguous = "non_contiguous"
    case cutEdges = "cut_edges"
    case householdsMoved = "households_moved"
    case runtimeSeconds = "runtime_seconds"
    case balanceSeconds = "balance_seconds"
    case groups
  }
}
