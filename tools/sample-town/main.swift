// buurt-sample-town
//
// Deterministically generates a small, clearly-labelled GENERATED sample town
// ("Sample town Buurtdorp") for testing buurt. None of this is real data.
//
// Usage:  buurt-sample-town <output-folder>
//         (swift run buurt-sample-town GeoData/sample)
//
// Everything is built in a local metric plane (x east, y north, metres) around
// lon 5.30 / lat 50.95 and converted to WGS84 lon/lat with a simple local
// equirectangular mapping. Shared polygon vertices are stored once (by index)
// and reused, so polygons tile exactly, also after rounding to 7 decimals.
// Only IEEE-exact arithmetic (+ - * / sqrt) is used, so the output is
// byte-identical across runs and platforms.

import Foundation

// MARK: - Constants

let originLon = 5.30
let originLat = 50.95
let metresPerDegreeLat = 111_320.0
/// cos(50.95 degrees), hard-coded so no libm transcendental is involved.
let cosOriginLat = 0.6299983391261322
let metresPerDegreeLon = metresPerDegreeLat * cosOriginLat
let generatedMarker = "buurt sample town (synthetic, not real data)"
let townName = "Buurtdorp"
let nisCode = "99999"
let prngSeed: UInt64 = 0x6275_7572_7464_6F72  // "buurtdor"

// MARK: - PRNG

struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }
  mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func chance(_ p: Double) -> Bool { unit() < p }
  mutating func shuffle<T>(_ a: inout [T]) {
    if a.count < 2 { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      let j = below(i + 1)
      a.swapAt(i, j)
    }
  }
}

// MARK: - Planar geometry

struct P: Equatable {
  var x: Double
  var y: Double
  static func + (a: P, b: P) -> P { P(x: a.x + b.x, y: a.y + b.y) }
  static func - (a: P, b: P) -> P { P(x: a.x - b.x, y: a.y - b.y) }
  static func * (a: P, k: Double) -> P { P(x: a.x * k, y: a.y * k) }
  func dot(_ o: P) -> Double { x * o.x + y * o.y }
  func cross(_ o: P) -> Double { x * o.y - y * o.x }
  var length: Double { (x * x + y * y).squareRoot() }
  var normalized: P {
    let l = length
    return P(x: x / l, y: y / l)
  }
  /// Left normal (rotated +90 degrees).
  var leftNormal: P { P(x: -y, y: x) }
}

func distPointSegment(_ p: P, _ a: P, _ b: P) -> Double {
  let ab = b - a
  let l2 = ab.dot(ab)
  var t = l2 > 0 ? (p - a).dot(ab) / l2 : 0
  t = max(0, min(1, t))
  return (p - (a + ab * t)).length
}

/// Even-odd crossing test against one ring (ring given without closing point).
func pointInRing(_ p: P, _ ring: [P]) -> Bool {
  var inside = false
  var j = ring.count - 1
  for i in 0..<ring.count {
    let a = ring[i]
    let b = ring[j]
    if (a.y > p.y) != (b.y > p.y) {
      let xCross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)
      if p.x < xCross { inside.toggle() }
    }
    j = i
  }
  return inside
}

/// Twice the signed area (positive = counter-clockwise).
func signedArea2(_ ring: [P]) -> Double {
  var s = 0.0
  for i in 0..<ring.count {
    let a = ring[i]
    let b = ring[(i + 1) % ring.count]
    s += a.x * b.y - b.x * a.y
  }
  return s
}

/// Distance t along a ray p + t*d (d unit) to the first crossing with a ring.
func rayHitDistance(_ p: P, _ d: P, ring: [P]) -> Double {
  var best = Double.infinity
  for i in 0..<ring.count {
    let a = ring[i]
    let b = ring[(i + 1) % ring.count]
    let e = b - a
    let denom = d.cross(e)
    if abs(denom) < 1e-12 { continue }
    let ap = a - p
    let t = ap.cross(e) / denom
    let u = ap.cross(d) / denom
    if t > 1e-9 && u >= 0 && u <= 1 && t < best { best = t }
  }
  return best
}

// MARK: - Point store (every vertex computed once and reused by index)

struct PointStore {
  var pts: [P] = []
  mutating func add(_ p: P) -> Int {
    pts.append(p)
    return pts.count - 1
  }
  subscript(i: Int) -> P { pts[i] }
  func ring(_ idx: [Int]) -> [P] { idx.map { pts[$0] } }
}

struct Polygon {
  var properties: [(String, String)]
  var rings: [[Int]]  // first exterior (CCW), then holes (CW); not closed
  var name: String {
    properties.first(where: { $0.0 == "name" })?.1 ?? ""
  }
}

struct Street {
  var name: String
  var highway: String
  var nodes: [Int]
}

struct Segment {
  var streetIndex: Int
  var nodes: [Int]
  var bridge: Bool
}

struct Address {
  var street: String
  var housenumber: String
  var postcode: String
  var deelgemeente: String
  var wijk: String
  var p: P
}

// MARK: - Output formatting

/// Fixed 7-decimal formatting without locale or printf involvement.
func fmt7(_ v: Double) -> String {
  let n = Int64((v * 10_000_000.0).rounded())
  let neg = n < 0
  let a = neg ? -n : n
  var frac = String(a % 10_000_000)
  while frac.count < 7 { frac = "0" + frac }
  return (neg && a != 0 ? "-" : "") + String(a / 10_000_000) + "." + frac
}

func fmt1(_ v: Double) -> String {
  let n = Int64((v * 10.0).rounded())
  let neg = n < 0
  let a = neg ? -n : n
  return (neg && a != 0 ? "-" : "") + String(a / 10) + "." + String(a % 10)
}

func jsonString(_ s: String) -> String {
  var out = "\""
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if u.value < 0x20 {
        let h = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
      } else {
        out.unicodeScalars.append(u)
      }
    }
  }
  return out + "\""
}

func csvField(_ s: String) -> String {
  if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
  return s
}

func utf8Less(_ a: String, _ b: String) -> Bool {
  Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
}

struct LonLatFormatter {
  let store: PointStore
  func lonLat(_ p: P) -> (Double, Double) {
    (originLon + p.x / metresPerDegreeLon, originLat + p.y / metresPerDegreeLat)
  }
  func coord(_ p: P) -> String {
    let (lon, lat) = lonLat(p)
    return "[" + fmt7(lon) + "," + fmt7(lat) + "]"
  }
  func line(_ idx: [Int]) -> String {
    "[" + idx.map { coord(store[$0]) }.joined(separator: ",") + "]"
  }
  func closedRing(_ idx: [Int]) -> String {
    line(idx + [idx[0]])
  }
}

func propertiesJSON(_ props: [(String, String)]) -> String {
  "{" + props.map { jsonString($0.0) + ":" + jsonString($0.1) }.joined(separator: ",") + "}"
}

func featureCollection(name: String, features: [String]) -> String {
  var s = "{\"type\":\"FeatureCollection\",\n"
  s += "\"name\":" + jsonString(name) + ",\n"
  s += "\"generated\":" + jsonString(generatedMarker) + ",\n"
  s += "\"features\":[\n"
  s += features.joined(separator: ",\n")
  s += "\n]}\n"
  return s
}

// MARK: - Generator

struct Village {
  var rowsY: [Double] = []
  var colsX: [Double] = []
  var node: [[Int?]] = []  // node[col][row]
  var canalSide: [Int] = []  // Kanaalweg / Kanaaldijk node per row
  var rowStreet: [Int] = []  // street index per row (bridge rows share)
  var colStreet: [Int?] = []
}

struct TownGenerator {
  var rng = SplitMix64(seed: prngSeed)
  var store = PointStore()
  var boundary = Polygon(properties: [], rings: [])
  var deelgemeenten: [Polygon] = []
  var wijken: [Polygon] = []
  var canalNodes: [Int] = []
  var streets: [Street] = []
  var segments: [Segment] = []
  var addresses: [Address] = []
  var bridgeEdges: [(Int, Int)] = []

  // Town layout (metres relative to the origin).
  let canalControl: [P] = [
    P(x: -95, y: -1000), P(x: -40, y: -450), P(x: 30, y: 150), P(x: 45, y: 600), P(x: 20, y: 1000),
  ]
  let westSplitY = (north: 330.0, south: -320.0)  // where the west wijk lines meet the canal
  let eastSplitY = (north: 420.0, south: -200.0)  // where the east wijk lines meet the canal
  let bridgeY = (brug: -560.0, station: 60.0)

  func canalX(atY y: Double) -> Double {
    for i in 0..<(canalControl.count - 1) {
      let a = canalControl[i]
      let b = canalControl[i + 1]
      if y >= a.y && y <= b.y {
        if y == a.y { return a.x }
        if y == b.y { return b.x }
        return a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y)
      }
    }
    preconditionFailure("y outside canal range")
  }

  func canalIndex(atY y: Double) -> Int {
    guard let i = canalNodes.first(where: { store[$0].y == y }) else {
      preconditionFailure("no canal vertex at y=\(y)")
    }
    return i
  }

  /// Canal vertex indices strictly between y0 and y1, ordered from y0 towards y1.
  func canalBetween(_ y0: Double, _ y1: Double) -> [Int] {
    let lo = min(y0, y1)
    let hi = max(y0, y1)
    let inner = canalNodes.filter { store[$0].y > lo && store[$0].y < hi }
    return y0 < y1 ? inner : inner.reversed()
  }

  var boundaryRing: [P] { store.ring(boundary.rings[0]) }

  func distanceToBoundary(_ p: P) -> Double {
    let r = boundaryRing
    var d = Double.infinity
    for i in 0..<r.count { d = min(d, distPointSegment(p, r[i], r[(i + 1) % r.count])) }
    return d
  }

  // MARK: Polygons

  mutating func buildPolygons() {
    // Canal vertices: control points plus the points where wijk lines meet it.
    var ys = canalControl.map { $0.y }
    for y in [westSplitY.north, westSplitY.south, eastSplitY.north, eastSplitY.south] where !ys.contains(y) {
      ys.append(y)
    }
    ys.sort()
    canalNodes = ys.map { store.add(P(x: canalX(atY: $0), y: $0)) }
    let cS = canalIndex(atY: -1000)
    let cN = canalIndex(atY: 1000)

    // Outer boundary, counter-clockwise, starting east of the canal on the south edge.
    let s1 = store.add(P(x: 1150, y: -1000))  // south-east notch
    let s2 = store.add(P(x: 1150, y: -820))
    let s3 = store.add(P(x: 1500, y: -820))
    let es2 = store.add(P(x: 1500, y: -220))  // east wijk line (south) meets east edge
    let es1 = store.add(P(x: 1500, y: 470))  // east wijk line (north) meets east edge
    let s4 = store.add(P(x: 1500, y: 720))  // slanted north-east corner
    let s5 = store.add(P(x: 1250, y: 1000))
    let n1 = store.add(P(x: -1050, y: 1000))  // north-west notch
    let n2 = store.add(P(x: -1050, y: 870))
    let n3 = store.add(P(x: -1500, y: 870))
    let ws1 = store.add(P(x: -1500, y: 380))  // west wijk line (north) meets west edge
    let ws2 = store.add(P(x: -1500, y: -260))  // west wijk line (south) meets west edge
    let s6 = store.add(P(x: -1500, y: -720))  // slanted south-west corner
    let s7 = store.add(P(x: -1220, y: -1000))
    // Wijk lines: a middle vertex each, so they are not perfectly straight.
    let wl1 = store.add(P(x: -800, y: 360))
    let wl2 = store.add(P(x: -600, y: -300))
    let el1 = store.add(P(x: 700, y: 450))
    let el2 = store.add(P(x: 800, y: -240))
    let cW1 = canalIndex(atY: westSplitY.north)
    let cW2 = canalIndex(atY: westSplitY.south)
    let cE1 = canalIndex(atY: eastSplitY.north)
    let cE2 = canalIndex(atY: eastSplitY.south)

    let eastPath = [s1, s2, s3, es2, es1, s4, s5]
    let westPath = [n1, n2, n3, ws1, ws2, s6, s7]
    boundary = Polygon(
      properties: [("name", townName), ("nis_code", nisCode), ("postcodes", "9990;9991")],
      rings: [[cS] + eastPath + [cN] + westPath])

    deelgemeenten = [
      Polygon(
        properties: [("name", "Westerbeek"), ("code", "99999A"), ("postcode", "9990")],
        rings: [[cN] + westPath + [cS] + canalBetween(-1000, 1000)]),
      Polygon(
        properties: [("name", "Oosterveld"), ("code", "99999B"), ("postcode", "9991")],
        rings: [[cS] + eastPath + [cN] + canalBetween(1000, -1000)]),
    ]

    func wijk(_ code: String, _ name: String, _ deel: String, _ ring: [Int]) -> Polygon {
      Polygon(properties: [("code", code), ("name", name), ("deelgemeente", deel)], rings: [ring])
    }
    wijken = [
      wijk(
        "99999W01", "Westerbeek-Noord", "Westerbeek",
        [cN, n1, n2, n3, ws1, wl1, cW1] + canalBetween(westSplitY.north, 1000)),
      wijk(
        "99999W02", "Westerbeek-Centrum", "Westerbeek",
        [ws1, ws2, wl2, cW2] + canalBetween(westSplitY.south, westSplitY.north) + [cW1, wl1]),
      wijk(
        "99999W03", "Westerbeek-Zuid", "Westerbeek",
        [ws2, s6, s7, cS] + canalBetween(-1000, westSplitY.south) + [cW2, wl2]),
      wijk(
        "99999W04", "Oosterveld-Noord", "Oosterveld",
        [cE1, el1, es1, s4, s5, cN] + canalBetween(1000, eastSplitY.north)),
      wijk(
        "99999W05", "Oosterveld-Centrum", "Oosterveld",
        [cE2, el2, es2, es1, el1, cE1] + canalBetween(eastSplitY.north, eastSplitY.south)),
      wijk(
        "99999W06", "Oosterveld-Zuid", "Oosterveld",
        [cS, s1, s2, s3, es2, el2, cE2] + canalBetween(eastSplitY.south, -1000)),
    ]
  }

  /// The park enclave is placed around a street crossing in Oosterveld-Centrum,
  /// so that some addresses fall inside it.
  mutating func addParkEnclave(east: Village) {
    let target = P(x: 760, y: 110)
    var best: Int? = nil
    for col in east.node {
      for case let n? in col {
        if best == nil || (store[n] - target).length < (store[best!] - target).length { best = n }
      }
    }
    let c = store[best!]
    let offsets = [P(x: -125, y: -85), P(x: 105, y: -95), P(x: 135, y: 15), P(x: 65, y: 105), P(x: -95, y: 90)]
    let park = offsets.map { store.add(c + $0) }
    let centrumIndex = wijken.firstIndex(where: { $0.name == "Oosterveld-Centrum" })!
    let outer = store.ring(wijken[centrumIndex].rings[0])
    for i in park {
      precondition(pointInRing(store[i], outer), "park vertex outside Oosterveld-Centrum")
      for k in 0..<outer.count {
        precondition(
          distPointSegment(store[i], outer[k], outer[(k + 1) % outer.count]) > 25,
          "park too close to the Oosterveld-Centrum border")
      }
    }
    wijken[centrumIndex].rings.append(park.reversed())  // hole, clockwise
    wijken.append(
      Polygon(
        properties: [("code", "99999W07"), ("name", "Oosterveld-Park"), ("deelgemeente", "Oosterveld")],
        rings: [park]))
  }

  func checkOrientation(_ poly: Polygon) {
    for (k, r) in poly.rings.enumerated() {
      let a = signedArea2(store.ring(r))
      precondition(k == 0 ? a > 0 : a < 0, "bad ring orientation in \(poly.name)")
    }
  }

  // MARK: Street grid

  mutating func levels(bottom: Double, top: Double) -> [Double] {
    let stops = [bottom, bridgeY.brug, bridgeY.station, top]
    var ys = [bottom]
    for k in 0..<(stops.count - 1) {
      let a = stops[k]
      let b = stops[k + 1]
      let n = max(1, Int(((b - a) / 200).rounded()))
      let step = (b - a) / Double(n)
      for m in 1...n {
        ys.append(m == n ? b : a + step * Double(m) + rng.uniform(-22, 22))
      }
    }
    return ys
  }

  mutating func makeVillage(west: Bool) -> Village {
    var v = Village()
    v.rowsY = levels(bottom: rng.uniform(-895, -865), top: rng.uniform(855, 885))
    var x = west ? -1500 + rng.uniform(105, 130) : rng.uniform(225, 260)
    let xMax = west ? -280.0 : 1390.0
    while x <= xMax {
      v.colsX.append(x)
      x += rng.uniform(165, 240)
    }
    for cx in v.colsX {
      var col: [Int?] = []
      for ry in v.rowsY {
        let p = P(x: cx + rng.uniform(-9, 9), y: ry + rng.uniform(-9, 9))
        let ok = pointInRing(p, boundaryRing) && distanceToBoundary(p) >= 60
        col.append(ok ? store.add(p) : nil)
      }
      v.node.append(col)
    }
    v.canalSide = v.rowsY.map { store.add(P(x: canalX(atY: $0) + (west ? -40 : 40), y: $0)) }
    return v
  }

  /// Extension of a street end from `last` in the direction prev->last.
  /// Either ends 50-100 m inside the boundary, or (toBoundary) exactly on it.
  mutating func extensionEnd(prev: Int, last: Int, toBoundary: Bool) -> Int? {
    let d = (store[last] - store[prev]).normalized
    let t = rayHitDistance(store[last], d, ring: boundaryRing)
    if toBoundary { return store.add(store[last] + d * t) }
    let len = t - rng.uniform(50, 100)
    if len < 15 { return nil }
    return store.add(store[last] + d * len)
  }

  mutating func rowNodes(_ v: Village, row j: Int, west: Bool, extendOuter: Bool, toBoundary: Bool) -> [Int] {
    let n = v.colsX.count
    // contiguous run of valid nodes, starting from the canal side
    var run: [Int] = []
    var cols: [Int] = []
    let order = west ? Array((0..<n).reversed()) : Array(0..<n)
    var started = false
    for i in order {
      if let k = v.node[i][j] {
        run.append(k)
        cols.append(i)
        started = true
      } else if started {
        break
      }
    }
    // run is ordered from the canal outwards
    var outward = [v.canalSide[j]] + run
    let outerIsEdge = cols.last == (west ? 0 : n - 1)
    if (extendOuter && outerIsEdge) || toBoundary, outward.count >= 2,
      let e = extensionEnd(prev: outward[outward.count - 2], last: outward[outward.count - 1], toBoundary: toBoundary)
    {
      outward.append(e)
    }
    return west ? outward.reversed() : outward  // always west -> east
  }

  mutating func colNodes(_ v: Village, col i: Int, toBoundary: Bool) -> [Int] {
    // longest contiguous run of valid nodes (south -> north)
    var bestStart = 0
    var bestLen = 0
    var curStart = 0
    var curLen = 0
    for j in 0..<v.rowsY.count {
      if v.node[i][j] != nil {
        if curLen == 0 { curStart = j }
        curLen += 1
        if curLen > bestLen {
          bestLen = curLen
          bestStart = curStart
        }
      } else {
        curLen = 0
      }
    }
    var nodes = (bestStart..<(bestStart + bestLen)).map { v.node[i][$0]! }
    if nodes.count >= 2 {
      if bestStart == 0 || toBoundary,
        let e = extensionEnd(prev: nodes[1], last: nodes[0], toBoundary: toBoundary)
      {
        nodes.insert(e, at: 0)
      }
      if bestStart + bestLen == v.rowsY.count || toBoundary,
        let e = extensionEnd(prev: nodes[nodes.count - 2], last: nodes[nodes.count - 1], toBoundary: toBoundary)
      {
        nodes.append(e)
      }
    }
    return nodes
  }

  mutating func canalRoad(_ v: Village) -> [Int] {
    var nodes = v.canalSide
    if let e = extensionEnd(prev: nodes[1], last: nodes[0], toBoundary: false) { nodes.insert(e, at: 0) }
    if let e = extensionEnd(prev: nodes[nodes.count - 2], last: nodes[nodes.count - 1], toBoundary: false) {
      nodes.append(e)
    }
    return nodes
  }

  mutating func buildStreets() -> (Village, Village) {
    var west = makeVillage(west: true)
    var east = makeVillage(west: false)

    var pool = [
      "Beukenlaan", "Dorpsplein", "Schoolstraat", "Lindelaan", "Eikenlaan", "Berkenlaan",
      "Populierenlaan", "Kastanjelaan", "Wilgenstraat", "Esdoornlaan", "Veldstraat", "Bosstraat",
      "Weidestraat", "Meersstraat", "Broekstraat", "Kapelstraat", "Pastoriestraat", "Nieuwstraat",
      "Hoogstraat", "Dijkstraat", "Sluisweg", "Zandstraat", "Leemstraat", "Hoevestraat",
      "Smidsestraat", "Bakkerstraat", "Brouwerijstraat", "Klaverstraat", "Tulpenstraat", "Rozenlaan",
      "Distelweg", "Vlasstraat", "Hopstraat", "Gildestraat", "Westerbeekstraat", "Oosterveldlaan",
      "Buurtdorpstraat", "Akkerstraat", "Vijverstraat", "Boomgaardstraat", "Hazelaarstraat",
      "Meidoornlaan", "Notelaarstraat", "Ganzenweide", "Reigerstraat", "Sint-Buurtusstraat",
    ]
    rng.shuffle(&pool)
    var poolIndex = 0
    func nextName() -> String {
      defer { poolIndex += 1 }
      return pool[poolIndex]
    }

    // Rows (east-west streets). Bridge rows cross the canal and share one street.
    let bridgeRowsW = [west.rowsY.firstIndex(of: bridgeY.brug)!, west.rowsY.firstIndex(of: bridgeY.station)!]
    let bridgeRowsE = [east.rowsY.firstIndex(of: bridgeY.brug)!, east.rowsY.firstIndex(of: bridgeY.station)!]
    west.rowStreet = Array(repeating: -1, count: west.rowsY.count)
    east.rowStreet = Array(repeating: -1, count: east.rowsY.count)
    for (k, (name, highway)) in [("Brugstraat", "tertiary"), ("Stationsstraat", "secondary")].enumerated() {
      let through = highway == "secondary"
      let w = rowNodes(west, row: bridgeRowsW[k], west: true, extendOuter: true, toBoundary: through)
      let e = rowNodes(east, row: bridgeRowsE[k], west: false, extendOuter: true, toBoundary: through)
      bridgeEdges.append((w.last!, e.first!))
      west.rowStreet[bridgeRowsW[k]] = streets.count
      east.rowStreet[bridgeRowsE[k]] = streets.count
      streets.append(Street(name: name, highway: highway, nodes: w + e))
    }
    for j in 0..<west.rowsY.count where west.rowStreet[j] < 0 {
      west.rowStreet[j] = streets.count
      let nodes = rowNodes(west, row: j, west: true, extendOuter: true, toBoundary: false)
      streets.append(Street(name: nextName(), highway: "residential", nodes: nodes))
    }
    for j in 0..<east.rowsY.count where east.rowStreet[j] < 0 {
      east.rowStreet[j] = streets.count
      let nodes = rowNodes(east, row: j, west: false, extendOuter: true, toBoundary: false)
      let name = j == 0 ? "Oude Baan" : nextName()
      streets.append(Street(name: name, highway: j == 0 ? "unclassified" : "residential", nodes: nodes))
    }
    // Columns (north-south streets).
    west.colStreet = Array(repeating: nil, count: west.colsX.count)
    east.colStreet = Array(repeating: nil, count: east.colsX.count)
    for i in 0..<west.colsX.count {
      let nodes = colNodes(west, col: i, toBoundary: false)
      if nodes.count < 2 { continue }
      let (name, highway): (String, String) =
        i == 0 ? ("Veldweg", "track") : (i == west.colsX.count / 2 ? ("Kerkstraat", "residential") : (nextName(), "residential"))
      west.colStreet[i] = streets.count
      streets.append(Street(name: name, highway: highway, nodes: nodes))
    }
    for i in 0..<east.colsX.count {
      let molen = i == east.colsX.count / 2
      let nodes = colNodes(east, col: i, toBoundary: molen)
      if nodes.count < 2 { continue }
      let (name, highway): (String, String) =
        molen ? ("Molenweg", "tertiary") : (i == east.colsX.count - 1 ? ("Heideweg", "track") : (nextName(), "residential"))
      east.colStreet[i] = streets.count
      streets.append(Street(name: name, highway: highway, nodes: nodes))
    }
    streets.append(Street(name: "Kanaalweg", highway: "unclassified", nodes: canalRoad(west)))
    streets.append(Street(name: "Kanaaldijk", highway: "unclassified", nodes: canalRoad(east)))
    return (west, east)
  }

  /// Index in street.nodes where a..b are consecutive, if any.
  func edgePosition(_ s: Street, _ a: Int, _ b: Int) -> Int? {
    for k in 0..<(s.nodes.count - 1) where s.nodes[k] == a && s.nodes[k + 1] == b { return k }
    return nil
  }

  /// Service stubs and footway connectors inside grid cells.
  mutating func addMinorWays(_ villages: [Village]) {
    struct Cell {
      var v: Int
      var i: Int
      var j: Int
    }
    var cells: [Cell] = []
    for (vi, v) in villages.enumerated() {
      for i in 0..<(v.colsX.count - 1) {
        for j in 0..<(v.rowsY.count - 1) {
          guard let a = v.node[i][j], let b = v.node[i + 1][j],
            let c = v.node[i][j + 1], let d = v.node[i + 1][j + 1]
          else { continue }
          let low = streets[v.rowStreet[j]]
          let high = streets[v.rowStreet[j + 1]]
          if edgePosition(low, a, b) != nil && edgePosition(high, c, d) != nil {
            cells.append(Cell(v: vi, i: i, j: j))
          }
        }
      }
    }
    rng.shuffle(&cells)
    let minor: [(String, String)] = [
      ("Kerkwegel", "footway"), ("Fabriekshof", "service"), ("Schoolwegel", "footway"),
      ("Brouwershof", "service"), ("Sluiswachtershof", "service"),
    ]
    var usedEdges: [(Int, Int)] = []
    var ci = 0
    for (name, highway) in minor {
      while ci < cells.count {
        let cell = cells[ci]
        ci += 1
        let v = villages[cell.v]
        let a = v.node[cell.i][cell.j]!
        let b = v.node[cell.i + 1][cell.j]!
        let c = v.node[cell.i][cell.j + 1]!
        let d = v.node[cell.i + 1][cell.j + 1]!
        let needs = highway == "footway" ? [(a, b), (c, d)] : [(a, b)]
        if needs.contains(where: { n in usedEdges.contains(where: { $0 == n }) }) { continue }
        // no minor ways on the two bridge streets (street indices 0 and 1)
        if v.rowStreet[cell.j] < 2 || (highway == "footway" && v.rowStreet[cell.j + 1] < 2) { continue }
        usedEdges.append(contentsOf: needs)
        let t = rng.uniform(0.4, 0.6)
        let m1 = store.add(store[a] + (store[b] - store[a]) * t)
        let low = v.rowStreet[cell.j]
        streets[low].nodes.insert(m1, at: edgePosition(streets[low], a, b)! + 1)
        if highway == "footway" {
          let t2 = rng.uniform(0.4, 0.6)
          let m2 = store.add(store[c] + (store[d] - store[c]) * t2)
          let high = v.rowStreet[cell.j + 1]
          streets[high].nodes.insert(m2, at: edgePosition(streets[high], c, d)! + 1)
          streets.append(Street(name: name, highway: highway, nodes: [m1, m2]))
        } else {
          let dir = (store[b] - store[a]).normalized.leftNormal  // points north (rows run west->east)
          let gap = min(store[c].y, store[d].y) - store[m1].y
          let end = store.add(store[m1] + dir * (gap * rng.uniform(0.35, 0.45)))
          streets.append(Street(name: name, highway: highway, nodes: [m1, end]))
        }
        break
      }
    }
  }

  mutating func buildSegments() {
    var useCount = [Int](repeating: 0, count: store.pts.count)
    for s in streets {
      var seen = Set<Int>()
      for n in s.nodes where seen.insert(n).inserted { useCount[n] += 1 }
    }
    for (si, s) in streets.enumerated() {
      var start = 0
      for k in 1..<s.nodes.count where k == s.nodes.count - 1 || useCount[s.nodes[k]] >= 2 {
        let seg = Array(s.nodes[start...k])
        let isBridge = seg.count == 2 && bridgeEdges.contains(where: { $0.0 == seg[0] && $0.1 == seg[1] })
        segments.append(Segment(streetIndex: si, nodes: seg, bridge: isBridge))
        start = k
      }
    }
    junctions = useCount.map { $0 >= 2 }
  }
  var junctions: [Bool] = []

  // MARK: Addresses

  func containing(_ p: P, in polys: [Polygon]) -> [Polygon] {
    polys.filter { poly in
      var inside = false
      for r in poly.rings where pointInRing(p, store.ring(r)) { inside.toggle() }
      return inside
    }
  }

  mutating func buildAddresses() {
    // Edges used for the validity checks.
    var wijkEdges: [(P, P)] = []
    for w in wijken {
      for r in w.rings {
        let pr = store.ring(r)
        for i in 0..<pr.count { wijkEdges.append((pr[i], pr[(i + 1) % pr.count])) }
      }
    }
    var streetEdges: [(P, P)] = []
    for s in streets {
      for k in 0..<(s.nodes.count - 1) { streetEdges.append((store[s.nodes[k]], store[s.nodes[k + 1]])) }
    }
    var canalEdges: [(P, P)] = []
    for k in 0..<(canalNodes.count - 1) { canalEdges.append((store[canalNodes[k]], store[canalNodes[k + 1]])) }
    let bRing = boundaryRing
    var placed: [P] = []

    for s in streets where s.highway == "residential" || s.highway == "tertiary" {
      let pts = store.ring(s.nodes)
      var cum = [0.0]
      for k in 1..<pts.count { cum.append(cum[k - 1] + (pts[k] - pts[k - 1]).length) }
      let total = cum.last!
      var blocked: [(Double, Double)] = [(-1, 22), (total - 22, total + 1)]
      for (k, n) in s.nodes.enumerated() where junctions[n] { blocked.append((cum[k] - 28, cum[k] + 28)) }
      for k in 0..<(s.nodes.count - 1)
      where bridgeEdges.contains(where: { $0.0 == s.nodes[k] && $0.1 == s.nodes[k + 1] }) {
        blocked.append((cum[k] - 30, cum[k + 1] + 30))
      }
      for side in 0..<2 {  // 0: odd numbers, left side; 1: even numbers, right side
        var number = side == 0 ? 1 : 2
        var suffix = ""
        var pos = rng.uniform(18, 32)
        while pos < total {
          defer { pos += rng.uniform(16, 34) }
          if blocked.contains(where: { pos > $0.0 && pos < $0.1 }) { continue }
          var k = 0
          while k < pts.count - 2 && cum[k + 1] < pos { k += 1 }
          let dir = (pts[k + 1] - pts[k]).normalized
          let base = pts[k] + dir * (pos - cum[k])
          let offset = rng.uniform(10, 25)
          let p = base + dir.leftNormal * (side == 0 ? offset : -offset)
          guard pointInRing(p, bRing),
            !wijkEdges.contains(where: { distPointSegment(p, $0.0, $0.1) < 3.0 }),
            !streetEdges.contains(where: { distPointSegment(p, $0.0, $0.1) < 8.0 }),
            !canalEdges.contains(where: { distPointSegment(p, $0.0, $0.1) < 25.0 }),
            !placed.contains(where: { ($0 - p).length < 7.0 })
          else { continue }
          let wijkHits = containing(p, in: wijken)
          let deelHits = containing(p, in: deelgemeenten)
          precondition(wijkHits.count == 1 && deelHits.count == 1, "address not in exactly one polygon")
          let deel = deelHits[0].name
          let wijkPoly = wijkHits[0]
          precondition(wijkPoly.properties.contains(where: { $0 == ("deelgemeente", deel) }), "wijk/deelgemeente mismatch")
          placed.append(p)
          addresses.append(
            Address(
              street: s.name, housenumber: String(number) + suffix,
              postcode: deel == "Westerbeek" ? "9990" : "9991",
              deelgemeente: deel, wijk: wijkPoly.name, p: p))
          // next number: mostly +2, sometimes a gap, sometimes a letter suffix
          if suffix.isEmpty && rng.chance(0.015) {
            suffix = "A"
          } else {
            suffix = ""
            let r = rng.unit()
            number += r < 0.78 ? 2 : (r < 0.90 ? 4 : (r < 0.96 ? 6 : 2 * (4 + rng.below(5))))
          }
        }
      }
    }
    addresses.sort { a, b in
      if a.postcode != b.postcode { return utf8Less(a.postcode, b.postcode) }
      if a.street != b.street { return utf8Less(a.street, b.street) }
      if a.housenumber != b.housenumber { return utf8Less(a.housenumber, b.housenumber) }
      if a.p.x != b.p.x { return a.p.x < b.p.x }
      return a.p.y < b.p.y
    }
  }

  // MARK: Writing

  func write(to dir: String) throws {
    let f = LonLatFormatter(store: store)
    func polygonFeature(_ poly: Polygon) -> String {
      let rings = poly.rings.map { f.closedRing($0) }.joined(separator: ",")
      return "{\"type\":\"Feature\",\"properties\":" + propertiesJSON(poly.properties)
        + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + rings + "]}}"
    }
    func lineFeature(_ props: [(String, String)], _ nodes: [Int]) -> String {
      "{\"type\":\"Feature\",\"properties\":" + propertiesJSON(props)
        + ",\"geometry\":{\"type\":\"LineString\",\"coordinates\":" + f.line(nodes) + "}}"
    }
    var files: [(String, String)] = []
    files.append(
      (
        "boundary.geojson",
        featureCollection(
          name: "Sample town Buurtdorp - municipality boundary (generated)",
          features: [polygonFeature(boundary)])
      ))
    files.append(
      (
        "deelgemeenten.geojson",
        featureCollection(
          name: "Sample town Buurtdorp - deelgemeenten (generated)",
          features: deelgemeenten.map(polygonFeature))
      ))
    files.append(
      (
        "wijken.geojson",
        featureCollection(
          name: "Sample town Buurtdorp - wijken / neighbourhoods (generated)",
          features: wijken.map(polygonFeature))
      ))
    files.append(
      (
        "waterways.geojson",
        featureCollection(
          name: "Sample town Buurtdorp - waterways (generated)",
          features: [lineFeature([("name", "Kanaal Buurtdorp"), ("waterway", "canal")], canalNodes)])
      ))
    var streetFeatures: [String] = []
    for (k, seg) in segments.enumerated() {
      let s = streets[seg.streetIndex]
      var props = [("name", s.name), ("highway", s.highway), ("street_id", "way/" + String(9_900_001 + k))]
      if seg.bridge { props.append(("bridge", "yes")) }
      streetFeatures.append(lineFeature(props, seg.nodes))
    }
    files.append(
      (
        "streets.geojson",
        featureCollection(
          name: "Sample town Buurtdorp - streets (generated)", features: streetFeatures)
      ))

    var csv = "street,housenumber,postcode,municipality,deelgemeente,wijk,lon,lat\n"
    for a in addresses {
      let (lon, lat) = f.lonLat(a.p)
      csv +=
        [a.street, a.housenumber, a.postcode, townName, a.deelgemeente, a.wijk, fmt7(lon), fmt7(lat)]
        .map(csvField).joined(separator: ",") + "\n"
    }
    files.append(("addresses.csv", csv))
    files.append(("README.md", readme()))

    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files {
      let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
      try Data(text.utf8).write(to: url)
    }
  }

  func readme() -> String {
    let wijkCounts = wijken.map { w in (w.name, addresses.filter { $0.wijk == w.name }.count) }
    var highwayCounts: [(String, Int, Int)] = []
    for h in ["secondary", "tertiary", "residential", "unclassified", "service", "footway", "track"] {
      let names = Set(streets.filter { $0.highway == h }.map { $0.name })
      let segs = segments.filter { streets[$0.streetIndex].highway == h }.count
      highwayCounts.append((h, names.count, segs))
    }
    let streetNames = Set(streets.map { $0.name })
    let addrStreets = Set(addresses.map { $0.street })
    let suffixed = addresses.filter { $0.housenumber.last?.isLetter == true }.count
    let inWest = addresses.filter { $0.postcode == "9990" }.count

    var s = """
      # Sample town Buurtdorp — GENERATED data, not real

      **This folder contains a GENERATED, entirely synthetic sample town.**
      Buurtdorp, Westerbeek, Oosterveld, all street names, house numbers, wijken,
      codes and geometries are invented. Nothing here describes a real place, even though
      the coordinates are placed in Belgium (around lon 5.30, lat 50.95) and the postcodes
      9990/9991 and NIS-like codes are used for realism. Every GeoJSON file carries
      `"generated": "\(generatedMarker)"`.

      ## How it was made

      Generated by the `buurt-sample-town` tool (`tools/sample-town/main.swift`):

          swift run buurt-sample-town GeoData/sample

      (or standalone: `swiftc -O tools/sample-town/main.swift -o /tmp/sample-town && /tmp/sample-town GeoData/sample`).

      The generator is deterministic (seeded SplitMix64 PRNG, fixed number formatting, fixed
      feature order): running it again produces byte-identical files. The town is built in a
      local metric plane (metres) and converted with a local equirectangular mapping around
      lon 5.30 / lat 50.95 (111320 m per degree latitude, 111320·cos(50.95°) m per degree
      longitude). Coordinates are WGS84 lon/lat with exactly 7 decimals (RFC 7946, no `crs`).
      Shared polygon borders use identical vertices, so the polygons tile exactly; exterior
      rings are counter-clockwise, holes clockwise.

      The town is roughly 3 km × 2 km. The canal "Kanaal Buurtdorp" runs north–south and
      splits it into Westerbeek (west, postcode 9990) and Oosterveld (east, postcode 9991).

      ## Files

      | File | Features | Properties |
      |---|---|---|
      | `boundary.geojson` | 1 Polygon | `name`, `nis_code` ("\(nisCode)"), `postcodes` ("9990;9991") |
      | `deelgemeenten.geojson` | \(deelgemeenten.count) Polygons | `name`, `code` ("99999A"/"99999B"), `postcode` |
      | `wijken.geojson` | \(wijken.count) Polygons | `code` ("99999W01".."99999W07"), `name`, `deelgemeente` |
      | `waterways.geojson` | 1 LineString | `name` ("Kanaal Buurtdorp"), `waterway` ("canal") |
      | `streets.geojson` | \(segments.count) LineStrings (\(streetNames.count) named streets) | `name`, `highway`, `street_id`, `bridge` ("yes", only on the 2 bridge segments) |
      | `addresses.csv` | \(addresses.count) rows | `street,housenumber,postcode,municipality,deelgemeente,wijk,lon,lat` |
      | `README.md` | – | this file |

      ### Wijken

      | Code | Name | Addresses |
      |---|---|---|

      """
    for (k, w) in wijken.enumerated() {
      s += "| \(w.properties[0].1) | \(w.name) | \(wijkCounts[k].1) |\n"
    }
    s += """

      Oosterveld-Park (99999W07) is an enclave: it fills a hole in Oosterveld-Centrum
      (99999W05), and some addresses lie inside it. Canal vertices where the wijk lines meet
      the canal are shared by three wijken.

      ### Streets

      Each feature is one segment between intersections (like OSM ways); all segments of a
      street share its `name` (street names are unique in the town). `street_id` is an
      OSM-like way id (`way/9900001`, `way/9900002`, ...), unique per segment. Two streets cross the canal on a
      bridge (Brugstraat and Stationsstraat; the bridge segments have `bridge` = "yes"; the
      canal line has no vertex at the crossing). Stationsstraat and Molenweg run right up to
      the town boundary; most other street ends stop 50–100 m inside it.

      | highway | streets | segments |
      |---|---|---|

      """
    for (h, n, c) in highwayCounts { s += "| \(h) | \(n) | \(c) |\n" }
    s += """

      ### Addresses

      \(addresses.count) address points on \(addrStreets.count) residential/tertiary streets
      (\(inWest) in Westerbeek/9990, \(addresses.count - inWest) in Oosterveld/9991), placed
      10–25 m beside the street: odd numbers on the left, even numbers on the right, seen in
      the direction the street's segments are drawn (west→east or south→north); numbers
      increase in that direction. Numbering has gaps (so interpolation is meaningful) and
      \(suffixed) numbers carry a letter suffix (e.g. `12A`). `municipality` is always "\(townName)"; `deelgemeente` and `wijk` are the names
      of the polygons containing the point (computed by point-in-polygon). No address lies
      within 3 m of a wijk border. Rows are sorted by postcode, street, housenumber as plain
      strings (so "10" sorts before "2"). The file uses LF line endings.

      """
    return s
  }
}

// MARK: - Main

func runGenerator() -> Int32 {
  let args = CommandLine.arguments
  guard args.count == 2 else {
    FileHandle.standardError.write(Data("usage: buurt-sample-town <output-folder>\n".utf8))
    return 2
  }
  var g = TownGenerator()
  g.buildPolygons()
  let (west, east) = g.buildStreets()
  g.addParkEnclave(east: east)
  g.addMinorWays([west, east])
  g.buildSegments()
  g.buildAddresses()
  for poly in [g.boundary] + g.deelgemeenten + g.wijken { g.checkOrientation(poly) }
  do {
    try g.write(to: args[1])
  } catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return 1
  }
  print("wrote \(g.segments.count) street segments, \(g.wijken.count) wijken, \(g.addresses.count) addresses to \(args[1])")
  return 0
}

exit(runGenerator())
