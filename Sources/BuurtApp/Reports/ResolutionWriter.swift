public import Addressing
import Foundation
import GeoCore
public import GeoFormats
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
  func group(_ c: Resolution.Candidate) -> (JSONValue, Bool) {
    guard let groups = folder.groups, let g = groups.group(placing: lonLat(c), metric: c.position) else { return (.null, false) }
    let near = folder.proximity?.isNear(c.position) ?? false
    return (.object(JSONObject([.init(key: "name", value: .string(groups.names[g]))])), near)
  }

  func address(_ c: Resolution.Candidate, box: String?) -> JSONValue {
    let ll = lonLat(c)
    return .object(
      JSONObject([
        .init(key: "street", value: .string(c.street)),
        .init(key: "housenumber", value: c.houseNumber.map { .string($0) } ?? .null),
        .init(key: "box", value: box.map { .string($0) } ?? .null),
        .init(key: "postcode", value: .string(String(c.postcode))),
        .init(key: "locality", value: .string(c.locality)),
        .init(key: "lon", value: .number(ll.lon)), .init(key: "lat", value: .number(ll.lat)),
      ]))
  }

  public func object(_ r: Resolution) -> JSONObject {
    var o = JSONObject([.init(key: "query", value: .string(r.query)), .init(key: "status", value: .string(r.status.rawValue))])
    if let best = r.best {
      let (g, near) = group(best)
      o["address"] = address(best, box: r.box)
      o["method"] = .string(best.method.rawValue)
      o["score"] = .number((best.score * 1000).rounded() / 1000)
      o["group"] = g
      o["near_boundary"] = .bool(near)
    } else {
      o["address"] = .null
      o["method"] = .null
      o["score"] = .number(0)
      o["group"] = .null
      o["near_boundary"] = .bool(false)
    }
    // Ambiguous: the addresses too close to call; not_found: where the register has the street
    // that the typed place does not have.
    if !r.candidates.isEmpty {
      o["candidates"] = .array(
        r.candidates.map { c in
          var a = address(c, box: r.box).objectValue ?? JSONObject()
          a["method"] = .string(c.method.rawValue)
          a["score"] = .number((c.score * 1000).rounded() / 1000)
          a["group"] = group(c).0
          return .object(a)
        })
    }
    if let reason = r.reason { o["reason"] = .string(reason) }
    return o
  }

  /// The same text as serialising ``object(_:)``, built directly (the API's hot path).
  public func json(_ r: Resolution) -> String {
    guard r.status == .matched, let best = r.best else { return JSONWriter.serialize(.object(object(r))) }
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
    out += JSONWriter.format((best.score * 1000).rounded() / 1000)
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
      let o = object(r)
      let groupName = o["group"]?.objectValue?["name"]?.stringValue ?? "(no group)"
      let box = r.box.map { " bus \($0)" } ?? ""
      return "\(b.street) \(b.houseNumber ?? "")\(box), \(b.postcode) \(b.locality) → group \(groupName) (\(b.method.rawValue), score \(Format.fixed(b.score, 2)))\(o["near_boundary"] == .bool(true) ? ", near a group boundary" : "")\n"
    case .ambiguous:
      return "ambiguous: " + r.candidates.map { "\($0.street) \($0.houseNumber ?? ""), \($0.postcode) \($0.locality)" }.joined(separator: " | ") + "\n"
    case .notFound:
      return "not found: \(r.reason ?? "")\n"
    }
  }
}
