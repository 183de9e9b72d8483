import Foundation
import GRDB
import GeoCore
import GeoFormats

/// The GeoPackage SQL functions the R-tree triggers of the spec call (`ST_IsEmpty`,
/// `ST_MinX`, `ST_MaxX`, `ST_MinY`, `ST_MaxY`), registered on every connection so edits made
/// through buurt keep the spatial index right. GDAL and QGIS bring their own.
enum SpatialFunctions {
  static func register(_ db: Database) {
    @Sendable func envelope(_ value: DatabaseValue) -> (Double, Double, Double, Double)? {
      guard let data = Data.fromDatabaseValue(value), let h = try? GeoPackageGeometry.header(Array(data)) else { return nil }
      if let e = h.envelope { return e }
      // Points carry no envelope: read the point itself.
      if let (g, _) = try? GeoPackageGeometry.decode(Array(data), as: XY.self), case .point(let p) = g {
        return (p.first, p.first, p.second, p.second)
      }
      return nil
    }
    db.add(
      function: DatabaseFunction("ST_IsEmpty", argumentCount: 1, pure: true) { values in
        guard let data = Data.fromDatabaseValue(values[0]), let h = try? GeoPackageGeometry.header(Array(data)) else { return true }
        return h.isEmpty
      })
    for (name, pick) in [("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)] {
      db.add(
        function: DatabaseFunction(name, argumentCount: 1, pure: true) { values in
          guard let e = envelope(values[0]) else { return nil }
          return [e.0, e.1, e.2, e.3][pick]
        })
    }
  }
}
