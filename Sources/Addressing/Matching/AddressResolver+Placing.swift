import GeoCore

/// Placing a house number on a candidate street: the register address, a suffix variant, an
/// interpolated point or the street's middle.
extension AddressResolver {
  /// The best point for `number` on street `s`.
  func place(_ number: HouseNumber?, onStreet s: Int32, streetScore: Double, streetMethod: Resolution.Method) -> Resolution.Candidate? {
    let street = register.streets[Int(s)]
    let addresses = street.addresses
    guard !addresses.isEmpty else { return nil }
    func candidate(_ a: Int32, _ method: Resolution.Method, _ score: Double) -> Resolution.Candidate {
      let i = Int(a)
      return Resolution.Candidate(
        street: street.name, houseNumber: register.displayNumbers[i], postcode: street.postcode,
        locality: register.localityNames[Int(register.localityOfAddress[i])], municipality: street.municipality,
        position: register.positions[i], method: method, score: score, addressIndex: i)
    }
    guard let hn = number else {
      return streetLevel(street, streetScore * 0.6)
    }
    let n = Int32(hn.number)
    // Binary search for the first address with this number.
    var lo = 0
    var hi = addresses.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if register.numbers[Int(addresses[mid])] < n { lo = mid + 1 } else { hi = mid }
    }
    var same: [Int32] = []
    var k = lo
    while k < addresses.count && register.numbers[Int(addresses[k])] == n {
      same.append(addresses[k])
      k += 1
    }
    if let exact = same.first(where: { register.suffixes[Int($0)] == hn.suffix }) {
      return candidate(exact, streetMethod, streetScore)
    }
    if !same.isEmpty {
      // Suffix variant: "12" for the only "12A", or "12B" where only "12" is registered.
      let plain = same.first { register.suffixes[Int($0)].isEmpty }
      if let p = plain { return candidate(p, streetMethod, streetScore * 0.9) }
      if same.count == 1 { return candidate(same[0], streetMethod, streetScore * 0.9) }
      return candidate(same[0], streetMethod, streetScore * 0.85)
    }
    // Interpolation between neighbours of the same parity.
    let parity = n % 2
    var below: Int32?
    var above: Int32?
    var j = lo - 1
    while j >= 0 {
      let a = addresses[j]
      if register.numbers[Int(a)] >= 0 && register.numbers[Int(a)] % 2 == parity {
        below = a
        break
      }
      j -= 1
    }
    j = lo
    while j < addresses.count {
      let a = addresses[j]
      if register.numbers[Int(a)] % 2 == parity {
        above = a
        break
      }
      j += 1
    }
    if let b = below, let a = above {
      let nb = Double(register.numbers[Int(b)])
      let na = Double(register.numbers[Int(a)])
      let pb = register.positions[Int(b)]
      let pa = register.positions[Int(a)]
      let gap = hypot(pa.x - pb.x, pa.y - pb.y)
      // Neighbours far apart (a street in two pieces) make a guess, not an interpolation.
      if gap < 400 {
        let t = (Double(n) - nb) / (na - nb)
        var p = XY(x: pb.x + t * (pa.x - pb.x), y: pb.y + t * (pa.y - pb.y))
        p = alongStreet(p, from: pb, to: pa, key: street.key)
        return Resolution.Candidate(
          street: street.name, houseNumber: String(hn.number) + (hn.suffix.count == 1 ? hn.suffix.uppercased() : hn.suffix),
          postcode: street.postcode, locality: register.localityNames[Int(register.localityOfAddress[Int(b)])],
          municipality: street.municipality, position: p, method: .interpolated, score: streetScore * 0.7, addressIndex: nil)
      }
    }
    return streetLevel(street, streetScore * 0.5)
  }

  /// The street's middle address (the one nearest the mean of its addresses).
  func streetLevel(_ street: AddressRegister.Street, _ score: Double) -> Resolution.Candidate? {
    guard !street.addresses.isEmpty else { return nil }
    var mx = 0.0
    var my = 0.0
    for a in street.addresses {
      mx += register.positions[Int(a)].x
      my += register.positions[Int(a)].y
    }
    mx /= Double(street.addresses.count)
    my /= Double(street.addresses.count)
    let middle = street.addresses.min { a, b in
      let p = register.positions[Int(a)]
      let q = register.positions[Int(b)]
      return (p.x - mx) * (p.x - mx) + (p.y - my) * (p.y - my) < (q.x - mx) * (q.x - mx) + (q.y - my) * (q.y - my)
    }!
    let i = Int(middle)
    return Resolution.Candidate(
      street: street.name, houseNumber: nil, postcode: street.postcode,
      locality: register.localityNames[Int(register.localityOfAddress[i])], municipality: street.municipality,
      position: register.positions[i], method: .street, score: score, addressIndex: nil)
  }

  /// Moves a point interpolated on the straight line between two houses so it follows the
  /// street: the same offset from the street line as the two houses have, at the nearest
  /// point of the street.
  func alongStreet(_ p: XY, from a: XY, to b: XY, key: [UInt8]) -> XY {
    guard let lines = streetLines[key], !lines.isEmpty else { return p }
    func nearest(_ q: XY) -> (point: XY, distance: Double) {
      var best = (point: q, distance: Double.infinity)
      for line in lines {
        let cs = line.coordinates
        for i in 0..<(cs.count - 1) {
          let u = cs[i]
          let v = cs[i + 1]
          let dx = v.x - u.x
          let dy = v.y - u.y
          let len2 = dx * dx + dy * dy
          let t = len2 > 0 ? max(0, min(1, ((q.x - u.x) * dx + (q.y - u.y) * dy) / len2)) : 0
          let c = XY(x: u.x + t * dx, y: u.y + t * dy)
          let d = hypot(q.x - c.x, q.y - c.y)
          if d < best.distance { best = (c, d) }
        }
      }
      return best
    }
    let na = nearest(a)
    let nb = nearest(b)
    let np = nearest(p)
    // Only when the houses stand along this street (not a name shared by a far-off segment).
    guard na.distance < 80, nb.distance < 80, np.distance < 150, np.distance > 0 else { return p }
    let offset = (na.distance + nb.distance) / 2
    let ux = (p.x - np.point.x) / np.distance
    let uy = (p.y - np.point.y) / np.distance
    return XY(x: np.point.x + ux * offset, y: np.point.y + uy * offset)
  }
}

@inline(__always) func hypot(_ a: Double, _ b: Double) -> Double { (a * a + b * b).squareRoot() }
