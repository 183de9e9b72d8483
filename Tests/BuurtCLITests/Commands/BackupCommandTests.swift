import Foundation
import GeoFormats
import TestSupport
import Testing

/// `buurt-YYYYMMDDTHHMMSSZ.gpkg` of `date`, as `buurt backup --to DIR/` names a backup.
func backupName(_ date: Date) -> String {
  let f = DateFormatter()
  f.locale = Locale(identifier: "en_US_POSIX")
  f.timeZone = TimeZone(identifier: "UTC")
  f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
  return "buurt-\(f.string(from: date)).gpkg"
}

@Suite("buurt backup and what an erasure reaches", .serialized)
struct BackupCommandTests {
  @Test func aBackupIntoAFolderIsDatedAndBackupsPastTheRetentionArePruned() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    let id = try #require(try storeWithMembers(db, addresses: ["Kerkstraat 10"], surname: "Backupname").first)
    let folder = dir + "/backups"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let day = 86_400.0
    let old = backupName(Date().addingTimeInterval(-10 * day))
    let older = backupName(Date().addingTimeInterval(-400 * day))
    let recent = backupName(Date().addingTimeInterval(-3 * day))
    // Only files named as buurt names its backups are pruned, never anything else.
    let others = ["notes.txt", "buurt-manual.gpkg", older + ".txt", "buurt-2020010T000000Z.gpkg"]
    for name in [old, old + "-wal", older, recent] + others { try write("x", to: folder + "/" + name) }
    let r = try buurt(["backup", "--db", db, "--to", folder + "/"], environment: ["BUURT_BACKUP_RETENTION_DAYS": "7"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("pruned \(folder)/\(old)") && r.stdout.contains("pruned \(folder)/\(older)"), "\(r.stdout)")
    #expect(!r.stdout.contains(recent))
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
    #expect(files.isSuperset(of: Set([recent] + others)), "\(files)")
    #expect(files.isDisjoint(with: [old, old + "-wal", older]), "\(files)")
    let made = files.subtracting([recent] + others)
    #expect(made.count == 1, "\(files)")
    let backup = try #require(made.first)
    #expect(backup.hasPrefix("buurt-") && backup.hasSuffix("Z.gpkg") && backup.count == "buurt-20260101T000000Z.gpkg".count)
    #expect(r.stdout.contains("backed up \(db) to \(folder)/\(backup)") && r.stdout.contains("kept 7 days"), "\(r.stdout)")
    #expect(try buurt(["members", "--db", folder + "/" + backup, "--csv"]).stdout.contains(id))

    // The default is 30 days: a backup of 10 days stays. A folder that does not exist yet is made.
    let fresh = dir + "/fresh/backups"
    try FileManager.default.createDirectory(atPath: fresh, withIntermediateDirectories: true)
    try write("x", to: fresh + "/" + old)
    let d = try buurt(["backup", "--db", db, "--to", fresh + "/"], environment: ["BUURT_BACKUP_RETENTION_DAYS": ""])
    #expect(d.status == 0 && !d.stdout.contains("pruned") && d.stdout.contains("kept 30 days"), "\(d.stdout)\(d.stderr)")
    #expect(FileManager.default.fileExists(atPath: fresh + "/" + old))
    let made2 = try buurt(["backup", "--db", db, "--to", dir + "/new-folder/"])
    #expect(made2.status == 0, "\(made2.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/new-folder").count == 1)

    let bad = try buurt(["backup", "--db", db, "--to", folder + "/"], environment: ["BUURT_BACKUP_RETENTION_DAYS": "a week"])
    #expect(bad.status == 1 && bad.stderr.contains("BUURT_BACKUP_RETENTION_DAYS"), "\(bad.stderr)")
  }

  @Test func aOneFileBackupSaysThatNothingPrunesIt() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
    let r = try buurt(["backup", "--db", db, "--to", dir + "/copy.gpkg"])
    #expect(r.status == 0 && r.stdout.contains("backed up"))
    #expect(r.stderr.contains("nothing prunes") && r.stderr.contains("--to DIR/"), "\(r.stderr)")
    #expect(try buurt(["doctor", "--db", dir + "/copy.gpkg"]).status == 0)
  }

  @Test func anErasureSaysWhatItDoesNotReach() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    let ids = try storeWithMembers(db, addresses: ["Kerkstraat 10", "Kerkstraat 100"], surname: "Erasename")
    let erase = try buurt(["members", "erase", ids[0], "--db", db], environment: ["BUURT_BACKUP_RETENTION_DAYS": "14"])
    #expect(erase.status == 0, "\(erase.stderr)")
    #expect(erase.stdout.hasPrefix("erased \(ids[0])\n"))
    #expect(
      erase.stdout.contains("backups") && erase.stdout.contains("14 days") && erase.stdout.contains("until they are pruned"),
      "\(erase.stdout)")
    #expect(erase.stdout.contains("exports already given out") && erase.stdout.contains("not reached"), "\(erase.stdout)")
    let byDefault = try buurt(["members", "erase", ids[1], "--db", db])
    #expect(byDefault.stdout.contains("30 days"), "\(byDefault.stdout)")
  }
}
