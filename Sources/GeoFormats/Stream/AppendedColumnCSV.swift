/// CSV output that is the input with one column appended: every row's bytes unchanged, then
/// `,` and the row's label (a name, quoted when it needs to be, or empty), then `\n`. The
/// header line is the input's names re-escaped plus the new column's. Line ends become `\n`
/// (a `\r\n` row loses its `\r`); empty lines are not rows and are not written.
///
/// Pure functions of their arguments; safe from any thread.
public enum AppendedColumnCSV {
  /// The labels, escaped once: label `k` is `bytes[offsets[k]..<offsets[k + 1]]`.
  public struct Labels: Sendable {
    public let bytes: [UInt8]
    public let offsets: [Int]
    public var count: Int { offsets.count - 1 }

    public init(_ names: [String]) {
      var bytes: [UInt8] = []
      var offsets = [0]
      for name in names {
        bytes.append(contentsOf: CSVTable.escape(name).utf8)
        offsets.append(bytes.count)
      }
      self.bytes = bytes
      self.offsets = offsets
    }
  }

  /// The header line, with its `\n`.
  public static func header(_ names: [String], column: String) -> [UInt8] {
    var line = Array((names.map(CSVTable.escape) + [CSVTable.escape(column)]).joined(separator: ",").utf8)
    line.append(0x0A)
    return line
  }

  /// Rows `rows` of `bytes` (row `i` is `bytes[starts[i]..<ends[i]]`), each followed by `,`,
  /// label `values[i - rows.lowerBound]` (none when negative) and `\n`.
  /// - Precondition: `values.count == rows.count`; every value is -1 or below `labels.count`.
  public static func rows(
    _ bytes: [UInt8], starts: [Int], ends: [Int], rows: Range<Int>, values: [Int32], labels: Labels
  ) -> [UInt8] {
    precondition(values.count == rows.count, "one value per row")
    var size = 0
    for (k, row) in rows.enumerated() {
      let v = Int(values[k])
      precondition(v < labels.count, "a label index beyond the labels")
      size += ends[row] - starts[row] + 2
      if v >= 0 { size += labels.offsets[v + 1] - labels.offsets[v] }
    }
    return bytes.withUnsafeBufferPointer { input in
      labels.bytes.withUnsafeBufferPointer { names in
        [UInt8](unsafeUninitializedCapacity: size) { out, count in
          guard let o = out.baseAddress, let i = input.baseAddress else { return }
          var at = 0
          for (k, row) in rows.enumerated() {
            let length = ends[row] - starts[row]
            (o + at).initialize(from: i + starts[row], count: length)
            at += length
            o[at] = 0x2C
            at += 1
            let v = Int(values[k])
            if v >= 0, let n = names.baseAddress {
              let from = labels.offsets[v]
              let length = labels.offsets[v + 1] - from
              (o + at).initialize(from: n + from, count: length)
              at += length
            }
            o[at] = 0x0A
            at += 1
          }
          count = at
        }
      }
    }
  }
}
