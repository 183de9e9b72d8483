import Addressing
public import ArgumentParser
import BuurtApp
import Foundation
import GeoCore
import GeoFormats
import GeoProjection
import Grouping

/// `buurt resolve`: an address as a resident types it → address point and group.
public struct ResolveCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "resolve",
    abstract: "Resolve a typed address (typos, abbreviations, box numbers, no postcode) to an address point and its group.",
    discussion: """
      Prints one JSON object per address: query, status (matched | ambiguous | not_found), address \
      {street, housenumber, box, postcode, locality, lon, lat}, method (exact | fuzzy | interpolated | street), \
      score (0-1), group ({name} or null), near_boundary, candidates (ambiguous: the addresses too close to call; \
      not_found: where the register has a street that the typed postcode or place does not), reason (not_found). \
      With --batch FILE: one address per input line ("-" for standard input; .gz inflated; --encoding for Latin-1 or \
      Windows-1252), one JSON line per input line, in order, written as they are resolved.
      """)

  @Option(help: "Data folder (addresses.csv, streets.geojson, wijken.geojson, …; see GeoData/README.md).")
  public var data: String
  @Option(help: "Groups layer (default: the folder's groups.geojson, else wijken.geojson).") public var groups: String?
  @OptionGroup public var naming: NamePropertyOption
  var nameProperty: String { naming.nameProperty }
  @Option(help: "Resolve every line of this file (\"-\" for standard input).") public var batch: String?
  @OptionGroup public var encoding: EncodingOption
  /// `--json` for a single address; batch output is always JSON lines.
  @OptionGroup public var answer: JSONOption
  var json: Bool { answer.json }
  @Argument(help: "The address, as typed.") public var address: String?
  @OptionGroup public var compute: ComputeOptions

  public init() {}

  public func validate() throws {
    if batch == nil && address == nil { throw ValidationError("give an ADDRESS or --batch FILE") }
    if batch != nil && address != nil { throw ValidationError("give either an ADDRESS or --batch FILE, not both") }
  }

  public func run() throws {
    try reportingErrors {
      let progress = Progress(quiet: compute.quiet || batch == nil)
      let loader = try compute.loader()
      let folder = try DataFolder(path: data, groupsPath: groups, nameProperty: nameProperty, loader: loader, progress: progress)
      let writer = try ResolutionWriter(folder: folder)
      if let batch {
        // Streamed line by line (gzip inflated, --encoding transcoded): the answers before a bad
        // line (not UTF-8, or longer than TextLineReader.maximumLineBytes) are already written.
        let lines = TextLineReader(source: TranscodingReader.utf8(try InflatingBlockReader(path: batch), from: encoding.encoding))
        let t0 = Terminal.now()
        var out = ""
        var counts: [String: Int] = [:]
        defer { Terminal.output(out) }
        while let line = try lines.next() {
          let r = folder.resolver.resolve(line)
          counts[r.status.rawValue, default: 0] += 1
          out += writer.json(r) + "\n"
          if out.utf8.count > 1 << 20 {
            Terminal.output(out)
            out = ""
          }
        }
        Terminal.output(out)
        out = ""
        let seconds = Terminal.now() - t0
        if !compute.quiet {
          let summary = ["matched", "ambiguous", "not_found"].map { "\($0) \(Format.count(counts[$0] ?? 0))" }.joined(separator: ", ")
          Terminal.error("buurt: \(Format.count(lines.lineNumber)) addresses in \(Format.seconds(seconds)): \(summary)")
        }
      } else if let address {
        let r = folder.resolver.resolve(address)
        Terminal.output(json ? writer.json(r) + "\n" : writer.text(r))
        if r.status != .matched { throw ExitCode(3) }
      }
    }
  }
}
