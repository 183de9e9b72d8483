public import BuurtStore
public import GeoCore
import GeoFormats

/// The municipality outline: the polygons of the `boundary` layer as one multipolygon, nil when
/// the data has none. One definition for resolution, planning and publishing.
public enum MunicipalityOutline {
  public static func of(_ areas: [MultiPolygon<XY>]) -> MultiPolygon<XY>? {
    let polygons = areas.flatMap(\.polygons)
    return polygons.isEmpty ? nil : MultiPolygon(polygons)
  }

  public static func of(store: Store) throws -> MultiPolygon<XY>? {
    try store.hasLayer("boundary") ? of(try store.features(of: "boundary").compactMap { $0.geometry?.areal }) : nil
  }
}
