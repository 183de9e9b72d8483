import Foundation
import NIOCore
import Synchronization

/// Rendered pages, kept while what they show is unchanged: per key (the page and the published
/// version), valid while the store's write count (``Store/generation``) is what it was when the
/// page was rendered, and for `seconds` at most (a write by another process, such as the CLI, is
/// seen after that). Rendering a template costs about a millisecond; a cached page costs a lookup.
final class PageCache: Sendable {
  private struct Entry {
    var body: [ByteBuffer]
    var generation: Int
    var until: Double
  }
  private let entries = Mutex<[String: Entry]>([:])
  let seconds: Double

  init(seconds: Double = 5) { self.seconds = seconds }

  func body(_ key: String, generation: Int, render: () throws -> String) rethrows -> ByteBuffer {
    try pieces(key, generation: generation, render: render)[0]
  }

  /// The page cut at every `mark` (the pieces between them), for a page with a per-request part
  /// (the form's CSRF field): the request writes the pieces with its own text between them.
  func pieces(_ key: String, generation: Int, splitAt mark: String? = nil, render: () throws -> String) rethrows -> [ByteBuffer] {
    let now = Date().timeIntervalSince1970
    if let e = entries.withLock({ $0[key] }), e.generation == generation, e.until > now { return e.body }
    let html = try render()
    let body =
      mark.map { html.split(separator: $0, omittingEmptySubsequences: false).map { ByteBuffer(substring: $0) } } ?? [
        ByteBuffer(string: html)
      ]
    entries.withLock { entries in
      // Pages of an older store content go at once (a page may show a member since erased).
      if entries.contains(where: { $0.value.generation != generation }) { entries = entries.filter { $0.value.generation == generation } }
      if entries.count > 10_000 { entries.removeAll() }
      entries[key] = Entry(body: body, generation: generation, until: now + seconds)
    }
    return body
  }
}
