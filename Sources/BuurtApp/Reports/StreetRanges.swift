public import Addressing
import Foundation

/// The streets a group covers with their house-number ranges, as residents recognise their
/// group: "Stationsstraat 1–47 (oneven), 2–30 (even)". Derived from the register: per street, the
/// lowest and highest odd and even numbers among the group's addresses.
public struct StreetRange: Sendable, Hashable {
  public var street: String
  public var odd: ClosedRange<Int>?
  public var even: ClosedRange<Int>?

  /// "Stationsstraat 1–47 (oneven), 2–30 (even)"; one number alone is written alone.
  public var text: String {
    func part(_ r: ClosedRange<Int>, _ side: String) -> String {
      r.lowerBound == r.upperBound ? "\(r.lowerBound) (\(side))" : "\(r.lowerBound)–\(r.upperBound) (\(side))"
    }
    let parts = [odd.map { part($0, "oneven") }, even.map { part($0, "even") }].compactMap { $0 }
    return parts.isEmpty ? street : street + " " + parts.joined(separator: ", ")
  }

  /// Per group (in the order of `groupOfAddress`'s indices, `groups` of them), its streets by name.
  /// `groupOfAddress[k]` is the group of register address `k` (negative: none).
  public static func perGroup(register: AddressRegister, groupOfAddress: [Int32], groups: Int) -> [[StreetRange]] {
    var byGroup = [[String: StreetRange]](repeating: [:], count: groups)
    for k in 0..<min(register.count, groupOfAddress.count) {
      let g = Int(groupOfAddress[k])
      guard g >= 0, g < groups else { continue }
      let name = register.streets[Int(register.streetOfAddress[k])].name
      let n = Int(register.numbers[k])
      var range = byGroup[g][name] ?? StreetRange(street: name)
      if n > 0 {
        if n % 2 == 1 {
          range.odd = range.odd.map { min($0.lowerBound, n)...max($0.upperBound, n) } ?? n...n
        } else {
          range.even = range.even.map { min($0.lowerBound, n)...max($0.upperBound, n) } ?? n...n
        }
      }
      byGroup[g][name] = range
    }
    return byGroup.map { $0.values.sorted { $0.street.localizedStandardCompare($1.street) == .orderedAscending } }
  }
}
