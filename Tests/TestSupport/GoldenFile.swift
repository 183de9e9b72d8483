import Foundation
import Testing

/// Golden files: outputs that must not drift, kept under `Tests/Golden`. A change fails with
/// the lines that changed; `BUURT_RECORD_GOLDEN=1` re-records them on purpose.
public enum GoldenFile {
  /// The folder of the golden files.
  public static let root = Fixtures.golden
}

/// Compares `actual` with the golden file `name`, or records it when `BUURT_RECORD_GOLDEN=1`.
public func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let path = GoldenFile.root + "/" + name
  if ProcessInfo.processInfo.environment["BUURT_RECORD_GOLDEN"] == "1" {
    #expect(
      FileManager.default.createFile(atPath: path, contents: Data(actual.utf8)), "could not write \(path)", sourceLocation: sourceLocation)
    return
  }
  guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
    Issue.record("no golden file \(path); record it with BUURT_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
    return
  }
  if let difference = goldenDifference(expected: expected, actual: actual, name: name) {
    Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation)
  }
}

/// The first lines that differ, expected (-) above actual (+), with their line numbers; nil
/// when the texts are equal.
public func goldenDifference(expected: String, actual: String, name: String, shown: Int = 8) -> String? {
  guard expected != actual else { return nil }
  let a = expected.components(separatedBy: "\n")
  let b = actual.components(separatedBy: "\n")
  var differing: [Int] = []
  for i in 0..<max(a.count, b.count) where (i < a.count ? a[i] : nil) != (i < b.count ? b[i] : nil) { differing.append(i) }
  var out = "\(name): \(differing.count) of \(max(a.count, b.count)) lines differ"
  if a.count != b.count { out += " (\(a.count) lines expected, \(b.count) written)" }
  for i in differing.prefix(shown) {
    out += "\nline \(i + 1):\n  - \(i < a.count ? a[i] : "(no line)")\n  + \(i < b.count ? b[i] : "(no line)")"
  }
  if differing.count > shown { out += "\n… and \(differing.count - shown) more" }
  return out + "\nIf the change is meant, re-record: BUURT_RECORD_GOLDEN=1 swift test --filter GoldenFileTests"
}
