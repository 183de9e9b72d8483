/// A planar coordinate pair: the two numbers a geometry is made of.
///
/// Two concrete types conform: ``LonLat`` (WGS84 degrees, RFC 7946 axis order) and ``XY``
/// (metres in a projected CRS such as EPSG:31370). Algorithms that need metres take ``XY``
/// only, so degrees can never be fed to them by accident.
public protocol PlanarCoordinate: Hashable, Sendable {
  /// The first axis: longitude in degrees, or easting in metres.
  var first: Double { get }
  /// The second axis: latitude in degrees, or northing in metres.
  var second: Double { get }
  init(first: Double, second: Double)
}

/// A WGS84 position in degrees, longitude first (RFC 7946 order).
public struct LonLat: PlanarCoordinate, CustomStringConvertible {
  public var lon: Double
  public var lat: Double
  @inlinable public init(lon: Double, lat: Double) {
    self.lon = lon
    self.lat = lat
  }
  @inlinable public init(first: Double, second: Double) { self.init(lon: first, lat: second) }
  @inlinable public var first: Double { lon }
  @inlinable public var second: Double { lat }
  public var description: String { "[\(lon), \(lat)]" }
}

/// A projected position in metres (easting `x`, northing `y`) of a metric CRS.
public struct XY: PlanarCoordinate, CustomStringConvertible {
  public var x: Double
  public var y: Double
  @inlinable public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
  @inlinable public init(first: Double, second: Double) { self.init(x: first, y: second) }
  @inlinable public var first: Double { x }
  @inlinable public var second: Double { y }
  public var description: String { "(\(x), \(y))" }
}

extension PlanarCoordinate {
  /// Both axes finite (not NaN, not infinite).
  @inlinable public var isFinite: Bool { first.isFinite && second.isFinite }
}

extension LonLat {
  /// Rounded to 7 decimals (about a centimetre): the precision buurt reports positions in and
  /// the register's lon/lat has, so a position computed back from metres reads as registered.
  @inlinable public var roundedTo7Decimals: LonLat {
    LonLat(lon: (lon * 1e7).rounded() / 1e7, lat: (lat * 1e7).rounded() / 1e7)
  }
}
