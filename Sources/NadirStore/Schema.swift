import GRDB

/// The store's schema as named, append-only migrations (GRDB `DatabaseMigrator`).
///
/// A migration that has shipped is never edited: a change is a new migration appended at the
/// end, so every database can be brought forward and a database written by a newer Nadir is
/// recognised by the migrations it has that this code does not know.
enum Schema {
    static let migrations = ["v1-reading-workflow", "v2-compact-imports"]
    static var latest: String { migrations[migrations.count - 1] }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-reading-workflow") { db in try db.execute(sql: v1) }
        m.registerMigration("v2-compact-imports") { db in try db.execute(sql: v2) }
        return m
    }

    /// Integers for lengths (micrometres, as NadirCore.Length) and dates (CalendarDate day
    /// numbers) keep values exact. Append-only tables refuse UPDATE and DELETE with triggers,
    /// so even a bug in Nadir cannot rewrite history; someone with raw file access can drop a
    /// trigger, which is what the audit hash chain is for. CHECK constraints list values with
    /// OR, not `IN (…)`: SQLite 3.40 builds an ephemeral table for an IN list every time it
    /// checks a row, which nearly doubled the cost of inserting a measurement in bulk.
    static let v1 = """
    CREATE TABLE study (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        criteria TEXT NOT NULL,
        createdAt TEXT NOT NULL
    );
    CREATE TABLE site (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL
    );
    CREATE TABLE user (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role = 'reader' OR role = 'adjudicator' OR role = 'study-admin' OR role = 'monitor'),
        createdAt TEXT NOT NULL
    );
    CREATE TABLE subject (
        id TEXT PRIMARY KEY NOT NULL,
        siteId TEXT REFERENCES site(id),
        treatmentStart INTEGER
    );
    CREATE TABLE timepoint (
        id INTEGER PRIMARY KEY,
        subjectId TEXT NOT NULL REFERENCES subject(id),
        visit INTEGER NOT NULL CHECK (visit >= 0),
        date INTEGER NOT NULL,
        UNIQUE (subjectId, visit)
    );
    CREATE TABLE series (
        seriesInstanceUID TEXT PRIMARY KEY NOT NULL,
        studyInstanceUID TEXT,
        timepointId INTEGER NOT NULL REFERENCES timepoint(id),
        modality TEXT,
        seriesDescription TEXT,
        sliceThickness INTEGER,
        pixelSpacingRow REAL,
        pixelSpacingColumn REAL,
        imageRows INTEGER,
        imageColumns INTEGER
    );
    CREATE INDEX series_timepoint ON series(timepointId);
    CREATE TABLE instance (
        sopInstanceUID TEXT PRIMARY KEY NOT NULL,
        seriesInstanceUID TEXT NOT NULL REFERENCES series(seriesInstanceUID),
        sopClassUID TEXT,
        numberOfFrames INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX instance_series ON instance(seriesInstanceUID);
    CREATE TABLE lesion (
        id INTEGER PRIMARY KEY,
        subjectId TEXT NOT NULL REFERENCES subject(id),
        readerId TEXT NOT NULL REFERENCES user(id),
        lesionId TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role = 'TARGET' OR role = 'NON-TARGET' OR role = 'NEW'),
        site TEXT NOT NULL,
        nodal INTEGER NOT NULL,
        UNIQUE (subjectId, readerId, lesionId)
    );
    CREATE TABLE read (
        id INTEGER PRIMARY KEY,
        subjectId TEXT NOT NULL REFERENCES subject(id),
        timepointId INTEGER NOT NULL REFERENCES timepoint(id),
        readerId TEXT NOT NULL REFERENCES user(id),
        slot INTEGER NOT NULL CHECK (slot = 1 OR slot = 2),
        status TEXT NOT NULL CHECK (status = 'assigned' OR status = 'in-progress' OR status = 'submitted' OR status = 'locked'),
        assignedAt TEXT NOT NULL,
        submittedAt TEXT,
        UNIQUE (timepointId, slot),
        UNIQUE (timepointId, readerId)
    );
    CREATE INDEX read_subject ON read(subjectId);
    CREATE TABLE importBatch (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        userId TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE measurement (
        id INTEGER PRIMARY KEY,
        readId INTEGER NOT NULL REFERENCES read(id),
        lesionRef INTEGER NOT NULL REFERENCES lesion(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        kind TEXT NOT NULL CHECK (kind = 'LD' OR kind = 'SA' OR kind = 'STATE'),
        value INTEGER,
        state TEXT,
        mergedInto TEXT,
        -- A fragment of a split target (RECIST 1.1 §4.3.2): lesionRef is the parent, this the fragment's label.
        fragment TEXT NOT NULL DEFAULT '',
        seriesInstanceUID TEXT,
        sopInstanceUID TEXT,
        frame INTEGER,
        x1 REAL, y1 REAL, x2 REAL, y2 REAL,
        readerId TEXT NOT NULL REFERENCES user(id),
        recordedAt TEXT NOT NULL,
        reason TEXT,
        importBatch INTEGER REFERENCES importBatch(id),
        UNIQUE (readId, lesionRef, fragment, version),
        CHECK (version = 1 OR reason IS NOT NULL)
    );
    CREATE TRIGGER measurement_append_only_update BEFORE UPDATE ON measurement
        BEGIN SELECT RAISE(ABORT, 'measurements are append-only: record a new version with a reason'); END;
    CREATE TRIGGER measurement_append_only_delete BEFORE DELETE ON measurement
        BEGIN SELECT RAISE(ABORT, 'measurements are append-only: record a new version with a reason'); END;
    CREATE TABLE adjudication (
        id INTEGER PRIMARY KEY,
        subjectId TEXT NOT NULL REFERENCES subject(id),
        throughVisit INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status = 'open' OR status = 'decided' OR status = 'withdrawn'),
        differences TEXT NOT NULL,
        createdAt TEXT NOT NULL,
        adjudicatorId TEXT REFERENCES user(id),
        chosenSlot INTEGER CHECK (chosenSlot = 1 OR chosenSlot = 2),
        rationale TEXT,
        decidedAt TEXT
    );
    CREATE INDEX adjudication_subject ON adjudication(subjectId);
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        userId TEXT NOT NULL,
        entity TEXT NOT NULL,
        entityId TEXT NOT NULL,
        action TEXT NOT NULL,
        before TEXT,
        after TEXT,
        reason TEXT,
        previousHash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    """

    /// Bulk imports without repeated text, and the slice thickness SDTM reports.
    ///
    /// - `measurement` is rebuilt (create, copy, drop, rename; triggers and index recreated):
    ///   `readerId` and `recordedAt` may be NULL on a row of a bulk import, whose `importBatch`
    ///   row records the reader (new column `importBatch.readerId`) and the time (`at`) once
    ///   for all its rows; every other row still carries both (CHECK). The view
    ///   `measurementProvenance` gives every row with its reader and time either way, and is
    ///   what Nadir itself reads. Rows written by v1 keep their text.
    /// - `measurement.sliceThickness` (micrometres): the slice thickness of the image the
    ///   measurement was made on as the source reported it (SDTM TR `SLICETHK`), for rows that
    ///   reference no series; a referenced series' own thickness takes precedence.
    /// - The unique key `(readId, lesionRef, fragment, version)` becomes the named index
    ///   `measurement_key` (same columns, same uniqueness).
    /// - `importBatch` becomes append-only like the measurements it vouches for.
    static let v2 = """
    ALTER TABLE importBatch ADD COLUMN readerId TEXT REFERENCES user(id);
    UPDATE importBatch SET readerId = (SELECT m.readerId FROM measurement m WHERE m.importBatch = importBatch.id LIMIT 1);
    CREATE TABLE measurement_v2 (
        id INTEGER PRIMARY KEY,
        readId INTEGER NOT NULL REFERENCES read(id),
        lesionRef INTEGER NOT NULL REFERENCES lesion(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        kind TEXT NOT NULL CHECK (kind = 'LD' OR kind = 'SA' OR kind = 'STATE'),
        value INTEGER,
        state TEXT,
        mergedInto TEXT,
        -- A fragment of a split target (RECIST 1.1 §4.3.2): lesionRef is the parent, this the fragment's label.
        fragment TEXT NOT NULL DEFAULT '',
        seriesInstanceUID TEXT,
        sopInstanceUID TEXT,
        frame INTEGER,
        x1 REAL, y1 REAL, x2 REAL, y2 REAL,
        -- Micrometres, as reported with the measurement (SDTM TR SLICETHK) when no series is referenced.
        sliceThickness INTEGER CHECK (sliceThickness > 0),
        -- NULL on rows of a bulk import: importBatch.readerId and importBatch.at hold them.
        readerId TEXT REFERENCES user(id),
        recordedAt TEXT,
        reason TEXT,
        importBatch INTEGER REFERENCES importBatch(id),
        CHECK (version = 1 OR reason IS NOT NULL),
        CHECK (importBatch IS NOT NULL OR (readerId IS NOT NULL AND recordedAt IS NOT NULL))
    );
    INSERT INTO measurement_v2 (id, readId, lesionRef, version, kind, value, state, mergedInto, fragment, seriesInstanceUID,
                                sopInstanceUID, frame, x1, y1, x2, y2, readerId, recordedAt, reason, importBatch)
        SELECT id, readId, lesionRef, version, kind, value, state, mergedInto, fragment, seriesInstanceUID,
               sopInstanceUID, frame, x1, y1, x2, y2, readerId, recordedAt, reason, importBatch FROM measurement ORDER BY id;
    DROP TABLE measurement;
    ALTER TABLE measurement_v2 RENAME TO measurement;
    CREATE UNIQUE INDEX measurement_key ON measurement(readId, lesionRef, fragment, version);
    CREATE TRIGGER measurement_append_only_update BEFORE UPDATE ON measurement
        BEGIN SELECT RAISE(ABORT, 'measurements are append-only: record a new version with a reason'); END;
    CREATE TRIGGER measurement_append_only_delete BEFORE DELETE ON measurement
        BEGIN SELECT RAISE(ABORT, 'measurements are append-only: record a new version with a reason'); END;
    CREATE TRIGGER importBatch_append_only_update BEFORE UPDATE ON importBatch
        BEGIN SELECT RAISE(ABORT, 'import batches are append-only'); END;
    CREATE TRIGGER importBatch_append_only_delete BEFORE DELETE ON importBatch
        BEGIN SELECT RAISE(ABORT, 'import batches are append-only'); END;
    CREATE VIEW measurementProvenance AS
        SELECT m.id, m.readId, m.lesionRef, m.version, m.kind, m.value, m.state, m.mergedInto, m.fragment,
               m.seriesInstanceUID, m.sopInstanceUID, m.frame, m.x1, m.y1, m.x2, m.y2, m.sliceThickness,
               coalesce(m.readerId, b.readerId) AS readerId, coalesce(m.recordedAt, b.at) AS recordedAt,
               m.reason, m.importBatch
        FROM measurement m LEFT JOIN importBatch b ON b.id = m.importBatch;
    """
}
