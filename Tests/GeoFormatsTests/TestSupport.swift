import GeoCore
import GeoFormats
import Testing

/// The lon/lat collection of a layer, recording an issue when the layer is metric.
func lonLat(_ layer: GeoLayer, sourceLocation: SourceLocation = #_sourceLocation) -> FeatureCollection<LonLat>? {
  if case .lonLat(let fc) = layer { return fc }
  Issue.record("expected a lon/lat layer, got \(layer.crs)", sourceLocation: sourceLocation)
  return nil
}

/// The metric collection and CRS of a layer, recording an issue when the layer is lon/lat.
func metric(_ layer: GeoLayer, sourceLocation: SourceLocation = #_sourceLocation) -> (FeatureCollection<XY>, CRS)? {
  if case .metric(let fc, let crs) = layer { return (fc, crs) }
  Issue.record("expected a metric layer, got lon/lat", sourceLocation: sourceLocation)
  return nil
}

/// The GeoJSONError that reading `text` throws (recording an issue when it does not throw one).
func readError(
  _ text: String, options: GeoJSONReader.Options = .init(), sourceLocation: SourceLocation = #_sourceLocation
) -> GeoJSONError? {
  do {
    _ = try GeoJSONReader(options: options).read(text)
    Issue.record("expected a GeoJSONError, but the document was read", sourceLocation: sourceLocation)
  } catch let e as GeoJSONError {
    return e
  } catch {
    Issue.record("expected a GeoJSONError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
  }
  return nil
}

/// The CSVError that building a PointTable from `text` throws (CSVTable or PointTable stage).
func csvError(
  _ text: String, crs: CRS? = nil, columns: (String, String)? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) -> CSVError? {
  do {
    _ = try PointTable(table: CSVTable(bytes: Array(text.utf8)), crs: crs, columns: columns)
    Issue.record("expected a CSVError, but the table was read", sourceLocation: sourceLocation)
  } catch let e as CSVError {
    return e
  } catch {
    Issue.record("expected a CSVError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
  }
  return nil
}

/// Records an issue for every expected substring missing from `text`.
func expectContains(
  _ text: String?, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let text else {
    Issue.record("no text to search for \(parts)", sourceLocation: sourceLocation)
    return
  }
  for p in parts where !text.contains(p) {
    Issue.record("\"\(text)\" does not contain \"\(p)\"", sourceLocation: sourceLocation)
  }
}

/// Reads lon/lat GeoJSON, writes it back, reads it again and returns both collections.
func roundTrip(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
  first: FeatureCollection<LonLat>, second: FeatureCollection<LonLat>, written: String
)? {
  guard let first = lonLat(try GeoJSONReader().read(text), sourceLocation: sourceLocation) else { return nil }
  let written = GeoJSONWriter().write(first)
  guard let second = lonLat(try GeoJSONReader().read(written), sourceLocation: sourceLocation) else { return nil }
  return (first, second, written)
}

/// A Feature document around one geometry, with a name property.
func feature(_ geometry: String, name: String = "F") -> String {
  #"{"type":"Feature","properties":{"name":"\#(name)"},"geometry":\#(geometry)}"#
}

/// A FeatureCollection document of the given feature documents.
func collection(_ features: [String]) -> String {
  #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
}
