/// A sequence of positions joined by straight segments.
public struct LineString<C: PlanarCoordinate>: Hashable, Sendable {
  public var coordinates: [C]
  public init(_ coordinates: [C]) { self.coordinates = coordinates }
}

/// A closed ring: `coordinates.first == coordinates.last`, at least 4 positions when valid.
public struct LinearRing<C: PlanarCoordinate>: Hashable, Sendable {
  public var coordinates: [C]
  public init(_ coordinates: [C]) { self.coordinates = coordinates }
  /// The number of segments (positions minus the closing one).
  public var segmentCount: Int { Swift.max(0, coordinates.count - 1) }
}

/// A polygon: one exterior ring and zero or more holes.
///
/// Orientation is normalised by ``Polygon/normalized()``: exterior counter-clockwise,
/// holes clockwise (the RFC 7946 convention).
public struct Polygon<C: PlanarCoordinate>: Hashable, Sendable {
  public var exterior: LinearRing<C>
  public var holes: [LinearRing<C>]
  public init(exterior: LinearRing<C>, holes: [LinearRing<C>] = []) {
    self.exterior = exterior
    self.holes = holes
  }
  /// All rings, exterior first.
  public var rings: [LinearRing<C>] { [exterior] + holes }
}

/// One or more polygons taken together as one area.
public struct MultiPolygon<C: PlanarCoordinate>: Hashable, Sendable {
  public var polygons: [Polygon<C>]
  public init(_ polygons: [Polygon<C>]) { self.polygons = polygons }
  public var vertexCount: Int {
    polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.coordinates.count } }
  }
}

/// Any of the RFC 7946 geometry types except GeometryCollection.
public enum Geometry<C: PlanarCoordinate>: Hashable, Sendable {
  case point(C)
  case multiPoint([C])
  case lineString(LineString<C>)
  case multiLineString([LineString<C>])
  case polygon(Polygon<C>)
  case multiPolygon(MultiPolygon<C>)

  /// The RFC 7946 type name.
  public var typeName: String {
    switch self {
    case .point: "Point"
    case .multiPoint: "MultiPoint"
    case .lineString: "LineString"
    case .multiLineString: "MultiLineString"
    case .polygon: "Polygon"
    case .multiPolygon: "MultiPolygon"
    }
  }

  /// The area geometry as a multipolygon, or nil for points and lines.
  public var areal: MultiPolygon<C>? {
    switch self {
    case .polygon(let p): MultiPolygon([p])
    case .multiPolygon(let m): m
    default: nil
    }
  }

  /// Every position, in order (ring closing positions included).
  public var allCoordinates: [C] {
    switch self {
    case .point(let c): [c]
    case .multiPoint(let cs): cs
    case .lineString(let l): l.coordinates
    case .multiLineString(let ls): ls.flatMap(\.coordinates)
    case .polygon(let p): p.rings.flatMap(\.coordinates)
    case .multiPolygon(let m): m.polygons.flatMap { $0.rings.flatMap(\.coordinates) }
    }
  }

  public var boundingBox: BoundingBox<C> { BoundingBox(allCoordinates) }

  /// The same geometry with every position replaced by `transform(position)`, in the
  /// order of ``allCoordinates``.
  public func map<D: PlanarCoordinate>(_ transform: (C) throws -> D) rethrows -> Geometry<D> {
    func ring(_ r: LinearRing<C>) throws -> LinearRing<D> {
      LinearRing(try r.coordinates.map(transform))
    }
    func poly(_ p: Polygon<C>) throws -> Polygon<D> {
      Polygon(exterior: try ring(p.exterior), holes: try p.holes.map(ring))
    }
    switch self {
    case .point(let c): return .point(try transform(c))
    case .multiPoint(let cs): return .multiPoint(try cs.map(transform))
    case .lineString(let l): return .lineString(LineString(try l.coordinates.map(transform)))
    case .multiLineString(let ls):
      return .multiLineString(try ls.map { LineString(try $0.coordinates.map(transform)) })
    case .polygon(let p): return .polygon(try poly(p))
    case .multiPolygon(let m): return .multiPolygon(MultiPolygon(try m.polygons.map(poly)))
    }
  }

  /// Rebuilds the geometry from a flat list of positions laid out like ``allCoordinates``.
  /// - Precondition: `flat.count == allCoordinates.count`.
  public func replacingCoordinates<D: PlanarCoordinate>(with flat: [D]) -> Geometry<D> {
    var i = 0
    return map { (_: C) -> D in
      defer { i += 1 }
      return flat[i]
    }
  }
}
