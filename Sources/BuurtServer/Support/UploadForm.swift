import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` form with one file (the boundary upload): its text fields as a
/// ``FormFields`` (so the CSRF check is the same as for every other form) and the file's bytes.
struct UploadForm: Sendable {
  var fields: FormFields
  var file: [UInt8]
  var filename: String?

  struct Invalid: Error, CustomStringConvertible {
    var description: String
  }

  /// Parses `body` under the boundary of `contentType`; `fileField` names the file part.
  /// A field given twice, a text field that is not UTF-8 or a form without a boundary is refused.
  init(_ body: [UInt8], contentType: String, fileField: String) throws {
    guard let boundary = UploadForm.boundary(contentType) else { throw Invalid(description: "the multipart form has no boundary") }
    var parts: [(headers: [(String, String)], body: [UInt8])] = []
    var headers: [(String, String)] = []
    var current: [UInt8] = []
    let parser = MultipartParser(boundary: boundary)
    parser.onHeader = { headers.append(($0, $1)) }
    parser.onBody = { current += $0.readableBytesView }
    parser.onPartComplete = {
      parts.append((headers, current))
      headers = []
      current = []
    }
    do { try parser.execute(body) } catch { throw Invalid(description: "the multipart form is broken (\(error))") }
    var values: [String: String] = [:]
    var file: [UInt8]?
    var filename: String?
    for part in parts {
      let disposition = part.headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
      guard let name = UploadForm.parameter("name", in: disposition) else { continue }
      if name == fileField {
        guard file == nil else { throw Invalid(description: "the form holds more than one file") }
        file = part.body
        filename = UploadForm.parameter("filename", in: disposition)
        continue
      }
      guard values[name] == nil else { throw Invalid(description: "the form field \(name) is given twice") }
      guard let text = String(validating: part.body, as: UTF8.self) else {
        throw Invalid(description: "the form field \(name) is not UTF-8")
      }
      values[name] = text
    }
    self.fields = FormFields(values: values)
    self.file = file ?? []
    self.filename = filename.flatMap { $0.isEmpty ? nil : $0 }
  }

  /// `boundary=…` of a `multipart/form-data` content type (quoted or not).
  static func boundary(_ contentType: String) -> String? {
    guard let b = parameter("boundary", in: contentType), !b.isEmpty, b.count <= 70 else { return nil }
    return b
  }

  /// A `key=value` or `key="value"` parameter of a header value.
  static func parameter(_ key: String, in header: String) -> String? {
    for piece in header.split(separator: ";").dropFirst() {
      let kv = piece.split(separator: "=", maxSplits: 1)
      guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
      var value = kv[1].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
      return value.replacingOccurrences(of: "\\\"", with: "\"")
    }
    return nil
  }
}

/// Reads a file upload form of at most the upload limit.
func readUpload(_ request: Request, service: BuurtService, fileField: String) async throws -> UploadForm {
  let bytes = try await readBody(
    request, limit: service.configuration.uploadBodyLimit, timeout: service.configuration.bodyTimeoutSeconds,
    mediaTypes: ["multipart/form-data"])
  do { return try UploadForm(bytes, contentType: request.headers[.contentType] ?? "", fileField: fileField) } catch let e
    as UploadForm.Invalid
  {
    throw Problem.malformedBody(e.description)
  }
}
