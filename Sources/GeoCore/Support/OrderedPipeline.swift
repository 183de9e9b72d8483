import Dispatch
import Synchronization

/// Runs a stream of work items through a transform on worker threads and hands the results
/// back in input order, with a bounded number of items in flight: the shape of a streaming
/// job (read a chunk, work on it in parallel with its neighbours, write results in order).
///
/// `produce` and `consume` run on the calling thread, interleaved and in order; `transform`
/// runs on `workers` serial queues (item `k` on queue `k % workers`), so at most `workers`
/// transforms run at once and at most `inFlight` items are produced but not yet consumed
/// (their inputs and outputs are the memory the pipeline holds).
///
/// The first error stops the pipeline: an error from `produce` or `consume`, or the error of
/// the earliest item whose `transform` threw (items after a failed one are skipped, items
/// before it still run, so the error reported is always the earliest item's). The items already
/// submitted are waited for before ``run(workers:inFlight:produce:transform:consume:)``
/// returns or throws, so no transform is still running after the call (`transform` is
/// escaping only because Dispatch holds it a moment longer).
public enum OrderedPipeline {
  /// - Parameters:
  ///   - workers: transform threads (at least 1).
  ///   - inFlight: items produced but not yet consumed (at least `workers`).
  ///   - produce: the next item, or nil at the end.
  ///   - transform: the work on one item; must be safe to run on several threads at once.
  ///   - consume: called with each result in input order.
  public static func run<Input: Sendable, Output: Sendable>(
    workers: Int, inFlight: Int,
    produce: () throws -> Input?,
    transform: @escaping @Sendable (Input) throws -> Output,
    consume: (Output) throws -> Void
  ) throws {
    let workers = max(1, workers)
    let limit = max(workers, inFlight)
    let queues = (0..<workers).map { DispatchQueue(label: "buurt.pipeline.\($0)") }
    let stop = PipelineStop()
    do {
      var pending: [PipelineSlot<Output>] = []
      var head = 0
      // Every submitted item is waited for, however the loop ends.
      defer { for slot in pending[head...] { slot.done.wait() } }
      var submitted = 0
      func consumeHead() throws {
        let slot = pending[head]
        head += 1
        slot.done.wait()
        // A skipped item lies after a failed one, which is consumed (and thrown) first.
        guard let result = slot.result else { return }
        slot.result = nil
        switch result {
        case .success(let output): try consume(output)
        case .failure(let error): throw error
        }
      }
      do {
        while let item = try produce() {
          let slot = PipelineSlot<Output>()
          pending.append(slot)
          let index = submitted
          queues[index % workers].async {
            if !stop.skips(index) {
              do { slot.result = .success(try transform(item)) } catch {
                slot.result = .failure(error)
                stop.failed(at: index)
              }
            }
            slot.done.signal()
          }
          submitted += 1
          while pending.count - head >= limit { try consumeHead() }
          // Drop consumed slots now and then so the array stays small.
          if head > 64 {
            pending.removeFirst(head)
            head = 0
          }
        }
        while head < pending.count { try consumeHead() }
      } catch {
        stop.failed(at: -1)
        throw error
      }
    }
  }
}

/// One item's result, written by its worker before `done` is signalled and read after.
final class PipelineSlot<Output>: @unchecked Sendable {
  var result: Result<Output, any Error>?
  let done = DispatchSemaphore(value: 0)
}

/// The lowest index of a failed item (-1: the producer or consumer failed), so that only
/// items after it are skipped.
final class PipelineStop: Sendable {
  private let lowestFailure = Mutex(Int.max)
  func skips(_ index: Int) -> Bool { lowestFailure.withLock { index > $0 } }
  func failed(at index: Int) { lowestFailure.withLock { $0 = min($0, index) } }
}
