/// What is wrong with a GeoJSON document, and where.
public struct GeoJSONError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Zero-based feature index, when the problem is inside a feature.
  public var feature: Int?
  /// A short label of the feature (its `name` or `id`), when it has one.
  public var label: String?
  /// Where inside the feature, e.g. `coordinates[0][3]` or `ring 0 of polygon 1`.
  public var location: String?
  public var message: String

  public init(feature: Int? = nil, label: String? = nil, location: String? = nil, message: String) {
    self.feature = feature
    self.label = label
    self.location = location
    self.message = message
  }

  public var description: String {
    var parts: [String] = []
    if let f = feature { parts.append("feature \(f)" + (label.map { " (\($0))" } ?? "")) }
    if let l = location { parts.append(l) }
    return parts.isEmpty ? message : parts.joined(separator: ", ") + ": " + message
  }
}
