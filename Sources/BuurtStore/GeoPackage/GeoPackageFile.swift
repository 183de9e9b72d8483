import Foundation
import GRDB
public import GeoCore
public import GeoFormats

/// Any GeoPackage opened read-only (a planner's file from QGIS, not a buurt store): its feature
/// layers with their CRS, and a layer's features as stored.
public struct GeoPackageFile: Sendable {
  public struct Layer: Sendable, Equatable {
    public var name: String
    public var geometryType: String
    /// `gpkg_spatial_ref_sys.srs_id` (an EPSG code in practice: 4326, 31370, 3812).
    public var srsID: Int32
  }

  let database: DatabaseQueue
  public let path: String

  /// - Throws: ``StoreError`` when the file is no SQLite database or has no GeoPackage tables.
  public init(path: String) throws {
    self.path = path
    var config = Configuration()
    config.readonly = true
    do {
      database = try DatabaseQueue(path: path, configuration: config)
      let tables = try database.read { db in
        try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name IN ('gpkg_contents', 'gpkg_geometry_columns')") ?? 0
      }
      guard tables == 2 else { throw StoreError("\(path): an SQLite file without the GeoPackage tables (gpkg_geometry_columns)") }
    } catch let e as DatabaseError {
      throw StoreError("\(path): not a GeoPackage (SQLite: \(e.message ?? "\(e)"))")
    }
  }

  /// The feature layers, by name.
  public func layers() throws -> [Layer] {
    do {
      return try database.read { db in
        try Row.fetchAll(db, sql: "SELECT table_name, geometry_type_name, srs_id FROM gpkg_geometry_columns ORDER BY table_name").map {
          Layer(name: $0[0], geometryType: ($0[1] as String? ?? "").uppercased(), srsID: $0[2])
        }
      }
    } catch let e as DatabaseError { throw StoreError(e, path: path) }
  }

  /// A layer's features, coordinates as stored (in the layer's CRS).
  public func features(of layer: String) throws -> [Feature<XY>] {
    do {
      return try database.read { db in
        let column = try String.fetchOne(db, sql: "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", arguments: [layer])
        guard let column else { throw StoreError("\(path): no feature layer \"\(layer)\"") }
        return try FeatureTables.features(db, layer, geometryColumn: column)
      }
    } catch let e as DatabaseError { throw StoreError(e, path: path) }
  }
}
