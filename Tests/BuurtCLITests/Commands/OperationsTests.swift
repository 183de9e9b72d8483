import Foundation
import GeoFormats
import TestSupport
import Testing

/// Runs the built binary with its standard output going to the file `stdout` (an export to a
/// disk); the exit status and standard error.
func buurt(_ arguments: [String], stdoutFile: String) throws -> (status: Int32, stderr: String) {
  let r = try ProcessRunner.run(buurtBinary, arguments, stdout: .file(stdoutFile))
  return (r.status, r.stderr)
}

/// A sample-town store at `db` with its wijken published and one member per address; their ids.
func storeWithMembers(_ db: String, addresses: [String], surname: String) throws -> [String] {
  #expect(try buurt(["import", "-q", "--from", Fixtures.sampleTown, "--db", db]).status == 0)
  #expect(try buurt(["groups", "publish", Fixtures.sampleWijken, "--db", db]).status == 0)
  return try addresses.enumerated().map { k, address in
    let r = try buurt([
      "enroll", "--db", db, "--name", "Resident\(k) \(surname)", "--phone", "047155443\(k)", "--address", address, "--consent", "--age",
      "adult", "--basis", "resident", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(try JSONParser.parse(r.stdout).objectValue?["id"]?.stringValue)
  }
}

func bytes(_ path: String) -> Data { (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data() }

/// A store on a disk that is full or read-only, on a real tmpfs (see ``ScratchDisk``).
@Suite("buurt on a full or a read-only disk", .serialized, .enabled(if: ScratchDisk.available, "needs root to mount a tmpfs"))
struct OperationsTests {
  @Test func aFullDiskSaysDiskFullAndErasuresStillComplete() throws {
    let disk = try ScratchDisk(kilobytes: 48 * 1024)
    let db = disk.path + "/s.gpkg"
    let ids = try storeWithMembers(db, addresses: ["Kerkstraat 10", "Kerkstraat 100", "Kerkstraat 101"], surname: "Fulldiskname")
    try disk.fill()
    let refused = try buurt([
      "enroll", "--db", db, "--name", "Late Comer", "--phone", "0471554440", "--address", "Kerkstraat 102", "--consent", "--age", "adult",
      "--basis", "resident",
    ])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("disk full"), "\(refused.stderr)")
    // Every erasure completes, one after the other, with the disk still full.
    for (k, id) in ids.enumerated() {
      let erase = try buurt(["members", "erase", id, "--db", db])
      #expect(erase.status == 0, "\(erase.stderr)")
      #expect(erase.stdout.hasPrefix("erased \(id)\n"))
      for file in [db, db + "-wal"] {
        #expect(bytes(file).range(of: Data("Resident\(k) Fulldiskname".utf8)) == nil, "\(file) still holds member \(k)")
      }
    }
    // Reading needs no space: the list is empty, and the store is sound.
    let csv = try buurt(["members", "--db", db, "--csv"])
    #expect(csv.status == 0, "\(csv.stderr)")
    #expect(csv.stdout.split(separator: "\n").count == 1, "\(csv.stdout)")
    let doctor = try buurt(["doctor", "--db", db])
    #expect(
      doctor.status == 0 && doctor.stdout.contains("integrity_check: ok") && doctor.stdout.contains("members: 0"),
      "\(doctor.stdout)\(doctor.stderr)")
  }

  @Test func backupsAndExportsToAFullDiskSayDiskFullAndLeaveNoFile() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    _ = try storeWithMembers(db, addresses: ["Kerkstraat 10"], surname: "Exportname")
    let disk = try ScratchDisk(kilobytes: 256)
    try FileManager.default.createDirectory(atPath: disk.path + "/backups", withIntermediateDirectories: true)
    try disk.fill()
    for target in [disk.path + "/backups/", disk.path + "/copy.gpkg"] {
      let r = try buurt(["backup", "--db", db, "--to", target])
      #expect(r.status == 1, "\(target)")
      #expect(r.stderr.contains("disk full"), "\(r.stderr)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path + "/backups") == [], "no partial backup")
    #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == ["backups", "filler"], "no partial copy")
    let export = try buurt(["groups", "export", "--db", db, "--output", disk.path + "/v1.geojson"])
    #expect(export.status == 1 && export.stderr.contains("disk full"), "\(export.stderr)")
    #expect(!FileManager.default.fileExists(atPath: disk.path + "/v1.geojson"))
    // An export to standard output that the disk cuts short fails, it does not look complete.
    let csv = try buurt(["members", "--db", db, "--csv"], stdoutFile: disk.path + "/members.csv")
    #expect(csv.status == 1 && csv.stderr.contains("disk full"), "\(csv.stderr)")
  }

  @Test func aStoreOnAReadOnlyDiskOpensForEveryCommandThatOnlyReads() throws {
    let disk = try ScratchDisk(kilobytes: 48 * 1024)
    let db = disk.path + "/s.gpkg"
    let id = try #require(try storeWithMembers(db, addresses: ["Kerkstraat 10"], surname: "Readonlyname").first)
    try disk.makeReadOnly()
    #expect(FileManager.default.createFile(atPath: disk.path + "/probe", contents: Data()) == false, "the disk is read-only, for root too")
    let out = try temporaryFolder()
    let doctor = try buurt(["doctor", "--db", db])
    #expect(doctor.status == 0 && doctor.stdout.contains("integrity_check: ok"), "\(doctor.stderr)")
    let csv = try buurt(["members", "--db", db, "--csv"])
    #expect(csv.status == 0 && csv.stdout.contains(id), "\(csv.stderr)")
    let list = try buurt(["members", "--db", db])
    #expect(list.status == 0 && list.stdout.contains("Resident0 Readonlyname"), "\(list.stderr)")
    let show = try buurt(["members", "show", id, "--db", db])
    #expect(show.status == 0 && show.stdout.contains("Readonlyname"), "\(show.stderr)")
    let versions = try buurt(["groups", "list", "--db", db])
    #expect(versions.status == 0 && versions.stdout.hasPrefix("version 1"), "\(versions.stderr)")
    let group = try buurt(["groups", "show", "Oosterveld-Park", "--db", db])
    #expect(group.status == 0 && group.stdout.contains("\"households\":"), "\(group.stderr)")
    let export = try buurt(["groups", "export", "--db", db, "--output", out + "/v1.geojson"])
    #expect(export.status == 0, "\(export.stderr)")
    let resolved = try buurt(["resolve", "--data", db, "Kerkstraat 12", "--json"])
    #expect(try JSONParser.parse(resolved.stdout).objectValue?["status"] == .string("matched"), "\(resolved.stderr)")
    let backup = try buurt(["backup", "--db", db, "--to", out + "/copy.gpkg"])
    #expect(backup.status == 0, "\(backup.stderr)")
    #expect(try buurt(["members", "--db", out + "/copy.gpkg", "--csv"]).stdout.contains(id))
    // What writes is refused, saying why.
    let enroll = try buurt([
      "enroll", "--db", db, "--name", "Ro Test", "--phone", "0471554439", "--address", "Kerkstraat 102", "--consent", "--age", "adult",
      "--basis", "resident",
    ])
    #expect(enroll.status == 1 && enroll.stderr.contains("read-only") && !enroll.stderr.contains("is it a buurt store"), "\(enroll.stderr)")
    let erase = try buurt(["members", "erase", id, "--db", db])
    #expect(erase.status == 1 && erase.stderr.contains("read-only"), "\(erase.stderr)")
  }

  @Test func aReadOnlyCopyWithItsWALIsReadWithTheWAL() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    let id = try #require(try storeWithMembers(db, addresses: ["Kerkstraat 10"], surname: "Walname").first)
    let disk = try ScratchDisk(kilobytes: 48 * 1024)
    // A copy taken while a connection had a change only in the WAL (as a snapshot of a live
    // server would be), with and without its -shm.
    let script = """
      import shutil, sqlite3, sys
      db, target = sys.argv[1], sys.argv[2]
      c = sqlite3.connect(db)
      c.execute("PRAGMA wal_autocheckpoint = 0")
      c.execute("UPDATE members SET name = 'Changed Inwal' WHERE id = ?", (sys.argv[3],))
      c.commit()
      for folder, suffixes in (("with-shm", ["", "-wal", "-shm"]), ("without-shm", ["", "-wal"])):
          for s in suffixes:
              shutil.copyfile(db + s, f"{target}/{folder}/s.gpkg{s}")
      c.close()
      """
    for folder in ["with-shm", "without-shm"] {
      try FileManager.default.createDirectory(atPath: disk.path + "/" + folder, withIntermediateDirectories: true)
    }
    try write(script, to: dir + "/copy.py")
    #expect(try projectPython([dir + "/copy.py", db, disk.path, id]).status == 0)
    try disk.makeReadOnly()
    let show = try buurt(["members", "show", id, "--db", disk.path + "/with-shm/s.gpkg"])
    #expect(show.status == 0 && show.stdout.contains("Changed Inwal"), "\(show.stdout)\(show.stderr)")
    // Without the -shm the WAL cannot be read here: refused, never read without it.
    let refused = try buurt(["members", "show", id, "--db", disk.path + "/without-shm/s.gpkg"])
    #expect(refused.status == 1 && refused.stderr.contains("-wal holds changes"), "\(refused.stdout)\(refused.stderr)")
  }

  @Test func anOlderSchemaIsRefusedReadOnlyAndUpgradedWhereWritable() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.gpkg"
    _ = try storeWithMembers(db, addresses: ["Kerkstraat 10"], surname: "Oldschemaname")
    // The store as the first release left it: migration v1 only.
    let script = """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1])
      c.executescript("DROP TRIGGER members_erased_from_outbox; DROP TABLE outbox; DROP TABLE staff_actions; DROP TABLE sessions; DROP TABLE password_links;")
      c.executescript("DROP TRIGGER members_erased_from_audit; DROP INDEX members_group_status; DROP INDEX members_phone; DROP TABLE audit; DROP TABLE removals; DROP TABLE charters; DROP TABLE group_settings; DROP TABLE transfers;")
      for column in ["status", "group_name", "status_at", "age", "basis", "charter_version"]:
          c.execute("ALTER TABLE members DROP COLUMN " + column)
      c.executescript("DROP TABLE account_groups; DROP TABLE accounts; DROP TABLE enrollment_requests; DROP TABLE boundary_drafts; DELETE FROM grdb_migrations WHERE identifier NOT LIKE 'v1:%';")
      c.close()
      """
    try write(script, to: dir + "/downgrade.py")
    #expect(try projectPython([dir + "/downgrade.py", db]).status == 0)
    let disk = try ScratchDisk(kilobytes: 48 * 1024)
    try FileManager.default.copyItem(atPath: db, toPath: disk.path + "/s.gpkg")
    try disk.makeReadOnly()
    let refused = try buurt(["doctor", "--db", disk.path + "/s.gpkg"])
    #expect(
      refused.status == 1 && refused.stderr.contains("older than this buurt") && refused.stderr.contains("v2: enrollment tokens"),
      "\(refused.stderr)")
    // Where it can be written, a reading command upgrades it.
    let upgraded = try buurt(["doctor", "--db", db])
    #expect(upgraded.status == 0 && upgraded.stdout.contains("integrity_check: ok"), "\(upgraded.stderr)")
    let check = try projectPython([
      "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM grdb_migrations\").fetchone()[0])", db,
    ])
    // Every migration of this buurt (v1 to v8) is recorded.
    #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "8")
  }
}
