import Foundation

/// The data the tests read, by name.
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
}
