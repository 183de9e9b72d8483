public import Addressing
import Foundation
import GeoCore
import GeoFormats
import GeoProjection
import Grouping

/// Turns resolutions into the JSON object of the CLI and the API. Thread-safe: the one PROJ
/// transformer (needed only for interpolated and street-level points) is used under a lock.
public final class ResolutionWriter: @unchecked Sendable {
  let folder: DataFolder
  let unproject: CoordinateTransformer
  let lock = NSLock()

  public init(folder: DataFolder) throws {
    self.folder = folder
    unproject = try CoordinateTransformer(from: folder.loader.projection.metricCRS, to: .wgs84)
  }

  func lonLat(_ c: Resolution.Candidate) -> LonLat {
    if let i = c.addressIndex {
      let ll = folder.resolver.register.lonLats[i]
      if ll.lon.isFinite { return ll }
    }
    var pair = [c.position.x, c.position.y]
    lock.lock()
    _ = try? pair.withUnsafeMutableBufferPointer { try unproject.transformInPlace($0.baseAddress!, count: 1) }
    lock.unlock()
    return LonLat(lon: pair[0], lat: pair[1]).roundedTo7Decimals
  }

  /// The candidate's group, placed in the groups' own coordinates (at its reported lon/lat when
  /// they were drawn in lon/lat), and whether it lies near a boundary (in metres).
  func group(_ c: Resolution.Candidate) -> (GroupRef?, Bool) {
    guard let groups = folder.groups, let g = groups.group(placing: lonLat(c), metric: c.position) else { return (nil, false) }
    let near = folder.proximity?.isNear(c.position) ?? false
    return (GroupRef(name: groups.names[g]), near)
  }

  func address(_ c: Resolution.Candidate, box: String?) -> AddressReport {
    let ll = lonLat(c)
    return AddressReport(
      street: c.street, housenumber: c.houseNumber, box: box, postcode: String(c.postcode), locality: c.locality, lon: ll.lon, lat: ll.lat)
  }

  static func rounded(_ score: Double) -> Double { (score * 1000).rounded() / 1000 }

  /// The resolution as a report (``json(_:)`` writes the same text faster for a match).
  public func report(_ r: Resolution) -> ResolutionReport {
    var report = ResolutionReport(
      query: r.query, status: r.status.rawValue, address: nil, method: nil, score: 0, group: nil, nearBoundary: false, candidates: nil,
      reason: r.reason)
    if let best = r.best {
      let (g, near) = group(best)
      report.address = address(best, box: r.box)
      report.method = best.method.rawValue
      report.score = Self.rounded(best.score)
      report.group = g
      report.nearBoundary = near
    }
    // Ambiguous: the addresses too close to call; not_found: where the register has the street
    // that the typed place does not have.
    if !r.candidates.isEmpty {
      report.candidates = r.candidates.map { c in
        CandidateReport(address: address(c, box: r.box), method: c.method.rawValue, score: Self.rounded(c.score), group: group(c).0)
      }
    }
    return report
  }

  /// The same text as encoding ``report(_:)``, built directly for a match (the API's hot path;
  /// `tools/bench-addressing` measures both, and a test checks they agree).
  public func json(_ r: Resolution) -> String {
    guard r.status == .matched, let best = r.best else { return ReportJSON.text(report(r)) }
    // One buffer, appended in place: this runs for every API request.
    var out = ""
    out.reserveCapacity(320)
    let ll = lonLat(best)
    out += "{\"query\":"
    JSONWriter.writeString(r.query, to: &out)
    out += ",\"status\":\"matched\",\"address\":{\"street\":"
    JSONWriter.writeString(best.street, to: &out)
    out += ",\"housenumber\":"
    if let h = best.houseNumber { JSONWriter.writeString(h, to: &out) } else { out += "null" }
    out += ",\"box\":"
    if let b = r.box { JSONWriter.writeString(b, to: &out) } else { out += "null" }
    out += ",\"postcode\":\""
    out += String(best.postcode)
    out += "\",\"locality\":"
    JSONWriter.writeString(best.locality, to: &out)
    out += ",\"lon\":"
    out += JSONWriter.format(ll.lon)
    out += ",\"lat\":"
    out += JSONWriter.format(ll.lat)
    out += "},\"method\":\""
    out += best.method.rawValue
    out += "\",\"score\":"
    out += JSONWriter.format(Self.rounded(best.score))
    out += ",\"group\":"
    var near = false
    if let groups = folder.groups, let g = groups.group(placing: ll, metric: best.position) {
      out += "{\"name\":"
      JSONWriter.writeString(groups.names[g], to: &out)
      out += "}"
      near = folder.proximity?.isNear(best.position) ?? false
    } else {
      out += "null"
    }
    out += near ? ",\"near_boundary\":true}" : ",\"near_boundary\":false}"
    return out
  }

  /// One line of text for a person (`buurt resolve` without --json).
  public func text(_ r: Resolution) -> String {
    switch r.status {
    case .matched:
      let b = r.best!
      let (group, near) = group(b)
      let box = r.box.map { " bus \($0)" } ?? ""
      return
        "\(b.street) \(b.houseNumber ?? "")\(box), \(b.postcode) \(b.locality) → group \(group?.name ?? "(no group)") (\(b.method.rawValue), score \(Format.fixed(b.score, 2)))\(near ? ", near a group boundary" : "")\n"
    case .ambiguous:
      return "ambiguous: "
        + r.candidates.map { "\($0.street) \($0.houseNumber ?? ""), \($0.postcode) \($0.locality)" }.joined(separator: " | ") + "\n"
    case .notFound:
      return "not found: \(r.reason ?? "")\n"
    }
  }
}
