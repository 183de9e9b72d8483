import Foundation
import Synchronization

/// Sign-in attempts, throttled per account and per client address: after `allowedFailures` wrong
/// passwords in a row an account waits `lockSeconds` before the next attempt (a success resets
/// the count); a client address gets at most `clientBurst` failures, refilled over `lockSeconds`.
final class SignInThrottle: Sendable {
  let allowedFailures: Int
  let lockSeconds: Double
  let clientBurst: Double
  private let accounts = Mutex<[String: (failures: Int, last: Double)]>([:])
  private let clients: RateLimiter

  init(allowedFailures: Int = 9, lockSeconds: Double = 900, clientBurst: Double = 30) {
    self.allowedFailures = allowedFailures
    self.lockSeconds = lockSeconds
    self.clientBurst = clientBurst
    clients = RateLimiter(rate: clientBurst / lockSeconds, burst: clientBurst)
  }

  /// Seconds to wait before this attempt may be made, or nil when it may.
  func wait(account: String, client: String, now: Double = Date().timeIntervalSince1970) -> Int? {
    let locked = accounts.withLock { a -> Int? in
      guard let e = a[account], e.failures >= allowedFailures else { return nil }
      let left = e.last + lockSeconds - now
      if left <= 0 {
        a[account] = nil
        return nil
      }
      return Int(left.rounded(.up))
    }
    if let locked { return locked }
    return clients.peek(client, now: now)
  }

  func failed(account: String, client: String, now: Double = Date().timeIntervalSince1970) {
    accounts.withLock { a in
      if a.count > 100_000 { a = a.filter { now - $0.value.last < lockSeconds } }
      let failures = (a[account]?.failures ?? 0) + 1
      a[account] = (failures, now)
    }
    _ = clients.check(client, now: now)
  }

  func succeeded(account: String) { accounts.withLock { $0[account] = nil } }
}
