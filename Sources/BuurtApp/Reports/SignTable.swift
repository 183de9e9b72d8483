import Foundation
public import GeoCore
import GeoFormats
public import GeoProjection
public import Grouping

/// The sign places as staff read them (`buurt signs`, the staff's signs page): most important
/// first, with the group, street, road class, position in lon/lat and the bearing the sign faces,
/// written as CSV, GPX or GeoJSON.
public struct SignTable: Sendable {
  public struct Row: Sendable, Hashable {
    public var group: String
    public var street: String
    public var roadClass: String
    public var lonLat: LonLat
    /// Metres, in the projection the signs were planned in.
    public var position: XY
    public var bearing: Double
    public var rank: Int
    public var optional: Bool
    public var covered: Bool?
    public var clippedEnd: Bool
  }

  public var rows: [Row]

  /// Orders `signs` by importance; with `max`, the rest are optional; with `existing` (standing
  /// signs, metres), each row says whether one stands within `spacing`.
  public init(
    _ signs: [SignPlacement], groups: GroupSet, projection: MetricProjection, max: Int? = nil, existing: [XY]? = nil, spacing: Double = 50
  ) throws {
    let ordered = signs.sorted(by: SignPlanner.moreImportant)
    let ahead = ordered.map { XY(x: $0.position.x + $0.direction.x, y: $0.position.y + $0.direction.y) }
    let lonLats = try projection.inverse(ordered.map(\.position) + ahead)
    rows = ordered.enumerated().map { k, s in
      let here = lonLats[k]
      let there = lonLats[ordered.count + k]
      let covered = existing.map { ex in
        ex.contains {
          hypot($0.x - s.entry.x, $0.y - s.entry.y) < Swift.max(spacing, 1)
            || hypot($0.x - s.position.x, $0.y - s.position.y) < Swift.max(spacing, 1)
        }
      }
      return Row(
        group: groups.names[s.group], street: s.street, roadClass: s.roadClass, lonLat: here.roundedTo7Decimals, position: s.position,
        bearing: (SignTable.bearing(here, there) * 10).rounded() / 10, rank: k + 1, optional: max.map { k >= $0 } ?? false,
        covered: covered, clippedEnd: s.clippedEnd)
    }
  }

  /// True compass bearing (degrees from north, clockwise) from `a` to `b`.
  public static func bearing(_ a: LonLat, _ b: LonLat) -> Double {
    // φ latitudes, Δλ the difference in longitude, θ the bearing, in radians.
    let phi1 = a.lat * .pi / 180
    let phi2 = b.lat * .pi / 180
    let deltaLambda = (b.lon - a.lon) * .pi / 180
    let y = sin(deltaLambda) * cos(phi2)
    let x = cos(phi1) * sin(phi2) - sin(phi1) * cos(phi2) * cos(deltaLambda)
    let theta = atan2(y, x) * 180 / .pi
    return (theta + 360).truncatingRemainder(dividingBy: 360)
  }

  /// `rank,group,street,road_class,lon,lat,bearing,covered,optional`, safe to open in a spreadsheet.
  public var csv: String {
    var out = "rank,group,street,road_class,lon,lat,bearing,covered,optional\n"
    for r in rows {
      out +=
        [
          "\(r.rank)", CSVTable.neutralised(r.group), CSVTable.neutralised(r.street), CSVTable.neutralised(r.roadClass),
          JSONWriter.format(r.lonLat.lon), JSONWriter.format(r.lonLat.lat),
          JSONWriter.format(r.bearing), r.covered.map { $0 ? "yes" : "no" } ?? "", r.optional ? "yes" : "no",
        ]
        .map(CSVTable.escape).joined(separator: ",") + "\n"
    }
    return out
  }

  /// GPX 1.1 waypoints, for a phone in the field.
  public var gpx: String {
    func esc(_ s: String) -> String { XMLText.escape(s) }
    var out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"buurt\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
    for r in rows {
      out += "  <wpt lat=\"\(JSONWriter.format(r.lonLat.lat))\" lon=\"\(JSONWriter.format(r.lonLat.lon))\">\n"
      out += "    <name>\(r.rank). \(esc(r.group)): \(esc(r.street.isEmpty ? "(unnamed)" : r.street))</name>\n"
      out +=
        "    <desc>\(esc(r.roadClass)), facing traffic heading \(JSONWriter.format(r.bearing))°\(r.optional ? ", optional" : "")\(r.covered == true ? ", already standing" : "")</desc>\n"
      out += "    <type>buurtpreventie sign</type>\n  </wpt>\n"
    }
    return out + "</gpx>\n"
  }

  /// RFC 7946 points with rank, group, street, highway, bearing, optional, clipped_end (and covered).
  public var geojson: String {
    let features = rows.map { r in
      var props = JSONObject([
        .init(key: "rank", value: .number(Double(r.rank))), .init(key: "group", value: .string(r.group)),
        .init(key: "street", value: .string(r.street)), .init(key: "highway", value: .string(r.roadClass)),
        .init(key: "bearing", value: .number(r.bearing)), .init(key: "optional", value: .bool(r.optional)),
        .init(key: "clipped_end", value: .bool(r.clippedEnd)),
      ])
      if let c = r.covered { props["covered"] = .bool(c) }
      return Feature(geometry: Geometry<LonLat>.point(r.lonLat), properties: props)
    }
    return GeoJSONWriter().write(
      FeatureCollection(features, foreignMembers: JSONObject([.init(key: "name", value: .string("buurt sign places"))])))
  }
}
