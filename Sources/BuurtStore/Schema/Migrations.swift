import GRDB

/// The store's schema. Migrations are append-only: a released migration is never edited.
enum Migrations {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1: GeoPackage core, groups, members") { db in
      // GeoPackage 1.3 core tables (OGC 12-128r18, annex C).
      try db.execute(
        sql: """
          CREATE TABLE gpkg_spatial_ref_sys (
            srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
            organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
          CREATE TABLE gpkg_contents (
            table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
            last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
          CREATE TABLE gpkg_geometry_columns (
            table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
            srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
            CONSTRAINT uk_gc_table_name UNIQUE (table_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
          CREATE TABLE gpkg_extensions (
            table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
            CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
          """)
      for srs in SpatialReferenceSystems.all {
        try db.execute(
          sql: "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
          arguments: [srs.name, srs.id, srs.organization, srs.organizationID, srs.definition, srs.description])
      }
      // Published boundary sets: immutable versions.
      try db.execute(
        sql: """
          CREATE TABLE group_sets (
            version INTEGER PRIMARY KEY, published_at TEXT NOT NULL, note TEXT, source TEXT, name_property TEXT NOT NULL,
            group_count INTEGER NOT NULL);
          INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
            VALUES ('group_sets', 'attributes', 'group_sets', 'published boundary versions');
          CREATE TRIGGER group_sets_immutable BEFORE UPDATE ON group_sets
            BEGIN SELECT RAISE(ABORT, 'published boundary sets are immutable'); END;
          CREATE TRIGGER group_sets_undeletable BEFORE DELETE ON group_sets
            BEGIN SELECT RAISE(ABORT, 'published boundary sets are immutable'); END;
          """)
      // Residents who enrolled. Not a GeoPackage layer: personal data stays out of GIS views.
      try db.execute(
        sql: """
          CREATE TABLE members (
            id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL, email TEXT,
            address_query TEXT NOT NULL, street TEXT NOT NULL, housenumber TEXT, box TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL, locality TEXT, x REAL NOT NULL, y REAL NOT NULL,
            group_at_enrollment TEXT, group_version_at_enrollment INTEGER,
            consent_at TEXT NOT NULL, enrolled_at TEXT NOT NULL);
          CREATE UNIQUE INDEX members_person_address ON members (phone, street, housenumber, box, postcode);
          CREATE TABLE store_info (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
          """)
    }
    m.registerMigration("v2: enrollment tokens, boundary drafts") { db in
      try db.execute(
        sql: """
          CREATE TABLE enrollment_tokens (
            member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE, token_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL);
          CREATE INDEX enrollment_tokens_member ON enrollment_tokens (member_id);
          CREATE TABLE boundary_drafts (
            id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, name_property TEXT NOT NULL, geojson TEXT NOT NULL,
            valid INTEGER NOT NULL, report TEXT NOT NULL, published_version INTEGER);
          """)
    }
    m.registerMigration("v3: every enrollment submission its own request") { db in
      // A member is one phone at one address; each time someone submits it, that submission is
      // kept apart with its own management token, so a token shows and erases only what its
      // submission sent. The member row keeps the newest submission's name, email and text.
      try db.execute(
        sql: """
          CREATE TABLE enrollment_requests (
            id TEXT PRIMARY KEY NOT NULL, member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            name TEXT NOT NULL, email TEXT, address_query TEXT NOT NULL, group_name TEXT, group_version INTEGER,
            submitted_at TEXT NOT NULL, consent_at TEXT NOT NULL,
            token_sha256 TEXT, idempotency_key_sha256 TEXT UNIQUE, fingerprint TEXT);
          CREATE INDEX enrollment_requests_member ON enrollment_requests (member_id, submitted_at);
          INSERT INTO enrollment_requests
              (id, member_id, name, email, address_query, group_name, group_version, submitted_at, consent_at, token_sha256)
            SELECT m.id, m.id, m.name, m.email, m.address_query, m.group_at_enrollment, m.group_version_at_enrollment,
              m.enrolled_at, m.consent_at,
              (SELECT t.token_sha256 FROM enrollment_tokens t WHERE t.member_id = m.id ORDER BY t.rowid LIMIT 1)
            FROM members m;
          DROP TABLE enrollment_tokens;
          INSERT OR IGNORE INTO store_info (key, value) VALUES ('token_secret', lower(hex(randomblob(32))));
          """)
    }
    m.registerMigration("v4: accounts of coordinators, staff and police") { db in
      // An account signs in with an API token; only the token's SHA-256 is stored. A coordinator
      // account names the groups it coordinates (by name: a group keeps its name across boundary
      // versions).
      try db.execute(
        sql: """
          CREATE TABLE accounts (
            id TEXT PRIMARY KEY NOT NULL, role TEXT NOT NULL CHECK (role IN ('coordinator', 'staff', 'police')),
            name TEXT NOT NULL, email TEXT NOT NULL, created_at TEXT NOT NULL,
            token_sha256 TEXT UNIQUE, token_created_at TEXT);
          CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
          CREATE TABLE account_groups (
            account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, group_name TEXT NOT NULL,
            PRIMARY KEY (account_id, group_name));
          CREATE INDEX account_groups_group ON account_groups (group_name);
          """)
    }
    m.registerMigration("v5: statuses, audit trail, eligibility, charters, group settings, transfers") { db in
      // A member's status in the group it is in now (`group_name`, which a boundary change
      // moves); every transition is kept in `audit`, whose entries lose the member and the
      // reason when the member is erased. `removals` keeps, per group, a keyed digest of a
      // removed phone (never the phone) until it may enroll there again.
      try db.execute(
        sql: """
          ALTER TABLE members ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'added', 'refused', 'removed', 'left', 'moving'));
          ALTER TABLE members ADD COLUMN group_name TEXT;
          ALTER TABLE members ADD COLUMN status_at TEXT;
          ALTER TABLE members ADD COLUMN age TEXT CHECK (age IN ('adult', 'minor_with_consent'));
          ALTER TABLE members ADD COLUMN basis TEXT CHECK (basis IN ('resident', 'business'));
          ALTER TABLE members ADD COLUMN charter_version INTEGER;
          UPDATE members SET group_name = group_at_enrollment, status_at = enrolled_at;
          CREATE INDEX members_group_status ON members (group_name, status);
          CREATE INDEX members_phone ON members (phone);
          CREATE TABLE audit (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_role TEXT NOT NULL, actor_account TEXT,
            member_id TEXT, group_name TEXT, from_status TEXT, to_status TEXT NOT NULL, reason TEXT);
          CREATE INDEX audit_member ON audit (member_id);
          CREATE TABLE removals (
            phone_digest TEXT NOT NULL, group_name TEXT NOT NULL, until TEXT NOT NULL, PRIMARY KEY (phone_digest, group_name));
          CREATE TABLE charters (version INTEGER PRIMARY KEY, text TEXT NOT NULL, published_at TEXT NOT NULL);
          CREATE TRIGGER charters_immutable BEFORE UPDATE ON charters
            BEGIN SELECT RAISE(ABORT, 'published charter versions are immutable'); END;
          CREATE TABLE group_settings (
            group_name TEXT PRIMARY KEY NOT NULL, contact TEXT, business_allowed INTEGER NOT NULL DEFAULT 0, capacity INTEGER);
          CREATE TABLE transfers (
            id TEXT PRIMARY KEY NOT NULL, member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            from_group TEXT NOT NULL, to_group TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,
            removed_at TEXT, removed_by TEXT, added_at TEXT, added_by TEXT, completed_at TEXT);
          CREATE INDEX transfers_member ON transfers (member_id);
          CREATE TRIGGER members_erased_from_audit AFTER DELETE ON members
            BEGIN UPDATE audit SET member_id = NULL, reason = NULL WHERE member_id = OLD.id; END;
          """)
    }
    m.registerMigration("v6: passwords, one-time password links and sessions of accounts") { db in
      // A person signs in to the pages with email and password (a bcrypt hash is kept), set through
      // a one-time link; a signed-in browser holds a session. Links and sessions are kept as the
      // SHA-256 of their token only, and go with their account.
      try db.execute(
        sql: """
          ALTER TABLE accounts ADD COLUMN password_hash TEXT;
          ALTER TABLE accounts ADD COLUMN password_set_at TEXT;
          CREATE TABLE password_links (
            token_sha256 TEXT PRIMARY KEY NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
          CREATE INDEX password_links_account ON password_links (account_id);
          CREATE TABLE sessions (
            token_sha256 TEXT PRIMARY KEY NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
          CREATE INDEX sessions_account ON sessions (account_id);
          """)
    }
    m.registerMigration("v7: the staff's actions in the audit trail") { db in
      // Appointing and removing accounts, publishing rules of conduct and boundaries: who did it
      // and when, written in the transaction of the change where the store makes it.
      try db.execute(
        sql: """
          CREATE TABLE staff_actions (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_role TEXT NOT NULL, actor_account TEXT,
            action TEXT NOT NULL CHECK (action IN ('account_added', 'account_removed', 'charter_published', 'boundaries_published')),
            subject TEXT NOT NULL);
          """)
    }
    m.registerMigration("v8: the outbox of messages to send") { db in
      // Every message someone must get is written in the transaction of the change it tells of,
      // so none is lost and none is sent for a change that was rolled back. `message_id` is fixed
      // at that moment: a retry after a crash carries the same Message-ID, which mailboxes keep once.
      // A message about a member goes with the member when it is erased, sent or not.
      try db.execute(
        sql: """
          CREATE TABLE outbox (
            id INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, kind TEXT NOT NULL,
            recipient TEXT NOT NULL, recipient_name TEXT, subject TEXT NOT NULL, text TEXT NOT NULL, html TEXT,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, last_error TEXT, sent_at TEXT, member_id TEXT);
          CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
          CREATE INDEX outbox_member ON outbox (member_id);
          CREATE TRIGGER members_erased_from_outbox AFTER DELETE ON members
            BEGIN DELETE FROM outbox WHERE member_id = OLD.id; END;
          """)
    }
    return m
  }
}

/// The CRSs every buurt store declares.
enum SpatialReferenceSystems {
  struct Entry {
    var name: String
    var id: Int
    var organization: String
    var organizationID: Int
    var definition: String
    var description: String
  }
  static let all: [Entry] = [
    Entry(
      name: "Undefined cartesian SRS", id: -1, organization: "NONE", organizationID: -1, definition: "undefined",
      description: "undefined cartesian coordinate reference system"),
    Entry(
      name: "Undefined geographic SRS", id: 0, organization: "NONE", organizationID: 0, definition: "undefined",
      description: "undefined geographic coordinate reference system"),
    Entry(
      name: "WGS 84 geodetic", id: 4326, organization: "EPSG", organizationID: 4326,
      definition:
        #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#,
      description: "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
    Entry(
      name: "BD72 / Belgian Lambert 72", id: 31370, organization: "EPSG", organizationID: 31370,
      definition:
        #"PROJCS["BD72 / Belgian Lambert 72",GEOGCS["BD72",DATUM["Reseau_National_Belge_1972",SPHEROID["International 1924",6378388,297,AUTHORITY["EPSG","7022"]],TOWGS84[-106.8686,52.2978,-103.7239,0.3366,-0.457,1.8422,-1.2747],AUTHORITY["EPSG","6313"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4313"]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",90],PARAMETER["central_meridian",4.36748666666667],PARAMETER["standard_parallel_1",51.1666672333333],PARAMETER["standard_parallel_2",49.8333339],PARAMETER["false_easting",150000.013],PARAMETER["false_northing",5400088.438],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","31370"]]"#,
      description: "Belgian Lambert 72 (buurt's working CRS)"),
    Entry(
      name: "ETRS89 / Belgian Lambert 2008", id: 3812, organization: "EPSG", organizationID: 3812,
      definition:
        #"PROJCS["ETRS89 / Belgian Lambert 2008",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",50.797815],PARAMETER["central_meridian",4.35921583333333],PARAMETER["standard_parallel_1",49.8333333333333],PARAMETER["standard_parallel_2",51.1666666666667],PARAMETER["false_easting",649328],PARAMETER["false_northing",665262],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","3812"]]"#,
      description: "Belgian Lambert 2008"),
  ]
}
