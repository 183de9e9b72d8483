public import GeoCore

/// Recognises coordinates that are plainly in the wrong CRS or axis order, so the error can
/// say what to do instead of just "latitude out of range".
public enum CoordinateSanity {
  /// A hint when a pair read as lon/lat looks like metres of a Belgian CRS, or nil.
  public static func metricHint(_ a: Double, _ b: Double) -> String? {
    if a >= 1_000 && a <= 310_000 && b >= 1_000 && b <= 310_000 {
      return "looks like EPSG:31370 metres; pass --crs EPSG:31370"
    }
    if a >= 450_000 && a <= 850_000 && b >= 450_000 && b <= 850_000 {
      return "looks like EPSG:3812 metres; pass --crs EPSG:3812"
    }
    if abs(a) > 1_000 && abs(b) > 1_000 {
      return "looks like projected metres, not degrees; pass --crs with the file's EPSG code"
    }
    return nil
  }

  /// Whether a bounding box read as lon/lat is Belgium with the axes swapped (lat, lon).
  public static func looksSwapped(_ box: BoundingBox<LonLat>) -> Bool {
    !box.isEmpty && box.minFirst >= 49.3 && box.maxFirst <= 51.7 && box.minSecond >= 2.3
      && box.maxSecond <= 6.6
  }

  public static let swappedMessage =
    "coordinates look like lat, lon (Belgium lies at lon 2.5–6.4, lat 49.5–51.5); GeoJSON and CSV lon/lat columns are longitude first"

  /// Whether a bounding box read as metres is plainly lon/lat degrees.
  public static func looksLikeDegrees<C: PlanarCoordinate>(_ box: BoundingBox<C>) -> Bool {
    !box.isEmpty && box.minFirst >= -180 && box.maxFirst <= 180 && box.minSecond >= -90
      && box.maxSecond <= 90 && box.width < 20 && box.height < 20
  }
}
