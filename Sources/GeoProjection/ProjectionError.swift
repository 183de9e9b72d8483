public import GeoCore

/// Why a coordinate transformation could not be set up or carried out.
public enum ProjectionError: Error, Hashable, Sendable, CustomStringConvertible {
  /// PROJ does not know the CRS (or cannot build an operation between the two).
  case unknownCRS(String, reason: String)
  /// A metric CRS was required but the CRS is geographic or not in metres.
  case notMetric(CRS)
  /// PROJ could not transform the position at `index` (for instance far outside the CRS's area).
  case transformFailed(index: Int, reason: String)

  public var description: String {
    switch self {
    case .unknownCRS(let name, let reason):
      "unknown CRS '\(name)': \(reason) (use an EPSG code such as EPSG:31370, EPSG:3812 or EPSG:4326)"
    case .notMetric(let crs):
      "\(crs) is not a projected CRS in metres; buurt computes in a metric CRS such as EPSG:31370 or EPSG:3812"
    case .transformFailed(let index, let reason):
      "cannot transform position \(index + 1): \(reason)"
    }
  }
}
