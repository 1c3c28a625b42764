import SQLKit

/// A multi-row `INSERT` (optionally an upsert on `key`) written straight to SQL text and binds. The builder's
/// expression tree costs an existential call per value to serialise; for the million-row writes of an
/// analytics refresh that was most of the time the writes took, several times what SQLite spent storing them.
/// The text of a statement of a given size is built once and reused for every statement of that size.
struct BulkInsert: SQLExpression {
    /// `INSERT … VALUES (…), (…) [ON CONFLICT …]` with a placeholder for every value.
    let text: String
    /// Row after row, in the order of the placeholders.
    let values: [any Encodable & Sendable]

    func serialize(to serializer: inout SQLSerializer) {
        precondition(serializer.binds.isEmpty, "BulkInsert is a whole statement")
        serializer.write(text)
        serializer.binds.append(contentsOf: values)
    }

    /// The statement's text for `rows` rows of `columns` on `database`'s dialect; on a conflict on `upsertKey`
    /// the row replaces the stored one's other columns.
    static func text(into table: String, columns: [String], rows: Int, upsertKey: [String]?, on database: any SQLDatabase) -> String {
        var serializer = SQLSerializer(database: database)
        serializer.write("INSERT INTO ")
        SQLIdentifier(table).serialize(to: &serializer)
        serializer.write(" (")
        SQLList(columns.map { SQLIdentifier($0) }).serialize(to: &serializer)
        serializer.write(") VALUES ")
        let first = placeholder(at: 1, on: database)
        var text = ""
        text.reserveCapacity(rows * columns.count * 8)
        for row in 0..<rows {
            text += row == 0 ? "(" : ", ("
            for column in columns.indices {
                if column > 0 { text += ", " }
                let index = row * columns.count + column + 1
                text += first == "?" ? "?" : first == "$1" ? "$\(index)" : placeholder(at: index, on: database)
            }
            text += ")"
        }
        serializer.write(text)
        if let upsertKey {
            serializer.write(" ON CONFLICT (")
            SQLList(upsertKey.map { SQLIdentifier($0) }).serialize(to: &serializer)
            serializer.write(") DO UPDATE SET ")
            SQLList(columns.filter { !upsertKey.contains($0) }.map { SQLQueryString("\(ident: $0) = EXCLUDED.\(ident: $0)") }).serialize(to: &serializer)
        }
        return serializer.sql
    }

    private static func placeholder(at index: Int, on database: any SQLDatabase) -> String {
        var probe = SQLSerializer(database: database)
        database.dialect.bindPlaceholder(at: index).serialize(to: &probe)
        return probe.sql
    }
}

extension SQLDatabase {
    /// Inserts `rows` in statements of at most `rowsPerStatement` rows.
    func bulkInsert(into table: String, columns: [String], rows: some Collection<[any Encodable & Sendable]>,
                    upsertKey: [String]? = nil, rowsPerStatement: Int) async throws {
        guard !rows.isEmpty else { return }
        let full = min(rows.count, rowsPerStatement)
        let fullText = BulkInsert.text(into: table, columns: columns, rows: full, upsertKey: upsertKey, on: self)
        var values: [any Encodable & Sendable] = []
        values.reserveCapacity(full * columns.count)
        var pending = 0
        for row in rows {
            values.append(contentsOf: row)
            pending += 1
            if pending == full {
                try await execute(sql: BulkInsert(text: fullText, values: values)) { _ in }
                values.removeAll(keepingCapacity: true)
                pending = 0
            }
        }
        if pending > 0 {
            let text = BulkInsert.text(into: table, columns: columns, rows: pending, upsertKey: upsertKey, on: self)
            try await execute(sql: BulkInsert(text: text, values: values)) { _ in }
        }
    }
}
