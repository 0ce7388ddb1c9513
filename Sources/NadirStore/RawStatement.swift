import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API, for the bulk paths (import of
/// millions of rows) where boxing every argument in `StatementArguments` would dominate.
/// Lives only inside one `pool.write` closure, on the writer connection.
struct RawStatement {
    let statement: Statement
    let db: Database
    var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        self.statement = try db.makeStatement(sql: sql)
    }

    // SQLITE_TRANSIENT: SQLite copies the bytes before bind returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    func bind(_ i: Int32, _ v: Int64?) {
        if let v { sqlite3_bind_int64(handle, i, v) } else { sqlite3_bind_null(handle, i) }
    }
    func bind(_ i: Int32, _ v: String?) {
        guard let v else { sqlite3_bind_null(handle, i); return }
        var s = v
        s.withUTF8 { p in _ = sqlite3_bind_text(handle, i, UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(p.count), RawStatement.transient) }
    }

    /// Steps once (an INSERT); returns the new rowid.
    @discardableResult
    func run() throws -> Int64 {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
        return sqlite3_last_insert_rowid(db.sqliteConnection)
    }

    enum Argument { case text(String), int(Int64) }

    /// Binds `arguments` (parameters 1, 2, …) and calls `body` on each result row, the
    /// statement positioned on it (read columns with `text(_:)` and `int64(_:)`).
    func rows(_ arguments: [Argument], _ body: (RawStatement) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        for (k, a) in arguments.enumerated() {
            switch a {
            case .text(let v): bind(Int32(k + 1), v)
            case .int(let v): bind(Int32(k + 1), v)
            }
        }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
            try body(self)
        }
    }

    /// Column `c` of the current row as text ("" for NULL).
    func text(_ c: Int32) -> String {
        guard let p = sqlite3_column_text(handle, c) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, c))), as: UTF8.self)
    }

    /// Column `c` of the current row as an integer (0 for NULL).
    func int64(_ c: Int32) -> Int64 { sqlite3_column_int64(handle, c) }

    /// Steps once and returns column 0 as an integer, if a row came back.
    func int64() throws -> Int64? {
        defer { sqlite3_reset(handle) }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return sqlite3_column_int64(handle, 0) }
        guard rc == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
        return nil
    }
}
