import GeoCore
import Synchronization
import Testing

struct PipelineFailure: Error, Equatable { let item: Int }

@Suite struct OrderedPipelineTests {
  /// Runs items 0..<count through `transform`, returning what `consume` saw.
  static func run(_ count: Int, workers: Int, inFlight: Int, transform: @escaping @Sendable (Int) throws -> Int) throws -> [Int] {
    var next = 0
    var seen: [Int] = []
    try OrderedPipeline.run(
      workers: workers, inFlight: inFlight,
      produce: { () -> Int? in
        guard next < count else { return nil }
        defer { next += 1 }
        return next
      },
      transform: transform, consume: { seen.append($0) })
    return seen
  }

  @Test(arguments: [(1, 1), (2, 2), (2, 5), (4, 3)])
  func resultsComeInInputOrder(workers: Int, inFlight: Int) throws {
    // Uneven work so later items often finish first.
    let out = try Self.run(500, workers: workers, inFlight: inFlight) { k in
      var x = k
      for _ in 0..<((k * 7919) % 5000) { x = (x &* 31 &+ 7) % 1_000_003 }
      return k * 2 + (x < 0 ? 1 : 0)
    }
    #expect(out == (0..<500).map { $0 * 2 })
    #expect(try Self.run(0, workers: 2, inFlight: 3) { $0 } == [])
  }

  @Test func atMostInFlightItemsAreHeld() throws {
    let live = Mutex((now: 0, peak: 0))
    var next = 0
    try OrderedPipeline.run(
      workers: 2, inFlight: 4,
      produce: { () -> Int? in
        guard next < 200 else { return nil }
        live.withLock {
          $0.now += 1
          $0.peak = max($0.peak, $0.now)
        }
        next += 1
        return next
      },
      transform: { (k: Int) in k }, consume: { (_: Int) in live.withLock { $0.now -= 1 } })
    #expect(live.withLock { $0.peak } <= 4)
  }

  @Test func theEarliestFailureIsThrown() {
    for workers in [1, 2, 3] {
      let e = #expect(throws: PipelineFailure.self) {
        try Self.run(300, workers: workers, inFlight: 6) { k in
          if k == 250 || k == 120 || k == 121 { throw PipelineFailure(item: k) }
          return k
        }
      }
      #expect(e == PipelineFailure(item: 120))
    }
  }

  @Test func consumeErrorsStopThePipeline() {
    var next = 0
    var consumed: [Int] = []
    let e = #expect(throws: PipelineFailure.self) {
      try OrderedPipeline.run(
        workers: 2, inFlight: 3,
        produce: { () -> Int? in
          guard next < 1000 else { return nil }
          defer { next += 1 }
          return next
        },
        transform: { (k: Int) in k },
        consume: { (k: Int) in
          if k == 10 { throw PipelineFailure(item: k) }
          consumed.append(k)
        })
    }
    #expect(e == PipelineFailure(item: 10))
    #expect(consumed == Array(0..<10))
    #expect(next < 20, "production stops soon after the failure")
  }
}
