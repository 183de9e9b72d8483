import BuurtApp
import BuurtStore
import Foundation
import Hummingbird

// The staff's view of the outbox: how many messages wait, and the dead letters (recipient,
// subject, attempts, the mail agent's last answer), so someone can reach those people another way.

struct OutboxRow {
  var at: String
  var recipient: String
  var subject: String
  var attempts: Int
  var error: String
}

struct OutboxPage {
  var title: String
  var t: PageTexts
  var d: DeskTexts
  var pending: Int
  var sent: Int
  var dead: [OutboxRow]
  var hasDead: Bool
}

func addOutboxDeskRoutes(to router: Router<BuurtContext>, service: BuurtService) {
  let pages = service.pages
  let t = pages.texts
  let d = t.desk
  let gate = StaffGate(service: service)

  router.get("/beheer/berichten") { request, _ in
    if let answer = try gate.staffOnly(request).answer { return answer }
    let all = try service.store.outbox(limit: 5000)
    let dead = all.filter { $0.status == .dead }.map {
      OutboxRow(
        at: String($0.createdAt.prefix(16)).replacingOccurrences(of: "T", with: " "), recipient: $0.message.recipient,
        subject: $0.message.subject, attempts: $0.attempts, error: $0.lastError ?? "")
    }
    let view = OutboxPage(
      title: d.outboxTitle, t: t, d: d, pending: all.filter { $0.status == .pending }.count, sent: all.filter { $0.status == .sent }.count,
      dead: dead, hasDead: !dead.isEmpty)
    return privatePage(pages.render(view, template: "outbox"))
  }
}
