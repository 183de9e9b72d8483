/// The tests' one seeded random generator: SplitMix64 (Steele, Lea, Flood 2014), small and fast,
/// the same sequence for the same seed on every platform and run, so every random test tests
/// the same cases each time. A `RandomNumberGenerator`, so `Int.random(in:using:)` and the like
/// take it too.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<n` (n > 0), from one `next()` (modulo: not exactly uniform, repeatable).
  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  /// True with probability `p`, from one `next()`.
  public mutating func chance(_ p: Double) -> Bool { unit() < p }

  /// A uniform number in [0, 1), from the top 53 bits of one `next()`.
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
