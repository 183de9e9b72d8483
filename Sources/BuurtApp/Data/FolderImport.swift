public import BuurtStore
import Foundation
import GeoCore
public import GeoFormats

/// Reads a data folder into store layers: every `*.geojson` becomes a layer named after the
/// file, and `addresses.csv(.gz)` the `addresses` point layer; all in the store's metric CRS.
///
/// Every file is held whole until the store is written: a GeoJSON layer up to
/// ``FileIO/maximumWholeFileBytes``, the address table up to ``FileIO/maximumTableBytes``
/// (inflated); a larger file is refused before it is read further.
public enum FolderImport {
  /// - Parameter encoding: the character set of `addresses.csv` (transcoded to UTF-8).
  /// - Throws: ``AppError`` naming the first file that cannot be read; nothing is written then.
  public static func layers(from folder: String, loader: LayerLoader, progress: Progress, encoding: TextEncoding = .utf8) throws
    -> [FeatureLayer]
  {
    guard FileIO.isDirectory(folder) else { throw AppError.notFound("\(folder): not a data folder (see GeoData/README.md)") }
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var layers: [FeatureLayer] = []
    let hasAddressTable = files.contains("addresses.csv") || files.contains("addresses.csv.gz")
    // The address table is the canonical address layer; a GeoJSON copy of it is skipped.
    for file in files.sorted() where file.hasSuffix(".geojson") && !(hasAddressTable && file == "addresses.geojson") {
      let name = String(file.dropLast(".geojson".count)).lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
      let layer = try progress.step("reading \(file)") { () throws -> FeatureLayer in
        let geo = try LayerLoader.readGeoJSON(folder + "/" + file)
        let geometries = try loader.metricGeometries(geo)
        let features: [Feature<XY>]
        switch geo {
        case .lonLat(let fc): features = fc.features.map { Feature(id: $0.id, geometry: nil, properties: $0.properties) }
        case .metric(let fc, _): features = fc.features.map { Feature(id: $0.id, geometry: nil, properties: $0.properties) }
        }
        return FeatureLayer.from(name: String(name), features: features, geometries: geometries)
      }
      layers.append(layer)
    }
    if let addressFile = ["addresses.csv", "addresses.csv.gz"].map({ folder + "/" + $0 }).first(where: FileIO.exists) {
      layers.append(try progress.step("reading \(addressFile)") { try addressLayer(addressFile, loader: loader, encoding: encoding) })
    }
    guard !layers.isEmpty else { throw AppError.notFound("\(folder): no layer files (*.geojson, addresses.csv) in the folder") }
    return layers
  }

  static func addressLayer(_ file: String, loader: LayerLoader, encoding: TextEncoding = .utf8) throws -> FeatureLayer {
    let bytes = try FileIO.read(file, limit: FileIO.maximumTableBytes)
    let points: PointTable
    do {
      let csv = try CSVTable(bytes: encoding.utf8(bytes))
      let hasLonLat = csv.column(named: "lon") != nil
      points = try PointTable(table: csv, crs: hasLonLat ? nil : CRS.belgianLambert72, threads: loader.threads)
      for required in ["street", "housenumber", "postcode"] where csv.column(named: required) == nil {
        throw AppError.invalidInput("\(file): an address table needs a \(required) column (it has \(csv.header.joined(separator: ",")))")
      }
    } catch let e as CSVError {
      throw AppError.invalidInput("\(file): \(e)")
    }
    let metric = try loader.metricPoints(points.positions)
    let table = points.table
    let columns = table.header.map { (name: $0, type: FeatureLayer.ColumnType.text) }
    return FeatureLayer(name: "addresses", geometryType: "POINT", columns: columns, count: table.rowCount, bounds: BoundingBox(metric)) {
      i in
      (table.fields(row: i).map { JSONValue.string($0) }, .point(metric[i]))
    }
  }
}
