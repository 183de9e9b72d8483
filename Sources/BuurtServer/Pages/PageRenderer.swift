import BuurtApp
import Foundation
import Mustache

/// The public pages' templates (swift-mustache), loaded once from the bundle, with the text
/// catalogue every page gets as `t`.
struct PageRenderer: Sendable {
  let library: MustacheLibrary
  let texts: PageTexts
  let stylesheet: String
  let script: String

  init(texts: PageTexts = .dutch) throws {
    var library = MustacheLibrary()
    guard let folder = Bundle.module.url(forResource: "templates", withExtension: nil) else {
      throw AppError.notFound("the page templates are missing from the bundle")
    }
    // Every template of the folder, by its name (`home.mustache` is "home").
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
    for file in files {
      let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      try library.register(text, named: String(file.dropLast(".mustache".count)))
    }
    self.library = library
    self.texts = texts
    func file(_ name: String) -> String {
      (Bundle.module.url(forResource: "static", withExtension: nil)?.appendingPathComponent(name)).flatMap {
        try? String(contentsOf: $0, encoding: .utf8)
      } ?? ""
    }
    stylesheet = file("buurt.css")
    script = file("inschrijven.js")
  }

  /// The page `template` for `context` (a struct whose properties the template names).
  func render(_ context: Any, template: String) -> String { library.render(context, withTemplate: template) ?? "" }

  func statusLabel(_ s: GroupState.Status) -> String { texts.status[s.rawValue] ?? s.rawValue }
}
