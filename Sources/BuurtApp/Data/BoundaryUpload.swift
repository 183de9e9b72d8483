public import BuurtStore
import Foundation
public import GeoCore
public import GeoFormats

/// A boundary set as a planner uploads it, GeoJSON or a GeoPackage straight from QGIS, turned into
/// the GeoJSON a draft keeps. A GeoPackage's layer keeps its own CRS (a legacy `crs` member names
/// it when it is not lon/lat), so placement stays in the coordinates the set was drawn in.
public enum BoundaryUpload {
  /// The first bytes of every SQLite file, and so of every GeoPackage.
  static let sqliteMagic = Array("SQLite format 3\u{0}".utf8)

  public static func isGeoPackage(_ bytes: [UInt8]) -> Bool { bytes.starts(with: sqliteMagic) }

  /// The upload as GeoJSON text: GeoJSON as given, a GeoPackage's polygon layer (`layer`, or the
  /// only one) written out.
  /// - Throws: ``AppError`` naming the problem: not UTF-8, not a GeoPackage, no or several polygon layers.
  public static func geoJSON(_ bytes: [UInt8], layer: String? = nil) throws -> String {
    guard isGeoPackage(bytes) else {
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw AppError.invalidInput("the file is neither GeoJSON (UTF-8 text) nor a GeoPackage")
      }
      return text
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("buurt-upload-\(UUID().uuidString).gpkg").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    // A file saved in WAL mode (header bytes 18 and 19 are 2) would need a -wal beside it; an
    // upload is one complete file, so it is read as a rollback-journal database.
    var bytes = bytes
    if bytes.count > 19, bytes[18] == 2, bytes[19] == 2 {
      bytes[18] = 1
      bytes[19] = 1
    }
    try FileIO.write(bytes, to: path)
    let file: GeoPackageFile
    do { file = try GeoPackageFile(path: path) } catch let e as StoreError {
      throw AppError.invalidInput(e.message.replacingOccurrences(of: path + ": ", with: ""))
    }
    let polygonal = try file.layers().filter { $0.geometryType.contains("POLYGON") || $0.geometryType == "GEOMETRY" }
    let chosen: GeoPackageFile.Layer
    if let layer {
      guard let l = polygonal.first(where: { $0.name == layer }) else {
        throw AppError.invalidInput("the GeoPackage has no polygon layer \"\(layer)\" (it has: \(names(polygonal)))")
      }
      chosen = l
    } else {
      guard polygonal.count == 1 else {
        throw AppError.invalidInput(
          polygonal.isEmpty
            ? "the GeoPackage has no polygon layer" : "the GeoPackage has several polygon layers (\(names(polygonal))): name the one to use"
        )
      }
      chosen = polygonal[0]
    }
    let features = try file.features(of: chosen.name)
    if chosen.srsID == 4326 {
      let lonLat = features.map { f in
        Feature(
          id: f.id, geometry: f.geometry.map { g in g.replacingCoordinates(with: g.allCoordinates.map { LonLat(lon: $0.x, lat: $0.y) }) },
          properties: f.properties)
      }
      return GeoJSONWriter().write(FeatureCollection(lonLat))
    }
    var crs = JSONObject()
    crs["type"] = .string("name")
    var props = JSONObject()
    props["name"] = .string("urn:ogc:def:crs:EPSG::\(chosen.srsID)")
    crs["properties"] = .object(props)
    var members = JSONObject()
    members["crs"] = .object(crs)
    return GeoJSONWriter().write(FeatureCollection(features, foreignMembers: members))
  }

  static func names(_ layers: [GeoPackageFile.Layer]) -> String {
    layers.isEmpty ? "none" : layers.map(\.name).joined(separator: ", ")
  }
}
