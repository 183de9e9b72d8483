import BuurtStore
import Foundation
import GeoCore
import GeoFormats
import Testing

@testable import BuurtApp

/// Transfers in the store: members moved by a boundary change, moved again, moved back.
@Suite("Transfers")
struct TransferTests {
  func square(_ x: Double, _ y: Double, _ s: Double) -> MultiPolygon<XY> {
    let ring = LinearRing([XY(x: x, y: y), XY(x: x + s, y: y), XY(x: x + s, y: y + s), XY(x: x, y: y + s), XY(x: x, y: y)])
    return MultiPolygon([Polygon(exterior: ring)])
  }

  func member(_ name: String, _ phone: String, at p: XY, in group: String) -> Member {
    Member(
      name: name, phone: phone, email: nil, addressQuery: name, street: name, houseNumber: "1", box: "", postcode: "3620", locality: nil,
      position: p, groupAtEnrollment: group, groupVersionAtEnrollment: 1)
  }

  /// Publishes A and B as squares split at `cut` (x), placing members by x.
  func publish(_ store: Store, cut: Double) throws -> (version: Int, moved: Int) {
    try store.publishGroups(
      [("A", JSONObject()), ("B", JSONObject())], areas: .lambert72([square(0, 0, cut), square(cut, 0, 100 - cut)]),
      nameProperty: "name", note: nil, source: nil
    ) { positions in positions.map { $0.x < cut ? "A" : "B" } }
  }

  @Test func addedMembersMoveThroughBothSidesPendingOnesStraightAway() throws {
    let store = try Store(path: NSTemporaryDirectory() + "buurt-transfers-" + UUID().uuidString + ".gpkg", create: true)
    _ = try publish(store, cut: 50)
    let added = try store.enroll(member("Added", "+32471000001", at: XY(x: 40, y: 10), in: "A")).member
    let pending = try store.enroll(member("Pending", "+32471000002", at: XY(x: 45, y: 10), in: "A")).member
    let stays = try store.enroll(member("Stays", "+32471000003", at: XY(x: 10, y: 10), in: "A")).member
    let membership = Membership(store: store)
    try membership.mark(added.id, .added, reason: nil, by: .staff(nil))
    try membership.mark(stays.id, .added, reason: nil, by: .staff(nil))

    // A new version puts x in 30..<50 in B.
    #expect(try publish(store, cut: 30).moved == 2)
    #expect(try store.member(id: added.id)?.status == .moving)
    #expect(try store.member(id: added.id)?.groupName == "B")
    #expect(try store.member(id: pending.id)?.status == .pending)
    #expect(try store.member(id: pending.id)?.groupName == "B")
    #expect(try store.member(id: stays.id)?.status == .added)
    let open = try store.transfers()
    #expect(open.count == 1 && open.first?.memberID == added.id && open.first?.fromGroup == "A" && open.first?.toGroup == "B")
    // The pending member's transfer was complete at once (nothing to remove in WhatsApp).
    #expect(try store.transfers(all: true).contains { $0.memberID == pending.id && $0.completedAt != nil })
    // A moving member is not marked added through the queue: its transfer says how.
    #expect(throws: Membership.Refusal.self) { try membership.mark(added.id, .added, reason: nil, by: .staff(nil)) }

    // Moved back before its number was removed: nothing to do, it is added in A again.
    #expect(try publish(store, cut: 50).moved == 2)
    #expect(try store.member(id: added.id)?.status == .added)
    #expect(try store.member(id: added.id)?.groupName == "A")
    #expect(try store.transfers().isEmpty)

    // Moved, removed on the old side, moved again: the same transfer now ends in the newest group.
    _ = try publish(store, cut: 30)
    let t = try #require(try store.transfers().first)
    _ = try membership.confirm(transfer: t.id, .removed, by: .staff(nil))
    _ = try store.publishGroups(
      [("A", JSONObject()), ("C", JSONObject())], areas: .lambert72([square(0, 0, 30), square(30, 0, 70)]), nameProperty: "name",
      note: nil, source: nil
    ) { positions in positions.map { $0.x < 30 ? "A" : "C" } }
    let again = try #require(try store.transfers().first)
    #expect(again.id == t.id && again.toGroup == "C" && again.removedAt != nil && again.addedAt == nil)
    let done = try membership.confirm(transfer: t.id, .added, by: .staff(nil))
    #expect(done.completedAt != nil)
    #expect(try store.member(id: added.id)?.status == .added && store.member(id: added.id)?.groupName == "C")
    #expect(throws: Membership.Refusal.self) { try membership.confirm(transfer: t.id, .added, by: .staff(nil)) }

    // A member who leaves while moving leaves no transfer to confirm.
    _ = try publish(store, cut: 50)
    #expect(try store.member(id: added.id)?.status == .moving)
    try membership.mark(added.id, .left, reason: nil, by: .staff(nil))
    #expect(try store.transfers().isEmpty)
    #expect(try store.member(id: added.id)?.status == .left)
  }

  /// A resident who moves house enrolls with the new address: the old membership becomes `left`.
  @Test func enrollingAtANewAddressLeavesTheOldOne() throws {
    let store = try Store(path: NSTemporaryDirectory() + "buurt-move-" + UUID().uuidString + ".gpkg", create: true)
    _ = try publish(store, cut: 50)
    var old = member("Old Home", "+32471000009", at: XY(x: 10, y: 10), in: "A")
    old.basis = .resident
    let before = try store.enroll(old).member
    try Membership(store: store).mark(before.id, .added, reason: nil, by: .staff(nil))
    var new = member("New Home", "+32471000009", at: XY(x: 80, y: 10), in: "B")
    new.basis = .resident
    let after = try store.enroll(new).member
    #expect(try store.member(id: before.id)?.status == .left)
    #expect(try store.member(id: after.id)?.status == .pending && store.member(id: after.id)?.groupName == "B")
    #expect(try store.audit(memberID: before.id).last?.reason == "enrolled again at another address")
    // A business enrollment of the same phone is not a move.
    var shop = member("Shop", "+32471000009", at: XY(x: 20, y: 10), in: "A")
    shop.basis = .business
    _ = try store.enroll(shop)
    #expect(try store.member(id: after.id)?.status == .pending)
  }
}
