import Foundation

/// The data the tests read, by name: the package's own sample town (`GeoData/sample`), the real
/// Lanaken data beside the clone (`../shared/geodata`, read in place, never copied into the
/// repository) and small real subsets of it made on the fly.
public enum Fixtures {
  /// The package root: the nearest folder above this file that holds Package.swift (so a file
  /// that moves within Tests/ finds it still).
  public static let packageRoot: String = {
    var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while folder.path != "/" {
      if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder.path }
      folder.deleteLastPathComponent()
    }
    preconditionFailure("no Package.swift above \(#filePath)")
  }()

  /// The golden files (`Tests/Golden`).
  public static let golden = packageRoot + "/Tests/Golden"

  /// The sample town made by tools/sample-town (`GeoData/sample`), a data folder.
  public static let sampleTown = packageRoot + "/GeoData/sample"
  public static let sampleWijken = sampleTown + "/wijken.geojson"
  public static let sampleAddresses = sampleTown + "/addresses.csv"
  public static let sampleStreets = sampleTown + "/streets.geojson"

  /// The real data beside the clone (`../shared/geodata`): Lanaken, a data folder, and Flanders.
  public static let geodata = URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/geodata").path
  /// The 7 wijken of Lanaken (lon/lat; `name` and `code`).
  public static let lanakenWijken = geodata + "/wijken.geojson"
  /// The 5 deelgemeenten (sub-municipalities) of Lanaken (lon/lat; `name` and `code`).
  public static let lanakenDeelgemeenten = geodata + "/deelgemeenten.geojson"
  /// The 9,322 addresses of Lanaken: `street,housenumber,postcode,municipality,nis_code,`
  /// `deelgemeente_code,deelgemeente,wijk_code,wijk,lon,lat`, no quoted cells.
  public static let lanakenAddresses = geodata + "/addresses.csv"
  public static let lanakenStreets = geodata + "/streets.geojson"
  public static let lanakenBoundary = geodata + "/boundary.geojson"

  /// The 1,638 addresses of the deelgemeente Rekem (all in the wijk Rekem), as a CSV file with
  /// the header of ``lanakenAddresses``.
  public static func rekemAddresses() throws -> String { try addresses(inDeelgemeente: "Rekem") }

  /// The 1,370 addresses of the deelgemeente Veldwezelt, which lie in two wijken (Kesselt and
  /// Veldwezelt), as a CSV file with the header of ``lanakenAddresses``.
  public static func veldwezeltAddresses() throws -> String { try addresses(inDeelgemeente: "Veldwezelt") }

  /// The rows of ``lanakenAddresses`` whose `deelgemeente` is `name`, in their order, under the
  /// same header: a CSV file made once and kept in a temporary folder (named after the size and
  /// date of the shared file, so a changed file makes a new subset). - Throws: when the shared
  /// data is missing or no row has that deelgemeente.
  public static func addresses(inDeelgemeente name: String) throws -> String {
    try subset(of: lanakenAddresses, named: "addresses-\(name).csv") { text in
      let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
      guard let header = lines.first, let column = header.split(separator: ",").firstIndex(of: "deelgemeente") else {
        throw FixtureError.unexpected(lanakenAddresses, "no deelgemeente column")
      }
      let rows = lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[column] == name }
      guard !rows.isEmpty else { throw FixtureError.unexpected(lanakenAddresses, "no address in the deelgemeente \(name)") }
      return ([header] + rows).joined(separator: "\n") + "\n"
    }
  }

  /// The file `name` in the cache folder for `source`, made by `make` from the text of `source`
  /// unless it is there already. Written atomically, so tests that ask at once each find a whole file.
  static func subset(of source: String, named name: String, _ make: (String) throws -> String) throws -> String {
    let attributes = try FileManager.default.attributesOfItem(atPath: source)
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
    let modified = Int64((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
    let folder = NSTemporaryDirectory() + "buurt-fixtures/\(size)-\(modified)"
    let path = folder + "/" + name
    if FileManager.default.fileExists(atPath: path) { return path }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let text = try make(try String(contentsOfFile: source, encoding: .utf8))
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    return path
  }
}

public enum FixtureError: Error, CustomStringConvertible {
  case unexpected(String, String)

  public var description: String {
    switch self {
    case .unexpected(let path, let what): "\(path): \(what)"
    }
  }
}
