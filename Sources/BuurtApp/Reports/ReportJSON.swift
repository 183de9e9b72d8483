public import GeoFormats

/// The JSON of buurt's reports (the `Encodable` values the CLI prints and the API answers
/// with), written by `JSONValueEncoder` and `JSONWriter`: members in declaration order, `null`
/// where there is nothing, the same text on every run.
public enum ReportJSON {
  /// `report` as a JSON value.
  public static func value(_ report: some Encodable) -> JSONValue {
    // Reports hold strings, numbers, booleans, JSON values and nested reports: encoding them
    // cannot fail (JSONValueEncoder throws only what a custom encode(to:) throws).
    (try? JSONValueEncoder().encode(report)) ?? .null
  }

  /// `report` as compact JSON text.
  public static func text(_ report: some Encodable) -> String { JSONWriter.serialize(value(report)) }
}
