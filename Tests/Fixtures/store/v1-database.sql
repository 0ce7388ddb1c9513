PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1-reading-workflow');
CREATE TABLE study (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    criteria TEXT NOT NULL,
    createdAt TEXT NOT NULL
);
INSERT INTO study VALUES('DEMO','Demo','RECIST 1.1','2026-11-28T21:57:22.737Z');
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
INSERT INTO user VALUES('admin','Ada Admin','study-admin','2026-11-28T21:57:22.737Z');
INSERT INTO user VALUES('alice','Alice Reader','reader','2026-11-28T21:57:22.776Z');
INSERT INTO user VALUES('bob','Bob Reader','reader','2026-11-28T21:57:22.811Z');
CREATE TABLE subject (
    id TEXT PRIMARY KEY NOT NULL,
    siteId TEXT REFERENCES site(id),
    treatmentStart INTEGER
);
INSERT INTO subject VALUES('P01',NULL,NULL);
INSERT INTO subject VALUES('P02',NULL,NULL);
INSERT INTO subject VALUES('P03',NULL,NULL);
INSERT INTO subject VALUES('P04',NULL,NULL);
INSERT INTO subject VALUES('P99',NULL,NULL);
CREATE TABLE timepoint (
    id INTEGER PRIMARY KEY,
    subjectId TEXT NOT NULL REFERENCES subject(id),
    visit INTEGER NOT NULL CHECK (visit >= 0),
    date INTEGER NOT NULL,
    UNIQUE (subjectId, visit)
);
INSERT INTO timepoint VALUES(1,'P01',0,19725);
INSERT INTO timepoint VALUES(2,'P01',1,19767);
INSERT INTO timepoint VALUES(3,'P01',2,19809);
INSERT INTO timepoint VALUES(4,'P01',3,19851);
INSERT INTO timepoint VALUES(5,'P02',0,19732);
INSERT INTO timepoint VALUES(6,'P02',1,19774);
INSERT INTO timepoint VALUES(7,'P02',2,19816);
INSERT INTO timepoint VALUES(8,'P02',3,19858);
INSERT INTO timepoint VALUES(9,'P03',0,19734);
INSERT INTO timepoint VALUES(10,'P03',1,19776);
INSERT INTO timepoint VALUES(11,'P03',2,19818);
INSERT INTO timepoint VALUES(12,'P04',0,19737);
INSERT INTO timepoint VALUES(13,'P04',1,19779);
INSERT INTO timepoint VALUES(14,'P04',2,19821);
INSERT INTO timepoint VALUES(15,'P99',0,19725);
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
CREATE TABLE instance (
    sopInstanceUID TEXT PRIMARY KEY NOT NULL,
    seriesInstanceUID TEXT NOT NULL REFERENCES series(seriesInstanceUID),
    sopClassUID TEXT,
    numberOfFrames INTEGER NOT NULL DEFAULT 1
);
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
INSERT INTO lesion VALUES(1,'P01','alice','T01','TARGET','LIVER',0);
INSERT INTO lesion VALUES(2,'P01','alice','T02','TARGET','LYMPH NODE',1);
INSERT INTO lesion VALUES(3,'P01','alice','NT01','NON-TARGET','BONE',0);
INSERT INTO lesion VALUES(4,'P02','alice','T01','TARGET','LUNG',0);
INSERT INTO lesion VALUES(5,'P02','alice','T02','TARGET','LUNG',0);
INSERT INTO lesion VALUES(6,'P02','alice','N01','NEW','LIVER',0);
INSERT INTO lesion VALUES(7,'P03','alice','T01','TARGET','LIVER',0);
INSERT INTO lesion VALUES(8,'P03','alice','T02','TARGET','KIDNEY',0);
INSERT INTO lesion VALUES(9,'P04','alice','NT01','NON-TARGET','PLEURA',0);
INSERT INTO lesion VALUES(10,'P99','bob','T01','TARGET','LUNG',0);
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
INSERT INTO read VALUES(1,'P01',1,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(2,'P01',2,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(3,'P01',3,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(4,'P01',4,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(5,'P02',5,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(6,'P02',6,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(7,'P02',7,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(8,'P02',8,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(9,'P03',9,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(10,'P03',10,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(11,'P03',11,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(12,'P04',12,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(13,'P04',13,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(14,'P04',14,'alice',1,'submitted','2026-11-28T21:57:22.848Z','2026-11-28T21:57:22.848Z');
INSERT INTO read VALUES(15,'P99',15,'bob',1,'in-progress','2026-11-28T21:57:22.876Z',NULL);
CREATE TABLE importBatch (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    userId TEXT NOT NULL,
    at TEXT NOT NULL
);
INSERT INTO importBatch VALUES(1,'/work/main/Tests/Fixtures/rescore/TR.csv','','admin','2026-11-28T21:57:22.848Z');
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
INSERT INTO measurement VALUES(1,1,1,1,'LD',32000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(2,1,2,1,'SA',18000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(3,1,3,1,'STATE',NULL,'PRESENT',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(4,2,1,1,'LD',20500,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(5,2,2,1,'SA',12000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(6,2,3,1,'STATE',NULL,'PRESENT',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(7,3,1,1,'LD',0,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(8,3,2,1,'SA',8000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(9,3,3,1,'STATE',NULL,'ABSENT',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(10,4,1,1,'LD',0,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(11,4,2,1,'SA',7500,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(12,4,3,1,'STATE',NULL,'ABSENT',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(13,5,4,1,'LD',25000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(14,5,5,1,'LD',15000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(15,6,4,1,'LD',24000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(16,6,5,1,'LD',14000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(17,7,4,1,'LD',26000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(18,7,5,1,'LD',15000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(19,7,6,1,'STATE',NULL,'EQUIVOCAL',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(20,8,4,1,'LD',27000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(21,8,5,1,'LD',NULL,'NOT EVALUABLE',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(22,8,6,1,'STATE',NULL,'PRESENT',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(23,9,7,1,'LD',40000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(24,9,8,1,'LD',20000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(25,10,7,1,'LD',12000,NULL,NULL,'T01-A',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(26,10,7,1,'LD',10000,NULL,NULL,'T01-B',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(27,10,8,1,'LD',NULL,'TOO SMALL TO MEASURE',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(28,11,7,1,'LD',20000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(29,11,8,1,'LD',NULL,'MERGED','T01','',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(30,12,9,1,'STATE',NULL,'PRESENT',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(31,13,9,1,'STATE',NULL,'PRESENT',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(32,14,9,1,'STATE',NULL,'UNEQUIVOCAL PROGRESSION',NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'alice','2026-11-28T21:57:22.848Z',NULL,1);
INSERT INTO measurement VALUES(33,15,10,1,'LD',32000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'bob','2026-11-28T21:57:22.904Z',NULL,NULL);
INSERT INTO measurement VALUES(34,15,10,2,'LD',33000,NULL,NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'bob','2026-11-28T21:57:22.942Z','edge',NULL);
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
INSERT INTO audit VALUES(1,'2026-11-28T21:57:22.738Z','admin','study','DEMO','create',NULL,'{"criteria":"RECIST 1.1","id":"DEMO","name":"Demo"}',NULL,'0000000000000000000000000000000000000000000000000000000000000000','b5aaea42bc61099c69cc0f166ea22cb5e1c6af6f272c4446c027fc5ade116848');
INSERT INTO audit VALUES(2,'2026-11-28T21:57:22.738Z','admin','user','admin','create',NULL,'{"id":"admin","name":"Ada Admin","role":"study-admin"}',NULL,'b5aaea42bc61099c69cc0f166ea22cb5e1c6af6f272c4446c027fc5ade116848','1b40cccd5312d8725bfbd4562a57145b28a46ec4a014b9f6e8b1806cd7e68820');
INSERT INTO audit VALUES(3,'2026-11-28T21:57:22.776Z','admin','user','alice','create',NULL,'{"id":"alice","name":"Alice Reader","role":"reader"}',NULL,'1b40cccd5312d8725bfbd4562a57145b28a46ec4a014b9f6e8b1806cd7e68820','7f6b0ba32631a14dc9a436377cf469d43c3d48b573d433ca1cd3168487fbfe75');
INSERT INTO audit VALUES(4,'2026-11-28T21:57:22.811Z','admin','user','bob','create',NULL,'{"id":"bob","name":"Bob Reader","role":"reader"}',NULL,'7f6b0ba32631a14dc9a436377cf469d43c3d48b573d433ca1cd3168487fbfe75','a0d40ad0a5dce472c16232f173f9747cb2eb74c5aaa149584f99cc82c02c3204');
INSERT INTO audit VALUES(5,'2026-11-28T21:57:22.851Z','admin','import','1','import-sdtm',NULL,'{"DM":null,"TR":"/work/main/Tests/Fixtures/rescore/TR.csv","TU":"/work/main/Tests/Fixtures/rescore/TU.csv","lesions":9,"measurementDigest":"0b6626bb06592a8edd5e28d0373caa289cbc0d5f27cd7deef8fdb9c56c42cd64","measurements":32,"reader":"alice","reads":14,"status":"submitted","subjects":4}',NULL,'a0d40ad0a5dce472c16232f173f9747cb2eb74c5aaa149584f99cc82c02c3204','006f388a5be431ce13bc86b9782c28930935bd3dfdb0383c97c33b7220c57f31');
INSERT INTO audit VALUES(6,'2026-11-28T21:57:22.876Z','admin','subject','P99','create',NULL,'{"id":"P99"}',NULL,'006f388a5be431ce13bc86b9782c28930935bd3dfdb0383c97c33b7220c57f31','3c8fa28fabd98d1ff60bcd8e5afd5a3736a0008d15cd0470284e75a4f66a57de');
INSERT INTO audit VALUES(7,'2026-11-28T21:57:22.876Z','admin','timepoint','15','create',NULL,'{"date":"2024-01-03","subjectId":"P99","visit":0}',NULL,'3c8fa28fabd98d1ff60bcd8e5afd5a3736a0008d15cd0470284e75a4f66a57de','e5847698e1e66ede175613b884bb42ae659fa301db429b1bfe53f64f33652907');
INSERT INTO audit VALUES(8,'2026-11-28T21:57:22.876Z','admin','read','15','assign',NULL,'{"readerId":"bob","slot":1,"status":"assigned","subjectId":"P99","visit":0}',NULL,'e5847698e1e66ede175613b884bb42ae659fa301db429b1bfe53f64f33652907','78932511c9280f96ba4d0eae464f10cc1f2d102f7d2adf46552d5ee29eb91cd7');
INSERT INTO audit VALUES(9,'2026-11-28T21:57:22.904Z','bob','lesion','10','identify',NULL,'{"lesionId":"T01","nodal":false,"readerId":"bob","role":"TARGET","site":"LUNG","subjectId":"P99"}',NULL,'78932511c9280f96ba4d0eae464f10cc1f2d102f7d2adf46552d5ee29eb91cd7','085ae397ff2ec065a558f2aa76d5ee8a8d4d4b4cd61994a15fdeb7a4da1467b5');
INSERT INTO audit VALUES(10,'2026-11-28T21:57:22.904Z','bob','measurement','33','record',NULL,'{"fragment":"","frame":null,"id":33,"kind":"LD","lesionRef":10,"mergedInto":null,"readId":15,"readerId":"bob","reason":null,"recordedAt":"2026-11-28T21:57:22.904Z","seriesInstanceUID":null,"sopInstanceUID":null,"state":null,"value":32000,"version":1,"x1":null,"x2":null,"y1":null,"y2":null}',NULL,'085ae397ff2ec065a558f2aa76d5ee8a8d4d4b4cd61994a15fdeb7a4da1467b5','77e095b211518c9f3e71e609467ee1ced71da37ee0d5e269d9dc4594b1c2ab1e');
INSERT INTO audit VALUES(11,'2026-11-28T21:57:22.904Z','bob','read','15','start','{"id":15,"readerId":"bob","slot":1,"status":"assigned","subjectId":"P99","submittedAt":null,"visit":0}','{"id":15,"readerId":"bob","slot":1,"status":"in-progress","subjectId":"P99","submittedAt":null,"visit":0}',NULL,'77e095b211518c9f3e71e609467ee1ced71da37ee0d5e269d9dc4594b1c2ab1e','3030bc4230178c3fc8adef654b35d24cdd4981048a5f3513ce506a3b320c2a51');
INSERT INTO audit VALUES(12,'2026-11-28T21:57:22.943Z','bob','measurement','34','correct','{"fragment":"","frame":null,"id":33,"kind":"LD","lesionRef":10,"mergedInto":null,"readId":15,"readerId":"bob","reason":null,"recordedAt":"2026-11-28T21:57:22.904Z","seriesInstanceUID":null,"sopInstanceUID":null,"state":null,"value":32000,"version":1,"x1":null,"x2":null,"y1":null,"y2":null}','{"fragment":"","frame":null,"id":34,"kind":"LD","lesionRef":10,"mergedInto":null,"readId":15,"readerId":"bob","reason":"edge","recordedAt":"2026-11-28T21:57:22.942Z","seriesInstanceUID":null,"sopInstanceUID":null,"state":null,"value":33000,"version":2,"x1":null,"x2":null,"y1":null,"y2":null}','edge','3030bc4230178c3fc8adef654b35d24cdd4981048a5f3513ce506a3b320c2a51','68444140df928fdd0065c86f4451c587106a760c1cb0b7cad3fbb5d16df000dc');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('audit',12);
CREATE INDEX series_timepoint ON series(timepointId);
CREATE INDEX instance_series ON instance(seriesInstanceUID);
CREATE INDEX read_subject ON read(subjectId);
CREATE TRIGGER measurement_append_only_update BEFORE UPDATE ON measurement
    BEGIN SELECT RAISE(ABORT, 'measurements are append-only: record a new version with a reason'); END;
CREATE TRIGGER measurement_append_only_delete BEFORE DELETE ON measurement
    BEGIN SELECT RAISE(ABORT, 'measurements are append-only: record a new version with a reason'); END;
CREATE INDEX adjudication_subject ON adjudication(subjectId);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
COMMIT;
