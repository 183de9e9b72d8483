import GeoFormats

/// The routes and their methods as `openapi.json` describes them, so a request for a known path
/// with another method gets a 405 with `Allow` instead of a 404.
struct RouteTable: Sendable {
  /// Path templates split into segments (`{name}` matches any one segment), with their methods.
  let routes: [(segments: [String], methods: [String])]

  init(openAPI bytes: [UInt8]) {
    let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
    var routes: [(segments: [String], methods: [String])] = []
    for path in (try? JSONParser.parse(bytes))?.objectValue?["paths"]?.objectValue?.members ?? [] {
      let operations = path.value.objectValue?.members.map(\.key).filter(methods.contains) ?? []
      // HEAD is answered wherever GET is (the router generates it).
      let offered = operations.flatMap { $0 == "get" ? ["GET", "HEAD"] : [$0.uppercased()] }
      routes.append((path.key.split(separator: "/").map(String.init), offered))
    }
    self.routes = routes
  }

  /// The methods the API offers on `path` (empty when no route matches it).
  func methods(for path: String) -> [String] {
    let segments = path.split(separator: "/")
    var out: [String] = []
    for route in routes where route.segments.count == segments.count {
      let matches = zip(route.segments, segments).allSatisfy { template, segment in
        (template.hasPrefix("{") && template.hasSuffix("}")) || template == segment
      }
      if matches { out += route.methods.filter { !out.contains($0) } }
    }
    return out
  }
}
